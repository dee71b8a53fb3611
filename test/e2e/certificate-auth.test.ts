import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  certOptions,
  collectMessages,
  connect,
  connectOk,
  isRefusal,
  startTestBroker,
  subscribeGranted,
} from '../helpers/broker.js';
import { createTestHome } from '../helpers/home.js';

test('a certificate device publishes and subscribes within its own subtree', async (t) => {
  const home = await createTestHome(t);
  home.fleet.addDevice('sensor-1');
  const issued = await home.fleet.issueCertificate({ deviceId: 'sensor-1' });
  const { mqttsUrl, caPem, broker } = await startTestBroker(t, home);

  const client = await connectOk(
    t,
    mqttsUrl,
    certOptions(caPem, 'sensor-1', issued.certPem, issued.keyPem!),
  );
  const granted = await subscribeGranted(client, ['devices/sensor-1/#', 'devices/other/#']);
  assert.deepEqual(granted, [0, 128]);
  const messages = collectMessages(client, 300);
  await client.publishAsync('devices/sensor-1/telemetry', 'hello', { qos: 1 });
  await client.publishAsync('devices/other/telemetry', 'nope', { qos: 1 });
  assert.deepEqual(
    (await messages).map((m) => m.topic),
    ['devices/sensor-1/telemetry'],
  );
  assert.equal(broker.metrics.publishesDenied, 1);
});

test('refuses a certificate whose client id names another device, with return code 2', async (t) => {
  const home = await createTestHome(t);
  home.fleet.addDevice('sensor-1');
  home.fleet.addDevice('sensor-2');
  const issued = await home.fleet.issueCertificate({ deviceId: 'sensor-1' });
  const { mqttsUrl, caPem } = await startTestBroker(t, home);

  const result = await connect(
    t,
    mqttsUrl,
    certOptions(caPem, 'sensor-2', issued.certPem, issued.keyPem!),
  );
  assert.ok(isRefusal(result));
  assert.equal(result.code, 2);
});
