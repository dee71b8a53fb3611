import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestBroker, subscribeGranted } from '../helpers/broker.js';
import { createTestHome } from '../helpers/home.js';
import { DURABILITY_POLICY, openDevice, waitUntil } from './devices.js';

const SETTLE_MS = 400;
const TOPIC = 'telemetry/pub-1/data';

// The broker remembers which persistent subscriptions match a topic (match-memo.ts); these
// publish to a topic first, so that an answer is remembered, and then change the subscriptions.

test('a persistent subscription made after publishes to its topic queues the next ones', async (t) => {
  const home = await createTestHome(t, DURABILITY_POLICY);
  for (const id of ['sess-1', 'pub-1']) home.fleet.addDevice(id);
  const { mqttUrl } = await startTestBroker(t, home);
  const publisher = await openDevice(t, home, mqttUrl, 'pub-1');
  for (const payload of ['before-1', 'before-2']) {
    await publisher.client.publishAsync(TOPIC, payload, { qos: 1 });
  }

  const session = await openDevice(t, home, mqttUrl, 'sess-1', { clean: false });
  await subscribeGranted(session.client, [TOPIC], 1);
  await session.client.endAsync();
  await publisher.client.publishAsync(TOPIC, 'while-away', { qos: 1 });

  const back = await openDevice(t, home, mqttUrl, 'sess-1', { clean: false });
  assert.equal(back.sessionPresent, true);
  await waitUntil(() => back.received.length >= 1, 5000, 'the queued message');
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  assert.deepEqual(
    back.received.map((message) => message.payload),
    ['while-away'],
  );
});

test('a persistent session that unsubscribed gets nothing queued for the topic', async (t) => {
  const home = await createTestHome(t, DURABILITY_POLICY);
  for (const id of ['sess-1', 'pub-1']) home.fleet.addDevice(id);
  const { mqttUrl } = await startTestBroker(t, home);
  const session = await openDevice(t, home, mqttUrl, 'sess-1', { clean: false });
  // A second filter keeps the session stored once the first is dropped.
  await subscribeGranted(session.client, [TOPIC, 'telemetry/pub-2/#'], 1);
  const publisher = await openDevice(t, home, mqttUrl, 'pub-1');
  await publisher.client.publishAsync(TOPIC, 'subscribed', { qos: 1 });
  await waitUntil(() => session.received.length === 1, 5000, 'the live message');

  await session.client.unsubscribeAsync(TOPIC);
  await session.client.endAsync();
  await publisher.client.publishAsync(TOPIC, 'after-unsubscribe', { qos: 1 });

  const back = await openDevice(t, home, mqttUrl, 'sess-1', { clean: false });
  assert.equal(back.sessionPresent, true);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  assert.deepEqual(back.received, [], 'nothing is queued for a filter the session dropped');
});
