import { type Connection, openConnection } from '../lib/connection.js';
import {
  encodePuback,
  encodePublish,
  type Frame,
  PACKET,
  publishMessageId,
  publishPayloadOffset,
} from '../lib/mqtt-wire.js';
import { sleep } from '../targets/process.js';
import { percentile, type ScenarioContext, sortNumbers, sourceAddress } from './context.js';
import { subscribe } from './throughput.js';

const CONNECT_TIMEOUT_MS = 10_000;
const PAYLOAD_BYTES = 64;
const TICK_MS = 1;
const WARMUP_MS = 500;
const DRAIN_MS = 1000;
const MS_PER_SECOND = 1000;
const MAX_MESSAGE_ID = 65535;

/**
 * End-to-end latency at a fixed, moderate rate: QoS 1 publishes spread over a few publishers,
 * stamped with the send time, timed when the subscriber reads them (one process, one clock).
 */
export async function runLatency(context: ScenarioContext): Promise<void> {
  const { profile } = context;
  const subscriber = await subscribe(context, 1);
  const publishers = await Promise.all(
    context.devices.connectPool.slice(0, profile.latencyPublishers).map(async (device, index) => {
      const opened = await openConnection({
        port: context.port,
        credentials: context.identities.mtls(device),
        localAddress: sourceAddress(index),
        timeoutMs: CONNECT_TIMEOUT_MS,
      });
      return { connection: opened.connection, topic: `devices/${device.id}/telemetry`, nextId: 1 };
    }),
  );

  const latencies: number[] = [];
  let received = 0;
  let recording = false;
  subscriber.onFrame = (frame: Frame) => {
    if (frame.type !== PACKET.publish) return;
    received += 1;
    const sentAt = frame.body.readDoubleBE(publishPayloadOffset(frame));
    if (recording) latencies.push(performance.now() - sentAt);
    subscriber.write(encodePuback(publishMessageId(frame)));
  };

  const total = Math.round(
    (profile.latencyRate * profile.latencySeconds * MS_PER_SECOND +
      WARMUP_MS * profile.latencyRate) /
      MS_PER_SECOND,
  );
  const started = performance.now();
  let sent = 0;
  let cursor = 0;
  while (
    sent < total &&
    performance.now() - started < (profile.latencySeconds + 5) * MS_PER_SECOND
  ) {
    const elapsed = performance.now() - started;
    recording = elapsed >= WARMUP_MS;
    const due = Math.min(total, Math.floor((elapsed * profile.latencyRate) / MS_PER_SECOND));
    for (; sent < due; sent += 1) {
      const publisher = publishers[cursor] ?? publishers[0];
      if (publisher === undefined) throw new Error('no publisher');
      cursor = (cursor + 1) % publishers.length;
      const payload = Buffer.alloc(PAYLOAD_BYTES);
      payload.writeDoubleBE(performance.now());
      const packet = encodePublish(publisher.topic, payload, 1);
      packet.bytes.writeUInt16BE(publisher.nextId, packet.idOffset);
      publisher.nextId = publisher.nextId === MAX_MESSAGE_ID ? 1 : publisher.nextId + 1;
      publisher.connection.write(packet.bytes);
    }
    await sleep(TICK_MS);
  }
  const deadline = performance.now() + DRAIN_MS;
  while (received < sent && performance.now() < deadline) await sleep(10);

  const sorted = sortNumbers(latencies);
  const scenario = `latency-${profile.latencyRate}-per-s`;
  context.record(scenario, 'latency p50', percentile(sorted, 0.5), 'ms');
  context.record(scenario, 'latency p99', percentile(sorted, 0.99), 'ms');
  context.record(scenario, 'latency max', sorted[sorted.length - 1] ?? Number.NaN, 'ms');
  if (received < sent)
    context.note(`${context.target} ${scenario}: ${sent - received} of ${sent} not delivered`);
  const all: Connection[] = [subscriber, ...publishers.map((p) => p.connection)];
  await Promise.all(all.map((connection) => connection.disconnect()));
}
