import type { ProgressSink } from '../options.js';
import type { RunMetrics } from './run-metrics.js';

export interface ProgressSource {
  readonly metrics: RunMetrics;
  readonly requested: number;
  connected(): number;
  phase(): string;
}

const TTY_INTERVAL_MS = 1000;
const PLAIN_INTERVAL_MS = 5000;

/**
 * Live progress: on a terminal one line rewritten every second; elsewhere (a pipe, CI) a plain
 * line every five seconds. Rates are over the last interval; latency percentiles since the start.
 */
export function startProgress(sink: ProgressSink | undefined, source: ProgressSource): () => void {
  if (sink === undefined) return () => undefined;
  const tty = sink.isTTY === true;
  const intervalMs = tty ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS;
  let last = { atMs: performance.now(), published: 0, deliveries: 0 };

  const timer = setInterval(() => {
    const nowMs = performance.now();
    const { metrics } = source;
    const seconds = (nowMs - last.atMs) / 1000;
    const line = formatLine(source, {
      publishedPerSec: (metrics.published - last.published) / seconds,
      deliveredPerSec: (metrics.deliveries - last.deliveries) / seconds,
    });
    last = { atMs: nowMs, published: metrics.published, deliveries: metrics.deliveries };
    sink.write(tty ? `\r\u001b[2K${line}` : `${line}\n`);
  }, intervalMs);
  timer.unref();

  return () => {
    clearInterval(timer);
    if (tty) sink.write('\r\u001b[2K');
  };
}

function formatLine(
  source: ProgressSource,
  rates: { publishedPerSec: number; deliveredPerSec: number },
) {
  const { metrics } = source;
  const latency = metrics.latency.summary();
  const errors = [...metrics.errors.values()].reduce((sum, count) => sum + count, 0);
  return [
    `[${source.phase()}]`,
    `connected ${source.connected()}/${source.requested}`,
    `pub ${Math.round(rates.publishedPerSec)}/s`,
    `dlv ${Math.round(rates.deliveredPerSec)}/s`,
    `p50 ${latency.p50.toFixed(1)}ms p99 ${latency.p99.toFixed(1)}ms`,
    `errors ${errors}`,
  ].join('  ');
}
