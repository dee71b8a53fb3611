import { WardenError } from '../core/index.js';

/** Tolerance for devices whose clocks run a little behind the CA's. */
export const CLOCK_SKEW_MS = 60_000;
const DAY_MS = 86_400_000;
/** 100 years; enough for any CA, and keeps dates far from the year 9999 limit of X.509 times. */
const MAX_DAYS = 36_500;

export interface ValidityWindow {
  notBefore: Date;
  notAfter: Date;
}

/**
 * notBefore one clock skew before `now`, notAfter `days` after it. Throws ERR_INVALID_ARGUMENT
 * unless `days` is a whole number from 1 to 36500, TypeError for an invalid `now`.
 */
export function validityWindow(days: number, now: Date = new Date()): ValidityWindow {
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
    throw new WardenError(
      'ERR_INVALID_ARGUMENT',
      `validity of ${days} days is out of range: use a whole number from 1 to ${MAX_DAYS}`,
    );
  }
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new TypeError('now must be a valid Date');
  }

  const at = now.getTime();
  return { notBefore: new Date(at - CLOCK_SKEW_MS), notAfter: new Date(at + days * DAY_MS) };
}
