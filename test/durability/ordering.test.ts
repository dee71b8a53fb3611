import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import type { IClientPublishOptions } from 'mqtt';
import { startTestBroker, subscribeGranted } from '../helpers/broker.js';
import { createTestHome } from '../helpers/home.js';
import { DURABILITY_POLICY, type OpenDevice, openDevice, range, waitUntil } from './devices.js';

const MESSAGES = 60;

// Messages take different paths through the broker: a retained one is stored first, one for an
// offline persistent session waits for LevelDB, a QoS 0 one waits for nothing. Sent back to back,
// they must still reach a subscriber in the order they were published [MQTT-4.6.0-6], and none
// may be lost (aedes drops a message older than one it has already delivered to a client).

interface Sent {
  readonly topic: string;
  readonly options: IClientPublishOptions;
}

/** Starts a broker with a live subscriber to everything, and `pub-1` connected. */
async function setUp(t: TestContext, persistentFilter?: string) {
  const home = await createTestHome(t, DURABILITY_POLICY);
  for (const id of ['sub-1', 'sess-1', 'pub-1']) home.fleet.addDevice(id);
  const { mqttUrl } = await startTestBroker(t, home);
  if (persistentFilter !== undefined) {
    // Offline with a QoS 1 subscription: every matching message is written to its queue.
    const session = await openDevice(t, home, mqttUrl, 'sess-1', { clean: false });
    await subscribeGranted(session.client, [persistentFilter], 1);
    await session.client.endAsync();
  }
  const subscriber = await openDevice(t, home, mqttUrl, 'sub-1');
  await subscribeGranted(subscriber.client, ['telemetry/#'], 1);
  const publisher = await openDevice(t, home, mqttUrl, 'pub-1');
  return { subscriber, publisher };
}

/**
 * Publishes message `index` as `plan(index)` says, all at once, and returns the payloads that
 * arrived once `MESSAGES` have.
 */
async function send(subscriber: OpenDevice, publisher: OpenDevice, plan: (index: number) => Sent) {
  // Not awaited one by one: the packets leave in as few socket writes as mqtt.js makes.
  await Promise.all(
    range(MESSAGES).map((index) => {
      const { topic, options } = plan(index);
      return publisher.client.publishAsync(topic, String(index), options);
    }),
  );
  const payloads = () => subscriber.received.map((message) => Number(message.payload));
  await waitUntil(
    () => subscriber.received.length >= MESSAGES,
    5000,
    `${MESSAGES} messages, got ${payloads().join(',')}`,
  );
  return payloads();
}

test('retained and plain QoS 1 messages on one topic arrive in order', async (t) => {
  const { subscriber, publisher } = await setUp(t);
  const arrived = await send(subscriber, publisher, (index) => ({
    topic: 'telemetry/pub-1/data',
    options: { qos: 1, retain: index % 3 === 0 },
  }));
  assert.deepEqual(arrived, range(MESSAGES));
});

test('QoS 1 messages queued for an offline session and plain ones arrive in order', async (t) => {
  const { subscriber, publisher } = await setUp(t, 'telemetry/pub-1/stored');
  const arrived = await send(subscriber, publisher, (index) => ({
    topic: index % 2 === 0 ? 'telemetry/pub-1/stored' : 'telemetry/pub-1/plain',
    options: { qos: 1 },
  }));
  assert.deepEqual(arrived, range(MESSAGES));
});

test('QoS 0 messages do not overtake stored QoS 1 messages', async (t) => {
  const { subscriber, publisher } = await setUp(t, 'telemetry/pub-1/data');
  const arrived = await send(subscriber, publisher, (index) => ({
    topic: 'telemetry/pub-1/data',
    options: { qos: index % 2 === 0 ? 1 : 0 },
  }));
  assert.deepEqual(arrived, range(MESSAGES));
});

test('QoS 2 and QoS 1 messages from one client all arrive, each QoS in order', async (t) => {
  const { subscriber, publisher } = await setUp(t);
  // QoS 2 messages are stored before they are published, so QoS 1 ones sent between them can
  // arrive first (plain aedes does the same); MQTT orders messages of the same QoS only.
  const arrived = await send(subscriber, publisher, (index) => ({
    topic: 'telemetry/pub-1/data',
    options: { qos: index % 2 === 0 ? 2 : 1 },
  }));
  const even = range(MESSAGES).filter((index) => index % 2 === 0);
  const odd = range(MESSAGES).filter((index) => index % 2 === 1);
  assert.deepEqual(
    arrived.filter((index) => index % 2 === 0),
    even,
  );
  assert.deepEqual(
    arrived.filter((index) => index % 2 === 1),
    odd,
  );
});
