import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestBroker, subscribeGranted } from '../helpers/broker.js';
import { createTestHome } from '../helpers/home.js';
import { DURABILITY_POLICY, openDevice } from './devices.js';

for (const clean of [true, false]) {
  test(`refuses filters past maxSubscriptionsPerClient with 0x80 (clean ${clean})`, async (t) => {
    const yaml = `${DURABILITY_POLICY}limits:\n  maxSubscriptionsPerClient: 3\n`;
    const home = await createTestHome(t, yaml);
    home.fleet.addDevice('subs-1');
    const { broker, mqttUrl } = await startTestBroker(t, home);
    const { client } = await openDevice(t, home, mqttUrl, 'subs-1', { clean });

    const filters = ['telemetry/a', 'telemetry/b', 'telemetry/c', 'telemetry/d'];
    assert.deepEqual(await subscribeGranted(client, filters, 1), [1, 1, 1, 128]);
    // A filter already held is granted again (a QoS change), a new one is not.
    assert.deepEqual(await subscribeGranted(client, ['telemetry/a'], 0), [0]);
    assert.deepEqual(await subscribeGranted(client, ['telemetry/e'], 1), [128]);
    await client.unsubscribeAsync('telemetry/b');
    assert.deepEqual(await subscribeGranted(client, ['telemetry/e'], 1), [1]);
    assert.equal(broker.metrics.subscriptionsDenied, 2);
  });
}
