import { WardenError } from '../../src/core/index.js';
import type { ModelParams } from './sensor-model.js';

/** Reads a finite number parameter, or its default; throws ERR_INVALID_ARGUMENT. */
export function numberParam(params: ModelParams, key: string, fallback: number): number {
  const value = params[key];
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new WardenError('ERR_INVALID_ARGUMENT', `model parameter ${key} must be a number`);
}

/** Reads a string parameter (a reading's name or unit), or its default. */
export function stringParam(params: ModelParams, key: string, fallback: string): string {
  const value = params[key];
  if (value === undefined) return fallback;
  if (typeof value === 'string' && value.length > 0 && value.length <= 64) return value;
  throw new WardenError('ERR_INVALID_ARGUMENT', `model parameter ${key} must be a short string`);
}

/** Throws unless `min < max`. */
export function assertRange(min: number, max: number, what: string): void {
  if (min < max) return;
  throw new WardenError('ERR_INVALID_ARGUMENT', `model ${what}: min must be below max`);
}
