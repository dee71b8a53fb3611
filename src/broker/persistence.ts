import { createRequire } from 'node:module';
import type { Client, PublishPacket } from 'aedes';
import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';
import { authorizeSubscribe } from '../policy/index.js';
import { completeBounded } from './bounded-completion.js';
import { nextBrokerId } from './broker-id.js';
import { EmitOrder } from './emit-order.js';
import { MatchMemo } from './match-memo.js';
import type { BrokerMetrics } from './metrics.js';
import { PublishBatches, type StampedPacket } from './publish-batches.js';
import { QueueBound } from './queue-bound.js';
import type { Session } from './session.js';
import { openStateDb, type StateDb, type WriteOp } from './state-db.js';
import { inflightRange, inflightScope, queueRange } from './state-keys.js';
import { WILL_CREDENTIAL_FIELD, type WillCredential } from './will-credential.js';

const require = createRequire(import.meta.url);
/** The async class: aedes 1.2 refuses a persistence whose `setup` is not an AsyncFunction. */
const AsyncLevelPersistence = require('aedes-persistence-level/asyncPersistence.js') as new (
  db: StateDb,
) => LevelPersistence;
/** The codec the library stores values with, resolved from where the library resolves it. */
/** Topics whose matching persistent subscriptions are remembered (match-memo.ts). */
const REMEMBERED_TOPICS = 4096;
/** Shared by the calls that have nothing to wait for. */
const DONE: Promise<undefined> = Promise.resolve(undefined);
const msgpack = createRequire(require.resolve('aedes-persistence-level'))('msgpack-lite') as {
  decode(buffer: Buffer): unknown;
};

type SessionLookup = (client: Client) => Session | undefined;
type Packet = PublishPacket & StampedPacket & { clientId?: string };
type ClientRef = { readonly id: string };

interface StoredSubscription {
  readonly clientId: string;
  readonly topic: string;
  readonly qos: number;
}

/** The calls of aedes-persistence-level 9 that Warden wraps or uses. */
export interface LevelPersistence {
  setup(broker: BrokerInternals): Promise<void>;
  storeRetained(packet: Packet): Promise<void>;
  createRetainedStream(pattern: string): AsyncIterable<Packet>;
  addSubscriptions(client: ClientRef, subs: readonly { topic: string }[]): Promise<void>;
  removeSubscriptions(client: ClientRef, topics: readonly string[]): Promise<void>;
  cleanSubscriptions(client: ClientRef): Promise<void>;
  outgoingEnqueueCombi(subs: StoredSubscription[], packet: Packet): Promise<void>;
  outgoingUpdate(client: ClientRef, packet: Packet): Promise<void>;
  outgoingClearMessageId(client: ClientRef, packet: Packet): Promise<Packet | undefined>;
  subscriptionsByTopic(topic: string): Promise<StoredSubscription[]>;
  incomingStorePacket(client: ClientRef, packet: Packet): Promise<void>;
  incomingGetPacket(client: ClientRef, packet: Packet): Promise<Packet>;
  cleanIncoming(client: ClientRef): Promise<void>;
  putWill(client: ClientRef, packet: Packet): Promise<void>;
  delWill(client: ClientRef): Promise<Packet | undefined>;
  streamWill(brokers?: Record<string, number>): AsyncIterable<Packet & { clientId: string }>;
  destroy(): Promise<void>;
}

/** The parts of the aedes instance the persistence reaches into. */
export interface BrokerInternals {
  id: string;
  counter: number;
  readonly clients: Record<string, unknown>;
  publish(packet: Packet, client: Client | null, done?: (error?: Error) => void): void;
  /** aedes' router (mqemitter): the publish step that hands a message to subscribers. */
  readonly mq: { emit(packet: Packet, done?: (error?: Error) => void): void };
}

export interface PersistenceDeps {
  readonly sessionLookup: SessionLookup;
  readonly metrics: BrokerMetrics;
  readonly log: Logger;
}

/** The MQTT state store: what aedes persists through, and what Warden does to it directly. */
export interface MqttState {
  /** Hand this to aedes as `persistence`. */
  readonly persistence: LevelPersistence;
  /** Hand this to aedes as `id`: later runs sort after earlier ones. */
  readonly brokerId: string;
  readonly db: StateDb;
  /** Deletes everything stored for one session: subscriptions, queue, QoS 2 state, will. */
  purgeSession(clientId: string): Promise<void>;
  /** How many messages are queued for a session (offline or unacknowledged). */
  queued(clientId: string): number;
  close(graceMs: number): Promise<void>;
}

