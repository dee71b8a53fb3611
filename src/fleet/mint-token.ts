import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { formatDurationSeconds, WardenError } from '../core/index.js';
import { TOKEN_ALGORITHM } from '../pki/index.js';
import { audit } from './audit.js';
import type { FleetContext } from './context.js';
import { requireEnabledDevice } from './require-device.js';

/** 128 random bits make a `jti` no two tokens share. */
const JTI_BYTES = 16;
const MS_PER_SECOND = 1000;
const AUDIENCE_MAX_LENGTH = 256;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

export interface TokenRequest {
  readonly deviceId: string;
  /** Default: the configured token.defaultTtl; at most token.maxLifetime. */
  readonly ttlSeconds?: number;
  /** Default: the configured token.audience. */
  readonly audience?: string;
}

export interface MintedToken {
  /** The compact JWT. A secret: never log or audit it. */
  readonly token: string;
  readonly jti: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
}

/**
 * Mints an ES256 JWT signed by the broker's token key for an enabled device, and audits its
 * `jti` and expiry (never the token). Throws ERR_INVALID_DEVICE_ID, ERR_DEVICE_NOT_FOUND,
 * ERR_DEVICE_DISABLED, ERR_TOKEN_TTL, ERR_INVALID_ARGUMENT, ERR_HOME_NOT_INITIALIZED.
 */
export async function mintToken(
  context: FleetContext,
  request: TokenRequest,
): Promise<MintedToken> {
  const { deviceId } = request;
  const ttlSeconds = checkTtl(context, request.ttlSeconds);
  const audience = checkAudience(request.audience ?? context.config.token.audience);
  requireEnabledDevice(context, deviceId);

  const key = await context.loadTokenKey();
  const iat = Math.floor(context.now().getTime() / MS_PER_SECOND);
  const exp = iat + ttlSeconds;
  const jti = randomBytes(JTI_BYTES).toString('base64url');
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setIssuer(context.config.token.issuer)
    .setAudience(audience)
    .setSubject(deviceId)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(jti)
    .sign(key.privateKey);

  context.registry.transaction(() => {
    requireEnabledDevice(context, deviceId);
    audit(context, 'token.mint', deviceId, { jti, aud: audience, exp, kid: key.kid });
  });
  context.log.info({ deviceId, jti, exp }, 'token minted');
  return {
    token,
    jti,
    issuedAt: new Date(iat * MS_PER_SECOND),
    expiresAt: new Date(exp * MS_PER_SECOND),
  };
}

function checkTtl(context: FleetContext, requested: number | undefined): number {
  const { defaultTtlSeconds, maxLifetimeSeconds } = context.config.token;
  const ttlSeconds = requested ?? defaultTtlSeconds;
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new WardenError('ERR_TOKEN_TTL', `token lifetime must be a whole number of seconds >= 1`);
  }
  if (ttlSeconds > maxLifetimeSeconds) {
    throw new WardenError(
      'ERR_TOKEN_TTL',
      `token lifetime ${formatDurationSeconds(ttlSeconds)} exceeds the maximum of ` +
        `${formatDurationSeconds(maxLifetimeSeconds)} (token.maxLifetime)`,
    );
  }
  return ttlSeconds;
}

function checkAudience(audience: string): string {
  const fits = audience.length > 0 && audience.length <= AUDIENCE_MAX_LENGTH;
  if (fits && !CONTROL_CHARACTER.test(audience)) return audience;
  throw new WardenError(
    'ERR_INVALID_ARGUMENT',
    `the audience must be 1-${AUDIENCE_MAX_LENGTH} printable characters`,
  );
}
