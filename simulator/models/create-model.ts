import type { Random } from '../random/prng.js';
import { createBattery } from './battery.js';
import { createDailySine } from './daily-sine.js';
import { createGpsRoute } from './gps-route.js';
import { createDoor, createMotion } from './poisson-events.js';
import { createRandomWalk } from './random-walk.js';
import type { ModelKind, ModelParams, SensorModel } from './sensor-model.js';

/**
 * A sensor model of `kind`, drawing from its own seeded generator. Throws ERR_INVALID_ARGUMENT
 * for a parameter of the wrong type.
 *
 * | kind    | parameters (defaults)                                                          |
 * | ------- | ------------------------------------------------------------------------------ |
 * | walk    | name (temperature), unit (Cel), min (-10), max (40), step (0.25)               |
 * | sine    | name, unit, mean (18), amplitude (6), peakHour (15, UTC), noise (0.3)          |
 * | gps     | route ([[lat, lon], ...], a city loop), speedMps (12)                          |
 * | battery | drainPercentPerHour (2), drainPercentPerMessage (0.01), min/maxStartPercent    |
 * | door    | name (door): toggles open/closed at each Poisson event                         |
 * | motion  | name (motion): a detection and its running count at each Poisson event         |
 */
export function createModel(kind: ModelKind, params: ModelParams, random: Random): SensorModel {
  switch (kind) {
    case 'walk':
      return createRandomWalk(params, random);
    case 'sine':
      return createDailySine(params, random);
    case 'gps':
      return createGpsRoute(params, random);
    case 'battery':
      return createBattery(params, random);
    case 'door':
      return createDoor(params, random);
    case 'motion':
      return createMotion(params);
  }
}

/**
 * Milliseconds until the model's next reading: a uniformly jittered interval, or for event models
 * an exponential gap with the interval as its mean.
 */
export function nextDelayMs(
  model: SensorModel,
  intervalMs: number,
  jitter: number,
  random: Random,
): number {
  if (model.timing === 'poisson') return random.exponential(intervalMs);
  return intervalMs * random.between(1 - jitter, 1 + jitter);
}
