import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { registrySnapshot } from '../fleet/fixtures.js';
import { createCliHome } from './home.js';
import { assertFailure } from './run-cli.js';

test('token prints only the JWT, with the right iss, aud, sub and exp', async (t) => {
  const home = await createCliHome(t);
  await home.run('device', 'add', 'meter-1');
  const started = Math.floor(Date.now() / 1000);

  const plain = await home.run('token', 'meter-1');
  const custom = await home.run('token', 'meter-1', '--ttl', '30s', '--aud', 'plant-3');

  const publicKey = createPublicKey(readFileSync(join(home.dir, 'certs', 'token.key')));
  assert.equal(plain.stdout.split('\n').length, 2);
  const { payload } = await jwtVerify(plain.stdout.trim(), publicKey, {
    issuer: 'warden',
    audience: 'warden',
    subject: 'meter-1',
  });
  assert.equal(payload.exp! - payload.iat!, 3600);
  assert.ok(payload.iat! >= started);
  const other = await jwtVerify(custom.stdout.trim(), publicKey, { audience: 'plant-3' });
  assert.equal(other.payload.exp! - other.payload.iat!, 30);
  assert.equal(decodeProtectedHeader(plain.stdout.trim()).alg, 'ES256');
});

test('token refuses a too long or bad --ttl and unknown or disabled devices', async (t) => {
  const home = await createCliHome(t);
  await home.run('device', 'add', 'meter-2');
  await home.run('device', 'add', 'off-3');
  await home.run('device', 'disable', 'off-3');
  const database = join(home.dir, 'data', 'warden.db');
  const before = registrySnapshot(database);
  const cases: [string[], RegExp][] = [
    [['meter-2', '--ttl', '25h'], /exceeds the maximum/],
    [['meter-2', '--ttl', 'soon'], /invalid duration "soon"/],
    [['meter-2', '--ttl', '0s'], /must be positive/],
    [['ghost'], /device ghost not found/],
    [['off-3'], /device off-3 is disabled/],
    [['a/b'], /invalid device id/],
  ];

  for (const [argv, pattern] of cases) {
    assertFailure(await home.run('token', ...argv), pattern);
  }

  assert.deepEqual(registrySnapshot(database), before);
});

test('key add takes PEM or JWK and prints the kid; key list and remove follow', async (t) => {
  const home = await createCliHome(t);
  await home.run('device', 'add', 'tracker-1');
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(join(home.dir, 'ec.pub'), ec.publicKey.export({ type: 'spki', format: 'pem' }));
  const ed = generateKeyPairSync('ed25519');
  writeFileSync(join(home.dir, 'ed.jwk'), JSON.stringify(ed.publicKey.export({ format: 'jwk' })));

  const fromPem = await home.run('key', 'add', 'tracker-1', '--pem', 'ec.pub');
  const fromJwk = await home.run('key', 'add', 'tracker-1', '--jwk', 'ed.jwk');
  const listed = await home.run('key', 'list', 'tracker-1');
  const kid = fromPem.stdout.trim();
  const removed = await home.run('key', 'remove', 'tracker-1', '--', kid);
  const remaining = JSON.parse((await home.run('key', 'list', 'tracker-1', '--json')).stdout);

  assert.match(kid, /^[\w-]{43}$/);
  assert.match(fromJwk.stdout, /^[\w-]{43}\n$/);
  assert.match(listed.stdout, new RegExp(`^${kid.replace(/-/g, '\\-')}\\s+ES256\\s`, 'm'));
  assert.match(listed.stdout, /\sEdDSA\s/);
  assert.equal(removed.stdout, `removed key ${kid} of device tracker-1\n`);
  assert.deepEqual(
    remaining.map((key: { alg: string }) => key.alg),
    ['EdDSA'],
  );
});

test('key add refuses private keys, missing files and non-JSON, and changes nothing', async (t) => {
  const home = await createCliHome(t);
  await home.run('device', 'add', 'tracker-2');
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(join(home.dir, 'ec.key'), ec.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(home.dir, 'ec.jwk'), JSON.stringify(ec.privateKey.export({ format: 'jwk' })));
  writeFileSync(join(home.dir, 'junk.jwk'), '{ not json');
  const database = join(home.dir, 'data', 'warden.db');
  const before = registrySnapshot(database);
  const cases: [string[], RegExp][] = [
    [['add', 'tracker-2', '--pem', 'ec.key'], /give the public key only/],
    [['add', 'tracker-2', '--jwk', 'ec.jwk'], /give the public key only/],
    [['add', 'tracker-2', '--jwk', 'junk.jwk'], /junk\.jwk is not JSON/],
    [['add', 'tracker-2', '--pem', 'absent.pem'], /cannot read .*absent\.pem: no such file/],
    [['add', 'ghost', '--pem', 'ec.key'], /device ghost not found/],
    [['list', 'ghost'], /device ghost not found/],
    [['remove', 'tracker-2', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'], /no key/],
  ];

  for (const [argv, pattern] of cases) {
    assertFailure(await home.run('key', ...argv), pattern);
  }

  assert.deepEqual(registrySnapshot(database), before);
});
