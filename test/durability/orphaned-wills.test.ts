import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { certOptions, connectOk, subscribeGranted } from '../helpers/broker.js';
import { createTestHome } from '../helpers/home.js';
import { startBrokerChild } from './broker-child.js';
import { DURABILITY_POLICY, openDevice, waitUntil } from './devices.js';

const SETTLE_MS = 700;

function will(id: string) {
  return {
    topic: `telemetry/${id}/status`,
    payload: Buffer.from('gone'),
    qos: 1 as const,
    retain: false,
  };
}

test('wills left by a SIGKILL are authorized again at restart against the registry', async (t) => {
  const home = await createTestHome(t, DURABILITY_POLICY);
  for (const id of ['will-ok', 'will-off', 'will-cert', 'obs-1']) home.fleet.addDevice(id);
  const issued = await home.fleet.issueCertificate({ deviceId: 'will-cert' });
  const caPem = readFileSync(home.config.paths.caCert);
  const first = await startBrokerChild(t, home.dir);

  const observer = await openDevice(t, home, first.mqttUrl, 'obs-1', { clean: false });
  assert.deepEqual(await subscribeGranted(observer.client, ['telemetry/+/status'], 1), [1]);
  await observer.client.endAsync();
  await openDevice(t, home, first.mqttUrl, 'will-ok', { will: will('will-ok') });
  await openDevice(t, home, first.mqttUrl, 'will-off', { will: will('will-off') });
  await connectOk(t, first.mqttsUrl, {
    ...certOptions(caPem, 'will-cert', issued.certPem, issued.keyPem!),
    will: will('will-cert'),
  });
  await first.stop('SIGKILL');

  // While the broker is down: one device disabled, another's certificate revoked.
  home.fleet.disableDevice('will-off');
  home.fleet.revokeCertificate(issued.serial, 'keyCompromise');

  const second = await startBrokerChild(t, home.dir);
  const back = await openDevice(t, home, second.mqttUrl, 'obs-1', { clean: false });
  await waitUntil(() => back.received.length > 0, 5000, 'the surviving will');
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  assert.deepEqual(
    back.received.map((m) => m.topic),
    ['telemetry/will-ok/status'],
  );
  // The process survived every decision, the refusals included.
  assert.equal(typeof (await second.metrics()).connectsAccepted, 'number');
});
