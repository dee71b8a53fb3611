import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isWardenError } from '../../src/core/index.js';
import { createFleetHome, registrySnapshot } from './fixtures.js';

test('adds a device, enabled, with its claims, and audits it', async (t) => {
  const { fleet, config } = await createFleetHome(t);

  const device = fleet.addDevice('sensor-1', { role: 'sensor', site: 'north' });

  assert.equal(device.status, 'enabled');
  assert.deepEqual(device.claims, { role: 'sensor', site: 'north' });
  assert.deepEqual(
    fleet.listDevices().map((entry) => entry.id),
    ['sensor-1'],
  );
  const audit = registrySnapshot(config.paths.database).audit.at(-1);
  assert.equal(audit?.action, 'device.add');
  assert.equal(audit?.deviceId, 'sensor-1');
});

test('refuses invalid ids, bad claims and duplicates, changing nothing', async (t) => {
  const { fleet, config } = await createFleetHome(t);
  fleet.addDevice('dup-1');
  const before = registrySnapshot(config.paths.database);
  const cases: [string, () => unknown, string][] = [
    ['slash', () => fleet.addDevice('a/b'), 'ERR_INVALID_DEVICE_ID'],
    ['hash', () => fleet.addDevice('#'), 'ERR_INVALID_DEVICE_ID'],
    ['empty', () => fleet.addDevice(''), 'ERR_INVALID_DEVICE_ID'],
    ['plus', () => fleet.addDevice('a+b'), 'ERR_INVALID_DEVICE_ID'],
    ['too long', () => fleet.addDevice('x'.repeat(129)), 'ERR_INVALID_DEVICE_ID'],
    ['claim key', () => fleet.addDevice('ok-1', { 'bad key': 'v' }), 'ERR_INVALID_CLAIM'],
    ['claim value', () => fleet.addDevice('ok-1', { role: 'a\u0000b' }), 'ERR_INVALID_CLAIM'],
    ['duplicate', () => fleet.addDevice('dup-1'), 'ERR_DEVICE_EXISTS'],
  ];

  for (const [name, action, code] of cases) {
    assert.throws(action, (error) => isWardenError(error) && error.code === code, name);
  }

  assert.deepEqual(registrySnapshot(config.paths.database), before);
});

test('disables and enables a device, auditing each change', async (t) => {
  const { fleet, config } = await createFleetHome(t);
  fleet.addDevice('gate-1');

  assert.equal(fleet.disableDevice('gate-1').status, 'disabled');
  assert.equal(fleet.enableDevice('gate-1').status, 'enabled');

  const actions = registrySnapshot(config.paths.database).audit.map((entry) => entry.action);
  assert.deepEqual(actions.slice(-2), ['device.disable', 'device.enable']);
});

test('refuses to change an unknown device and changes nothing', async (t) => {
  const { fleet, config } = await createFleetHome(t);
  const before = registrySnapshot(config.paths.database);

  for (const action of [
    () => fleet.disableDevice('ghost'),
    () => fleet.enableDevice('ghost'),
    () => fleet.removeDevice('ghost'),
    () => fleet.updateClaims('ghost', { set: { a: 'b' } }),
    () => fleet.describeDevice('ghost'),
    () => fleet.listCertificates({ deviceId: 'ghost' }),
  ]) {
    assert.throws(action, (error) => isWardenError(error, 'ERR_DEVICE_NOT_FOUND'));
  }

  assert.deepEqual(registrySnapshot(config.paths.database), before);
});

test('sets and unsets claims in one change', async (t) => {
  const { fleet } = await createFleetHome(t);
  fleet.addDevice('gw-1', { role: 'gateway', site: 'north', zone: 'a' });

  const device = fleet.updateClaims('gw-1', { set: { site: 'south' }, unset: ['zone'] });

  assert.deepEqual(device.claims, { role: 'gateway', site: 'south' });
  assert.throws(
    () => fleet.updateClaims('gw-1', { unset: ['bad key'] }),
    (error) => isWardenError(error, 'ERR_INVALID_CLAIM'),
  );
});

test('removing a device revokes its certificates and drops its keys', async (t) => {
  const { fleet } = await createFleetHome(t);
  fleet.addDevice('cam-1');
  const issued = await fleet.issueCertificate({ deviceId: 'cam-1' });

  const removed = fleet.removeDevice('cam-1');

  assert.deepEqual(removed.revokedSerials, [issued.serial]);
  assert.deepEqual(fleet.listDevices(), []);
  const [certificate] = fleet.listCertificates();
  assert.equal(certificate?.serial, issued.serial);
  assert.notEqual(certificate?.revokedAt, null);
});

test('describes a device with its certificates and keys', async (t) => {
  const { fleet } = await createFleetHome(t);
  fleet.addDevice('meter-1');
  const issued = await fleet.issueCertificate({ deviceId: 'meter-1' });

  const details = fleet.describeDevice('meter-1');

  assert.equal(details.id, 'meter-1');
  assert.deepEqual(
    details.certificates.map((certificate) => certificate.serial),
    [issued.serial],
  );
  assert.deepEqual(details.keys, []);
});
