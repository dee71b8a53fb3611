import { type Connection, openConnection } from '../lib/connection.js';
import {
  encodePuback,
  encodePublish,
  encodeSubscribe,
  type Frame,
  PACKET,
  publishMessageId,
} from '../lib/mqtt-wire.js';
import { cpuMs } from '../lib/proc.js';
import { COLLECTOR_ID, TELEMETRY_FILTER } from '../setup/provision.js';
import { sleep } from '../targets/process.js';
import { type ScenarioContext, scaledMs, sourceAddress } from './context.js';

const CONNECT_TIMEOUT_MS = 10_000;
const PAYLOAD_BYTES = 64;
/** Messages per write: a device flushing a burst, and a generator that stays cheap. */
const BATCH = 25;
/** QoS 1: unacknowledged messages a publisher may have in flight. */
const PUBLISHER_WINDOW = 200;
const DRAIN_MS = 2000;
const MS_PER_SECOND = 1000;
const MAX_MESSAGE_ID = 65535;
const SUBACK_FAILURE = 0x80;

interface Publisher {
  readonly connection: Connection;
  readonly template: ReturnType<typeof encodePublish>;
  /** QoS 0 batches never change, so one buffer serves every write. */
  readonly fixedBatch: Buffer | undefined;
  nextId: number;
  unacked: number;
}

/**
 * Many publishers, one subscriber receiving every message, every message authorized on the way
 * in and on the way out. The generator keeps at most `throughputWindow` messages between send
 * and delivery, so the broker runs flat out with bounded queues. Reports delivered messages
 * per second, broker CPU per message, and how busy each side's core was: when the broker's is
 * not near 100 %, the generator set the pace and only CPU per message compares brokers.
 */
export async function runThroughput(context: ScenarioContext, qos: 0 | 1): Promise<void> {
  const { profile } = context;
  const flow = await PublishFlow.open(context, qos);
  flow.sendUpTo(Number.POSITIVE_INFINITY);
  await sleep(profile.throughputWarmupSeconds * MS_PER_SECOND);
  const start = snapshot(context.pid, flow.delivered);
  await sleep(profile.throughputSeconds * MS_PER_SECOND);
  const end = snapshot(context.pid, flow.delivered);
  flow.stop();
  await drain(() => flow.delivered >= flow.sent, scaledMs(context, DRAIN_MS));

  const scenario = `publish-qos${qos}`;
  const messages = end.delivered - start.delivered;
  const wallMs = end.at - start.at;
  const brokerMs = end.brokerCpuMs - start.brokerCpuMs;
  const generatorMs = end.generatorCpuMs - start.generatorCpuMs;
  context.record(scenario, 'delivered msgs/s', (messages * MS_PER_SECOND) / wallMs, 'msgs/s');
  context.record(
    scenario,
    'broker CPU per msg',
    (brokerMs * MS_PER_SECOND) / Math.max(1, messages),
    'µs',
  );
  context.record(scenario, 'broker core busy', (100 * brokerMs) / wallMs, '%');
  context.record(scenario, 'generator core busy', (100 * generatorMs) / wallMs, '%');
  if (flow.delivered < flow.sent)
    context.note(
      `${context.target} ${scenario}: ${flow.sent - flow.delivered} of ${flow.sent} not delivered`,
    );
  if (messages === 0) throw new Error(`${scenario}: nothing delivered`);

  await flow.close();
}

/**
 * The traffic of the throughput scenario: `publishers` devices publishing their telemetry in
 * batches, the collector receiving (and for QoS 1 acknowledging) every message, at most
 * `throughputWindow` messages between send and delivery. Sends nothing until `sendUpTo`.
 */
export class PublishFlow {
  /** Messages written by the publishers, and read by the subscriber, since the flow opened. */
  sent = 0;
  delivered = 0;
  readonly #qos: 0 | 1;
  readonly #window: number;
  readonly #subscriber: Connection;
  readonly #publishers: readonly Publisher[];
  #limit = 0;
  #cursor = 0;

  static async open(context: ScenarioContext, qos: 0 | 1): Promise<PublishFlow> {
    const subscriber = await subscribe(context, qos);
    const publishers = await connectPublishers(context, qos);
    return new PublishFlow(qos, context.profile.throughputWindow, subscriber, publishers);
  }

