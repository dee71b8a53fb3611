import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { calculateJwkThumbprint, decodeProtectedHeader, type JWK, jwtVerify } from 'jose';
import { loadConfig } from '../../src/config/index.js';
import { isWardenError } from '../../src/core/index.js';
import { openFleet } from '../../src/fleet/index.js';
import { createFleetHome, registrySnapshot } from './fixtures.js';

test('mints an ES256 token that verifies against the public half of certs/token.key', async (t) => {
  const { fleet, config } = await createFleetHome(t);
  fleet.addDevice('meter-1');
  const publicKey = createPublicKey(readFileSync(config.paths.tokenKey));

  const minted = await fleet.mintToken({ deviceId: 'meter-1', ttlSeconds: 600 });

  const { payload, protectedHeader } = await jwtVerify(minted.token, publicKey, {
    issuer: 'warden',
    audience: 'warden',
    subject: 'meter-1',
    algorithms: ['ES256'],
  });
  assert.equal(payload.exp! - payload.iat!, 600);
  assert.equal(payload.jti, minted.jti);
  assert.equal(minted.expiresAt.getTime(), payload.exp! * 1000);
  assert.equal(protectedHeader.typ, 'JWT');
  const thumbprint = await calculateJwkThumbprint(publicKey.export({ format: 'jwk' }) as JWK);
  assert.equal(protectedHeader.kid, thumbprint);
});

test('takes its default lifetime, issuer and audience from the configuration', async (t) => {
  const { dir, fleet: initial } = await createFleetHome(t);
  initial.addDevice('meter-2');
  const yaml =
    'token:\n  issuer: plant-7\n  audience: brokers\n  defaultTtl: 5m\n  maxLifetime: 1h\n';
  writeFileSync(join(dir, 'warden.yaml'), yaml);
  const fleet = openFleet(loadConfig({ home: dir }, {}));
  t.after(() => fleet.close());

  const { token } = await fleet.mintToken({ deviceId: 'meter-2' });
  const { token: other } = await fleet.mintToken({ deviceId: 'meter-2', audience: 'elsewhere' });

  const publicKey = createPublicKey(readFileSync(join(dir, 'certs', 'token.key')));
  const { payload } = await jwtVerify(token, publicKey, { issuer: 'plant-7', audience: 'brokers' });
  assert.equal(payload.exp! - payload.iat!, 300);
  await jwtVerify(other, publicKey, { issuer: 'plant-7', audience: 'elsewhere' });
  await assert.rejects(fleet.mintToken({ deviceId: 'meter-2', ttlSeconds: 3601 }), (error) =>
    isWardenError(error, 'ERR_TOKEN_TTL'),
  );
});

test('audits the jti and expiry of a minted token, never the token itself', async (t) => {
  const { fleet, config } = await createFleetHome(t);
  fleet.addDevice('meter-3');

  const minted = await fleet.mintToken({ deviceId: 'meter-3' });

  const entry = registrySnapshot(config.paths.database).audit.at(-1);
  assert.equal(entry?.action, 'token.mint');
  assert.equal(entry?.detail['jti'], minted.jti);
  assert.equal(entry?.detail['exp'], minted.expiresAt.getTime() / 1000);
  const signature = minted.token.split('.')[2]!;
  assert.ok(!JSON.stringify(entry).includes(signature));
  assert.equal(decodeProtectedHeader(minted.token).alg, 'ES256');
});

test('refuses a lifetime beyond the maximum and unknown or disabled devices', async (t) => {
  const { fleet, config } = await createFleetHome(t);
  fleet.addDevice('off-2');
  fleet.disableDevice('off-2');
  fleet.addDevice('on-2');
  const before = registrySnapshot(config.paths.database);
  const cases: [string, Promise<unknown>, string][] = [
    ['beyond 24h', fleet.mintToken({ deviceId: 'on-2', ttlSeconds: 86_401 }), 'ERR_TOKEN_TTL'],
    ['zero', fleet.mintToken({ deviceId: 'on-2', ttlSeconds: 0 }), 'ERR_TOKEN_TTL'],
    ['unknown', fleet.mintToken({ deviceId: 'ghost' }), 'ERR_DEVICE_NOT_FOUND'],
    ['disabled', fleet.mintToken({ deviceId: 'off-2' }), 'ERR_DEVICE_DISABLED'],
    ['invalid', fleet.mintToken({ deviceId: '#' }), 'ERR_INVALID_DEVICE_ID'],
  ];

  for (const [name, minting, code] of cases) {
    await assert.rejects(minting, (error) => isWardenError(error) && error.code === code, name);
  }

  assert.deepEqual(registrySnapshot(config.paths.database), before);
});

test('minting without the token key tells to run warden init and changes nothing', async (t) => {
  const { fleet, config } = await createFleetHome(t);
  fleet.addDevice('meter-4');
  rmSync(config.paths.tokenKey);
  const before = registrySnapshot(config.paths.database);

  await assert.rejects(
    fleet.mintToken({ deviceId: 'meter-4' }),
    (error) =>
      isWardenError(error, 'ERR_HOME_NOT_INITIALIZED') && /warden init/.test(error.message),
  );

  assert.deepEqual(registrySnapshot(config.paths.database), before);
});
