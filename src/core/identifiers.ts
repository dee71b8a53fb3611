import { WardenError } from './errors.js';

/** Device ids: 1–128 of A–Z a–z 0–9 . _ : - (shared/ARCHITECTURE.md, Identifiers and claims). */
const DEVICE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Claim keys: a conservative identifier so a key can also name a `{placeholder}`. */
const CLAIM_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const CLAIM_VALUE_MAX_LENGTH = 256;
// Control characters (NUL included) never belong in a claim value.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

export type Claims = Readonly<Record<string, string>>;

export function isDeviceId(value: unknown): value is string {
  return typeof value === 'string' && DEVICE_ID.test(value);
}

/** Throws ERR_INVALID_DEVICE_ID unless `value` is a valid device id. */
export function assertDeviceId(value: unknown): asserts value is string {
  if (isDeviceId(value)) return;
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 140)) : typeof value;
  throw new WardenError(
    'ERR_INVALID_DEVICE_ID',
    `invalid device id ${shown}: use 1-128 characters of A-Z a-z 0-9 . _ : -`,
  );
}

export function isClaimKey(value: unknown): value is string {
  return typeof value === 'string' && CLAIM_KEY.test(value);
}

export function isClaimValue(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= CLAIM_VALUE_MAX_LENGTH &&
    !CONTROL_CHARACTER.test(value) &&
    value.isWellFormed()
  );
}

/** Throws ERR_INVALID_CLAIM unless every key and value is valid; returns a frozen copy. */
export function assertClaims(value: unknown): Claims {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WardenError('ERR_INVALID_CLAIM', 'claims must be a map of strings to strings');
  }
  const claims: Record<string, string> = {};
  for (const [key, claim] of Object.entries(value)) {
    if (!isClaimKey(key)) {
      throw new WardenError(
        'ERR_INVALID_CLAIM',
        `invalid claim key ${JSON.stringify(key)}: ` +
          'use a letter or _ then up to 63 of A-Z a-z 0-9 _ . -',
      );
    }
    if (!isClaimValue(claim)) {
      throw new WardenError(
        'ERR_INVALID_CLAIM',
        `invalid value for claim ${key}: ` +
          `a string of at most ${CLAIM_VALUE_MAX_LENGTH} printable characters`,
      );
    }
    claims[key] = claim;
  }
  return Object.freeze(claims);
}

/** Parses `KEY=VALUE` as given on the command line; throws ERR_INVALID_CLAIM. */
export function parseClaimAssignment(text: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) {
    throw new WardenError(
      'ERR_INVALID_CLAIM',
      `invalid claim ${JSON.stringify(text)}: write KEY=VALUE`,
    );
  }
  const key = text.slice(0, at);
  const value = text.slice(at + 1);
  assertClaims({ [key]: value });
  return [key, value];
}
