import type { Random } from '../random/prng.js';
import { numberParam, stringParam } from './model-params.js';
import { type ModelParams, roundTo, type SensorModel } from './sensor-model.js';

const MS_PER_HOUR = 3_600_000;
const HOURS_PER_DAY = 24;

/**
 * A daily cycle with noise, like outdoor temperature:
 * mean + amplitude · cos(2π (h − peak) / 24) + normal noise,
 * where h is the hour of the day (UTC) at the reading's time.
 */
export function createDailySine(params: ModelParams, random: Random): SensorModel {
  const name = stringParam(params, 'name', 'temperature');
  const unit = stringParam(params, 'unit', 'Cel');
  const mean = numberParam(params, 'mean', 18);
  const amplitude = numberParam(params, 'amplitude', 6);
  const peakHour = numberParam(params, 'peakHour', 15);
  const noise = numberParam(params, 'noise', 0.3);

  // Devices differ a little, as real ones in different spots do.
  const offset = random.normal() * noise * 2;
  return {
    kind: 'sine',
    timing: 'interval',
    read(atMs) {
      const value = dailyValue(atMs, mean + offset, amplitude, peakHour) + random.normal() * noise;
      return [{ name, unit, value: roundTo(value, 2) }];
    },
  };
}

/** The noiseless curve, exported for tests. */
export function dailyValue(atMs: number, mean: number, amplitude: number, peakHour: number) {
  const hour = (atMs / MS_PER_HOUR) % HOURS_PER_DAY;
  return mean + amplitude * Math.cos((2 * Math.PI * (hour - peakHour)) / HOURS_PER_DAY);
}
