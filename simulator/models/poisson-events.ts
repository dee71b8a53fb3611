import type { Random } from '../random/prng.js';
import { stringParam } from './model-params.js';
import type { ModelParams, SensorModel } from './sensor-model.js';

/**
 * A door contact: every event of the Poisson process toggles it, so readings alternate between
 * open (true) and closed (false). The device schedules the events (nextDelayMs in
 * create-model.ts).
 */
export function createDoor(params: ModelParams, random: Random): SensorModel {
  const name = stringParam(params, 'name', 'door');
  let open = random.next() < 0.5;
  return {
    kind: 'door',
    timing: 'poisson',
    read() {
      open = !open;
      return [{ name, booleanValue: open }];
    },
  };
}

/** A motion detector: each event is a detection, with a running count of them. */
export function createMotion(params: ModelParams): SensorModel {
  const name = stringParam(params, 'name', 'motion');
  let count = 0;
  return {
    kind: 'motion',
    timing: 'poisson',
    read() {
      count += 1;
      return [
        { name, booleanValue: true },
        { name: `${name}-count`, unit: 'count', value: count },
      ];
    },
  };
}
