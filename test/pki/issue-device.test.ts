import assert from 'node:assert/strict';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { isWardenError } from '../../src/core/index.js';
import type { LoadedCa, PublicKeyInfo } from '../../src/pki/index.js';
import {
  describeCertificate,
  generateKeyPair,
  issueDeviceCertificate,
  keyTypes,
  parseCsr,
  publicKeyFromPem,
} from '../../src/pki/index.js';
import type { CsrKind } from './helpers.js';
import { makeCsr, newCa, openssl, readText, tempDir, writeText } from './helpers.js';

async function freshKey(): Promise<PublicKeyInfo> {
  const pair = await generateKeyPair('ec-p256');
  return publicKeyFromPem(pair.publicKeyPem);
}

function verifyClient(dir: string, caPem: string, certPem: string): string {
  writeText(dir, 'ca.pem', caPem);
  const certPath = writeText(dir, 'device.pem', certPem);
  return openssl(dir, ['verify', '-CAfile', 'ca.pem', '-purpose', 'sslclient', certPath]);
}

test('issues a client certificate that names the device, not the CSR subject', async (t) => {
  const dir = tempDir(t);
  const { ca, certPem: caPem } = await newCa();
  const publicKey = await parseCsr(readText(makeCsr(dir, 'device', 'ec-p256')));

  const issued = await issueDeviceCertificate(ca, { deviceId: 'sensor-42', publicKey });

  assert.match(verifyClient(dir, caPem, issued.certPem), /device\.pem: OK/);
  const text = openssl(dir, ['x509', '-in', 'device.pem', '-noout', '-text']);
  assert.match(text, /Subject: CN = sensor-42\n/);
  assert.doesNotMatch(text, /evil|Attacker/);
  assert.match(text, /Subject Alternative Name: \n\s+URI:urn:warden:device:sensor-42\n/);
  assert.match(text, /Extended Key Usage: \n\s+TLS Web Client Authentication\n/);
  assert.match(text, /Basic Constraints: critical\n\s+CA:FALSE/);
  assert.match(text, /Key Usage: critical\n\s+Digital Signature\n/);
  assert.match(text, /Subject Key Identifier/);
  assert.match(text, /Authority Key Identifier/);
});

test('gives a positive 128-bit serial and the SHA-256 fingerprint openssl reports', async (t) => {
  const dir = tempDir(t);
  const { ca, certPem: caPem } = await newCa();

  const issued = await issueDeviceCertificate(ca, { deviceId: 'd1', publicKey: await freshKey() });

  verifyClient(dir, caPem, issued.certPem);
  const serial = openssl(dir, ['x509', '-in', 'device.pem', '-noout', '-serial']);
  const fingerprint = openssl(dir, [
    'x509',
    '-in',
    'device.pem',
    '-noout',
    '-fingerprint',
    '-sha256',
  ]);
  assert.match(issued.serial, /^[0-7][0-9a-f]{31}$/);
  assert.notEqual(issued.serial.slice(0, 2), '00');
  assert.equal(`serial=${issued.serial.toUpperCase()}\n`, serial);
  assert.equal(
    fingerprint.trim().split('=')[1]?.replaceAll(':', '').toLowerCase(),
    issued.fingerprint,
  );
  const summary = describeCertificate(issued.certPem);
  assert.equal(summary.serial, issued.serial);
  assert.equal(summary.fingerprint, issued.fingerprint);
  assert.equal(new X509Certificate(issued.certPem).serialNumber.toLowerCase(), issued.serial);
});

test('gives every certificate a different serial', async () => {
  const { ca } = await newCa();
  const publicKey = await freshKey();
  const serials = new Set<string>();

  for (let i = 0; i < 10; i += 1) {
    serials.add((await issueDeviceCertificate(ca, { deviceId: 'd1', publicKey })).serial);
  }

  assert.equal(serials.size, 10);
});

