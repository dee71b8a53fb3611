import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { isWardenError } from '../../src/core/index.js';
import { createFleetHome, registrySnapshot } from './fixtures.js';

function ecPublicPem(curve: string): string {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

test('registers EC P-256, P-384 and Ed25519 keys with their alg and thumbprint kid', async (t) => {
  const { fleet, config } = await createFleetHome(t);
  fleet.addDevice('tracker-1');
  const ed25519 = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
  const p256 = ecPublicPem('P-256');

  const keys = [
    await fleet.addKey({ deviceId: 'tracker-1', pem: p256 }),
    await fleet.addKey({ deviceId: 'tracker-1', pem: ecPublicPem('P-384') }),
    await fleet.addKey({ deviceId: 'tracker-1', jwk: ed25519 }),
  ];

  assert.deepEqual(
    keys.map((key) => key.alg),
    ['ES256', 'ES384', 'EdDSA'],
  );
  const expectedKid = await calculateJwkThumbprint(
    createPublicKey(p256).export({ format: 'jwk' }) as JWK,
  );
  assert.equal(keys[0]?.kid, expectedKid);
  assert.equal(fleet.listKeys('tracker-1').length, 3);
  const actions = registrySnapshot(config.paths.database).audit.map((entry) => entry.action);
  assert.deepEqual(actions.slice(-3), ['key.add', 'key.add', 'key.add']);
});

test('registers an RSA-2048 public key for RS256', async (t) => {
  const { fleet } = await createFleetHome(t);
  fleet.addDevice('tracker-2');
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  const key = await fleet.addKey({
    deviceId: 'tracker-2',
    jwk: publicKey.export({ format: 'jwk' }),
  });

  assert.equal(key.alg, 'RS256');
});

test('refuses private, weak, unsupported and duplicate keys, changing nothing', async (t) => {
  const { fleet, config } = await createFleetHome(t);
  fleet.addDevice('tracker-3');
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await fleet.addKey({ deviceId: 'tracker-3', pem: publicPem });
  const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
  const before = registrySnapshot(config.paths.database);
  const cases: [string, object, string][] = [
    [
      'private PEM',
      { pem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) },
      'ERR_KEY_INVALID',
    ],
    ['private JWK', { jwk: pair.privateKey.export({ format: 'jwk' }) }, 'ERR_KEY_INVALID'],
    ['secret JWK', { jwk: { kty: 'oct', k: 'c2VjcmV0' } }, 'ERR_KEY_INVALID'],
    ['RSA-1024', { jwk: rsa1024.export({ format: 'jwk' }) }, 'ERR_KEY_INVALID'],
    ['secp256k1', { pem: ecPublicPem('secp256k1') }, 'ERR_KEY_INVALID'],
    [
      'garbage PEM',
      { pem: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n' },
      'ERR_KEY_INVALID',
    ],
    ['not a JWK', { jwk: 'P-256' }, 'ERR_KEY_INVALID'],
    ['duplicate', { pem: publicPem }, 'ERR_KEY_EXISTS'],
    ['both forms', { pem: publicPem, jwk: {} }, 'ERR_INVALID_ARGUMENT'],
  ];

  for (const [name, input, code] of cases) {
    await assert.rejects(
      fleet.addKey({ deviceId: 'tracker-3', ...input }),
      (error) => isWardenError(error) && error.code === code,
      name,
    );
  }
  await assert.rejects(fleet.addKey({ deviceId: 'ghost', pem: publicPem }), (error) =>
    isWardenError(error, 'ERR_DEVICE_NOT_FOUND'),
  );

  assert.deepEqual(registrySnapshot(config.paths.database), before);
});

test('private key material is refused with a message asking for the public key', async (t) => {
  const { fleet } = await createFleetHome(t);
  fleet.addDevice('tracker-4');
  const { privateKey } = generateKeyPairSync('ed25519');

  await assert.rejects(
    fleet.addKey({
      deviceId: 'tracker-4',
      pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    }),
    /give the public key only/,
  );
});

test('removes a key; removing an unknown one is refused', async (t) => {
  const { fleet, config } = await createFleetHome(t);
  fleet.addDevice('tracker-5');
  const key = await fleet.addKey({ deviceId: 'tracker-5', pem: ecPublicPem('P-256') });

  fleet.removeKey('tracker-5', key.kid);
  const before = registrySnapshot(config.paths.database);

  assert.deepEqual(fleet.listKeys('tracker-5'), []);
  assert.equal(before.audit.at(-1)?.action, 'key.remove');
  assert.throws(
    () => fleet.removeKey('tracker-5', key.kid),
    (error) => isWardenError(error, 'ERR_KEY_NOT_FOUND'),
  );
  assert.deepEqual(registrySnapshot(config.paths.database), before);
});