/**
 * Opens the MQTT state (LevelDB by default, see state-db.ts) and wraps aedes-persistence-level
 * with Warden's guarantees:
 *
 * - a SUBSCRIBE's denied filters never enter a persistent session (aedes stores every filter
 *   of the packet once any one of them is granted), so nothing is queued for them;
 * - all writes of one publish (QoS 2 receipt, retained message, offline queues) are one
 *   atomic batch, committed before the publish is acknowledged (see durable-publish.ts);
 * - each offline session's queue is bounded (queue-bound.ts).
 *
 * Throws ERR_PERSISTENCE_UNAVAILABLE when the store cannot be opened.
 */
export async function createPersistence(config: Config, deps: PersistenceDeps): Promise<MqttState> {
  const db = await openStateDb(config);
  const brokerId = await nextBrokerId(db);
  const persistence = new AsyncLevelPersistence(db);
  const batches = new PublishBatches();
  batches.brokerId = brokerId;
  let broker: BrokerInternals | undefined;
  const purging = new Set<string>();
  const queue = new QueueBound({
    db,
    maxPerSession: config.limits.maxQueuedMessagesPerSession,
    metrics: deps.metrics,
    log: deps.log,
    messageIdOf: (value) => (msgpack.decode(value) as { messageId?: number }).messageId,
    isConnected: (clientId) => broker?.clients[clientId] !== undefined,
  });
  await queue.load();

  const inner = bindAll(persistence);
  persistence.setup = async (instance) => {
    await inner.setup(instance);
    broker = instance;
    stampPublishes(instance, batches);
  };

  const matches = new MatchMemo<StoredSubscription[]>(REMEMBERED_TOPICS);
  persistence.subscriptionsByTopic = (topic) => matches.lookup(topic, inner.subscriptionsByTopic);

  persistence.addSubscriptions = (client, subs) => {
    const session = deps.sessionLookup(client as Client);
    const granted =
      session === undefined
        ? []
        : subs.filter((sub) => authorizeSubscribe(session.grants, sub.topic).allowed);
    return matches.changing(() => inner.addSubscriptions(client, granted));
  };
  persistence.removeSubscriptions = (client, topics) =>
    matches.changing(() => inner.removeSubscriptions(client, topics));
  persistence.cleanSubscriptions = (client) =>
    matches.changing(() => inner.cleanSubscriptions(client));

  // A will outlives its connection only as long as the credential it was stored under.
  persistence.putWill = (client, packet) => {
    const identity = deps.sessionLookup(client as Client)?.identity;
    const credential: WillCredential | undefined =
      identity === undefined
        ? undefined
        : { credential: identity.credential, expiresAtMs: identity.expiresAt?.getTime() ?? null };
    const will = { ...packet, [WILL_CREDENTIAL_FIELD]: credential } as Packet;
    return inner.putWill(client, will);
  };

  persistence.incomingStorePacket = async (client, packet) => {
    const ops: WriteOp[] = [];
    await db.capture(ops, () => inner.incomingStorePacket(client, packet));
    batches.holdReceipt(packet, receiptKey(client, packet), { ...packet }, ops);
  };

  persistence.incomingGetPacket = (client, packet) => {
    const held = batches.heldReceipt(receiptKey(client, packet));
    return held === undefined
      ? inner.incomingGetPacket(client, packet)
      : Promise.resolve(held as Packet);
  };

  persistence.storeRetained = (packet) => {
    const batch = batches.find(packet);
    if (batch === undefined) return inner.storeRetained(packet);
    return db.capture(batch.ops, () => inner.storeRetained(packet));
  };

  // aedes calls this for every QoS 1 and 2 publish, as the last step before routing it; most
  // match no persistent session.
  persistence.outgoingEnqueueCombi = (subs, packet) => {
    const live = purging.size === 0 ? subs : subs.filter((sub) => !purging.has(sub.clientId));
    const batch = batches.find(packet);
    if (live.length > 0) return enqueue(live, packet, batch?.ops ?? []);
    return batch === undefined ? DONE : db.commit(batch.ops);
  };
  const enqueue = async (live: StoredSubscription[], packet: Packet, ops: WriteOp[]) => {
    await db.capture(ops, () => inner.outgoingEnqueueCombi(live, packet));
    await db.commit(ops);
    for (const sub of live) queue.added(sub.clientId);
    queue.enforce(live.map((sub) => sub.clientId));
  };

  // Every PUBACK asks; a client with no message in flight from storage has nothing to clear.
  const inflightScopes = new WeakMap<ClientRef, string>();
  persistence.outgoingClearMessageId = (client, packet) => {
    let scope = inflightScopes.get(client);
    if (scope === undefined) {
      scope = inflightScope(client.id);
      inflightScopes.set(client, scope);
    }
    return db.index.mayHold(scope) ? clearInflight(client, packet) : DONE;
  };
  const clearInflight = async (client: ClientRef, packet: Packet) => {
    const cleared = await inner.outgoingClearMessageId(client, packet);
    if (cleared !== undefined) queue.removed(client.id);
    return cleared;
  };

  persistence.outgoingUpdate = async (client, packet) => {
    try {
      await inner.outgoingUpdate(client, packet);
    } catch (error) {
      // The message was dropped by the queue bound while it was being sent: send it anyway;
      // its acknowledgement then finds nothing to clear.
      if ((error as Error).message !== 'no such packet') throw error;
    }
  };

  const purgeSession = async (clientId: string) => {
    purging.add(clientId);
    try {
      const client = { id: clientId };
      await persistence.cleanSubscriptions(client);
      await persistence.cleanIncoming(client);
      await persistence.delWill(client);
      await db.clear(queueRange(clientId));
      await db.clear(inflightRange(clientId));
      queue.forget(clientId);
    } finally {
      purging.delete(clientId);
    }
  };

  return {
    persistence,
    brokerId,
    db,
    purgeSession,
    queued: (clientId) => queue.queued(clientId),
    close: async (graceMs) => {
      await queue.settle();
      await db.close(graceMs);
    },
  };
}