test('starts validity one minute before now and ends the given days after it', async () => {
  const now = new Date('2031-02-03T04:05:06Z');
  const { ca } = await newCa('ec-p256', new Date('2031-01-01T00:00:00Z'));

  const issued = await issueDeviceCertificate(ca, {
    deviceId: 'd1',
    publicKey: await freshKey(),
    days: 30,
    now,
  });

  assert.equal(issued.notBefore.toISOString(), '2031-02-03T04:04:06.000Z');
  assert.equal(issued.notAfter.toISOString(), '2031-03-05T04:05:06.000Z');
  const cert = new X509Certificate(issued.certPem);
  assert.equal(new Date(cert.validFrom).getTime(), issued.notBefore.getTime());
  assert.equal(new Date(cert.validTo).getTime(), issued.notAfter.getTime());
});

test('defaults to 365 days of validity', async () => {
  const now = new Date();
  const { ca } = await newCa();

  const issued = await issueDeviceCertificate(ca, {
    deviceId: 'd1',
    publicKey: await freshKey(),
    now,
  });

  const days = (issued.notAfter.getTime() - Math.floor(now.getTime() / 1000) * 1000) / 86_400_000;
  assert.equal(days, 365);
});

for (const keyType of keyTypes) {
  test(`issues device certificates that verify under a ${keyType} CA`, async (t) => {
    const dir = tempDir(t);
    const { ca, certPem: caPem } = await newCa(keyType);

    const issued = await issueDeviceCertificate(ca, {
      deviceId: 'd1',
      publicKey: await freshKey(),
    });

    assert.match(verifyClient(dir, caPem, issued.certPem), /device\.pem: OK/);
    assert.equal(ca.keyType, keyType);
  });
}

const subjectKeys: CsrKind[] = ['ec-p384', 'rsa-2048', 'ed25519'];
for (const kind of subjectKeys) {
  test(`signs a ${kind} device key from a CSR`, async (t) => {
    const dir = tempDir(t);
    const { ca, certPem: caPem } = await newCa();
    const publicKey = await parseCsr(readText(makeCsr(dir, 'device', kind)));

    const issued = await issueDeviceCertificate(ca, { deviceId: 'd1', publicKey });

    assert.match(verifyClient(dir, caPem, issued.certPem), /device\.pem: OK/);
    const summary = describeCertificate(issued.certPem);
    assert.equal(summary.keyType, publicKey.keyType);
    assert.equal(summary.keyBits, publicKey.bits);
  });
}

test('accepts a 128-character device id with every allowed character', async (t) => {
  const dir = tempDir(t);
  const { ca, certPem: caPem } = await newCa();
  const deviceId = 'Az09._:-'.repeat(16);

  const issued = await issueDeviceCertificate(ca, { deviceId, publicKey: await freshKey() });

  assert.match(verifyClient(dir, caPem, issued.certPem), /device\.pem: OK/);
  assert.deepEqual(describeCertificate(issued.certPem).subjectCn, [deviceId]);
});

test('refuses an invalid device id', async () => {
  const { ca } = await newCa();
  const publicKey = await freshKey();

  for (const deviceId of ['', 'a/b', '+', '#', 'a b', 'x'.repeat(129), 'CN=x,O=y']) {
    await assert.rejects(issueDeviceCertificate(ca, { deviceId, publicKey }), (error: unknown) =>
      isWardenError(error, 'ERR_INVALID_DEVICE_ID'),
    );
  }
});

test('refuses a hand-made key info whose key is really RSA-1024', async () => {
  const { ca } = await newCa();
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const spkiDer = publicKey.export({ format: 'der', type: 'spki' });

  await assert.rejects(
    issueDeviceCertificate(ca, {
      deviceId: 'd1',
      publicKey: { keyType: 'rsa', bits: 4096, spkiDer },
    }),
    (error: unknown) => isWardenError(error, 'ERR_PKI_KEY_WEAK'),
  );
});

test('refuses a validity outside 1 to 36500 days', async () => {
  const { ca } = await newCa();
  const publicKey = await freshKey();

  for (const days of [0, -1, 0.5, 36_501, Number.NaN]) {
    await assert.rejects(
      issueDeviceCertificate(ca, { deviceId: 'd1', publicKey, days }),
      (error: unknown) => isWardenError(error, 'ERR_INVALID_ARGUMENT'),
    );
  }
});

test('refuses a CA object that loadCa did not make', async () => {
  const { ca } = await newCa();
  const forged: LoadedCa = { ...ca };

  await assert.rejects(
    issueDeviceCertificate(forged, { deviceId: 'd1', publicKey: await freshKey() }),
    TypeError,
  );
});
