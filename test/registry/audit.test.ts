import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { fakeClock, openForTest, openTempRegistry } from './fixtures.js';

function processUser(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid:${process.getuid?.() ?? 'unknown'}`;
  }
}

test('appends an entry with the process user as the default actor', (t) => {
  const clock = fakeClock();
  const registry = openForTest(t, ':memory:', { now: clock.now });

  const entry = registry.appendAudit({ action: 'registry.opened' });

  assert.deepEqual(entry, {
    seq: 1,
    at: clock.now(),
    actor: processUser(),
    action: 'registry.opened',
    deviceId: null,
    detail: {},
  });
  assert.deepEqual(registry.listAudit(), [entry]);
});

test('keeps the given actor, device and detail', (t) => {
  const registry = openForTest(t, ':memory:');
  registry.addDevice('sensor-1');

  const entry = registry.appendAudit({
    action: 'certificate.issue',
    actor: 'alice',
    deviceId: 'sensor-1',
    detail: { serial: '1a2b', days: 365, san: ['urn:warden:device:sensor-1'] },
  });

  assert.equal(entry.actor, 'alice');
  assert.equal(entry.deviceId, 'sensor-1');
  assert.deepEqual(registry.listAudit({ deviceId: 'sensor-1' })[0]?.detail, {
    days: 365,
    san: ['urn:warden:device:sensor-1'],
    serial: '1a2b',
  });
});

test('lists entries after a seq, for one device, up to a limit, oldest first', (t) => {
  const registry = openForTest(t, ':memory:');
  const devices = ['a', 'b', 'a', 'a', 'b'];
  for (const deviceId of devices) registry.appendAudit({ action: 'device.touch', deviceId });

  const seqs = (entries: { seq: number }[]) => entries.map((entry) => entry.seq);

  assert.deepEqual(seqs(registry.listAudit()), [1, 2, 3, 4, 5]);
  assert.deepEqual(seqs(registry.listAudit({ afterSeq: 3 })), [4, 5]);
  assert.deepEqual(seqs(registry.listAudit({ limit: 2 })), [1, 2]);
  assert.deepEqual(seqs(registry.listAudit({ deviceId: 'a' })), [1, 3, 4]);
  assert.deepEqual(seqs(registry.listAudit({ deviceId: 'a', afterSeq: 1, limit: 1 })), [3]);
  assert.throws(() => registry.listAudit({ limit: 0 }), RangeError);
  assert.throws(() => registry.listAudit({ afterSeq: -1 }), RangeError);
});

test('keeps the audit trail of a device after the device is removed', (t) => {
  const registry = openForTest(t, ':memory:');
  registry.addDevice('sensor-1');
  registry.appendAudit({ action: 'device.add', deviceId: 'sensor-1' });

  registry.removeDevice('sensor-1');
  registry.appendAudit({ action: 'device.remove', deviceId: 'sensor-1' });

  assert.deepEqual(
    registry.listAudit({ deviceId: 'sensor-1' }).map((entry) => entry.action),
    ['device.add', 'device.remove'],
  );
});

test('refuses to update or delete an audit entry, even through a raw connection', (t) => {
  const { registry, path } = openTempRegistry(t);
  const entry = registry.appendAudit({ action: 'device.add', actor: 'alice' });
  const raw = new Database(path);
  t.after(() => raw.close());

  assert.throws(() => raw.prepare(`UPDATE audit SET actor = 'mallory'`).run(), /append-only/);
  assert.throws(() => raw.prepare('DELETE FROM audit').run(), /append-only/);
  assert.deepEqual(registry.listAudit(), [entry]);
});

test('refuses malformed actions, actors and details', (t) => {
  const registry = openForTest(t, ':memory:');
  const big = { blob: 'x'.repeat(70 * 1024) };

  for (const action of ['', 'device add', 'a'.repeat(65), 'devicé']) {
    assert.throws(() => registry.appendAudit({ action }), { code: 'ERR_INVALID_ARGUMENT' });
  }
  for (const actor of ['', 'bob\nroot', 'x'.repeat(129)]) {
    assert.throws(() => registry.appendAudit({ action: 'a', actor }), {
      code: 'ERR_INVALID_ARGUMENT',
    });
  }
  const notObject = [] as unknown as Record<string, unknown>;
  assert.throws(() => registry.appendAudit({ action: 'a', detail: notObject }), TypeError);
  assert.throws(() => registry.appendAudit({ action: 'a', detail: big }), RangeError);
  assert.deepEqual(registry.listAudit(), []);
});
