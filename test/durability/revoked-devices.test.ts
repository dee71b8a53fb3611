import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { startTestBroker, subscribeGranted } from '../helpers/broker.js';
import { createTestHome, type TestHome } from '../helpers/home.js';
import { DURABILITY_POLICY, openDevice, waitUntil } from './devices.js';

const SETTLE_MS = 500;

/**
 * `gone-1` leaves a persistent session with a message queued for it (from `cmd-1`), a
 * retained message, and messages of its own in `obs-1`'s offline queue.
 */
async function leaveState(t: TestContext, home: TestHome, url: string) {
  const gone = await openDevice(t, home, url, 'gone-1', { clean: false });
  await subscribeGranted(gone.client, ['telemetry/cmd-1/#'], 1);
  const observer = await openDevice(t, home, url, 'obs-1', { clean: false });
  await subscribeGranted(observer.client, ['telemetry/gone-1/#'], 1);
  await observer.client.endAsync();
  await gone.client.publishAsync('telemetry/gone-1/state', 'on', { qos: 1, retain: true });
  await gone.client.publishAsync('telemetry/gone-1/data', 'before', { qos: 1 });
  await gone.client.endAsync();
  const publisher = await openDevice(t, home, url, 'cmd-1');
  await publisher.client.publishAsync('telemetry/cmd-1/cmd', 'for-gone', { qos: 1 });
  await publisher.client.endAsync();
}

async function retainedState(t: TestContext, home: TestHome, url: string) {
  const reader = await openDevice(t, home, url, 'reader-1');
  await subscribeGranted(reader.client, ['telemetry/gone-1/state'], 1);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  await reader.client.endAsync();
  return reader.received.map((m) => m.payload);
}

test('disabling a device keeps its stored state; removing it purges its session and retained messages', async (t) => {
  const home = await createTestHome(t, DURABILITY_POLICY);
  for (const id of ['gone-1', 'obs-1', 'reader-1', 'cmd-1']) home.fleet.addDevice(id);
  const { broker, mqttUrl } = await startTestBroker(t, home);
  await leaveState(t, home, mqttUrl);

  home.fleet.disableDevice('gone-1');
  broker.pollChanges();
  assert.deepEqual(await retainedState(t, home, mqttUrl), ['on'], 'retained stays on disable');

  home.fleet.removeDevice('gone-1');
  broker.pollChanges();
  await waitUntil(() => broker.metrics.sessionsPurged === 1, 5000, 'the purge');
  assert.deepEqual(await retainedState(t, home, mqttUrl), [], 'retained cleared on removal');

  // What it published before removal was authorized then and is still delivered.
  const observer = await openDevice(t, home, mqttUrl, 'obs-1', { clean: false });
  // The queue is delivered one message at a time: wait for both before comparing.
  await waitUntil(() => observer.received.length >= 2, 5000, 'the queued messages');
  assert.deepEqual(
    observer.received.map((m) => m.payload),
    ['on', 'before'],
  );

  // A device added again under the id starts with nothing of the old one's.
  home.fleet.addDevice('gone-1');
  const again = await openDevice(t, home, mqttUrl, 'gone-1', { clean: false });
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  assert.equal(again.sessionPresent, false);
  assert.deepEqual(again.received, []);
});

test('a device removed while the broker was down is purged when it starts', async (t) => {
  const home = await createTestHome(t, DURABILITY_POLICY);
  for (const id of ['gone-1', 'obs-1', 'reader-1', 'cmd-1']) home.fleet.addDevice(id);
  const first = await startTestBroker(t, home);
  await leaveState(t, home, first.mqttUrl);
  await first.broker.close();

  home.fleet.removeDevice('gone-1');
  home.fleet.addDevice('other-1');

  const second = await startTestBroker(t, home);
  assert.equal(second.broker.metrics.sessionsPurged, 1);
  assert.deepEqual(await retainedState(t, home, second.mqttUrl), []);
  home.fleet.addDevice('gone-1');
  const again = await openDevice(t, home, second.mqttUrl, 'gone-1', { clean: false });
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  assert.equal(again.sessionPresent, false);
  assert.deepEqual(again.received, []);
});
