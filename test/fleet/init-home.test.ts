import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isWardenError } from '../../src/core/index.js';
import { ensureHome, initHome, openFleet } from '../../src/fleet/index.js';
import { fileMode, homeConfig, makeTempDir, openssl, registrySnapshot } from './fixtures.js';

test('init writes CA, server certificate, token key and registry, keys 0600', async (t) => {
  const config = homeConfig(makeTempDir(t));
  const { paths } = config;

  const result = await initHome(config);

  for (const path of [paths.caKey, paths.serverKey, paths.tokenKey]) {
    assert.equal(fileMode(path), 0o600, path);
  }
  assert.equal(statSync(paths.certsDir).mode & 0o777, 0o700);
  assert.ok(existsSync(paths.database));
  assert.equal(result.keyType, 'ec-p256');
  assert.equal(result.replaced, false);
  assert.equal(result.registryKept, false);
  const tokenKey = readFileSync(paths.tokenKey, 'utf8');
  assert.match(tokenKey, /^-----BEGIN PRIVATE KEY-----/);
});

test('the server certificate chains to the CA and names loopback, host and --san', async (t) => {
  const config = homeConfig(makeTempDir(t));
  const { paths } = config;

  const result = await initHome(config, { sans: ['mqtt.example.com', '10.0.0.7'] });

  const verify = openssl(['verify', '-CAfile', paths.caCert, paths.serverCert]);
  assert.equal(verify.status, 0, verify.stderr);
  const text = openssl([
    'x509',
    '-in',
    paths.serverCert,
    '-noout',
    '-ext',
    'subjectAltName,extendedKeyUsage',
  ]);
  for (const name of [
    'DNS:localhost',
    'IP Address:127.0.0.1',
    'IP Address:0:0:0:0:0:0:0:1',
    'DNS:mqtt.example.com',
    'IP Address:10.0.0.7',
  ]) {
    assert.ok(text.stdout.includes(name), `${name} in ${text.stdout}`);
  }
  assert.ok(result.sans.includes(hostname()));
  assert.match(text.stdout, /TLS Web Server Authentication/);
  const key = openssl(['pkey', '-in', paths.serverKey, '-noout', '-text']);
  assert.match(key.stdout, /NIST CURVE: P-256/);
});

test('init makes a CA of the requested key type', async (t) => {
  const config = homeConfig(makeTempDir(t));

  await initHome(config, { keyType: 'ec-p384' });

  const text = openssl(['x509', '-in', config.paths.caCert, '-noout', '-text']);
  assert.match(text.stdout, /NIST CURVE: P-384/);
  assert.match(text.stdout, /CA:TRUE/);
});

test('a second init refuses to touch the CA and changes nothing', async (t) => {
  const config = homeConfig(makeTempDir(t));
  await initHome(config);
  const caBefore = readFileSync(config.paths.caCert, 'utf8');
  const before = registrySnapshot(config.paths.database);

  await assert.rejects(initHome(config), (error) =>
    isWardenError(error, 'ERR_HOME_ALREADY_INITIALIZED'),
  );

  assert.equal(readFileSync(config.paths.caCert, 'utf8'), caBefore);
  assert.deepEqual(registrySnapshot(config.paths.database), before);
});

test('init --force replaces CA, server certificate, token key; keeps the registry', async (t) => {
  const config = homeConfig(makeTempDir(t));
  await initHome(config);
  const fleet = openFleet(config);
  fleet.addDevice('kept-1', { role: 'sensor' });
  fleet.close();
  const old = [config.paths.caCert, config.paths.serverKey, config.paths.tokenKey].map((path) =>
    readFileSync(path, 'utf8'),
  );

  const result = await initHome(config, { force: true });

  assert.equal(result.replaced, true);
  assert.equal(result.registryKept, true);
  const now = [config.paths.caCert, config.paths.serverKey, config.paths.tokenKey].map((path) =>
    readFileSync(path, 'utf8'),
  );
  for (const [index, content] of now.entries()) assert.notEqual(content, old[index]);
  const after = registrySnapshot(config.paths.database);
  assert.deepEqual(
    after.devices.map((device) => device.id),
    ['kept-1'],
  );
  assert.deepEqual(
    after.audit.map((entry) => entry.action),
    ['home.init', 'device.add', 'home.reinit'],
  );
  assert.equal(fileMode(config.paths.caKey), 0o600);
});

test('ensureHome initializes an empty home once and leaves an initialized one alone', async (t) => {
  const config = homeConfig(makeTempDir(t));

  const first = await ensureHome(config);
  const ca = readFileSync(config.paths.caCert, 'utf8');
  const second = await ensureHome(config);

  assert.equal(first?.replaced, false);
  assert.equal(second, undefined);
  assert.equal(readFileSync(config.paths.caCert, 'utf8'), ca);
});

test('init refuses an invalid --san and writes nothing', async (t) => {
  const dir = makeTempDir(t);
  const config = homeConfig(dir);

  await assert.rejects(initHome(config, { sans: ['bad name!'] }), (error) =>
    isWardenError(error, 'ERR_PKI_SAN_INVALID'),
  );

  assert.equal(existsSync(join(dir, 'certs')), false);
});

test('opening a home that was never initialized tells to run warden init', (t) => {
  const config = homeConfig(makeTempDir(t));

  assert.throws(
    () => openFleet(config),
    (error) =>
      isWardenError(error, 'ERR_HOME_NOT_INITIALIZED') && /warden init/.test(error.message),
  );
});
