import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openFleet } from '../../src/fleet/index.js';
import {
  createCa,
  generateKeyPair,
  issueDeviceCertificate,
  loadCa,
  publicKeyFromPem,
} from '../../src/pki/index.js';
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

test('refuses certificates from another CA, expired ones and anonymous TLS clients', async (t) => {
  const home = await createTestHome(t);
  home.fleet.addDevice('sensor-1');
  const foreignCa = await loadCa(...(Object.values(await createCa({})) as [string, string]));
  const spki = await generateKeyPair('ec-p256');
  const foreign = await issueDeviceCertificate(foreignCa, {
    deviceId: 'sensor-1',
    publicKey: await publicKeyFromPem(spki.publicKeyPem),
  });
  const past = new Date(Date.now() - 3 * 86_400_000);
  const pastFleet = openFleet(home.config, { now: () => past });
  t.after(() => pastFleet.close());
  const expired = await pastFleet.issueCertificate({ deviceId: 'sensor-1', days: 1 });
  const { mqttsUrl, caPem, records } = await startTestBroker(t, home);

  const cases: [string, string, string, string][] = [
    ['another CA', foreign.certPem, spki.privateKeyPem, 'ERR_AUTH_CERT_UNTRUSTED'],
    ['expired', expired.certPem, expired.keyPem!, 'ERR_AUTH_CERT_EXPIRED'],
  ];
  for (const [name, cert, key, reason] of cases) {
    const result = await connect(t, mqttsUrl, certOptions(caPem, 'sensor-1', cert, key));
    assert.ok(isRefusal(result), name);
    assert.equal(result.code, 5, name);
    assert.ok(
      records.some((r) => r['reason'] === reason),
      `${name} logged as ${reason}`,
    );
  }
  const anonymous = await connect(t, mqttsUrl, { clientId: 'sensor-1', ca: caPem });
  assert.ok(isRefusal(anonymous));
  assert.equal(anonymous.code, 4);
});
