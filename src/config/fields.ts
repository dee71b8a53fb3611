import { parseDurationSeconds, WardenError } from '../core/index.js';

/** Readers for untyped configuration values; each throws ERR_CONFIG_INVALID naming the key. */
export type Section = Readonly<Record<string, unknown>>;

function invalid(key: string, expected: string): never {
  throw new WardenError('ERR_CONFIG_INVALID', `invalid configuration: ${key} must be ${expected}`);
}

export function readSection(value: unknown, key: string, allowed: readonly string[]): Section {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) invalid(key, 'a map');
  for (const name of Object.keys(value)) {
    if (!allowed.includes(name)) {
      const where = key === '' ? name : `${key}.${name}`;
      throw new WardenError(
        'ERR_CONFIG_INVALID',
        `invalid configuration: unknown key ${where} (known: ${allowed.join(', ')})`,
      );
    }
  }
  return value as Section;
}

export function readString(section: Section, key: string, where: string, fallback?: string) {
  const value = section[key];
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0) invalid(where, 'a non-empty string');
  return value;
}

export function readInteger(
  section: Section,
  key: string,
  where: string,
  range: { min: number; max: number; fallback: number },
): number {
  const value = section[key] ?? range.fallback;
  const number = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) invalid(where, 'a whole number');
  if (number < range.min || number > range.max) {
    invalid(where, `between ${range.min} and ${range.max}`);
  }
  return number;
}

export function readDurationSeconds(
  section: Section,
  key: string,
  where: string,
  fallback: string,
) {
  const value = section[key] ?? fallback;
  if (typeof value !== 'string') invalid(where, 'a duration such as 30s, 10m, 24h or 365d');
  try {
    return parseDurationSeconds(value);
  } catch (error) {
    throw new WardenError('ERR_CONFIG_INVALID', `invalid configuration: ${where}: ${value}`, {
      cause: error,
    });
  }
}

export function readBoolean(section: Section, key: string, where: string, fallback: boolean) {
  const value = section[key] ?? fallback;
  if (typeof value !== 'boolean') invalid(where, 'true or false');
  return value;
}

export function readChoice<T extends string>(
  section: Section,
  key: string,
  where: string,
  choices: readonly T[],
  fallback: T,
): T {
  const value = section[key] ?? fallback;
  if (!choices.includes(value as T)) invalid(where, `one of ${choices.join(', ')}`);
  return value as T;
}

export function readStringList(section: Section, key: string, where: string): string[] {
  const value = section[key] ?? [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== '')) {
    invalid(where, 'a list of non-empty strings');
  }
  return [...value];
}
