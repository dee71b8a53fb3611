import type { ConnectTimings } from '../net/open-connection.js';
import { LatencyHistogram } from './latency-histogram.js';

/** Everything a run counts while it runs; the report is built from it at the end. */
export class RunMetrics {
  /** Intended send time → delivery at the monitor. */
  readonly latency = new LatencyHistogram();
  readonly connect = {
    total: new LatencyHistogram(),
    tcp: new LatencyHistogram(),
    tls: new LatencyHistogram(),
    connack: new LatencyHistogram(),
  };
  readonly commandRtt = new LatencyHistogram();
  /** How late the scheduler started tasks: when this grows, the simulator is the bottleneck. */
  readonly schedulerLag = new LatencyHistogram();
  readonly errors = new Map<string, number>();
  /** Latency within the steady window, while it is open (see SteadyWindow). */
  steadyLatency: LatencyHistogram | undefined;

  published = 0;
  deliveries = 0;
  commandsSent = 0;
  commandsAnswered = 0;
  tokenRefreshes = 0;
  reconnectsAfterDisconnect = 0;
  /** Allowed operations the broker refused: own subscription, own valid CONNECT, own publish. */
  falseDenials = 0;
  /** Telemetry the monitor could not attribute: another device's, or unreadable. */
  unexpected = 0;
  /** Time spent building TLS contexts (certificate and key parsing) before the load. */
  tlsSetupMs = 0;
  firstPublishMs = Number.NaN;
  lastPublishMs = Number.NaN;
  firstDeliveryMs = Number.NaN;
  lastDeliveryMs = Number.NaN;

  countError(kind: string): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }

  /** Records the timings of a device's first successful connection. */
  recordConnect(timings: ConnectTimings): void {
    this.connect.total.recordMs(timings.totalMs);
    this.connect.tcp.recordMs(timings.tcpMs);
    this.connect.tls.recordMs(timings.tlsMs);
    this.connect.connack.recordMs(timings.connackMs);
  }

  notePublish(atMs: number): void {
    this.published += 1;
    if (Number.isNaN(this.firstPublishMs)) this.firstPublishMs = atMs;
    this.lastPublishMs = atMs;
  }

  noteDelivery(atMs: number, latencyMs: number): void {
    this.deliveries += 1;
    this.latency.recordMs(latencyMs);
    this.steadyLatency?.recordMs(latencyMs);
    if (Number.isNaN(this.firstDeliveryMs)) this.firstDeliveryMs = atMs;
    this.lastDeliveryMs = atMs;
  }
}
