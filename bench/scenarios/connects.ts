import { type Credentials, openConnection } from '../lib/connection.js';
import { brokerCpuDuring } from '../lib/proc.js';
import type { BenchDevice } from '../setup/provision.js';
import { sleep } from '../targets/process.js';
import {
  percentile,
  runLanes,
  type ScenarioContext,
  scaledMs,
  sortNumbers,
  sourceAddress,
} from './context.js';

export type ConnectKind = 'mtls' | 'token' | 'mtls-resumed';

const CONNECT_TIMEOUT_MS = 10_000;
/** Lets the broker finish the last closes before its CPU is read. */
const SETTLE_MS = 200;
const MS_PER_SECOND = 1000;
const MAX_FAILURE_SHARE = 0.01;
const RESUMING_DEVICES = 40;

/**
 * Connect, CONNACK, DISCONNECT, close: `connects` times on a few lanes at once. Reports the
 * broker's CPU per connect (the whole cycle, close included) and connects per broker
 * core-second, which hold however fast the generator is, and the connect latency it saw.
 */
export async function runConnectStorm(context: ScenarioContext, kind: ConnectKind): Promise<void> {
  const { profile } = context;
  const sessions =
    kind === 'mtls-resumed' ? await primeSessions(context, connectPool(context, kind)) : undefined;

  const deadline = performance.now() + profile.connectSeconds * MS_PER_SECOND;
  const generatorBefore = process.cpuUsage();
  const measured = await brokerCpuDuring(context.pid, async () => {
    const done = await connectCycles(context, kind, {
      count: profile.connects,
      concurrency: profile.connectConcurrency,
      deadline,
      sessions,
    });
    await sleep(SETTLE_MS);
    return done;
  });

  const { latencies, failures, resumed, lastError, attempted } = measured.result;
  const scenario = `connect-${kind}`;
  const ok = latencies.length;
  const sorted = sortNumbers(latencies);
  context.record(scenario, 'broker CPU per connect', measured.cpuMs / Math.max(1, ok), 'ms');
  context.record(
    scenario,
    'connects per broker core-second',
    (ok * MS_PER_SECOND) / Math.max(1, measured.cpuMs),
    'connects/s',
  );
  context.record(scenario, 'connect p50', percentile(sorted, 0.5), 'ms');
  context.record(scenario, 'connect p99', percentile(sorted, 0.99), 'ms');
  context.record(
    scenario,
    'connects per second (wall)',
    (ok * MS_PER_SECOND) / measured.wallMs,
    'connects/s',
  );
  context.record(scenario, 'broker core busy', (100 * measured.cpuMs) / measured.wallMs, '%');
  const generator = process.cpuUsage(generatorBefore);
  const generatorMs = (generator.user + generator.system) / MS_PER_SECOND;
  context.record(scenario, 'generator core busy', (100 * generatorMs) / measured.wallMs, '%');
  if (kind === 'mtls-resumed')
    context.record(scenario, 'resumed share', (100 * resumed) / Math.max(1, ok), '%');
  if (failures > 0) {
    context.note(
      `${context.target} ${scenario}: ${failures} of ${attempted} failed (${lastError})`,
    );
  }
  if (failures > MAX_FAILURE_SHARE * attempted) {
    throw new Error(`${scenario}: ${failures} of ${attempted} connects failed: ${lastError}`);
  }
}

export interface CycleOptions {
  /** Cycles to run, at most; fewer when the deadline (performance.now()) passes first. */
  readonly count: number;
  readonly concurrency: number;
  readonly deadline: number;
  /** TLS sessions by device id, resumed and renewed by each cycle (resumed connects only). */
  readonly sessions?: Map<string, Buffer> | undefined;
}

export interface CycleResult {
  /** Cycles started. */
  readonly attempted: number;
  /** Connect latency of every cycle that got its CONNACK, in milliseconds. */
  readonly latencies: readonly number[];
  readonly failures: number;
  readonly resumed: number;
  readonly lastError: string;
}

/**
 * Connect, CONNACK, DISCONNECT, wait for the close: `count` times on `concurrency` lanes,
 * devices of the connect pool taken round-robin. Resolves once every cycle has ended.
 */
export async function connectCycles(
  context: ScenarioContext,
  kind: ConnectKind,
  options: CycleOptions,
): Promise<CycleResult> {
  const pool = connectPool(context, kind);
  const { sessions } = options;
  const credentials = (device: BenchDevice): Credentials =>
    kind === 'token' ? context.identities.token(device) : context.identities.mtls(device);
  const latencies: number[] = [];
  let failures = 0;
  let resumed = 0;
  let lastError = '';
  const attempted = await runLanes(
    options.count,
    options.concurrency,
    options.deadline,
    async (index) => {
      const device = pool[index % pool.length] as BenchDevice;
      const session = sessions?.get(device.id);
      try {
        const opened = await openConnection({
          port: context.port,
          credentials: credentials(device),
          localAddress: sourceAddress(index),
          timeoutMs: scaledMs(context, CONNECT_TIMEOUT_MS),
          ...(session === undefined ? {} : { session }),
        });
        latencies.push(opened.connectMs);
        if (opened.resumed) resumed += 1;
        await opened.connection.disconnect();
        if (sessions !== undefined && opened.connection.session !== undefined) {
          sessions.set(device.id, opened.connection.session);
        }
      } catch (error) {
        failures += 1;
        lastError = String(error);
      }
    },
  );
  return { attempted, latencies, failures, resumed, lastError };
}

/** Resumption reconnects the same few devices again and again, as a reconnect storm does. */
function connectPool(context: ScenarioContext, kind: ConnectKind): readonly BenchDevice[] {
  return kind === 'mtls-resumed'
    ? context.devices.connectPool.slice(0, RESUMING_DEVICES)
    : context.devices.connectPool;
}

/** One full handshake per device, outside the measurement, to hold a session to resume. */
async function primeSessions(context: ScenarioContext, pool: readonly BenchDevice[]) {
  const sessions = new Map<string, Buffer>();
  const primed = pool.length;
  const deadline = performance.now() + context.profile.connectSeconds * MS_PER_SECOND;
  await runLanes(primed, context.profile.connectConcurrency, deadline, async (index) => {
    const device = pool[index] as BenchDevice;
    const opened = await openConnection({
      port: context.port,
      credentials: context.identities.mtls(device),
      localAddress: sourceAddress(index),
      timeoutMs: scaledMs(context, CONNECT_TIMEOUT_MS),
    });
    await opened.connection.disconnect();
    if (opened.connection.session !== undefined) sessions.set(device.id, opened.connection.session);
  });
  return sessions;
}
