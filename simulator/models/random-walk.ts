import type { Random } from '../random/prng.js';
import { assertRange, numberParam, stringParam } from './model-params.js';
import { type ModelParams, roundTo, type SensorModel } from './sensor-model.js';

/**
 * A bounded random walk, like a temperature or humidity that drifts: each reading moves by a
 * normal step and is reflected back inside [min, max].
 */
export function createRandomWalk(params: ModelParams, random: Random): SensorModel {
  const name = stringParam(params, 'name', 'temperature');
  const unit = stringParam(params, 'unit', 'Cel');
  const min = numberParam(params, 'min', -10);
  const max = numberParam(params, 'max', 40);
  const step = numberParam(params, 'step', 0.25);
  assertRange(min, max, 'walk');

  // Start somewhere in the middle half of the range.
  let value = random.between(min + (max - min) / 4, max - (max - min) / 4);
  return {
    kind: 'walk',
    timing: 'interval',
    read() {
      value = reflect(value + random.normal() * step, min, max);
      return [{ name, unit, value: roundTo(value, 2) }];
    },
  };
}

/** Folds `value` back into [min, max] as a mirror would, however far outside it lies. */
export function reflect(value: number, min: number, max: number): number {
  const span = max - min;
  const offset = (((value - min) % (2 * span)) + 2 * span) % (2 * span);
  return offset <= span ? min + offset : max - (offset - span);
}
