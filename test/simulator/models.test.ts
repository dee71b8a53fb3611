import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createModel, nextDelayMs } from '../../simulator/models/create-model.js';
import { dailyValue } from '../../simulator/models/daily-sine.js';
import {
  defaultRoute,
  haversineM,
  measurePath,
  positionAt,
} from '../../simulator/models/gps-route.js';
import { reflect } from '../../simulator/models/random-walk.js';
import type { ModelKind, Reading } from '../../simulator/models/sensor-model.js';
import { modelKinds } from '../../simulator/models/sensor-model.js';
import { createRandom, deriveSeed } from '../../simulator/random/prng.js';

const START_MS = Date.UTC(2026, 11, 1, 0, 0, 0);

function readSeries(kind: ModelKind, seed: number, count: number, params = {}): Reading[][] {
  const model = createModel(kind, params, createRandom(seed));
  return Array.from({ length: count }, (_, i) => model.read(START_MS + i * 1000));
}

function values(series: Reading[][], name: string): number[] {
  return series.map((readings) => readings.find((r) => r.name === name)?.value ?? Number.NaN);
}

describe('seeded generator', () => {
  it('replays the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 50 }, () => random.next());
    };
    assert.deepEqual(draw(7), draw(7));
    assert.notDeepEqual(draw(7), draw(8));
  });

  it('draws floats in [0, 1) and indexes in range', () => {
    const random = createRandom(1);
    for (let i = 0; i < 10_000; i += 1) {
      const value = random.next();
      assert.ok(value >= 0 && value < 1);
      const index = random.index(7);
      assert.ok(Number.isInteger(index) && index >= 0 && index < 7);
    }
  });

  it('derives different, stable seeds per stream', () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => deriveSeed(42, i)));
    assert.equal(seeds.size, 1000);
    assert.equal(deriveSeed(42, 3), deriveSeed(42, 3));
  });

  it('gives exponential gaps whose mean is the requested mean', () => {
    const random = createRandom(3);
    const gaps = Array.from({ length: 20_000 }, () => random.exponential(500));
    const mean = gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length;
    assert.ok(gaps.every((gap) => gap >= 0));
    assert.ok(Math.abs(mean - 500) < 15, `mean ${mean}`);
  });
});

describe('sensor models', () => {
  it('every model is deterministic for a seed', () => {
    for (const kind of modelKinds) {
      assert.deepEqual(readSeries(kind, 11, 20), readSeries(kind, 11, 20), kind);
    }
  });

  it('keeps a random walk inside its bounds however long it runs', () => {
    const series = values(
      readSeries('walk', 5, 20_000, { min: 0, max: 1, step: 0.4 }),
      'temperature',
    );
    assert.ok(series.every((value) => value >= 0 && value <= 1));
    assert.ok(new Set(series).size > 100, 'the walk moves');
  });

  it('reflects values back into the range, even from far outside', () => {
    assert.equal(reflect(12, 0, 10), 8);
    assert.equal(reflect(-3, 0, 10), 3);
    assert.equal(reflect(27, 0, 10), 7);
    assert.equal(reflect(5, 0, 10), 5);
  });

  it('peaks the daily curve at the peak hour and bottoms it twelve hours later', () => {
    const at = (hour: number) => START_MS + hour * 3_600_000;
    assert.equal(dailyValue(at(15), 20, 5, 15), 25);
    assert.ok(Math.abs(dailyValue(at(3), 20, 5, 15) - 15) < 1e-9);
  });

  it('keeps the daily sine within amplitude plus a few noise deviations', () => {
    const params = { mean: 10, amplitude: 4, noise: 0.2 };
    const series = values(readSeries('sine', 9, 5000, params), 'temperature');
    assert.ok(series.every((value) => value > 10 - 4 - 2 && value < 10 + 4 + 2));
  });

  it('interpolates GPS positions between waypoints and wraps around the loop', () => {
    const route = [
      [0, 0],
      [0, 1],
    ] as const;
    const path = measurePath(route);
    const half = haversineM([0, 0], [0, 1]) / 2;
    const [lat, lon] = positionAt(path, half);
    assert.ok(Math.abs(lat) < 1e-9 && Math.abs(lon - 0.5) < 1e-9);
    assert.deepEqual(positionAt(path, path.lengthM), positionAt(path, 0));
  });

  it('keeps a vehicle on its route and moves it at its speed', () => {
    const series = readSeries('gps', 4, 200, { speedMps: 10 });
    const lats = values(series, 'lat');
    const lons = values(series, 'lon');
    const box = {
      lat: [Math.min(...defaultRoute.map((p) => p[0])), Math.max(...defaultRoute.map((p) => p[0]))],
      lon: [Math.min(...defaultRoute.map((p) => p[1])), Math.max(...defaultRoute.map((p) => p[1]))],
    };
    for (let i = 0; i < lats.length; i += 1) {
      assert.ok(lats[i]! >= box.lat[0]! - 1e-6 && lats[i]! <= box.lat[1]! + 1e-6);
      assert.ok(lons[i]! >= box.lon[0]! - 1e-6 && lons[i]! <= box.lon[1]! + 1e-6);
    }
    const stepM = haversineM([lats[0]!, lons[0]!], [lats[1]!, lons[1]!]);
    assert.ok(stepM > 8 && stepM <= 10.5, `one second moved ${stepM} m`);
  });

  it('drains a battery monotonically and never below zero', () => {
    const params = { drainPercentPerHour: 50_000 };
    const levels = values(readSeries('battery', 2, 100, params), 'battery');
    for (let i = 1; i < levels.length; i += 1) assert.ok(levels[i]! <= levels[i - 1]!);
    assert.equal(levels.at(-1), 0);
  });

  it('toggles a door at every event and counts motion detections', () => {
    const door = readSeries('door', 6, 6).map((readings) => readings[0]?.booleanValue);
    for (let i = 1; i < door.length; i += 1) assert.equal(door[i], !door[i - 1]);
    const motion = values(readSeries('motion', 6, 5), 'motion-count');
    assert.deepEqual(motion, [1, 2, 3, 4, 5]);
  });

  it('times interval models with bounded jitter and event models as a Poisson process', () => {
    const random = createRandom(8);
    const walk = createModel('walk', {}, random);
    const door = createModel('door', {}, random);
    const walkGaps = Array.from({ length: 1000 }, () => nextDelayMs(walk, 1000, 0.1, random));
    assert.ok(walkGaps.every((gap) => gap >= 900 && gap <= 1100));
    const doorGaps = Array.from({ length: 1000 }, () => nextDelayMs(door, 1000, 0.1, random));
    assert.ok(doorGaps.some((gap) => gap > 2000) && doorGaps.some((gap) => gap < 200));
  });

  it('refuses a parameter of the wrong type', () => {
    assert.throws(() => createModel('walk', { min: 'cold' }, createRandom(1)), {
      code: 'ERR_INVALID_ARGUMENT',
    });
    assert.throws(() => createModel('gps', { route: [[1, 2]] }, createRandom(1)), {
      code: 'ERR_INVALID_ARGUMENT',
    });
  });
});
