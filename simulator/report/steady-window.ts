import { LatencyHistogram, type LatencySummary } from './latency-histogram.js';
import type { RunMetrics } from './run-metrics.js';

/** The run while the whole fleet is connected and publishing, without the connect ramp. */
export interface SteadyState {
  readonly seconds: number;
  readonly publishedPerSec: number;
  readonly deliveredPerSec: number;
  /** Latency of the messages delivered in the window. */
  readonly latencyMs: LatencySummary;
  /** CPU of this process per 1,000 published messages (their delivery to the monitor included). */
  readonly cpuMsPer1000Messages: number;
  /** CPU of this process as a share of one core. */
  readonly cpuPercentOfCore: number;
}

interface Mark {
  readonly atMs: number;
  readonly cpu: NodeJS.CpuUsage;
  readonly published: number;
  readonly delivered: number;
}

const MICROS_PER_MS = 1000;
const MS_PER_SECOND = 1000;

/**
 * Measures between two moments, from the end of the connect ramp to the end of the load, so
 * that TLS handshakes and provisioning blur neither the per-message cost nor the latency.
 */
export class SteadyWindow {
  readonly #metrics: RunMetrics;
  #start: Mark | undefined;
  #result: SteadyState | null = null;

  constructor(metrics: RunMetrics) {
    this.#metrics = metrics;
  }

  /** Null when the load ended before the ramp did. */
  get result(): SteadyState | null {
    return this.#result;
  }

  begin(): void {
    const metrics = this.#metrics;
    metrics.steadyLatency = new LatencyHistogram();
    this.#start = {
      atMs: performance.now(),
      cpu: process.cpuUsage(),
      published: metrics.published,
      delivered: metrics.deliveries,
    };
  }

  end(): void {
    const start = this.#start;
    const latency = this.#metrics.steadyLatency;
    this.#metrics.steadyLatency = undefined;
    if (start === undefined || latency === undefined) return;

    const seconds = (performance.now() - start.atMs) / MS_PER_SECOND;
    const cpu = process.cpuUsage(start.cpu);
    const cpuMs = (cpu.user + cpu.system) / MICROS_PER_MS;
    const published = this.#metrics.published - start.published;
    const delivered = this.#metrics.deliveries - start.delivered;
    this.#result = {
      seconds: round(seconds, 1),
      publishedPerSec: round(published / seconds, 1),
      deliveredPerSec: round(delivered / seconds, 1),
      latencyMs: latency.summary(),
      cpuMsPer1000Messages: published > 0 ? round((cpuMs * 1000) / published, 1) : 0,
      cpuPercentOfCore: round(cpuMs / (seconds * 10), 1),
    };
  }
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
