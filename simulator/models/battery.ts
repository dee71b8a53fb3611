import type { Random } from '../random/prng.js';
import { numberParam } from './model-params.js';
import { type ModelParams, roundTo, type SensorModel } from './sensor-model.js';

const MS_PER_HOUR = 3_600_000;
/** A single lithium cell: about 3.3 V nearly empty, 4.2 V full. */
const EMPTY_VOLTS = 3.3;
const FULL_VOLTS = 4.2;

/**
 * A draining battery: its level falls with time and with every message sent, never below zero,
 * and the cell voltage follows it.
 */
export function createBattery(params: ModelParams, random: Random): SensorModel {
  const drainPerHour = numberParam(params, 'drainPercentPerHour', 2);
  const perMessage = numberParam(params, 'drainPercentPerMessage', 0.01);
  const startLevel = random.between(
    numberParam(params, 'minStartPercent', 60),
    numberParam(params, 'maxStartPercent', 100),
  );

  let startMs: number | undefined;
  let messages = 0;
  return {
    kind: 'battery',
    timing: 'interval',
    read(atMs) {
      startMs ??= atMs;
      messages += 1;
      const hours = (atMs - startMs) / MS_PER_HOUR;
      const level = Math.max(0, startLevel - drainPerHour * hours - perMessage * messages);
      const volts = EMPTY_VOLTS + ((FULL_VOLTS - EMPTY_VOLTS) * level) / 100;
      return [
        { name: 'battery', unit: '%EL', value: roundTo(level, 3) },
        { name: 'voltage', unit: 'V', value: roundTo(volts, 3) },
      ];
    },
  };
}
