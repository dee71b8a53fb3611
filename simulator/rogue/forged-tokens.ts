import { SignJWT } from 'jose';
import { TOKEN_ALGORITHM, type TokenKey } from '../../src/fleet/index.js';

const SECONDS_PER_HOUR = 3600;
const MS_PER_SECOND = 1000;

export interface ExpiredTokenRequest {
  readonly key: TokenKey;
  readonly deviceId: string;
  readonly issuer: string;
  readonly audience: string;
  readonly nowMs: number;
}

/**
 * A token for the device, properly signed by the broker's own key, that expired an hour ago: far
 * beyond any clock tolerance, so only a broker that skips the `exp` check accepts it.
 */
export function signExpiredToken(request: ExpiredTokenRequest): Promise<string> {
  const nowSeconds = Math.floor(request.nowMs / MS_PER_SECOND);
  return new SignJWT({})
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: request.key.kid, typ: 'JWT' })
    .setIssuer(request.issuer)
    .setAudience(request.audience)
    .setSubject(request.deviceId)
    .setIssuedAt(nowSeconds - 2 * SECONDS_PER_HOUR)
    .setExpirationTime(nowSeconds - SECONDS_PER_HOUR)
    .sign(request.key.privateKey);
}

/**
 * A valid token whose payload has been rewritten to name another device, signature kept: a
 * broker that reads claims without verifying the signature lets the device impersonate `victimId`.
 */
export function tamperToken(token: string, victimId: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as object;
  const forged = Buffer.from(JSON.stringify({ ...claims, sub: victimId })).toString('base64url');
  return `${header}.${forged}.${signature}`;
}