function receiptKey(client: ClientRef, packet: Packet): string {
  return `${client.id}\u0000${packet.messageId}`;
}

/**
 * Stamps broker id and counter on every message as it is published, before aedes copies it,
 * and registers the counter so that messages are routed in counter order (emit-order.ts).
 * QoS 2 messages and retained QoS 1 messages, which may write more than their offline queues,
 * also get a write batch under that counter (see publish-batches.ts); a plain QoS 1 message
 * writes only its queues, which outgoingEnqueueCombi batches on its own.
 */
function stampPublishes(broker: BrokerInternals, batches: PublishBatches): void {
  const publish = broker.publish.bind(broker);
  const order = new EmitOrder(broker.mq.emit.bind(broker.mq));
  broker.mq.emit = (packet, done) =>
    order.route(packet.brokerId === broker.id ? packet.brokerCounter : undefined, packet, done);
  broker.publish = (packet, clientOrDone, maybeDone) => {
    const client = typeof clientOrDone === 'function' ? null : clientOrDone;
    const done = typeof clientOrDone === 'function' ? clientOrDone : maybeDone;
    broker.counter += 1;
    const counter = broker.counter;
    packet.brokerId = broker.id;
    packet.brokerCounter = counter;
    // A plain QoS 0 message is routed before publish returns: with nothing pending before it,
    // it has nothing to wait for and nothing can start before it is routed.
    if (packet.qos === 0 && !packet.retain && order.pending === 0) {
      return publish(packet, client, done);
    }
    order.start(counter);
    const batched = client !== null && (packet.qos === 2 || (packet.qos === 1 && packet.retain));
    if (batched) batches.open(packet, counter, packet.qos);
    publish(packet, client, (error) => {
      if (batched) batches.close(counter);
      order.end(counter);
      if (done !== undefined) completeBounded(done, error);
    });
  };
}

/** The library's own methods, bound, before Warden's wrappers replace them on the instance. */
function bindAll(persistence: LevelPersistence): LevelPersistence {
  const proto = Object.getPrototypeOf(persistence) as LevelPersistence;
  const bound = {} as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const member: unknown = Object.getOwnPropertyDescriptor(proto, name)?.value;
    if (typeof member === 'function' && name !== 'constructor') {
      bound[name] = (member as (...args: unknown[]) => unknown).bind(persistence);
    }
  }
  return bound as unknown as LevelPersistence;
}
