import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  fileMode,
  openssl,
  opensslCsr,
  pemToDer,
  registrySnapshot,
  tamperedCsr,
} from '../fleet/fixtures.js';
import { createCliHome } from './home.js';
import { assertFailure, assertUsage } from './run-cli.js';

test('cert issue --key-type writes ID.crt and a 0600 ID.key that openssl verifies', async (t) => {
  const home = await createCliHome(t);
  await home.run('device', 'add', 'cam-1');

  const issued = await home.run('cert', 'issue', 'cam-1', '--key-type', 'ec-p384', '--days', '30');

  assert.equal(issued.status, 0, issued.stderr);
  const crt = join(home.dir, 'cam-1.crt');
  const key = join(home.dir, 'cam-1.key');
  assert.equal(fileMode(key), 0o600);
  const verify = openssl(['verify', '-CAfile', join(home.dir, 'certs', 'ca.crt'), crt]);
  assert.equal(verify.status, 0, verify.stderr);
  const serial = /^serial\s+([0-9a-f]+)$/m.exec(issued.stdout)?.[1];
  const fingerprint = /^sha256\s+([0-9a-f]{64})$/m.exec(issued.stdout)?.[1];
  const fromOpenssl = openssl([
    'x509',
    '-in',
    crt,
    '-noout',
    '-serial',
    '-fingerprint',
    '-sha256',
  ]).stdout;
  assert.ok(serial !== undefined && fromOpenssl.includes(serial.toUpperCase()), fromOpenssl);
  assert.ok(fingerprint !== undefined);
  assert.ok(fromOpenssl.replaceAll(':', '').toLowerCase().includes(fingerprint), fromOpenssl);
  const pair = openssl(['pkey', '-in', key, '-pubout']).stdout;
  assert.equal(openssl(['x509', '-in', crt, '-noout', '-pubkey']).stdout, pair);
});

test('cert issue --csr signs an openssl P-256 request, PEM or DER, no key file', async (t) => {
  const home = await createCliHome(t);
  await home.run('device', 'add', 'pump-1');
  const csr = opensslCsr(home.dir, 'request', 'ec:P-256');
  writeFileSync(join(home.dir, 'request.der'), pemToDer(csr));

  const fromPem = await home.run('cert', 'issue', 'pump-1', '--csr', 'request.csr', '--out', 'a');
  const fromDer = await home.run(
    'cert',
    'issue',
    'pump-1',
    '--csr',
    'request.der',
    '--out',
    'b',
    '--json',
  );

  assert.equal(fromPem.status, 0, fromPem.stderr);
  assert.equal(fromDer.status, 0, fromDer.stderr);
  assert.equal(existsSync(join(home.dir, 'a.key')), false);
  const record = JSON.parse(fromDer.stdout);
  assert.equal(record.certificateFile, join(home.dir, 'b.crt'));
  assert.equal(record.privateKeyFile, undefined);
  assert.equal(record.certPem, undefined);
  for (const file of ['a.crt', 'b.crt']) {
    const verify = openssl([
      'verify',
      '-CAfile',
      join(home.dir, 'certs', 'ca.crt'),
      join(home.dir, file),
    ]);
    assert.equal(verify.status, 0, verify.stderr);
  }
});

test('cert issue refuses bad requests with one line and changes nothing', async (t) => {
  const home = await createCliHome(t);
  await home.run('device', 'add', 'pump-2');
  await home.run('device', 'add', 'off-2');
  await home.run('device', 'disable', 'off-2');
  const good = opensslCsr(home.dir, 'good', 'ec:P-256', '/CN=tamperme');
  opensslCsr(home.dir, 'weak', 'rsa:1024');
  writeFileSync(join(home.dir, 'garbage.csr'), 'hello, CA\n');
  writeFileSync(join(home.dir, 'tampered.csr'), tamperedCsr(good, 'tamperme'));
  writeFileSync(join(home.dir, 'taken.crt'), 'mine');
  const database = join(home.dir, 'data', 'warden.db');
  const before = registrySnapshot(database);
  const cases: [string[], RegExp][] = [
    [['pump-2', '--csr', 'garbage.csr'], /CSR/],
    [['pump-2', '--csr', 'tampered.csr'], /signature/],
    [['pump-2', '--csr', 'weak.csr'], /RSA key of 1024 bits is too weak/],
    [['pump-2', '--csr', 'missing.csr'], /cannot read .*missing\.csr: no such file/],
    [['pump-2', '--key-type', 'ec-p256', '--out', 'taken'], /taken\.crt already exists/],
    [['pump-2', '--key-type', 'ec-p256', '--out', 'nowhere/x'], /no directory .*nowhere/],
    [['pump-2', '--key-type', 'dsa-1024'], /unsupported key type "dsa-1024"/],
    [['pump-2', '--key-type', 'ec-p256', '--days', 'ten'], /--days must be a whole number/],
    [['pump-2', '--key-type', 'ec-p256', '--days', '0'], /validity of 0 days/],
    [['ghost', '--key-type', 'ec-p256'], /device ghost not found/],
    [['off-2', '--key-type', 'ec-p256'], /device off-2 is disabled/],
    [['a/b', '--key-type', 'ec-p256'], /invalid device id/],
  ];

  for (const [argv, pattern] of cases) {
    assertFailure(await home.run('cert', 'issue', ...argv), pattern);
  }

  assert.deepEqual(registrySnapshot(database), before);
  assert.equal(readFileSync(join(home.dir, 'taken.crt'), 'utf8'), 'mine');
  assert.equal(existsSync(join(home.dir, 'taken.key')), false);
  assert.equal(existsSync(join(home.dir, 'pump-2.key')), false);
});

