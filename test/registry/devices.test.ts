import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Registry } from '../../src/registry/index.js';
import { fakeClock, openForTest, sampleCertificate, sampleJwk } from './fixtures.js';

const badDeviceIds = ['', 'a'.repeat(129), 'a/b', 'a+', '#', 'a b', 'a\u0000b', '$SYS', 'é'];

/** Every entry point that takes a device id, called with `id`. */
const deviceIdEntryPoints: [string, (registry: Registry, id: string) => unknown][] = [
  ['addDevice', (r, id) => r.addDevice(id)],
  ['getDevice', (r, id) => r.getDevice(id)],
  ['setDeviceStatus', (r, id) => r.setDeviceStatus(id, 'disabled')],
  ['setDeviceClaims', (r, id) => r.setDeviceClaims(id, {})],
  ['removeDevice', (r, id) => r.removeDevice(id)],
  ['addCertificate', (r, id) => r.addCertificate(sampleCertificate(id, 1))],
  ['listCertificates', (r, id) => r.listCertificates({ deviceId: id })],
  [
    'addDeviceKey',
    (r, id) => r.addDeviceKey({ deviceId: id, kid: 'k', alg: 'ES256', jwk: sampleJwk }),
  ],
  ['listDeviceKeys', (r, id) => r.listDeviceKeys(id)],
  ['getDeviceKey', (r, id) => r.getDeviceKey(id, 'k')],
  ['removeDeviceKey', (r, id) => r.removeDeviceKey(id, 'k')],
  ['appendAudit', (r, id) => r.appendAudit({ action: 'device.add', deviceId: id })],
  ['listAudit', (r, id) => r.listAudit({ deviceId: id })],
];

test('adds an enabled device with its claims and reports it', (t) => {
  const clock = fakeClock();
  const registry = openForTest(t, ':memory:', { now: clock.now });

  const device = registry.addDevice('sensor-1', { role: 'sensor', site: 'north' });

  assert.deepEqual(device, {
    id: 'sensor-1',
    status: 'enabled',
    claims: { role: 'sensor', site: 'north' },
    createdAt: clock.now(),
    updatedAt: clock.now(),
  });
  assert.deepEqual(registry.getDevice('sensor-1'), device);
  assert.deepEqual(
    registry.readChanges(0).map((change) => [change.kind, change.deviceId]),
    [['device.added', 'sensor-1']],
  );
});

test('answers undefined for a device that does not exist', (t) => {
  const registry = openForTest(t, ':memory:');

  assert.equal(registry.getDevice('ghost'), undefined);
});

test('lists devices ordered by id', (t) => {
  const registry = openForTest(t, ':memory:');
  for (const id of ['b', 'c', 'a']) registry.addDevice(id);

  assert.deepEqual(
    registry.listDevices().map((device) => device.id),
    ['a', 'b', 'c'],
  );
});

test('refuses to add a device twice and keeps the first', (t) => {
  const registry = openForTest(t, ':memory:');
  registry.addDevice('sensor-1', { role: 'sensor' });

  assert.throws(() => registry.addDevice('sensor-1', { role: 'gateway' }), {
    code: 'ERR_DEVICE_EXISTS',
  });
  assert.deepEqual(registry.getDevice('sensor-1')?.claims, { role: 'sensor' });
  assert.equal(registry.latestChangeSeq(), 1);
});

for (const [entryPoint, call] of deviceIdEntryPoints) {
  test(`refuses every invalid device id in ${entryPoint} before touching the database`, (t) => {
    const registry = openForTest(t, ':memory:');

    for (const id of badDeviceIds) {
      assert.throws(
        () => call(registry, id),
        { code: 'ERR_INVALID_DEVICE_ID' },
        JSON.stringify(id),
      );
    }
    assert.equal(registry.latestChangeSeq(), 0);
    assert.deepEqual(registry.listAudit(), []);
  });
}

test('accepts a device id of 128 characters drawn from the whole alphabet', (t) => {
  const registry = openForTest(t, ':memory:');
  const id = 'Az09._:-'.repeat(16);

  assert.equal(registry.addDevice(id).id, id);
});

test('refuses invalid claims and adds nothing', (t) => {
  const registry = openForTest(t, ':memory:');
  const badClaims = [
    { '1role': 'x' },
    { 'ro le': 'x' },
    { role: 'a\u0000b' },
    { role: 'x'.repeat(257) },
    { role: 7 },
  ] as unknown as Record<string, string>[];

  for (const claims of badClaims) {
    assert.throws(() => registry.addDevice('sensor-1', claims), { code: 'ERR_INVALID_CLAIM' });
  }
  assert.equal(registry.getDevice('sensor-1'), undefined);
});

