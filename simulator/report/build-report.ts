import type { VirtualDevice } from '../device/virtual-device.js';
import type { SimulationOptions } from '../options.js';
import type { ProvisioningSummary } from '../provision/provision-fleet.js';
import type { ProbeLedger } from '../rogue/probe-ledger.js';
import type { Scenario } from '../scenario/scenario.js';
import { countDeliveries } from './device-ledger.js';
import type { RunMetrics } from './run-metrics.js';
import { type SimulationReport, shortSummary } from './simulation-report.js';
import type { SteadyState } from './steady-window.js';

/** What a finished run hands over to be reported. */
export interface RunOutcome {
  readonly options: SimulationOptions;
  readonly url: string;
  readonly scenario: Scenario;
  readonly sourceAddresses: readonly string[];
  readonly provisioning: ProvisioningSummary | null;
  readonly devices: readonly VirtualDevice[];
  readonly connectedAtEnd: number;
  readonly metrics: RunMetrics;
  readonly probes: ProbeLedger;
  readonly unansweredCommands: number;
  readonly startedAt: Date;
  readonly cpu: NodeJS.CpuUsage;
  readonly steadyState: SteadyState | null;
}

const MS_PER_SECOND = 1000;
const KB_PER_MB = 1024;

/** Builds the report: loss from the ledgers, percentiles from the histograms, rates from spans. */
export function buildReport(outcome: RunOutcome): SimulationReport {
  const { options, metrics, devices } = outcome;
  const deliveries = countDeliveries(devices.map((device) => device.ledger));
  const falseDenials = metrics.falseDenials + lostControls(devices);
  const connected = devices.filter((device) => device.everConnected).length;
  const notStarted = devices.filter((device) => !device.started).length;
  const cpuMs = (outcome.cpu.user + outcome.cpu.system) / MS_PER_SECOND;

  return {
    version: 1,
    startedAt: outcome.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    run: {
      url: outcome.url,
      seed: options.seed,
      qos: options.qos,
      payload: options.payload,
      durationSeconds: options.durationMs / MS_PER_SECOND,
      connectRatePerSecond: options.connectRate,
      intervalMs: options.intervalMs,
      roguePercent: options.roguePercent,
      groups: outcome.scenario.groups.map(({ name, count, model }) => ({ name, count, model })),
      sourceAddresses: outcome.sourceAddresses,
    },
    provisioning: outcome.provisioning,
    devices: {
      requested: devices.length,
      connected,
      failed: devices.length - connected - notStarted,
      notStarted,
      connectedAtEnd: outcome.connectedAtEnd,
      byAuth: {
        cert: devices.filter((device) => device.identity.auth === 'cert').length,
        jwt: devices.filter((device) => device.identity.auth === 'jwt').length,
      },
    },
    messages: { ...deliveries, unexpected: metrics.unexpected },
    latencyMs: metrics.latency.summary(),
    connectMs: {
      ...shortSummary(metrics.connect.total.summary()),
      tcp: shortSummary(metrics.connect.tcp.summary()),
      tls: shortSummary(metrics.connect.tls.summary()),
      connack: shortSummary(metrics.connect.connack.summary()),
    },
    commands: {
      sent: metrics.commandsSent,
      answered: metrics.commandsAnswered,
      unanswered: outcome.unansweredCommands,
      rttMs: shortSummary(metrics.commandRtt.summary()),
    },
    throughput: {
      publishedPerSec: perSecond(
        deliveries.published,
        metrics.firstPublishMs,
        metrics.lastPublishMs,
      ),
      deliveredPerSec: perSecond(
        metrics.deliveries,
        metrics.firstDeliveryMs,
        metrics.lastDeliveryMs,
      ),
    },
    errors: Object.fromEntries([...metrics.errors].sort(([a], [b]) => a.localeCompare(b))),
    probes: { ...outcome.probes.summary(falseDenials), leaks: outcome.probes.leaks() },
    reconnects: {
      tokenRefresh: metrics.tokenRefreshes,
      afterDisconnect: metrics.reconnectsAfterDisconnect,
    },
    simulator: {
      cpuSeconds: {
        user: round(outcome.cpu.user / 1e6, 3),
        system: round(outcome.cpu.system / 1e6, 3),
      },
      cpuMsPer1000Messages:
        deliveries.published > 0 ? round((cpuMs * 1000) / deliveries.published, 1) : 0,
      maxRssMb: Math.round(process.resourceUsage().maxRSS / KB_PER_MB),
      tlsSetupSeconds: round(metrics.tlsSetupMs / MS_PER_SECOND, 3),
      schedulerLagMs: shortSummary(metrics.schedulerLag.summary()),
      steadyState: outcome.steadyState,
    },
  };
}

/** Rogue devices whose reading right after their probes was sent but never delivered. */
function lostControls(devices: readonly VirtualDevice[]): number {
  return devices.filter(({ controlSeq, ledger }) => {
    if (controlSeq === undefined || controlSeq > ledger.lastSentSeq) return false;
    return !ledger.received.has(controlSeq);
  }).length;
}

function perSecond(count: number, firstMs: number, lastMs: number): number {
  const spanMs = lastMs - firstMs;
  if (!(spanMs > 0)) return 0;
  return round((count * MS_PER_SECOND) / spanMs, 1);
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
