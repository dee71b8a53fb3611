import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { subscribeGranted } from '../helpers/broker.js';
import { createTestHome, type TestHome } from '../helpers/home.js';
import { type BrokerChild, startBrokerChild } from './broker-child.js';
import { DURABILITY_POLICY, openDevice, type Received, range, waitUntil } from './devices.js';

const QOS1_COUNT = 300;
const QOS2_COUNT = 100;
/** Below limits.maxInflightQos2PerClient (32): past it the broker closes the connection. */
const QOS2_WINDOW = 16;
const DELIVERY_TIMEOUT_MS = 15_000;

/** Publishes QoS 1 and QoS 2 messages and a retained one; resolves once all are acknowledged. */
async function publishAcknowledged(t: TestContext, home: TestHome, broker: BrokerChild) {
  const publisher = await openDevice(t, home, broker.mqttUrl, 'pub-1');
  const { client } = publisher;
  await client.publishAsync('telemetry/pub-1/state', 'retained-1', { qos: 1, retain: true });
  for (let start = 0; start < QOS2_COUNT; start += QOS2_WINDOW) {
    const window = range(Math.min(QOS2_WINDOW, QOS2_COUNT - start)).map((i) =>
      client.publishAsync('telemetry/pub-1/q2', `q2-${start + i}`, { qos: 2 }),
    );
    await Promise.all(window);
  }
  // Last, so the kill lands right after the final PUBACK, while a late store would still run.
  const qos1 = range(QOS1_COUNT).map((i) =>
    client.publishAsync('telemetry/pub-1/q1', `q1-${i}`, { qos: 1 }),
  );
  await Promise.all(qos1);
}

function countPayloads(received: readonly Received[], topic: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of received) {
    if (message.topic === topic)
      counts.set(message.payload, (counts.get(message.payload) ?? 0) + 1);
  }
  return counts;
}

async function checkSurvives(t: TestContext, signal: 'SIGKILL' | 'SIGTERM') {
  // fsync makes each store take milliseconds: a PUBACK sent before its store completes (as
  // aedes does on its own) then loses the newest messages to the kill.
  const home = await createTestHome(t, `${DURABILITY_POLICY}persistenceFsync: true\n`);
  for (const id of ['pub-1', 'sub-1', 'late-1']) home.fleet.addDevice(id);
  const first = await startBrokerChild(t, home.dir);

  const subscriber = await openDevice(t, home, first.mqttUrl, 'sub-1', { clean: false });
  assert.deepEqual(await subscribeGranted(subscriber.client, ['telemetry/#'], 2), [2]);
  await subscriber.client.endAsync();
  await publishAcknowledged(t, home, first);
  const exit = await first.stop(signal);
  assert.equal(exit, signal === 'SIGKILL' ? 'SIGKILL' : 0);

  const second = await startBrokerChild(t, home.dir);
  const back = await openDevice(t, home, second.mqttUrl, 'sub-1', { clean: false });
  assert.equal(back.sessionPresent, true, 'the persistent session survives');
  const qos1 = () => countPayloads(back.received, 'telemetry/pub-1/q1');
  const qos2 = () => countPayloads(back.received, 'telemetry/pub-1/q2');
  await waitUntil(
    () => qos1().size === QOS1_COUNT && qos2().size === QOS2_COUNT,
    DELIVERY_TIMEOUT_MS,
    'every queued message',
  );
  // Give duplicates, if any, time to arrive before judging exactly-once.
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const i of range(QOS1_COUNT)) assert.ok((qos1().get(`q1-${i}`) ?? 0) >= 1, `q1-${i}`);
  for (const i of range(QOS2_COUNT)) assert.equal(qos2().get(`q2-${i}`), 1, `q2-${i} once`);
  assert.ok(
    back.received.some((m) => m.payload === 'retained-1'),
    'queued retained message',
  );

  // The subscription itself survived: a new message reaches the session without a SUBSCRIBE.
  const publisher = await openDevice(t, home, second.mqttUrl, 'pub-1');
  await publisher.client.publishAsync('telemetry/pub-1/q1', 'after-restart', { qos: 1 });
  await waitUntil(
    () => back.received.some((m) => m.payload === 'after-restart'),
    DELIVERY_TIMEOUT_MS,
    'a message after the restart',
  );

  const late = await openDevice(t, home, second.mqttUrl, 'late-1');
  await subscribeGranted(late.client, ['telemetry/pub-1/state'], 1);
  await waitUntil(() => late.received.length > 0, DELIVERY_TIMEOUT_MS, 'the retained message');
  assert.deepEqual(late.received[0], {
    topic: 'telemetry/pub-1/state',
    payload: 'retained-1',
    qos: 1,
    retain: true,
  });
}

test('every message acknowledged before a SIGKILL reaches the offline persistent session', (t) =>
  checkSurvives(t, 'SIGKILL'));

test('every message acknowledged before a SIGTERM reaches the offline persistent session', (t) =>
  checkSurvives(t, 'SIGTERM'));
