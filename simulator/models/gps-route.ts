import { WardenError } from '../../src/core/index.js';
import type { Random } from '../random/prng.js';
import { numberParam } from './model-params.js';
import { type ModelParams, roundTo, type SensorModel } from './sensor-model.js';

/** A waypoint as [latitude, longitude] in degrees. */
export type Waypoint = readonly [number, number];

const EARTH_RADIUS_M = 6_371_000;
const MS_PER_SECOND = 1000;
/** About 11 cm at the equator: finer than any consumer GPS. */
const COORDINATE_DIGITS = 6;

/** A loop through a city centre, used when a scenario gives no route. */
export const defaultRoute: readonly Waypoint[] = [
  [52.3731, 4.8922],
  [52.3676, 4.9041],
  [52.3584, 4.8811],
  [52.3661, 4.8735],
];

/**
 * A vehicle driving a closed route at constant speed: its position is interpolated between
 * waypoints from the distance covered since its first reading, from a random start on the loop.
 */
export function createGpsRoute(params: ModelParams, random: Random): SensorModel {
  const route = readRoute(params['route']);
  const speed = numberParam(params, 'speedMps', 12);
  const path = measurePath(route);
  const startDistance = random.next() * path.lengthM;

  let startMs: number | undefined;
  return {
    kind: 'gps',
    timing: 'interval',
    read(atMs) {
      startMs ??= atMs;
      const travelled = startDistance + (speed * (atMs - startMs)) / MS_PER_SECOND;
      const [lat, lon] = positionAt(path, travelled);
      return [
        { name: 'lat', unit: 'lat', value: roundTo(lat, COORDINATE_DIGITS) },
        { name: 'lon', unit: 'lon', value: roundTo(lon, COORDINATE_DIGITS) },
        { name: 'speed', unit: 'm/s', value: speed },
      ];
    },
  };
}

export interface MeasuredPath {
  /** The waypoints with the first repeated at the end, closing the loop. */
  readonly points: readonly Waypoint[];
  /** Distance from the start to each point, in metres. */
  readonly cumulativeM: readonly number[];
  readonly lengthM: number;
}

export function measurePath(route: readonly Waypoint[]): MeasuredPath {
  const first = route[0]!;
  const points = [...route, first];
  const cumulativeM = [0];
  for (let i = 1; i < points.length; i += 1) {
    cumulativeM.push(cumulativeM[i - 1]! + haversineM(points[i - 1]!, points[i]!));
  }
  return { points, cumulativeM, lengthM: cumulativeM[cumulativeM.length - 1]! };
}

/** The point `distanceM` along the loop (wrapping), linearly interpolated within its segment. */
export function positionAt(path: MeasuredPath, distanceM: number): Waypoint {
  const along = ((distanceM % path.lengthM) + path.lengthM) % path.lengthM;
  let segment = 1;
  while (segment < path.cumulativeM.length - 1 && path.cumulativeM[segment]! < along) {
    segment += 1;
  }

  const from = path.points[segment - 1]!;
  const to = path.points[segment]!;
  const startM = path.cumulativeM[segment - 1]!;
  const spanM = path.cumulativeM[segment]! - startM;
  const share = spanM === 0 ? 0 : (along - startM) / spanM;
  return [from[0] + (to[0] - from[0]) * share, from[1] + (to[1] - from[1]) * share];
}

/** Great-circle distance between two waypoints, in metres. */
export function haversineM(a: Waypoint, b: Waypoint): number {
  const toRadians = Math.PI / 180;
  const dLat = (b[0] - a[0]) * toRadians;
  const dLon = (b[1] - a[1]) * toRadians;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a[0] * toRadians) * Math.cos(b[0] * toRadians) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

function readRoute(value: unknown): readonly Waypoint[] {
  if (value === undefined) return defaultRoute;
  const valid =
    Array.isArray(value) &&
    value.length >= 2 &&
    value.every((point) => Array.isArray(point) && point.length === 2 && point.every(isDegree));
  if (!valid) {
    throw new WardenError(
      'ERR_INVALID_ARGUMENT',
      'model parameter route must list at least two [latitude, longitude] pairs',
    );
  }
  const route = value as Waypoint[];
  if (measurePath(route).lengthM === 0) {
    throw new WardenError('ERR_INVALID_ARGUMENT', 'model parameter route has no length');
  }
  return route;
}

function isDegree(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= 180;
}
