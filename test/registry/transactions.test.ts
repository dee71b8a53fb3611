import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openForTest, openTempRegistry } from './fixtures.js';

test('persists nothing when the function throws after adding a device and auditing it', (t) => {
  const { registry, path } = openTempRegistry(t);

  assert.throws(
    () =>
      registry.transaction(() => {
        registry.addDevice('sensor-1');
        registry.appendAudit({ action: 'device.add', deviceId: 'sensor-1' });
        throw new Error('the certificate could not be written');
      }),
    /could not be written/,
  );

  const other = openForTest(t, path);
  for (const view of [registry, other]) {
    assert.equal(view.getDevice('sensor-1'), undefined);
    assert.deepEqual(view.listAudit(), []);
    assert.equal(view.latestChangeSeq(), 0);
  }
});

test('commits every call of a transaction together, invisible to others until it returns', (t) => {
  const { registry, path } = openTempRegistry(t);
  const other = openForTest(t, path);

  const device = registry.transaction(() => {
    const added = registry.addDevice('sensor-1');
    registry.setDeviceStatus('sensor-1', 'disabled');
    registry.appendAudit({ action: 'device.add', deviceId: 'sensor-1' });
    assert.equal(other.getDevice('sensor-1'), undefined);
    assert.equal(other.latestChangeSeq(), 0);
    return added;
  });

  assert.equal(device.id, 'sensor-1');
  assert.equal(other.getDevice('sensor-1')?.status, 'disabled');
  assert.equal(other.listAudit().length, 1);
  assert.equal(other.latestChangeSeq(), 2);
});

test('undoes only the inner transaction when the outer function catches its error', (t) => {
  const registry = openForTest(t, ':memory:');

  registry.transaction(() => {
    registry.addDevice('kept');
    try {
      registry.transaction(() => {
        registry.addDevice('dropped');
        throw new Error('inner step failed');
      });
    } catch {
      // The outer step carries on without the inner one.
    }
  });

  assert.deepEqual(
    registry.listDevices().map((device) => device.id),
    ['kept'],
  );
  assert.deepEqual(
    registry.readChanges(0).map((change) => change.deviceId),
    ['kept'],
  );
});

test('refuses an async function and keeps none of its writes', (t) => {
  const registry = openForTest(t, ':memory:');

  assert.throws(
    () =>
      registry.transaction(async () => {
        registry.addDevice('sensor-1');
      }),
    TypeError,
  );
  assert.equal(registry.getDevice('sensor-1'), undefined);
});
