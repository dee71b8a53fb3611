import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { openFleet } from '../../src/fleet/index.js';
import { type Connection, openConnection } from '../lib/connection.js';
import type { BenchDevice } from '../setup/provision.js';
import { sleep } from '../targets/process.js';
import { percentile, type ScenarioContext, sortNumbers } from './context.js';
import type { IdleConnections } from './idle-memory.js';

const CUT_TIMEOUT_MS = 10_000;
const CONNECT_TIMEOUT_MS = 10_000;
const REASON = 'keyCompromise';

/**
 * Warden only: every idle connection's certificate revoked in one registry transaction, as an
 * operator's script would through the fleet, while the broker (another process) follows the
 * change feed. The cut time of each connection counts from the commit.
 */
export async function runRevocationCut(
  context: ScenarioContext,
  home: string,
  idle: IdleConnections,
): Promise<void> {
  const serials = new Map(context.devices.idlePool.map((device) => [device.id, device.serial]));
  const live = [...idle.connections.entries()].filter(
    ([, connection]) => connection.closedAt === undefined,
  );
  const fleet = openFleet(loadConfig({ home }, {}));
  let committedAt: number;
  const startedAt = performance.now();
  try {
    fleet.registry.transaction(() => {
      for (const [deviceId] of live) fleet.revokeCertificate(serials.get(deviceId) ?? '', REASON);
    });
    committedAt = performance.now();
  } finally {
    fleet.close();
  }

  context.record('revocation-cut', 'devices revoked at once', live.length, 'devices');
  context.record('revocation-cut', 'revocation commit time', committedAt - startedAt, 'ms');
  await recordCuts(context, live, committedAt);
  for (const [, connection] of live) connection.destroy();
}

/**
 * The reference for the revocation cut, on plain aedes: every idle connection destroyed at once
 * by the broker on a signal, with nothing to decide. The generator notices 1,000 closes one after
 * another, so this is the floor any broker's cut is measured against here.
 */
export async function runCutFloor(context: ScenarioContext, idle: IdleConnections): Promise<void> {
  const live = [...idle.connections.entries()].filter(
    ([, connection]) => connection.closedAt === undefined,
  );
  const signalledAt = performance.now();
  process.kill(context.pid, 'SIGUSR2');
  await recordCuts(context, live, signalledAt);
}

async function recordCuts(
  context: ScenarioContext,
  live: readonly (readonly [string, Connection])[],
  from: number,
): Promise<void> {
  const timeout = sleep(CUT_TIMEOUT_MS);
  await Promise.race([Promise.all(live.map(([, connection]) => connection.closed)), timeout]);
  const cuts = live
    .map(([, connection]) => connection.closedAt)
    .filter((closedAt): closedAt is number => closedAt !== undefined)
    .map((closedAt) => closedAt - from);
  const sorted = sortNumbers(cuts);

  const scenario = 'revocation-cut';
  context.record(scenario, 'cut p50', percentile(sorted, 0.5), 'ms');
  context.record(scenario, 'cut p99', percentile(sorted, 0.99), 'ms');
  context.record(scenario, 'cut max', sorted[sorted.length - 1] ?? Number.NaN, 'ms');
  if (cuts.length < live.length) {
    context.note(
      `${context.target} revocation-cut: ${live.length - cuts.length} connections ` +
        `not cut in ${CUT_TIMEOUT_MS} ms`,
    );
  }
}

/** One device revoked by `warden cert revoke`, a process of its own: command start to cut. */
export async function runCliRevocation(
  context: ScenarioContext,
  root: string,
  home: string,
  device: BenchDevice,
): Promise<void> {
  const { connection } = await openConnection({
    port: context.port,
    credentials: context.identities.mtls(device),
    timeoutMs: CONNECT_TIMEOUT_MS,
  });
  const startedAt = performance.now();
  const cli = spawn(
    process.execPath,
    [join(root, 'bin', 'warden.js'), 'cert', 'revoke', '--device', device.id, '--home', home],
    { stdio: 'ignore' },
  );
  const exited = new Promise<number>((resolve) =>
    cli.once('exit', () => resolve(performance.now())),
  );
  const closedAt = await Promise.race([
    connection.closed,
    sleep(CUT_TIMEOUT_MS).then(() => undefined),
  ]);
  const exitedAt = await exited;
  if (closedAt === undefined) {
    connection.destroy();
    throw new Error('`warden cert revoke` did not cut the connection');
  }
  context.record('revocation-cli', 'command start to cut', closedAt - startedAt, 'ms');
  context.record('revocation-cli', 'command run time', exitedAt - startedAt, 'ms');
}
