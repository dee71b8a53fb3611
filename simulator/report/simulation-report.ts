import type { ProvisioningSummary } from '../provision/provision-fleet.js';
import type { ProbeSummary } from '../rogue/probe-ledger.js';
import type { LatencySummary } from './latency-histogram.js';
import type { SteadyState } from './steady-window.js';

/** Percentiles as the report gives them for connections and commands. */
export interface ShortSummary {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** The JSON `--report` writes; every duration in milliseconds unless its name says otherwise. */
export interface SimulationReport {
  readonly version: 1;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly run: {
    readonly url: string;
    readonly seed: number;
    readonly qos: 0 | 1;
    readonly payload: string;
    readonly durationSeconds: number;
    readonly connectRatePerSecond: number;
    readonly intervalMs: number;
    readonly roguePercent: number;
    readonly groups: readonly { name: string; count: number; model: string }[];
    readonly sourceAddresses: readonly string[];
  };
  readonly provisioning: ProvisioningSummary | null;
  readonly devices: {
    readonly requested: number;
    readonly connected: number;
    /** Tried and never connected. */
    readonly failed: number;
    /** Never tried: the load phase ended before their turn in the connect ramp. */
    readonly notStarted: number;
    readonly connectedAtEnd: number;
    readonly byAuth: { readonly cert: number; readonly jwt: number };
  };
  readonly messages: {
    readonly published: number;
    readonly acknowledged: number;
    readonly delivered: number;
    readonly lost: number;
    readonly lostAfterAck: number;
    readonly duplicates: number;
    readonly unsent: number;
    readonly unexpected: number;
  };
  readonly latencyMs: LatencySummary;
  readonly connectMs: ShortSummary & {
    readonly tcp: ShortSummary;
    readonly tls: ShortSummary;
    readonly connack: ShortSummary;
  };
  readonly commands: {
    readonly sent: number;
    readonly answered: number;
    readonly unanswered: number;
    readonly rttMs: ShortSummary;
  };
  readonly throughput: {
    readonly publishedPerSec: number;
    readonly deliveredPerSec: number;
  };
  readonly errors: Readonly<Record<string, number>>;
  readonly probes: ProbeSummary & { readonly leaks: readonly { kind: string; deviceId: string }[] };
  readonly reconnects: {
    readonly tokenRefresh: number;
    readonly afterDisconnect: number;
  };
  readonly simulator: {
    readonly cpuSeconds: { readonly user: number; readonly system: number };
    readonly cpuMsPer1000Messages: number;
    readonly maxRssMb: number;
    /** Building the devices' TLS contexts before the load (not part of any connect time). */
    readonly tlsSetupSeconds: number;
    readonly schedulerLagMs: ShortSummary;
    readonly steadyState: SteadyState | null;
  };
}

export function shortSummary(summary: LatencySummary): ShortSummary {
  return { p50: summary.p50, p90: summary.p90, p99: summary.p99, max: summary.max };
}
