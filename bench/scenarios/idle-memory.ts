import { type Connection, openConnection } from '../lib/connection.js';
import { rssKb } from '../lib/proc.js';
import type { BenchDevice } from '../setup/provision.js';
import { sleep } from '../targets/process.js';
import { runLanes, type ScenarioContext, sourceAddress } from './context.js';

const CONNECT_TIMEOUT_MS = 10_000;
const CONCURRENCY = 64;
const WARMUP_CONNECTS = 50;
const SETTLE_MS = 1000;
const OPEN_SECONDS = 60;
const KB_PER_MB = 1024;
const PER_THOUSAND = 1000;

export interface IdleConnections {
  readonly connections: ReadonlyMap<string, Connection>;
}

/**
 * Broker memory per 1,000 idle TLS connections: RSS before and after opening them (mTLS, each
 * authenticated and then silent), after a short warm-up so the handshake code is loaded and the
 * heap has grown once. The connections stay open for the caller (Warden's revocation run).
 */
export async function openIdleConnections(context: ScenarioContext): Promise<IdleConnections> {
  const pool = context.devices.idlePool.slice(0, context.profile.idleConnections);
  const deadline = performance.now() + OPEN_SECONDS * 1000;
  await runLanes(WARMUP_CONNECTS, CONCURRENCY, deadline, async (index) => {
    const opened = await openConnection({
      port: context.port,
      credentials: context.identities.mtls(pool[index % pool.length] as BenchDevice),
      localAddress: sourceAddress(index),
      timeoutMs: CONNECT_TIMEOUT_MS,
    });
    await opened.connection.disconnect();
  });
  await sleep(SETTLE_MS);

  const before = rssKb(context.pid);
  const connections = new Map<string, Connection>();
  let failures = 0;
  await runLanes(pool.length, CONCURRENCY, deadline, async (index) => {
    const device = pool[index] as BenchDevice;
    try {
      const opened = await openConnection({
        port: context.port,
        credentials: context.identities.mtls(device),
        localAddress: sourceAddress(index),
        timeoutMs: CONNECT_TIMEOUT_MS,
      });
      connections.set(device.id, opened.connection);
    } catch {
      failures += 1;
    }
  });
  await sleep(SETTLE_MS);
  const after = rssKb(context.pid);

  const open = connections.size;
  context.record('idle-connections', 'connections held', open, 'connections');
  context.record(
    'idle-connections',
    'RSS per 1,000 idle TLS connections',
    ((after - before) * PER_THOUSAND) / Math.max(1, open) / KB_PER_MB,
    'MB',
  );
  context.record('idle-connections', 'RSS with connections', after / KB_PER_MB, 'MB');
  if (failures > 0)
    context.note(`${context.target} idle-connections: ${failures} failed to connect`);
  return { connections };
}

export async function closeIdleConnections(idle: IdleConnections): Promise<void> {
  await Promise.all([...idle.connections.values()].map((connection) => connection.disconnect()));
}
