import type { ProvisioningSummary } from '../provision/provision-fleet.js';
import type { SimulationReport } from '../report/simulation-report.js';

/** The report in a dozen lines, for a person at a terminal. */
export function formatSummary(report: SimulationReport, reportFile?: string): string {
  const provisioned = report.provisioning === null ? [] : [formatProvisioning(report.provisioning)];
  const lines = [
    ...provisioned,
    line('devices', devicesText(report)),
    line('messages', messagesText(report)),
    line('latency', percentiles(report.latencyMs)),
    line('connect', connectText(report)),
    line('throughput', throughputText(report)),
    line('commands', commandsText(report)),
    line('probes', probesText(report)),
    line('reconnects', reconnectsText(report)),
    line('errors', errorsText(report)),
    ...(reportFile === undefined ? [] : [line('report', reportFile)]),
  ];
  return `${lines.join('\n')}\n`;
}

export function formatProvisioning(summary: ProvisioningSummary): string {
  const { certificates, tokens, reused, seconds } = summary;
  const counts = `${certificates} certificates, ${tokens} tokens, ${reused} reused`;
  const rates =
    `${summary.devicesPerSecond} devices/s, ` + `${summary.certificatesPerSecond} certificates/s`;
  const text = `provisioned ${summary.devices} devices (${counts}) in ${seconds.total}s: ${rates}`;
  if (!summary.policiesWritten) return text;
  return `${text}\n${line('warden.yaml', 'simulator policies added: restart a running broker')}`;
}

function line(label: string, text: string): string {
  return `${label.padEnd(11)} ${text}`;
}

function devicesText({ devices }: SimulationReport): string {
  const { requested, connected, failed, notStarted, byAuth } = devices;
  const late = notStarted === 0 ? '' : `, ${notStarted} not started (ramp longer than the load)`;
  return (
    `${requested} requested, ${connected} connected, ${failed} failed${late} ` +
    `(${byAuth.cert} cert, ${byAuth.jwt} jwt)`
  );
}

function messagesText({ messages }: SimulationReport): string {
  const { published, delivered, lost, duplicates, unsent } = messages;
  return (
    `${published} published, ${delivered} delivered, ${lost} lost, ` +
    `${duplicates} duplicates, ${unsent} unsent`
  );
}

function connectText({ connectMs }: SimulationReport): string {
  const phases = `tcp ${ms(connectMs.tcp.p50)}, tls ${ms(connectMs.tls.p50)}`;
  return `${percentiles(connectMs)}  (p50 ${phases}, connack ${ms(connectMs.connack.p50)})`;
}

function throughputText({ throughput }: SimulationReport): string {
  return `${throughput.publishedPerSec}/s published, ${throughput.deliveredPerSec}/s delivered`;
}

function commandsText({ commands }: SimulationReport): string {
  const { sent, answered, rttMs } = commands;
  return `${sent} sent, ${answered} answered, rtt p50 ${ms(rttMs.p50)} p99 ${ms(rttMs.p99)}`;
}

function probesText({ probes }: SimulationReport): string {
  const { attempted, denied, leaked, inconclusive, falseDenials } = probes;
  return (
    `${attempted} attempted, ${denied} denied, ${leaked} leaked, ` +
    `${inconclusive} inconclusive, ${falseDenials} false denials`
  );
}

function reconnectsText({ reconnects }: SimulationReport): string {
  return `${reconnects.tokenRefresh} token refresh, ${reconnects.afterDisconnect} after disconnect`;
}

function errorsText({ errors }: SimulationReport): string {
  const kinds = Object.entries(errors).map(([kind, count]) => `${kind} ${count}`);
  return kinds.length === 0 ? 'none' : kinds.join(', ');
}

function percentiles(summary: { p50: number; p90: number; p99: number; max: number }): string {
  return [
    `p50 ${ms(summary.p50)}`,
    `p90 ${ms(summary.p90)}`,
    `p99 ${ms(summary.p99)}`,
    `max ${ms(summary.max)}`,
  ].join('  ');
}

function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)}ms`;
}