test('cert list, cert revoke and a second revoke of the same serial', async (t) => {
  const home = await createCliHome(t);
  await home.run('device', 'add', 'cam-2');
  const issued = JSON.parse(
    (await home.run('cert', 'issue', 'cam-2', '--key-type', 'ec-p256', '--json')).stdout,
  );

  const listed = await home.run('cert', 'list', '--device', 'cam-2');
  const revoked = await home.run('cert', 'revoke', issued.serial, '--reason', 'keyCompromise');
  const database = join(home.dir, 'data', 'warden.db');
  const before = registrySnapshot(database);
  const twice = await home.run('cert', 'revoke', issued.serial);
  const unknown = await home.run('cert', 'revoke', 'abcdef');
  const badReason = await home.run('cert', 'revoke', '--device', 'cam-2', '--reason', 'boredom');
  const noneLeft = await home.run('cert', 'revoke', '--device', 'cam-2');
  const afterList = await home.run('cert', 'list', '--json');

  assert.match(listed.stdout, new RegExp(`^${issued.serial}\\s+cam-2\\s+\\S+\\s+valid$`, 'm'));
  assert.equal(revoked.stdout, `revoked ${issued.serial}\n`);
  assertFailure(twice, /already revoked/);
  assertFailure(unknown, /no certificate with serial abcdef/);
  assertFailure(badReason, /revocation reason "boredom"/);
  assertFailure(noneLeft, /no certificate left to revoke/);
  assert.deepEqual(registrySnapshot(database), before);
  assert.equal(JSON.parse(afterList.stdout)[0].revocationReason, 'keyCompromise');
});

test('cert revoke --device revokes each valid certificate and prints each serial', async (t) => {
  const home = await createCliHome(t);
  await home.run('device', 'add', 'cam-3');
  const issue = async (out: string) =>
    JSON.parse(
      (await home.run('cert', 'issue', 'cam-3', '--key-type', 'ec-p256', '--out', out, '--json'))
        .stdout,
    );
  const first = await issue('one');
  const second = await issue('two');

  const revoked = await home.run('cert', 'revoke', '--device', 'cam-3', '--reason', 'superseded');

  assert.equal(revoked.status, 0, revoked.stderr);
  assert.deepEqual(
    revoked.stdout.trim().split('\n').sort(),
    [`revoked ${first.serial}`, `revoked ${second.serial}`].sort(),
  );
});

test('crl writes PEM or DER that openssl verifies against the CA, or PEM to stdout', async (t) => {
  const home = await createCliHome(t);
  await home.run('device', 'add', 'cam-4');
  const issued = JSON.parse(
    (await home.run('cert', 'issue', 'cam-4', '--key-type', 'ec-p256', '--json')).stdout,
  );
  await home.run('cert', 'revoke', issued.serial, '--reason', 'keyCompromise');
  const ca = join(home.dir, 'certs', 'ca.crt');

  const pem = await home.run('crl', '--out', 'crl.pem');
  const der = await home.run('crl', '--out', 'crl.der', '--der');
  const stdout = await home.run('crl');

  assert.equal(pem.status, 0, pem.stderr);
  assert.match(pem.stdout, /\(PEM, 1 revoked\)/);
  const fromPem = openssl([
    'crl',
    '-in',
    join(home.dir, 'crl.pem'),
    '-CAfile',
    ca,
    '-noout',
    '-text',
  ]);
  assert.equal(fromPem.status, 0, fromPem.stderr);
  assert.match(fromPem.stderr, /verify OK/);
  assert.ok(fromPem.stdout.includes(issued.serial.toUpperCase()));
  assert.equal(der.status, 0, der.stderr);
  assert.match(der.stdout, /\(DER, 1 revoked\)/);
  const fromDer = openssl([
    'crl',
    '-inform',
    'DER',
    '-in',
    join(home.dir, 'crl.der'),
    '-CAfile',
    ca,
    '-noout',
  ]);
  assert.equal(fromDer.status, 0, fromDer.stderr);
  assert.match(fromDer.stderr, /verify OK/);
  assert.match(stdout.stdout, /^-----BEGIN X509 CRL-----\n[\s\S]+-----END X509 CRL-----\n$/);
  assertUsage(await home.run('crl', '--der'), 'warden crl --help');
});
