import { WardenError } from './errors.js';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
const DURATION = /^([0-9]{1,9})(s|m|h|d)$/;

/** Parses `30s`, `10m`, `24h` or `365d` into whole seconds; throws ERR_INVALID_DURATION. */
export function parseDurationSeconds(text: string): number {
  const match = DURATION.exec(text.trim());
  if (match === null) {
    throw new WardenError(
      'ERR_INVALID_DURATION',
      `invalid duration ${JSON.stringify(text)}: ` +
        'write a whole number and s, m, h or d, e.g. 30s or 24h',
    );
  }
  const amount = Number(match[1]);
  const unit = match[2] as keyof typeof UNIT_SECONDS;
  const seconds = amount * UNIT_SECONDS[unit];
  if (seconds <= 0) {
    throw new WardenError('ERR_INVALID_DURATION', `invalid duration ${text}: must be positive`);
  }
  return seconds;
}

export function formatDurationSeconds(seconds: number): string {
  for (const unit of ['d', 'h', 'm'] as const) {
    if (seconds % UNIT_SECONDS[unit] === 0) return `${seconds / UNIT_SECONDS[unit]}${unit}`;
  }
  return `${seconds}s`;
}
