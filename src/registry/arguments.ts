import { WardenError } from '../core/index.js';

// Checks shared by the registry's entry points. Input that can come from outside (CLI arguments,
// token headers, files) is refused with ERR_INVALID_ARGUMENT; a caller's bug (a bad position in
// the feed, an invalid Date) throws RangeError or TypeError.

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Throws ERR_INVALID_ARGUMENT unless `value` is 1 to `maxLength` printable characters. */
export function assertText(
  value: unknown,
  name: string,
  maxLength: number,
): asserts value is string {
  if (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= maxLength &&
    !CONTROL_CHARACTER.test(value) &&
    value.isWellFormed()
  ) {
    return;
  }
  throw new WardenError(
    'ERR_INVALID_ARGUMENT',
    `invalid ${name}: use 1-${maxLength} printable characters`,
  );
}

/** Throws ERR_INVALID_ARGUMENT unless `value` is a string that `pattern` matches. */
export function assertPattern(
  value: unknown,
  pattern: RegExp,
  name: string,
  rule: string,
): asserts value is string {
  if (typeof value === 'string' && pattern.test(value)) return;
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 140)) : typeof value;
  throw new WardenError('ERR_INVALID_ARGUMENT', `invalid ${name} ${shown}: ${rule}`);
}

/** A position in the audit trail or the change feed: a whole number, 0 before the first entry. */
export function assertSeq(value: number, name: string): void {
  if (Number.isSafeInteger(value) && value >= 0) return;
  throw new RangeError(`${name} must be a whole number >= 0, got ${value}`);
}

export function assertLimit(value: number, max: number): void {
  if (Number.isSafeInteger(value) && value >= 1 && value <= max) return;
  throw new RangeError(`limit must be a whole number from 1 to ${max}, got ${value}`);
}

/** Milliseconds since the epoch of a valid Date. */
export function toMs(value: Date, name: string): number {
  if (!(value instanceof Date)) throw new TypeError(`${name} must be a Date`);
  const ms = value.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`${name} is an invalid Date`);
  return ms;
}

/**
 * Canonical JSON of a plain object: keys sorted at the top level, so equal maps store equal
 * text. Throws TypeError for anything JSON cannot carry faithfully.
 */
export function encodeObject(value: Record<string, unknown>, name: string): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${name} must be a plain object`);
  }
  const sorted = Object.fromEntries(
    Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return JSON.stringify(sorted);
}
