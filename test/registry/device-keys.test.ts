import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeClock, openForTest, sampleJwk } from './fixtures.js';

test('registers, lists, finds and removes the keys of a device', (t) => {
  const clock = fakeClock();
  const registry = openForTest(t, ':memory:', { now: clock.now });
  registry.addDevice('sensor-1');

  const addedAt = clock.now();
  const first = registry.addDeviceKey({
    deviceId: 'sensor-1',
    kid: 'k1',
    alg: 'ES256',
    jwk: sampleJwk,
  });
  clock.advance(1);
  registry.addDeviceKey({ deviceId: 'sensor-1', kid: 'k0', alg: 'ES256', jwk: sampleJwk });

  assert.deepEqual(first, {
    deviceId: 'sensor-1',
    kid: 'k1',
    alg: 'ES256',
    jwk: sampleJwk,
    createdAt: addedAt,
  });
  assert.deepEqual(
    registry.listDeviceKeys('sensor-1').map((key) => key.kid),
    ['k1', 'k0'],
  );
  assert.deepEqual(registry.getDeviceKey('sensor-1', 'k1'), first);

  registry.removeDeviceKey('sensor-1', 'k1');

  assert.equal(registry.getDeviceKey('sensor-1', 'k1'), undefined);
  assert.deepEqual(
    registry.readChanges(1).map((change) => [change.kind, change.kid]),
    [
      ['key.added', 'k1'],
      ['key.added', 'k0'],
      ['key.removed', 'k1'],
    ],
  );
});

test('refuses to remove a key that is not registered', (t) => {
  const registry = openForTest(t, ':memory:');
  registry.addDevice('sensor-1');

  assert.throws(() => registry.removeDeviceKey('sensor-1', 'k1'), { code: 'ERR_KEY_NOT_FOUND' });
  assert.throws(() => registry.removeDeviceKey('ghost', 'k1'), { code: 'ERR_KEY_NOT_FOUND' });
  assert.equal(registry.latestChangeSeq(), 1);
});

test('refuses a key id registered twice for the same device', (t) => {
  const registry = openForTest(t, ':memory:');
  registry.addDevice('a');
  registry.addDevice('b');
  registry.addDeviceKey({ deviceId: 'a', kid: 'k1', alg: 'ES256', jwk: sampleJwk });

  assert.throws(
    () => registry.addDeviceKey({ deviceId: 'a', kid: 'k1', alg: 'EdDSA', jwk: sampleJwk }),
    { code: 'ERR_KEY_EXISTS' },
  );
  assert.equal(
    registry.addDeviceKey({ deviceId: 'b', kid: 'k1', alg: 'ES256', jwk: sampleJwk }).deviceId,
    'b',
  );
  assert.equal(registry.getDeviceKey('a', 'k1')?.alg, 'ES256');
});

test('refuses a key for a device that does not exist', (t) => {
  const registry = openForTest(t, ':memory:');

  assert.throws(
    () => registry.addDeviceKey({ deviceId: 'ghost', kid: 'k1', alg: 'ES256', jwk: sampleJwk }),
    { code: 'ERR_DEVICE_NOT_FOUND' },
  );
});

test('refuses malformed key ids and algorithms', (t) => {
  const registry = openForTest(t, ':memory:');
  registry.addDevice('sensor-1');
  const badKids = ['', 'k'.repeat(129), 'a/b', 'a b', 'k\u0000', 'é', '"k"'];

  for (const kid of badKids) {
    assert.throws(
      () => registry.addDeviceKey({ deviceId: 'sensor-1', kid, alg: 'ES256', jwk: sampleJwk }),
      { code: 'ERR_INVALID_ARGUMENT' },
      JSON.stringify(kid),
    );
    assert.throws(() => registry.getDeviceKey('sensor-1', kid), { code: 'ERR_INVALID_ARGUMENT' });
  }
  assert.throws(
    () => registry.addDeviceKey({ deviceId: 'sensor-1', kid: 'k', alg: 'ES 256', jwk: sampleJwk }),
    { code: 'ERR_INVALID_ARGUMENT' },
  );
  assert.equal(
    registry.addDeviceKey({
      deviceId: 'sensor-1',
      kid: 'k'.repeat(128),
      alg: 'ES256',
      jwk: sampleJwk,
    }).kid.length,
    128,
  );
});

test('refuses a private or inconsistent JWK so no secret is ever stored', (t) => {
  const registry = openForTest(t, ':memory:');
  registry.addDevice('sensor-1');
  const badJwks = [
    { ...sampleJwk, d: 'jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI' },
    { kty: 'oct', k: 'c2VjcmV0' },
    { crv: 'P-256', x: sampleJwk.x, y: sampleJwk.y },
    { ...sampleJwk, kid: 'other' },
    { ...sampleJwk, alg: 'ES384' },
    [],
  ] as unknown as Record<string, unknown>[];

  for (const jwk of badJwks) {
    assert.throws(
      () => registry.addDeviceKey({ deviceId: 'sensor-1', kid: 'k1', alg: 'ES256', jwk }),
      { code: 'ERR_KEY_INVALID' },
      JSON.stringify(jwk),
    );
  }
  assert.deepEqual(registry.listDeviceKeys('sensor-1'), []);
});
