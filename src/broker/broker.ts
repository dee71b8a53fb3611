import type { Server, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { Aedes, type Client } from 'aedes';
import {
  type Authenticator,
  createAuthenticator,
  type IssuerKeyOptions,
  loadBrokerTokenKey,
} from '../auth/index.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';
import { openRegistry, type Registry } from '../registry/index.js';
import { ConnectThrottle } from './connect-throttle.js';
import { createDurableHooks } from './durable-hooks.js';
import { Enforcement } from './enforcement.js';
import { createHooks } from './hooks.js';
import { createTcpListener, createTlsListener, type ListenerAddress, listen } from './listeners.js';
import { type BrokerMetrics, createMetrics } from './metrics.js';
import { createOrphanWillCheck } from './orphan-will.js';
import { PacketSizeGuard } from './packet-size-guard.js';
import { type BrokerInternals, createPersistence } from './persistence.js';
import { SessionPurge } from './session-purge.js';
import { SessionTable } from './session-table.js';
import { publishOrphanedWills } from './will-sweep.js';

export interface BrokerOptions {
  readonly config: Config;
  readonly log: Logger;
  readonly now?: () => Date;
  readonly issuerKeyOptions?: IssuerKeyOptions;
  /** Skip the plain listener (tests and embedders that want TLS only). */
  readonly plainListener?: boolean;
}

export interface RunningBroker {
  readonly addresses: readonly ListenerAddress[];
  readonly metrics: Readonly<BrokerMetrics>;
  readonly registry: Registry;
  /** How many authenticated connections are live. */
  connectionCount(): number;
  /** Applies pending registry changes now instead of at the next poll. */
  pollChanges(): void;
  close(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 5000;

/** Starts the broker: registry, authenticator, aedes with Warden's hooks, and the listeners. */
export async function startBroker(options: BrokerOptions): Promise<RunningBroker> {
  const { config, log } = options;
  const now = options.now ?? (() => new Date());
  const registry = openRegistry(config.paths.database);
  const metrics = createMetrics();
  const sessions = new SessionTable();
  const brokerLog = log.child({ component: 'broker' });

  const authenticator: Authenticator = createAuthenticator({
    config,
    registry,
    brokerKey: await loadBrokerTokenKey(config.paths.tokenKey),
    now,
    ...(options.issuerKeyOptions === undefined
      ? {}
      : { issuerKeyOptions: options.issuerKeyOptions }),
  });
  syncIssuers(config, registry);
  const state = await createPersistence(config, {
    sessionLookup: (client) => sessions.get(client),
    metrics,
    log: brokerLog,
  });
  let aedesRef: BrokerInternals | undefined;
  const isConnected = (id: string) => aedesRef?.clients[id] !== undefined;
  const purge = new SessionPurge({ state, registry, metrics, log: brokerLog, isConnected });
  const enforcement = new Enforcement({
    config,
    registry,
    sessions,
    authenticator,
    metrics,
    log: brokerLog,
    onDeviceRemoved: (deviceId, seq) => void purge.removed(deviceId, seq),
  });
  const hooks = createHooks({
    config,
    authenticator,
    sessions,
    metrics,
    log: log.child({ component: 'auth' }),
    now,
    catchUp: (client, session, sinceSeq) => enforcement.catchUp(client, session, sinceSeq),
    changeSeq: () => enforcement.lastSeq,
    authorizeOrphanWill: createOrphanWillCheck(config, registry, brokerLog),
  });

  const durableHooks = createDurableHooks(hooks, {
    config,
    sessions,
    metrics,
    log: brokerLog,
    broker: () => aedes as unknown as BrokerInternals,
  });
  const aedes: Aedes = await Aedes.createBroker({
    ...hooks,
    ...durableHooks.hooks,
    id: state.brokerId,
    persistence: state.persistence,
    connectTimeout: config.limits.connectTimeoutMs,
    maxInflightInbound: config.limits.maxInflightQos2PerClient,
  });
  aedesRef = aedes as unknown as BrokerInternals;
  durableHooks.install(aedesRef);
  // aedes emits 'error' (e.g. from its will sweep); without a listener it would end the process.
  (aedes as unknown as NodeJS.EventEmitter).on('error', (error: Error) =>
    brokerLog.error({ err: error }, 'broker error'),
  );
  aedes.on('clientError', (client: Client, error: Error) =>
    brokerLog.debug({ clientId: client.id, err: error.message }, 'client error'),
  );

  const shutdown = () =>
    closeAll(servers, aedes, registry, async () => {
      await purge.settle();
      await state.close(SHUTDOWN_GRACE_MS);
    });
  // Before any listener opens: wills left by a crash, removals made while the broker was down.
  await publishOrphanedWills(aedes, state.persistence, brokerLog);
  await purge.catchUp(enforcement.lastSeq);

  const throttle = new ConnectThrottle(config.limits.maxConnectsPerAddressPerSecond);
  const onConnection = (socket: Socket | TLSSocket) => {
    const client = aedes.handle(socket);
    guardPacketSizes(client, () => sessions.get(client) !== undefined, config, metrics, brokerLog);
  };
  const onThrottled = (address: string) => {
    metrics.connectsThrottled += 1;
    brokerLog.warn({ remoteAddress: address }, 'connection throttled');
  };
  const listenerDeps = { config, throttle, onConnection, onThrottled };
  const servers: Server[] = [];
  const addresses: ListenerAddress[] = [];
  try {
    const tls = createTlsListener(listenerDeps);
    servers.push(tls);
    addresses.push(await listen(tls, 'mqtts', config.mqtts));
    if (options.plainListener !== false) {
      const tcp = createTcpListener(listenerDeps);
      servers.push(tcp);
      addresses.push(await listen(tcp, 'mqtt', config.mqtt));
    }
  } catch (error) {
    await shutdown();
    throw error;
  }
  for (const { name, host, port } of addresses) {
    brokerLog.info({ listener: name, host, port }, 'listening');
  }
  enforcement.start();

  return {
    addresses,
    metrics,
    registry,
    connectionCount: () => sessions.size,
    pollChanges: () => enforcement.poll(),
    close: async () => {
      enforcement.stop();
      await shutdown();
      brokerLog.info('broker stopped');
    },
  };
}

/** Bounds each packet by its declared length, tighter until the connection is authenticated. */
function guardPacketSizes(
  client: Client,
  isAuthenticated: () => boolean,
  config: Config,
  metrics: BrokerMetrics,
  log: Logger,
): void {
  const { maxPacketBytes, maxPreAuthPacketBytes } = config.limits;
  const guard = new PacketSizeGuard(() =>
    isAuthenticated() ? maxPacketBytes : maxPreAuthPacketBytes,
  );
  // aedes feeds socket data to its mqtt-packet parser through `_parser.parse`; wrapping that
  // one call is the cheapest place to see every byte before the parser buffers it.
  const internals = client as unknown as { _parser: { parse(chunk: Buffer): number } };
  const parser = internals._parser;
  const parse = parser.parse.bind(parser);
  parser.parse = (chunk: Buffer) => {
    const fault = guard.inspect(chunk);
    if (fault === undefined) return parse(chunk);
    metrics.oversizedPackets += 1;
    log.warn(
      { remoteAddress: (client.conn as Socket).remoteAddress, reason: fault },
      'oversized packet, connection closed',
    );
    client.conn.destroy();
    return 0;
  };
}

function syncIssuers(config: Config, registry: Registry): void {
  for (const issuer of config.issuers) {
    registry.upsertIssuer({ name: issuer.name, issuer: issuer.issuer, jwksUri: issuer.jwksUri });
  }
}

async function closeAll(
  servers: Server[],
  aedes: Aedes,
  registry: Registry,
  closeState: () => Promise<void>,
): Promise<void> {
  for (const server of servers) server.close();
  const closed = new Promise<void>((resolve) => aedes.close(() => resolve()));
  const grace = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
  await Promise.race([closed, grace]);
  // After aedes: closing clients still write (wills, QoS 2 cleanup) to the state store.
  await closeState();
  if (registry.isOpen) registry.close();
}
