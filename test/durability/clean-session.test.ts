import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { startTestBroker, subscribeGranted } from '../helpers/broker.js';
import { createTestHome, type TestHome } from '../helpers/home.js';
import { DURABILITY_POLICY, openDevice, waitUntil } from './devices.js';

const SETTLE_MS = 500;

/** A run that leaves `sess-1` a persistent session with one message queued, then stops. */
async function leaveStoredSession(t: TestContext): Promise<TestHome> {
  const home = await createTestHome(t, DURABILITY_POLICY);
  for (const id of ['sess-1', 'pub-1']) home.fleet.addDevice(id);
  const first = await startTestBroker(t, home);
  const stored = await openDevice(t, home, first.mqttUrl, 'sess-1', { clean: false });
  await subscribeGranted(stored.client, ['telemetry/pub-1/#'], 1);
  await stored.client.endAsync();
  const publisher = await openDevice(t, home, first.mqttUrl, 'pub-1');
  await publisher.client.publishAsync('telemetry/pub-1/data', 'queued', { qos: 1 });
  await publisher.client.endAsync();
  await first.broker.close();
  return home;
}

test('a clean connect after a restart ends the session a previous run stored', async (t) => {
  const home = await leaveStoredSession(t);

  // The second run knows of the stored session only from the store.
  const second = await startTestBroker(t, home);
  const clean = await openDevice(t, home, second.mqttUrl, 'sess-1', { clean: true });
  assert.equal(clean.sessionPresent, false);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  assert.deepEqual(clean.received, [], 'a clean session gets nothing of the old queue');
  await clean.client.endAsync();

  // Were the old subscription left behind, this would be queued for the session.
  const later = await openDevice(t, home, second.mqttUrl, 'pub-1');
  await later.client.publishAsync('telemetry/pub-1/data', 'while-away', { qos: 1 });
  const again = await openDevice(t, home, second.mqttUrl, 'sess-1', { clean: false });
  assert.equal(again.sessionPresent, false, 'the clean connect removed the stored session');
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  assert.deepEqual(again.received, [], 'no subscription of the old session is left');
});

test('a persistent session stored by a previous run is restored with its queue', async (t) => {
  const home = await leaveStoredSession(t);

  const second = await startTestBroker(t, home);
  const back = await openDevice(t, home, second.mqttUrl, 'sess-1', { clean: false });
  assert.equal(back.sessionPresent, true);
  await waitUntil(() => back.received.length === 1, 5000, 'the queued message');
  assert.equal(back.received[0]?.payload, 'queued');
});
