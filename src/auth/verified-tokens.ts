import { createHash } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { WardenError } from '../core/index.js';

/** Tokens remembered at most; the oldest goes first. About 300 bytes each. */
const MAX_ENTRIES = 10_000;

interface Verified {
  /** The key object the signature was checked with; another key never matches. */
  readonly key: object;
  readonly payload: JWTPayload;
}

/**
 * Tokens whose signature has been checked, so that a device reconnecting with the token it
 * used before skips the signature check (jose through WebCrypto: about 0.3 ms of CPU per
 * ES256 token, the dearest step of a token connect).
 *
 * What is remembered is only a fact about bytes: this token was signed by this key. Every
 * connect still runs everything else: the route from the token's header and issuer, the
 * registry's word on the device and its key, and the time claims (`exp`, `nbf`), checked
 * again here on a hit. Entries are held against the key object they were checked with; a key
 * removed from the registry is dropped from the key cache, and a key registered again under
 * the same kid is a new object, so nothing checked with the old one matches. Tokens of
 * external issuers are not remembered: their keys come and go with the issuer's JWKS.
 */
export class VerifiedTokens {
  readonly #entries = new Map<string, Verified>();

  /** The payload of `token` if its signature was checked with `key`, else undefined. */
  get(token: string, key: object): JWTPayload | undefined {
    const entry = this.#entries.get(digest(token));
    return entry !== undefined && entry.key === key ? entry.payload : undefined;
  }

  add(token: string, key: object, payload: JWTPayload): void {
    if (this.#entries.size >= MAX_ENTRIES) {
      this.#entries.delete(this.#entries.keys().next().value as string);
    }
    this.#entries.set(digest(token), { key, payload: Object.freeze(payload) });
  }
}

/**
 * The time claims of a remembered token at `now`, as jose checks them: `exp` past by more than
 * the tolerance, or `nbf` ahead by more, refuses.
 */
export function checkTokenTimes(payload: JWTPayload, now: Date, toleranceSeconds: number): void {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (typeof payload.exp === 'number' && payload.exp <= nowSeconds - toleranceSeconds) {
    throw new WardenError('ERR_AUTH_TOKEN_EXPIRED', '"exp" claim timestamp check failed');
  }
  if (typeof payload.nbf === 'number' && payload.nbf > nowSeconds + toleranceSeconds) {
    throw new WardenError('ERR_AUTH_TOKEN_CLAIMS', '"nbf" claim timestamp check failed');
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}
