import { build, type Histogram } from 'hdr-histogram-js';

/** Percentiles of one measured quantity, in milliseconds to the microsecond. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
}

const MICROS_PER_MS = 1000;
/** One hour in microseconds: nothing the simulator measures takes longer. */
const HIGHEST_TRACKABLE_US = 3_600_000_000;

/**
 * An HDR histogram of durations, recorded in whole microseconds with three significant digits,
 * so p99 of a million samples costs a few kilobytes and no sorting.
 */
export class LatencyHistogram {
  readonly #histogram: Histogram = build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_US,
    numberOfSignificantValueDigits: 3,
    autoResize: false,
  });

  get count(): number {
    return this.#histogram.totalCount;
  }

  /** Records `ms`; negative values (clock jitter) count as zero, longer than an hour as an hour. */
  recordMs(ms: number): void {
    const micros = Math.round(ms * MICROS_PER_MS);
    this.#histogram.recordValue(Math.min(HIGHEST_TRACKABLE_US, Math.max(0, micros)));
  }

  summary(): LatencySummary {
    const h = this.#histogram;
    if (h.totalCount === 0) return { count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 };
    const at = (percentile: number) => toMs(h.getValueAtPercentile(percentile));
    return {
      count: h.totalCount,
      p50: at(50),
      p90: at(90),
      p99: at(99),
      p999: at(99.9),
      max: toMs(h.maxValue),
      mean: toMs(h.mean),
    };
  }
}

function toMs(micros: number): number {
  return Math.round(micros) / MICROS_PER_MS;
}
