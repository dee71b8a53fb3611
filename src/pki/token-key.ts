import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { WardenError } from '../core/index.js';

/** The broker signs its own tokens with ECDSA P-256, as ES256 (RFC 7518 §3.4). */
export const TOKEN_ALGORITHM = 'ES256';
const TOKEN_CURVE = 'prime256v1';

export interface TokenKey {
  readonly privateKey: KeyObject;
  readonly publicJwk: JWK;
  /** RFC 7638 SHA-256 thumbprint of the public key, carried as the JWT `kid`. */
  readonly kid: string;
}

/** Generates a fresh token-signing key as PKCS#8 PEM. */
export function generateTokenKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: TOKEN_CURVE });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * Reads the broker's token-signing key; throws ERR_HOME_NOT_INITIALIZED when it is missing and
 * ERR_TOKEN_KEY_INVALID when it is not an EC P-256 private key.
 */
export async function loadTokenKey(path: string): Promise<TokenKey> {
  const pem = readTokenKeyFile(path);
  const privateKey = parsePrivateKey(pem, path);
  if (privateKey.asymmetricKeyDetails?.namedCurve !== TOKEN_CURVE) {
    throw new WardenError('ERR_TOKEN_KEY_INVALID', `${path} is not an EC P-256 private key`);
  }

  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  return { privateKey, publicJwk, kid };
}

function readTokenKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new WardenError('ERR_TOKEN_KEY_INVALID', `cannot read ${path}`, { cause: error });
    }
    throw new WardenError(
      'ERR_HOME_NOT_INITIALIZED',
      `no token-signing key at ${path}: run \`warden init\` first`,
      { cause: error },
    );
  }
}

function parsePrivateKey(pem: string, path: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (error) {
    throw new WardenError('ERR_TOKEN_KEY_INVALID', `${path} holds no readable private key`, {
      cause: error,
    });
  }
}
