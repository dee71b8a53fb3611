import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import { subscribeGranted } from '../helpers/broker.js';
import { createTestHome, type TestHome } from '../helpers/home.js';
import { type BrokerChild, startBrokerChild } from './broker-child.js';
import { DURABILITY_POLICY, openDevice, range, waitUntil } from './devices.js';

const LIMIT = 100;
const WINDOW = 200;
const TIMEOUT_MS = 15_000;
const PAYLOAD_BYTES = 8 * 1024;
const WARM_UP = 2000;
const FLOOD = 8000;
const MB = 1024 * 1024;

async function publishMany(client: MqttClient, count: number, payload: (i: number) => string) {
  for (let start = 0; start < count; start += WINDOW) {
    const batch = range(Math.min(WINDOW, count - start)).map((i) =>
      client.publishAsync('telemetry/pub-1/fill', payload(start + i), { qos: 1 }),
    );
    await Promise.all(batch);
  }
}

/** Resolves once the broker has dropped `count` queued messages in all; returns the count. */
async function dropsReach(broker: BrokerChild, count: number): Promise<number> {
  let dropped = 0;
  const deadline = Date.now() + TIMEOUT_MS;
  while (Date.now() < deadline) {
    dropped = (await broker.metrics()).queuedMessagesDropped;
    if (dropped >= count) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return dropped;
}

/** A broker whose offline session `sub-1` holds telemetry/#, and a connected publisher. */
async function offlineSession(t: TestContext, persistence: 'level' | 'memory') {
  const yaml = `${DURABILITY_POLICY}persistence: ${persistence}\nlimits:\n  maxQueuedMessagesPerSession: ${LIMIT}\n`;
  const home: TestHome = await createTestHome(t, yaml);
  for (const id of ['pub-1', 'sub-1']) home.fleet.addDevice(id);
  const broker: BrokerChild = await startBrokerChild(t, home.dir);
  const subscriber = await openDevice(t, home, broker.mqttUrl, 'sub-1', { clean: false });
  await subscribeGranted(subscriber.client, ['telemetry/#'], 1);
  await subscriber.client.endAsync();
  const publisher = await openDevice(t, home, broker.mqttUrl, 'pub-1');
  return { home, broker, publisher: publisher.client };
}

test('an offline queue past its limit keeps only the newest messages, in order', async (t) => {
  const { home, broker, publisher } = await offlineSession(t, 'level');
  await publishMany(publisher, 1000, (i) => String(i));
  assert.equal(await dropsReach(broker, 900), 900);

  const back = await openDevice(t, home, broker.mqttUrl, 'sub-1', { clean: false });
  await waitUntil(() => back.received.length >= LIMIT, TIMEOUT_MS, 'the queue');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const payloads = back.received.map((m) => Number(m.payload));
  assert.deepEqual(
    payloads,
    range(LIMIT).map((i) => 900 + i),
  );
});

test('filling an offline queue far past its limit leaves the broker memory flat', async (t) => {
  const { broker, publisher } = await offlineSession(t, 'memory');
  const payload = 'x'.repeat(PAYLOAD_BYTES);
  await publishMany(publisher, WARM_UP, () => payload);
  assert.equal(await dropsReach(broker, WARM_UP - LIMIT), WARM_UP - LIMIT);
  const before = await broker.memory();

  // 64 MB more through a queue that may hold 100 messages (0.8 MB). Measured unbounded:
  // JavaScript memory +67 MB, RSS +75 MB; bounded: JavaScript +0 MB, RSS +1 to +32 MB
  // (allocator slack, which is noisy: hence the loose RSS bound beside the tight one).
  await publishMany(publisher, FLOOD, () => payload);
  assert.equal(await dropsReach(broker, WARM_UP + FLOOD - LIMIT), WARM_UP + FLOOD - LIMIT);
  const after = await broker.memory();
  const jsGrowthMb = (after.jsBytes - before.jsBytes) / MB;
  const rssGrowthMb = (after.rssKb - before.rssKb) / 1024;
  assert.ok(jsGrowthMb < 8, `JavaScript memory grew ${jsGrowthMb.toFixed(1)} MB`);
  assert.ok(rssGrowthMb < 48, `RSS grew ${rssGrowthMb.toFixed(1)} MB`);
});
