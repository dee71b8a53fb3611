import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MqttClient } from 'mqtt';
import { spawnCli } from '../cli/run-cli.js';
import {
  certOptions,
  connect,
  connectOk,
  isRefusal,
  startTestBroker,
  tokenOptions,
  waitForClose,
} from '../helpers/broker.js';
import { createTestHome } from '../helpers/home.js';

const CUT_DEADLINE_MS = 1000;

async function timeToClose(client: MqttClient, act: () => void): Promise<number> {
  const started = performance.now();
  act();
  const closed = await waitForClose(client, CUT_DEADLINE_MS + 500);
  assert.ok(closed, 'the connection must be cut');
  return performance.now() - started;
}

test('revoking a certificate cuts its live connection within a second', async (t) => {
  const home = await createTestHome(t);
  home.fleet.addDevice('cam-1');
  const issued = await home.fleet.issueCertificate({ deviceId: 'cam-1' });
  const { mqttsUrl, caPem, records } = await startTestBroker(t, home);
  const client = await connectOk(
    t,
    mqttsUrl,
    certOptions(caPem, 'cam-1', issued.certPem, issued.keyPem!),
  );

  const elapsedMs = await timeToClose(client, () =>
    home.fleet.revokeCertificate(issued.serial, 'keyCompromise'),
  );
  assert.ok(elapsedMs < CUT_DEADLINE_MS, `cut after ${elapsedMs} ms`);
  assert.ok(
    records.some((r) => r.msg === 'connection cut' && r['reason'] === 'certificate revoked'),
  );
  const again = await connect(
    t,
    mqttsUrl,
    certOptions(caPem, 'cam-1', issued.certPem, issued.keyPem!),
  );
  assert.ok(isRefusal(again));
  assert.equal(again.code, 5);
});

test('disabling a device cuts its token connection within a second and refuses it after', async (t) => {
  const home = await createTestHome(t);
  home.fleet.addDevice('cam-2');
  const { token } = await home.fleet.mintToken({ deviceId: 'cam-2' });
  const { mqttsUrl, caPem } = await startTestBroker(t, home);
  const client = await connectOk(t, mqttsUrl, tokenOptions(caPem, 'cam-2', token));

  const elapsedMs = await timeToClose(client, () => home.fleet.disableDevice('cam-2'));
  assert.ok(elapsedMs < CUT_DEADLINE_MS, `cut after ${elapsedMs} ms`);
  const again = await connect(t, mqttsUrl, tokenOptions(caPem, 'cam-2', token));
  assert.ok(isRefusal(again));
  assert.equal(again.code, 5);
});

test('removing a device cuts it; revoking another certificate leaves it alone', async (t) => {
  const home = await createTestHome(t);
  home.fleet.addDevice('cam-3');
  home.fleet.addDevice('cam-4');
  const own = await home.fleet.issueCertificate({ deviceId: 'cam-3' });
  const spare = await home.fleet.issueCertificate({ deviceId: 'cam-3' });
  const other = await home.fleet.issueCertificate({ deviceId: 'cam-4' });
  const { mqttsUrl, caPem } = await startTestBroker(t, home);
  const client = await connectOk(
    t,
    mqttsUrl,
    certOptions(caPem, 'cam-3', own.certPem, own.keyPem!),
  );

  home.fleet.revokeCertificate(spare.serial);
  home.fleet.revokeCertificate(other.serial);
  assert.equal(await waitForClose(client, 600), false, 'unrelated revocations do not cut');
  const elapsedMs = await timeToClose(client, () => home.fleet.removeDevice('cam-3'));
  assert.ok(elapsedMs < CUT_DEADLINE_MS, `cut after ${elapsedMs} ms`);
});

test('a token connection is closed when its token expires', async (t) => {
  const home = await createTestHome(t);
  home.fleet.addDevice('cam-5');
  const { token, expiresAt } = await home.fleet.mintToken({ deviceId: 'cam-5', ttlSeconds: 2 });
  const { mqttsUrl, caPem } = await startTestBroker(t, home);
  const client = await connectOk(t, mqttsUrl, tokenOptions(caPem, 'cam-5', token));

  assert.ok(await waitForClose(client, 4000), 'closed at expiry');
  assert.ok(Date.now() >= expiresAt.getTime() - 50, 'not before the token expired');
});

test('a changed claim narrows a live connection at once, without a reconnect', async (t) => {
  const yaml = [
    'policies:',
    '  device:',
    "    publish: ['devices/{device}/#']",
    "    subscribe: ['devices/{device}/#']",
    '  gateway:',
    "    publish: ['sites/{site}/#']",
    "    subscribe: ['sites/{site}/#']",
  ].join('\n');
  const home = await createTestHome(t, yaml);
  home.fleet.addDevice('gw-1', { role: 'gateway', site: 'north' });
  const { token } = await home.fleet.mintToken({ deviceId: 'gw-1' });
  const { mqttsUrl, caPem, broker } = await startTestBroker(t, home);
  const client = await connectOk(t, mqttsUrl, tokenOptions(caPem, 'gw-1', token));

  await client.publishAsync('sites/north/a', 'x', { qos: 1 });
  assert.equal(broker.metrics.publishesDenied, 0);
  home.fleet.updateClaims('gw-1', { set: { site: 'south' }, unset: [] });
  broker.pollChanges();
  await client.publishAsync('sites/north/a', 'x', { qos: 1 });
  assert.equal(broker.metrics.publishesDenied, 1);
  assert.equal(client.connected, true);
});

/** A fallback poll so slow that only the registry's file watch can cut within the deadline. */
const SLOW_POLL_YAML = 'changeFeedPollMs: 60000\n';

test('a registry write wakes the broker at once: no wait for the fallback poll', async (t) => {
  const home = await createTestHome(t, SLOW_POLL_YAML);
  assert.equal(home.config.changeFeedPollMs, 60_000);
  home.fleet.addDevice('cam-8');
  const { token } = await home.fleet.mintToken({ deviceId: 'cam-8' });
  const { mqttsUrl, caPem } = await startTestBroker(t, home);
  const client = await connectOk(t, mqttsUrl, tokenOptions(caPem, 'cam-8', token));

  const elapsedMs = await timeToClose(client, () => home.fleet.disableDevice('cam-8'));
  assert.ok(elapsedMs < CUT_DEADLINE_MS, `cut after ${elapsedMs} ms`);
});

test('a revocation by the CLI, another process, wakes the broker at once', async (t) => {
  const home = await createTestHome(t, SLOW_POLL_YAML);
  home.fleet.addDevice('cam-9');
  const issued = await home.fleet.issueCertificate({ deviceId: 'cam-9' });
  const { mqttsUrl, caPem, records } = await startTestBroker(t, home);
  const client = await connectOk(
    t,
    mqttsUrl,
    certOptions(caPem, 'cam-9', issued.certPem, issued.keyPem!),
  );

  const result = spawnCli(['cert', 'revoke', issued.serial], {
    cwd: home.dir,
    env: { WARDEN_HOME: home.dir },
  });
  assert.equal(result.status, 0, result.stderr);
  const closed = await waitForClose(client, CUT_DEADLINE_MS);
  assert.ok(closed, 'the connection must be cut well before the 60 s poll');
  assert.ok(
    records.some((r) => r.msg === 'connection cut' && r['reason'] === 'certificate revoked'),
  );
});
