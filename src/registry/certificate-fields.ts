import { WardenError } from '../core/index.js';
import { assertPattern } from './arguments.js';

/** RFC 5280 §5.3.1 allows at most 20 octets in a serial: 40 hexadecimal digits. */
const SERIAL = /^[0-9a-f]{1,40}$/;
/** SHA-256 is 32 octets: 64 hexadecimal digits, bare or as colon-separated pairs. */
const FINGERPRINT = /^(?:[0-9a-f]{64}|[0-9a-f]{2}(?::[0-9a-f]{2}){31})$/;

/**
 * The CRLReason names of RFC 5280 §5.3.1 a registry revocation may carry. `certificateHold` and
 * `removeFromCRL` are left out: a revocation here is final.
 */
export const revocationReasons = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'privilegeWithdrawn',
  'aACompromise',
] as const;

export type RevocationReason = (typeof revocationReasons)[number];

/** The reason recorded for certificates revoked because their device was removed. */
export const REMOVED_DEVICE_REASON: RevocationReason = 'cessationOfOperation';

/** Lowercases a hexadecimal serial; throws ERR_INVALID_ARGUMENT. */
export function normalizeSerial(serial: unknown): string {
  const lower = typeof serial === 'string' ? serial.toLowerCase() : serial;
  assertPattern(lower, SERIAL, 'certificate serial', 'use 1-40 hexadecimal digits');
  return lower;
}

/** The 64 lowercase hexadecimal digits of a SHA-256 fingerprint; throws ERR_INVALID_ARGUMENT. */
export function normalizeFingerprint(fingerprint: unknown): string {
  const lower = typeof fingerprint === 'string' ? fingerprint.toLowerCase() : fingerprint;
  assertPattern(
    lower,
    FINGERPRINT,
    'certificate fingerprint',
    'use the 64 hexadecimal digits of a SHA-256 digest, optionally in colon-separated pairs',
  );
  return lower.replaceAll(':', '');
}

/** Throws ERR_INVALID_ARGUMENT unless `reason` is one of `revocationReasons`. */
export function assertRevocationReason(reason: unknown): asserts reason is RevocationReason {
  const known: readonly unknown[] = revocationReasons;
  if (known.includes(reason)) return;
  const choices = revocationReasons.join(', ');
  throw new WardenError(
    'ERR_INVALID_ARGUMENT',
    `invalid revocation reason ${JSON.stringify(reason)}: use one of ${choices}`,
  );
}
