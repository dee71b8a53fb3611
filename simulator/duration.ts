import { WardenError } from '../src/core/index.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^([0-9]{1,9}(?:\.[0-9]{1,3})?)(ms|s|m|h|d)$/;

/**
 * Parses a duration as Warden writes them (`30s`, `10m`, `24h`), plus milliseconds and decimals
 * for sub-second intervals (`250ms`, `1.5s`), into milliseconds. Zero is allowed (`0s`): the caller
 * decides whether it means anything. Throws ERR_INVALID_DURATION.
 */
export function parseDurationMs(text: string, what: string): number {
  const match = DURATION.exec(text.trim());
  if (match === null) {
    throw new WardenError(
      'ERR_INVALID_DURATION',
      `invalid ${what} ${JSON.stringify(text)}: ` +
        'write a number and ms, s, m, h or d, e.g. 500ms or 30s',
    );
  }
  return Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
}
