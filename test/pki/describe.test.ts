import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isWardenError } from '../../src/core/index.js';
import {
  certificateFingerprint,
  describeCertificate,
  issueDeviceCertificate,
  issueServerCertificate,
  normalizeSerial,
  parseCsr,
} from '../../src/pki/index.js';
import {
  CLIENT_EXTENSIONS,
  makeCsr,
  newCa,
  openssl,
  readText,
  signWithOpenssl,
  tempDir,
  writeText,
} from './helpers.js';

function isCertInvalid(error: unknown): boolean {
  return isWardenError(error, 'ERR_PKI_CERT_INVALID');
}

test('summarizes an issued device certificate', async (t) => {
  const dir = tempDir(t);
  const { ca } = await newCa();
  const publicKey = await parseCsr(readText(makeCsr(dir, 'device', 'ec-p256')));
  const issued = await issueDeviceCertificate(ca, { deviceId: 'pump-7', publicKey });

  const summary = describeCertificate(issued.certPem);

  assert.deepEqual(summary, {
    serial: issued.serial,
    fingerprint: issued.fingerprint,
    subjectCn: ['pump-7'],
    notBefore: issued.notBefore,
    notAfter: issued.notAfter,
    hasClientAuth: true,
    keyType: 'ec-p256',
    keyBits: 256,
    isCa: false,
  });
});

test('gives the same serial and fingerprint as Node reports for a TLS peer', async () => {
  const { ca } = await newCa();
  const server = await issueServerCertificate(ca, { sans: ['localhost'] });
  const peer = new X509Certificate(server.certPem);

  const summary = describeCertificate(peer.raw);

  assert.equal(summary.serial, normalizeSerial(peer.serialNumber));
  assert.equal(summary.fingerprint, peer.fingerprint256.replaceAll(':', '').toLowerCase());
  assert.equal(summary.hasClientAuth, false);
});

test('fingerprints PEM and DER alike, as openssl does', async (t) => {
  const dir = tempDir(t);
  const { certPem } = await newCa();
  const pemPath = writeText(dir, 'ca.pem', certPem);
  const derPath = join(dir, 'ca.der');
  openssl(dir, ['x509', '-in', pemPath, '-outform', 'DER', '-out', derPath]);

  const fromOpenssl = openssl(dir, ['x509', '-in', pemPath, '-noout', '-fingerprint', '-sha256']);

  const expected = fromOpenssl.trim().split('=')[1]?.replaceAll(':', '').toLowerCase();
  assert.equal(certificateFingerprint(certPem), expected);
  assert.equal(certificateFingerprint(readFileSync(derPath)), expected);
  assert.equal(certificateFingerprint(Buffer.from(certPem)), expected);
});

test('refuses to describe or fingerprint what is not a certificate', () => {
  const inputs = [
    '',
    'hello',
    Buffer.from('garbage'),
    '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
  ];
  for (const input of inputs) {
    assert.throws(() => describeCertificate(input), isCertInvalid);
    assert.throws(() => certificateFingerprint(input), isCertInvalid);
  }
});

test('reports every CN of a subject that carries several', async (t) => {
  const dir = tempDir(t);
  const testCa = await newCa();
  const csrPath = join(dir, 'multi.csr');
  openssl(dir, [
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-subj',
    '/CN=device-1/CN=device-2',
    '-keyout',
    join(dir, 'multi.key'),
    '-out',
    csrPath,
  ]);

  const summary = describeCertificate(signWithOpenssl(dir, testCa, csrPath, CLIENT_EXTENSIONS));

  assert.deepEqual(summary.subjectCn, ['device-1', 'device-2']);
  assert.equal(summary.serial, '1234abcd');
});
