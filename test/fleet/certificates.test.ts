import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isWardenError } from '../../src/core/index.js';
import {
  createFleetHome,
  openssl,
  opensslCsr,
  pemToDer,
  registrySnapshot,
  tamperedCsr,
} from './fixtures.js';

test('issues a certificate for a generated key that openssl verifies against the CA', async (t) => {
  const { fleet, config, dir } = await createFleetHome(t);
  fleet.addDevice('sensor-1');

  const issued = await fleet.issueCertificate({ deviceId: 'sensor-1', days: 30 });

  const path = join(dir, 'sensor-1.crt');
  writeFileSync(path, issued.certPem);
  const verify = openssl(['verify', '-CAfile', config.paths.caCert, '-purpose', 'sslclient', path]);
  assert.equal(verify.status, 0, verify.stderr);
  assert.match(issued.keyPem ?? '', /BEGIN PRIVATE KEY/);
  assert.match(issued.fingerprint, /^[0-9a-f]{64}$/);
  const days = (issued.notAfter.getTime() - Date.now()) / 86_400_000;
  assert.ok(days > 29.9 && days <= 30, `${days} days`);
  const [record] = fleet.listCertificates({ deviceId: 'sensor-1' });
  assert.equal(record?.serial, issued.serial);
  assert.equal(record?.fingerprint, issued.fingerprint);
  const audit = registrySnapshot(config.paths.database).audit.at(-1);
  assert.equal(audit?.action, 'certificate.issue');
  assert.equal(audit?.detail['serial'], issued.serial);
});

test('signs an EC P-256 CSR made by openssl, trusting only its key, not its subject', async (t) => {
  const { fleet, config, dir } = await createFleetHome(t);
  fleet.addDevice('sensor-2');
  const csr = opensslCsr(dir, 'sensor-2', 'ec:P-256', '/CN=someone-else');

  const issued = await fleet.issueCertificate({ deviceId: 'sensor-2', csr: pemToDer(csr) });

  assert.equal(issued.keyPem, undefined);
  const path = join(dir, 'sensor-2.crt');
  writeFileSync(path, issued.certPem);
  assert.equal(openssl(['verify', '-CAfile', config.paths.caCert, path]).status, 0);
  const subject = openssl(['x509', '-in', path, '-noout', '-subject', '-ext', 'subjectAltName']);
  assert.match(subject.stdout, /CN = sensor-2/);
  assert.match(subject.stdout, /URI:urn:warden:device:sensor-2/);
  const fromKey = openssl(['pkey', '-in', join(dir, 'sensor-2.key'), '-pubout']).stdout;
  const fromCert = openssl(['x509', '-in', path, '-noout', '-pubkey']).stdout;
  assert.equal(fromCert, fromKey);
});

test('refuses garbage, tampered and weak CSRs and changes nothing', async (t) => {
  const { fleet, config, dir } = await createFleetHome(t);
  fleet.addDevice('sensor-3');
  const good = opensslCsr(dir, 'good', 'ec:P-256', '/CN=tamperme');
  const weak = opensslCsr(dir, 'weak', 'rsa:1024');
  const before = registrySnapshot(config.paths.database);
  const cases: [string, Buffer, string][] = [
    ['garbage', Buffer.from('not a certificate request at all'), 'ERR_PKI_CSR_INVALID'],
    ['truncated', pemToDer(good).subarray(0, 40), 'ERR_PKI_CSR_INVALID'],
    ['tampered', tamperedCsr(good, 'tamperme'), 'ERR_PKI_CSR_SIGNATURE'],
    ['rsa-1024', Buffer.from(weak), 'ERR_PKI_KEY_WEAK'],
  ];

  for (const [name, csr, code] of cases) {
    await assert.rejects(
      fleet.issueCertificate({ deviceId: 'sensor-3', csr }),
      (error) => isWardenError(error) && error.code === code,
      name,
    );
  }

  assert.deepEqual(registrySnapshot(config.paths.database), before);
});