  private constructor(
    qos: 0 | 1,
    window: number,
    subscriber: Connection,
    publishers: readonly Publisher[],
  ) {
    this.#qos = qos;
    this.#window = window;
    this.#subscriber = subscriber;
    this.#publishers = publishers;
    const acks: Buffer[] = [];
    subscriber.onFrame = (frame: Frame) => {
      if (frame.type !== PACKET.publish) return;
      this.delivered += 1;
      if (qos === 1) acks.push(encodePuback(publishMessageId(frame)));
    };
    subscriber.socket.on('data', () => {
      if (acks.length > 0) subscriber.write(Buffer.concat(acks.splice(0)));
      this.#pump();
    });
    for (const publisher of publishers) {
      publisher.connection.onFrame = (frame) => {
        if (frame.type === PACKET.puback) publisher.unacked -= 1;
      };
      if (qos === 1) publisher.connection.socket.on('data', () => this.#pump());
    }
  }

  /** Sends until `limit` messages in all have been sent (infinity: until `stop`). */
  sendUpTo(limit: number): void {
    this.#limit = limit;
    this.#pump();
  }

  /** Sends nothing more; what is in flight still arrives. */
  stop(): void {
    this.#limit = this.sent;
  }

  /** QoS 1 messages the broker has not acknowledged to their publishers yet. */
  get unacked(): number {
    return this.#publishers.reduce((sum, publisher) => sum + publisher.unacked, 0);
  }

  /** The subscriber first, then every publisher. */
  get connections(): readonly Connection[] {
    return [this.#subscriber, ...this.#publishers.map((publisher) => publisher.connection)];
  }

  close(): Promise<number[]> {
    return Promise.all(this.connections.map((connection) => connection.disconnect()));
  }

  #pump(): void {
    const qos = this.#qos;
    const publishers = this.#publishers;
    let idle = 0;
    while (
      this.sent < this.#limit &&
      this.sent + BATCH - this.delivered <= this.#window &&
      idle < publishers.length
    ) {
      const publisher = publishers[this.#cursor] as Publisher;
      this.#cursor = (this.#cursor + 1) % publishers.length;
      if (qos === 1 && publisher.unacked + BATCH > PUBLISHER_WINDOW) {
        idle += 1;
        continue;
      }
      idle = 0;
      const size = Math.min(BATCH, this.#limit - this.sent);
      publisher.connection.write(batchOf(publisher, qos, size));
      publisher.unacked += qos === 1 ? size : 0;
      this.sent += size;
    }
  }
}

function snapshot(pid: number, delivered: number) {
  const usage = process.cpuUsage();
  return {
    at: performance.now(),
    delivered,
    brokerCpuMs: cpuMs(pid),
    generatorCpuMs: (usage.user + usage.system) / MS_PER_SECOND,
  };
}

/** `size` messages (a whole batch unless a limit cuts the last one short) in one buffer. */
function batchOf(publisher: Publisher, qos: 0 | 1, size: number): Buffer {
  const { bytes, idOffset } = publisher.template;
  if (publisher.fixedBatch !== undefined) {
    return size === BATCH
      ? publisher.fixedBatch
      : publisher.fixedBatch.subarray(0, size * bytes.length);
  }
  const batch = Buffer.allocUnsafe(bytes.length * size);
  for (let index = 0; index < size; index += 1) {
    const at = index * bytes.length;
    bytes.copy(batch, at);
    if (qos === 1) {
      batch.writeUInt16BE(publisher.nextId, at + idOffset);
      publisher.nextId = publisher.nextId === MAX_MESSAGE_ID ? 1 : publisher.nextId + 1;
    }
  }
  return batch;
}

/** The collector, subscribed to every device's telemetry at `qos`; resolves on SUBACK. */
export async function subscribe(context: ScenarioContext, qos: 0 | 1): Promise<Connection> {
  const collector = context.devices.collector;
  const { connection } = await openConnection({
    port: context.port,
    credentials: context.identities.mtls(collector),
    timeoutMs: scaledMs(context, CONNECT_TIMEOUT_MS),
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('no SUBACK')),
      scaledMs(context, CONNECT_TIMEOUT_MS),
    );
    connection.onFrame = (frame) => {
      if (frame.type !== PACKET.suback) return;
      clearTimeout(timer);
      const granted = frame.body[2];
      if (granted === SUBACK_FAILURE)
        reject(new Error(`${COLLECTOR_ID} was refused ${TELEMETRY_FILTER}`));
      else resolve();
    };
    connection.write(encodeSubscribe(1, TELEMETRY_FILTER, qos));
  });
  return connection;
}

async function connectPublishers(context: ScenarioContext, qos: 0 | 1): Promise<Publisher[]> {
  const devices = context.devices.connectPool.slice(0, context.profile.publishers);
  const payload = Buffer.alloc(PAYLOAD_BYTES, 0x61);
  return Promise.all(
    devices.map(async (device, index) => {
      const { connection } = await openConnection({
        port: context.port,
        credentials: context.identities.mtls(device),
        localAddress: sourceAddress(index),
        timeoutMs: scaledMs(context, CONNECT_TIMEOUT_MS),
      });
      const template = encodePublish(`devices/${device.id}/telemetry`, payload, qos);
      const fixedBatch = qos === 0 ? Buffer.concat(Array(BATCH).fill(template.bytes)) : undefined;
      return { connection, template, fixedBatch, nextId: 1, unacked: 0 };
    }),
  );
}

async function drain(isDone: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!isDone() && performance.now() < deadline) await sleep(20);
}
