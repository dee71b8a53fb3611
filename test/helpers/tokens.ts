import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { calculateJwkThumbprint, exportJWK, type JWTPayload, SignJWT } from 'jose';
import type { Config } from '../../src/config/index.js';

/** Signs a token with the broker's own key, with any claims a test needs (good or bad). */
export async function signWithBrokerKey(
  config: Config,
  payload: JWTPayload,
  options: { alg?: string; kid?: string } = {},
): Promise<string> {
  const privateKey = createPrivateKey(readFileSync(config.paths.tokenKey, 'utf8'));
  const kid =
    options.kid ?? (await calculateJwkThumbprint(await exportJWK(createPublicKey(privateKey))));
  return new SignJWT(payload)
    .setProtectedHeader({ alg: options.alg ?? 'ES256', kid, typ: 'JWT' })
    .sign(privateKey);
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function standardClaims(config: Config, sub: string, ttlSeconds = 600): JWTPayload {
  const iat = nowSeconds();
  return { iss: config.token.issuer, aud: config.token.audience, sub, iat, exp: iat + ttlSeconds };
}

/** base64url of a JSON value, for hand-built (unsigned or forged) tokens. */
export function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function ecKeyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}
