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
import { type ScenarioContext, sourceAddress } from './context.js';

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
  const subscriber = await subscribe(context, qos);
  const publishers = await connectPublishers(context, qos);
  let sent = 0;
  let delivered = 0;
  let pumping = true;
  let cursor = 0;

  const pump = () => {
    let idle = 0;
    while (
      pumping &&
      sent + BATCH - delivered <= profile.throughputWindow &&
      idle < publishers.length
    ) {
      const publisher = publishers[cursor] as Publisher;
      cursor = (cursor + 1) % publishers.length;
      if (qos === 1 && publisher.unacked + BATCH > PUBLISHER_WINDOW) {
        idle += 1;
        continue;
      }
      idle = 0;
      publisher.connection.write(batchOf(publisher, qos));
      publisher.unacked += qos === 1 ? BATCH : 0;
      sent += BATCH;
    }
  };

  const acks: Buffer[] = [];
  subscriber.onFrame = (frame: Frame) => {
    if (frame.type !== PACKET.publish) return;
    delivered += 1;
    if (qos === 1) acks.push(encodePuback(publishMessageId(frame)));
  };
  subscriber.socket.on('data', () => {
    if (acks.length > 0) subscriber.write(Buffer.concat(acks.splice(0)));
    pump();
  });
  for (const publisher of publishers) {
    publisher.connection.onFrame = (frame) => {
      if (frame.type === PACKET.puback) publisher.unacked -= 1;
    };
    if (qos === 1) publisher.connection.socket.on('data', pump);
  }

  pump();
  await sleep(profile.throughputWarmupSeconds * MS_PER_SECOND);
  const start = snapshot(context.pid, delivered);
  await sleep(profile.throughputSeconds * MS_PER_SECOND);
  const end = snapshot(context.pid, delivered);
  pumping = false;
  await drain(() => delivered >= sent);

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
  if (delivered < sent)
    context.note(`${context.target} ${scenario}: ${sent - delivered} of ${sent} not delivered`);
  if (messages === 0) throw new Error(`${scenario}: nothing delivered`);

  await Promise.all(
    [subscriber, ...publishers.map((p) => p.connection)].map((c) => c.disconnect()),
  );
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

function batchOf(publisher: Publisher, qos: 0 | 1): Buffer {
  if (publisher.fixedBatch !== undefined) return publisher.fixedBatch;
  const { bytes, idOffset } = publisher.template;
  const batch = Buffer.allocUnsafe(bytes.length * BATCH);
  for (let index = 0; index < BATCH; index += 1) {
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
    timeoutMs: CONNECT_TIMEOUT_MS,
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no SUBACK')), CONNECT_TIMEOUT_MS);
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
        timeoutMs: CONNECT_TIMEOUT_MS,
      });
      const template = encodePublish(`devices/${device.id}/telemetry`, payload, qos);
      const fixedBatch = qos === 0 ? Buffer.concat(Array(BATCH).fill(template.bytes)) : undefined;
      return { connection, template, fixedBatch, nextId: 1, unacked: 0 };
    }),
  );
}

async function drain(isDone: () => boolean): Promise<void> {
  const deadline = performance.now() + DRAIN_MS;
  while (!isDone() && performance.now() < deadline) await sleep(20);
}