test('refuses to issue for an unknown, disabled or invalid device', async (t) => {
  const { fleet, config } = await createFleetHome(t);
  fleet.addDevice('off-1');
  fleet.disableDevice('off-1');
  const before = registrySnapshot(config.paths.database);
  const cases: [string, string][] = [
    ['ghost', 'ERR_DEVICE_NOT_FOUND'],
    ['off-1', 'ERR_DEVICE_DISABLED'],
    ['a/b', 'ERR_INVALID_DEVICE_ID'],
  ];

  for (const [deviceId, code] of cases) {
    await assert.rejects(
      fleet.issueCertificate({ deviceId }),
      (error) => isWardenError(error) && error.code === code,
      deviceId,
    );
  }
  await assert.rejects(fleet.issueCertificate({ deviceId: 'off-1', keyType: 'dsa-512' }), (error) =>
    isWardenError(error, 'ERR_PKI_KEY_UNSUPPORTED'),
  );

  assert.deepEqual(registrySnapshot(config.paths.database), before);
});

test('revokes a certificate once; revoking it twice is refused', async (t) => {
  const { fleet, config } = await createFleetHome(t);
  fleet.addDevice('cam-1');
  const issued = await fleet.issueCertificate({ deviceId: 'cam-1' });

  const revoked = fleet.revokeCertificate(issued.serial.toUpperCase(), 'keyCompromise');
  const before = registrySnapshot(config.paths.database);

  assert.equal(revoked.revocationReason, 'keyCompromise');
  assert.throws(
    () => fleet.revokeCertificate(issued.serial),
    (error) => isWardenError(error, 'ERR_CERT_ALREADY_REVOKED'),
  );
  assert.throws(
    () => fleet.revokeCertificate('00ff'),
    (error) => isWardenError(error, 'ERR_CERT_NOT_FOUND'),
  );
  assert.throws(
    () => fleet.revokeCertificate('xyz'),
    (error) => isWardenError(error, 'ERR_INVALID_ARGUMENT'),
  );
  assert.deepEqual(registrySnapshot(config.paths.database), before);
});

test('revokes every valid certificate of a device, and refuses when none is left', async (t) => {
  const { fleet, config } = await createFleetHome(t);
  fleet.addDevice('cam-2');
  const first = await fleet.issueCertificate({ deviceId: 'cam-2' });
  const second = await fleet.issueCertificate({ deviceId: 'cam-2' });

  const revoked = fleet.revokeDeviceCertificates('cam-2', 'superseded');
  const before = registrySnapshot(config.paths.database);

  assert.deepEqual(
    revoked.map((record) => record.serial).sort(),
    [first.serial, second.serial].sort(),
  );
  assert.throws(
    () => fleet.revokeDeviceCertificates('cam-2'),
    (error) => isWardenError(error, 'ERR_CERT_NOT_FOUND'),
  );
  assert.throws(
    () => fleet.revokeDeviceCertificates('cam-2', 'bored'),
    (error) => isWardenError(error, 'ERR_INVALID_ARGUMENT'),
  );
  assert.deepEqual(registrySnapshot(config.paths.database), before);
});

test('builds a CRL that openssl verifies and that lists every revoked serial', async (t) => {
  const { fleet, config, dir } = await createFleetHome(t);
  fleet.addDevice('cam-3');
  const kept = await fleet.issueCertificate({ deviceId: 'cam-3' });
  const dropped = await fleet.issueCertificate({ deviceId: 'cam-3' });
  fleet.revokeCertificate(dropped.serial, 'keyCompromise');

  const crl = await fleet.buildCrl();

  const path = join(dir, 'crl.pem');
  writeFileSync(path, crl.pem);
  const check = openssl(['crl', '-in', path, '-CAfile', config.paths.caCert, '-noout', '-text']);
  assert.equal(check.status, 0, check.stderr);
  assert.match(check.stderr, /verify OK/);
  assert.ok(check.stdout.includes(dropped.serial.toUpperCase()));
  assert.ok(!check.stdout.includes(kept.serial.toUpperCase()));
  assert.match(check.stdout, /Key Compromise/);
  assert.equal(crl.revokedCount, 1);
  assert.ok(crl.der.length > 0);
});
