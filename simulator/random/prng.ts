/**
 * A small seeded pseudo-random generator, so a run with the same seed replays the same fleet:
 * the same models, values, jitter and event times. Not for anything secret.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** A float in [min, max). */
  between(min: number, max: number): number;
  /** An integer in [0, count). */
  index(count: number): number;
  /** A normal deviate with mean 0 and standard deviation 1 (Box–Muller). */
  normal(): number;
  /** An exponential deviate with the given mean: the gaps of a Poisson process. */
  exponential(mean: number): number;
}

const UINT32 = 0x1_0000_0000;
const GOLDEN_GAMMA = 0x9e3779b9;

/** mulberry32: 32 bits of state, a period of 2^32, good enough for simulated sensors. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / UINT32;
  };

  return {
    next,
    between: (min, max) => min + (max - min) * next(),
    index: (count) => Math.floor(next() * count),
    normal: () => {
      // 1 - next() keeps the logarithm away from zero.
      const radius = Math.sqrt(-2 * Math.log(1 - next()));
      return radius * Math.cos(2 * Math.PI * next());
    },
    exponential: (mean) => -Math.log(1 - next()) * mean,
  };
}

/**
 * A seed for one stream (a device, the commander) derived from the run's seed, so each stream is
 * independent of the order in which the others draw. splitmix32 finalizer.
 */
export function deriveSeed(seed: number, stream: number): number {
  let mixed = (seed ^ Math.imul(stream + 1, GOLDEN_GAMMA)) >>> 0;
  mixed = Math.imul(mixed ^ (mixed >>> 16), 0x21f0aaad);
  mixed = Math.imul(mixed ^ (mixed >>> 15), 0x735a2d97);
  return (mixed ^ (mixed >>> 15)) >>> 0;
}

/** `base` scaled by a uniform factor in [1 - fraction, 1 + fraction]. */
export function jittered(random: Random, base: number, fraction: number): number {
  return base * random.between(1 - fraction, 1 + fraction);
}