test('disables and enables a device, recording each change once', (t) => {
  const clock = fakeClock();
  const registry = openForTest(t, ':memory:', { now: clock.now });
  registry.addDevice('sensor-1');
  clock.advance(1000);

  const disabled = registry.setDeviceStatus('sensor-1', 'disabled');
  const again = registry.setDeviceStatus('sensor-1', 'disabled');
  clock.advance(1000);
  const enabled = registry.setDeviceStatus('sensor-1', 'enabled');

  assert.equal(disabled.status, 'disabled');
  assert.deepEqual(again, disabled);
  assert.equal(enabled.status, 'enabled');
  assert.equal(enabled.updatedAt.getTime() - enabled.createdAt.getTime(), 2000);
  assert.deepEqual(
    registry.readChanges(0).map((change) => change.kind),
    ['device.added', 'device.disabled', 'device.enabled'],
  );
});

test('replaces the whole claim map, recording a change only when it differs', (t) => {
  const registry = openForTest(t, ':memory:');
  registry.addDevice('gw-1', { role: 'gateway', site: 'north' });

  const changed = registry.setDeviceClaims('gw-1', { site: 'south' });
  registry.setDeviceClaims('gw-1', { site: 'south' });

  assert.deepEqual(changed.claims, { site: 'south' });
  assert.deepEqual(registry.getDevice('gw-1')?.claims, { site: 'south' });
  assert.deepEqual(
    registry.readChanges(0).map((change) => change.kind),
    ['device.added', 'device.claims'],
  );
});

test('refuses to change or remove a device that does not exist', (t) => {
  const registry = openForTest(t, ':memory:');

  assert.throws(() => registry.setDeviceStatus('ghost', 'disabled'), {
    code: 'ERR_DEVICE_NOT_FOUND',
  });
  assert.throws(() => registry.setDeviceClaims('ghost', {}), { code: 'ERR_DEVICE_NOT_FOUND' });
  assert.throws(() => registry.removeDevice('ghost'), { code: 'ERR_DEVICE_NOT_FOUND' });
  assert.equal(registry.latestChangeSeq(), 0);
});

test('removes a device and its keys but keeps its certificates, revoked', (t) => {
  const clock = fakeClock();
  const registry = openForTest(t, ':memory:', { now: clock.now });
  registry.addDevice('sensor-1');
  const live = registry.addCertificate(sampleCertificate('sensor-1', 1));
  const old = registry.addCertificate(sampleCertificate('sensor-1', 2));
  registry.revokeCertificate(old.serial, 'superseded');
  registry.addDeviceKey({ deviceId: 'sensor-1', kid: 'k1', alg: 'ES256', jwk: sampleJwk });
  clock.advance(5000);
  const before = registry.latestChangeSeq();

  registry.removeDevice('sensor-1');

  assert.equal(registry.getDevice('sensor-1'), undefined);
  assert.deepEqual(registry.listDeviceKeys('sensor-1'), []);
  const kept = registry.getCertificate(live.serial);
  assert.equal(kept?.revocationReason, 'cessationOfOperation');
  assert.deepEqual(kept?.revokedAt, clock.now());
  assert.equal(registry.getCertificate(old.serial)?.revocationReason, 'superseded');
  assert.deepEqual(
    registry
      .listRevokedCertificates()
      .map((certificate) => certificate.serial)
      .sort(),
    [live.serial, old.serial].sort(),
  );
  assert.deepEqual(
    registry.readChanges(before).map((change) => [change.kind, change.serial, change.kid]),
    [
      ['certificate.revoked', live.serial, null],
      ['key.removed', null, 'k1'],
      ['device.removed', null, null],
    ],
  );
});

test('adds a device again after removal without reviving its old certificates', (t) => {
  const registry = openForTest(t, ':memory:');
  registry.addDevice('sensor-1');
  const old = registry.addCertificate(sampleCertificate('sensor-1', 1));
  registry.removeDevice('sensor-1');

  registry.addDevice('sensor-1');

  assert.notEqual(registry.getCertificate(old.serial)?.revokedAt, null);
  assert.throws(() => registry.addCertificate(sampleCertificate('sensor-1', 1)), {
    code: 'ERR_CERT_EXISTS',
  });
});
