import type { SecureContext } from 'node:tls';
import type { Presentation } from '../net/open-connection.js';
import { tlsContextFor } from '../net/tls-context.js';
import type { DeviceIdentity, HeldToken } from '../provision/fleet-file.js';
import type { Random } from '../random/prng.js';
import type { TokenSource } from './token-source.js';

/**
 * A held token with less than this left is replaced before connecting: a connection under load
 * can take seconds, and a token that expires during CONNECT is accepted within the broker's clock
 * tolerance only to be cut at once.
 */
const MIN_TOKEN_REMAINING_MS = 10_000;
/** Refresh somewhere in this share of a token's lifetime, so a fleet does not refresh at once. */
const REFRESH_SHARE = { min: 0.5, max: 0.75 } as const;
const MIN_REFRESH_DELAY_MS = 1000;

/**
 * What a device presents: its certificate, or its token (minting a fresh one when the held one
 * is about to expire). Answers the token it used, if any.
 */
export async function presentIdentity(
  identity: DeviceIdentity,
  held: HeldToken | undefined,
  tlsContext: SecureContext,
  tokens: TokenSource,
  nowMs: number,
): Promise<{ presentation: Presentation; token?: HeldToken }> {
  const { id } = identity;
  if (identity.auth === 'cert') return { presentation: { clientId: id, tlsContext } };

  const usable = held !== undefined && held.expiresAtMs - nowMs > MIN_TOKEN_REMAINING_MS;
  const token = usable ? held : await tokens.mint(id);
  return { presentation: { clientId: id, username: id, password: token.value, tlsContext }, token };
}

/** The device's TLS context: its own for a certificate, the shared server-only one otherwise. */
export function deviceTlsContext(identity: DeviceIdentity, ca: Buffer, serverOnly: SecureContext) {
  if (identity.auth !== 'cert') return serverOnly;
  return tlsContextFor(ca, { certPem: identity.certPem!, keyPem: identity.keyPem! });
}

/** When to reconnect with a fresh token: jittered within the token's lifetime, never at once. */
export function refreshTimeMs(token: HeldToken, nowMs: number, random: Random): number {
  const lifetimeMs = token.expiresAtMs - token.issuedAtMs;
  const atMs = token.issuedAtMs + lifetimeMs * random.between(REFRESH_SHARE.min, REFRESH_SHARE.max);
  return Math.max(atMs, nowMs + MIN_REFRESH_DELAY_MS);
}

const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 10_000;

/** Exponential backoff with ±50 % jitter: attempt 1 waits about 1 s, then 2 s, 4 s, up to 10 s. */
export function backoffMs(attempt: number, random: Random): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return base * random.between(0.5, 1.5);
}
