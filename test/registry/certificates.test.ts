import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeClock, fingerprintOf, openForTest, sampleCertificate } from './fixtures.js';

test('records an issued certificate and finds it by serial and by fingerprint', (t) => {
  const clock = fakeClock();
  const registry = openForTest(t, ':memory:', { now: clock.now });
  registry.addDevice('sensor-1');
  const issued = sampleCertificate('sensor-1', 1);

  const record = registry.addCertificate(issued);

  assert.deepEqual(record, {
    ...issued,
    issuedAt: clock.now(),
    revokedAt: null,
    revocationReason: null,
  });
  assert.deepEqual(registry.getCertificate(issued.serial), record);
  assert.deepEqual(registry.getCertificateByFingerprint(issued.fingerprint), record);
  assert.deepEqual(
    registry.readChanges(1).map((change) => [change.kind, change.serial]),
    [['certificate.issued', issued.serial]],
  );
});

test('stores serial and fingerprint in lowercase and finds them in any case or colon form', (t) => {
  const registry = openForTest(t, ':memory:');
  registry.addDevice('sensor-1');
  const fingerprint = fingerprintOf('upper');
  const colonForm = fingerprint.toUpperCase().match(/../g)!.join(':');

  const record = registry.addCertificate({
    ...sampleCertificate('sensor-1', 1),
    serial: '7F3A00BC',
    fingerprint: colonForm,
  });

  assert.equal(record.serial, '7f3a00bc');
  assert.equal(record.fingerprint, fingerprint);
  assert.equal(registry.getCertificate('7F3A00BC')?.serial, '7f3a00bc');
  assert.equal(registry.getCertificateByFingerprint(colonForm)?.serial, '7f3a00bc');
});

test('refuses malformed serials and fingerprints', (t) => {
  const registry = openForTest(t, ':memory:');
  registry.addDevice('sensor-1');
  const badSerials = ['', 'xyz', '0x1f', 'a'.repeat(41), "1' OR '1'='1", '12 34'];
  const badFingerprints = ['', 'ab', fingerprintOf('x').slice(1), `${fingerprintOf('x')}:`];

  for (const serial of badSerials) {
    assert.throws(() => registry.getCertificate(serial), { code: 'ERR_INVALID_ARGUMENT' });
    assert.throws(() => registry.addCertificate({ ...sampleCertificate('sensor-1', 1), serial }), {
      code: 'ERR_INVALID_ARGUMENT',
    });
  }
  for (const fingerprint of badFingerprints) {
    assert.throws(() => registry.getCertificateByFingerprint(fingerprint), {
      code: 'ERR_INVALID_ARGUMENT',
    });
  }
  assert.deepEqual(registry.listCertificates(), []);
});

test('refuses a certificate for a device that does not exist', (t) => {
  const registry = openForTest(t, ':memory:');

  assert.throws(() => registry.addCertificate(sampleCertificate('ghost', 1)), {
    code: 'ERR_DEVICE_NOT_FOUND',
  });
  assert.equal(registry.latestChangeSeq(), 0);
});

test('refuses a serial or a fingerprint that is already recorded', (t) => {
  const registry = openForTest(t, ':memory:');
  registry.addDevice('sensor-1');
  const first = registry.addCertificate(sampleCertificate('sensor-1', 1));

  assert.throws(
    () => registry.addCertificate({ ...sampleCertificate('sensor-1', 2), serial: first.serial }),
    { code: 'ERR_CERT_EXISTS' },
  );
  assert.throws(
    () =>
      registry.addCertificate({
        ...sampleCertificate('sensor-1', 3),
        fingerprint: first.fingerprint,
      }),
    { code: 'ERR_CERT_EXISTS' },
  );
  assert.equal(registry.listCertificates().length, 1);
});

test('refuses a validity that ends before it begins as a caller bug', (t) => {
  const registry = openForTest(t, ':memory:');
  registry.addDevice('sensor-1');
  const certificate = sampleCertificate('sensor-1', 1);

  assert.throws(
    () => registry.addCertificate({ ...certificate, notAfter: certificate.notBefore }),
    RangeError,
  );
});

test('lists certificates in order of issue, for all devices or one', (t) => {
  const clock = fakeClock();
  const registry = openForTest(t, ':memory:', { now: clock.now });
  registry.addDevice('a');
  registry.addDevice('b');
  for (const [deviceId, n] of [
    ['b', 1],
    ['a', 2],
    ['b', 3],
  ] as const) {
    registry.addCertificate(sampleCertificate(deviceId, n));
    clock.advance(1);
  }

  assert.deepEqual(
    registry.listCertificates().map((certificate) => certificate.serial),
    ['1001', '1002', '1003'],
  );
  assert.deepEqual(
    registry.listCertificates({ deviceId: 'b' }).map((certificate) => certificate.serial),
    ['1001', '1003'],
  );
});

test('revokes a certificate with its reason and time', (t) => {
  const clock = fakeClock();
  const registry = openForTest(t, ':memory:', { now: clock.now });
  registry.addDevice('sensor-1');
  const { serial } = registry.addCertificate(sampleCertificate('sensor-1', 1));
  clock.advance(60_000);

  const revoked = registry.revokeCertificate(serial.toUpperCase(), 'keyCompromise');

  assert.deepEqual(revoked.revokedAt, clock.now());
  assert.equal(revoked.revocationReason, 'keyCompromise');
  assert.deepEqual(registry.getCertificate(serial), revoked);
  assert.deepEqual(registry.listRevokedCertificates(), [revoked]);
  assert.deepEqual(
    registry.readChanges(2).map((change) => [change.kind, change.serial]),
    [['certificate.revoked', serial]],
  );
});

test('refuses to revoke a certificate twice and changes nothing', (t) => {
  const clock = fakeClock();
  const registry = openForTest(t, ':memory:', { now: clock.now });
  registry.addDevice('sensor-1');
  const { serial } = registry.addCertificate(sampleCertificate('sensor-1', 1));
  const first = registry.revokeCertificate(serial, 'superseded');
  const seq = registry.latestChangeSeq();
  clock.advance(60_000);

  assert.throws(() => registry.revokeCertificate(serial, 'keyCompromise'), {
    code: 'ERR_CERT_ALREADY_REVOKED',
  });
  assert.deepEqual(registry.getCertificate(serial), first);
  assert.equal(registry.latestChangeSeq(), seq);
});

test('refuses to revoke an unknown certificate or with an unknown reason', (t) => {
  const registry = openForTest(t, ':memory:');
  registry.addDevice('sensor-1');
  const { serial } = registry.addCertificate(sampleCertificate('sensor-1', 1));

  assert.throws(() => registry.revokeCertificate('abcdef', 'unspecified'), {
    code: 'ERR_CERT_NOT_FOUND',
  });
  for (const reason of ['', 'because', 'certificateHold', 'removeFromCRL']) {
    assert.throws(() => registry.revokeCertificate(serial, reason), {
      code: 'ERR_INVALID_ARGUMENT',
    });
  }
  assert.equal(registry.getCertificate(serial)?.revokedAt, null);
});
