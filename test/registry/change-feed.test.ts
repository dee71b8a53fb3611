import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { MAX_CHANGES_PER_READ } from '../../src/registry/index.js';
import { openForTest, openTempRegistry, sampleCertificate, sampleJwk } from './fixtures.js';

test('answers 0 as the latest seq of an empty feed', (t) => {
  const registry = openForTest(t, ':memory:');

  assert.equal(registry.latestChangeSeq(), 0);
  assert.deepEqual(registry.readChanges(0), []);
});

test('reports changes in commit order after the given seq, up to a limit', (t) => {
  const registry = openForTest(t, ':memory:');
  registry.addDevice('sensor-1');
  const { serial } = registry.addCertificate(sampleCertificate('sensor-1', 1));
  registry.addDeviceKey({ deviceId: 'sensor-1', kid: 'k1', alg: 'ES256', jwk: sampleJwk });
  registry.setDeviceClaims('sensor-1', { role: 'sensor' });
  registry.setDeviceStatus('sensor-1', 'disabled');
  registry.revokeCertificate(serial, 'keyCompromise');

  const all = registry.readChanges(0);

  assert.deepEqual(
    all.map((change) => change.kind),
    [
      'device.added',
      'certificate.issued',
      'key.added',
      'device.claims',
      'device.disabled',
      'certificate.revoked',
    ],
  );
  assert.deepEqual(
    all.map((change) => change.seq),
    [1, 2, 3, 4, 5, 6],
  );
  assert.equal(registry.latestChangeSeq(), 6);
  assert.deepEqual(registry.readChanges(4), all.slice(4));
  assert.deepEqual(registry.readChanges(1, 2), all.slice(1, 3));
  assert.deepEqual(registry.readChanges(6), []);
});

test("shows one instance's writes to another on the same file at once", (t) => {
  const { registry: cli, path } = openTempRegistry(t);
  const broker = openForTest(t, path);
  const start = broker.latestChangeSeq();

  cli.addDevice('sensor-1');
  const seen = broker.readChanges(start);
  broker.appendAudit({ action: 'broker.started' });
  cli.setDeviceStatus('sensor-1', 'disabled');
  const next = broker.readChanges(seen.at(-1)!.seq);

  assert.deepEqual(
    seen.map((change) => change.kind),
    ['device.added'],
  );
  assert.deepEqual(
    next.map((change) => change.kind),
    ['device.disabled'],
  );
  assert.equal(broker.getDevice('sensor-1')?.status, 'disabled');
  assert.equal(cli.listAudit()[0]?.action, 'broker.started');
  assert.equal(cli.latestChangeSeq(), broker.latestChangeSeq());
});

test('refuses a position or limit no follower could mean', (t) => {
  const registry = openForTest(t, ':memory:');

  for (const afterSeq of [-1, 1.5, Number.NaN]) {
    assert.throws(() => registry.readChanges(afterSeq), RangeError);
  }
  for (const limit of [0, -1, MAX_CHANGES_PER_READ + 1]) {
    assert.throws(() => registry.readChanges(0, limit), RangeError);
  }
});

test('refuses to rewrite the change feed, even through a raw connection', (t) => {
  const { registry, path } = openTempRegistry(t);
  registry.addDevice('sensor-1');
  const raw = new Database(path);
  t.after(() => raw.close());

  assert.throws(
    () => raw.prepare(`UPDATE changes SET kind = 'device.enabled'`).run(),
    /append-only/,
  );
  assert.throws(() => raw.prepare('DELETE FROM changes').run(), /append-only/);
  assert.equal(registry.readChanges(0)[0]?.kind, 'device.added');
});
