import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { test } from 'node:test';
import { isWardenError } from '../../src/core/index.js';
import {
  createCa,
  generateKeyPair,
  issueDeviceCertificate,
  loadCa,
  parseCsr,
  publicKeyFromPem,
} from '../../src/pki/index.js';
import { makeCsr, newCa, openssl, readText, tempDir, writeText } from './helpers.js';

function isCaInvalid(error: unknown): boolean {
  return isWardenError(error, 'ERR_PKI_CA_INVALID');
}

test('creates a CA that openssl reads as CA:TRUE, pathlen 0, for certificate and CRL signing', async (t) => {
  const dir = tempDir(t);
  const now = new Date('2030-06-01T12:00:00Z');
  const material = await createCa({ commonName: 'Test Fleet CA', days: 30, now });
  const certPath = writeText(dir, 'ca.pem', material.certPem);

  const text = openssl(dir, ['x509', '-in', certPath, '-noout', '-text']);

  assert.match(text, /Subject: CN = Test Fleet CA/);
  assert.match(text, /Issuer: CN = Test Fleet CA/);
  assert.match(text, /Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
  assert.match(text, /Key Usage: critical\s+Certificate Sign, CRL Sign/);
  assert.match(text, /ASN1 OID: prime256v1/);
  const cert = new X509Certificate(material.certPem);
  assert.equal(new Date(cert.validFrom).toISOString(), '2030-06-01T11:59:00.000Z');
  assert.equal(new Date(cert.validTo).toISOString(), '2030-07-01T12:00:00.000Z');
  assert.match(material.keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
});

test('reports the loaded CA fingerprint, name, key type and expiry', async () => {
  const material = await createCa({ keyType: 'ec-p384', commonName: 'Edge CA' });

  const ca = await loadCa(material.certPem, material.keyPem);

  const cert = new X509Certificate(material.certPem);
  assert.equal(ca.fingerprint, cert.fingerprint256.replaceAll(':', '').toLowerCase());
  assert.equal(ca.subjectCn, 'Edge CA');
  assert.equal(ca.keyType, 'ec-p384');
  assert.equal(ca.notAfter.getTime(), new Date(cert.validTo).getTime());
  assert.equal(ca.certPem, material.certPem);
});

test('refuses invalid CA options', async () => {
  const invalid = [{ days: 0 }, { days: 1.5 }, { commonName: '' }, { commonName: 'x'.repeat(65) }];
  for (const options of invalid) {
    await assert.rejects(createCa(options), (error: unknown) =>
      isWardenError(error, 'ERR_INVALID_ARGUMENT'),
    );
  }
  await assert.rejects(createCa({ keyType: 'ed25519' as never }), (error: unknown) =>
    isWardenError(error, 'ERR_PKI_KEY_UNSUPPORTED'),
  );
});

test('refuses a CA key that does not match the certificate', async () => {
  const first = await createCa({});
  const second = await createCa({});

  await assert.rejects(loadCa(first.certPem, second.keyPem), isCaInvalid);
});

test('refuses a CA certificate or key that cannot be parsed', async () => {
  const material = await createCa({});
  const garbage = ['', 'not pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'];

  for (const text of garbage) {
    await assert.rejects(loadCa(text, material.keyPem), isCaInvalid);
    await assert.rejects(loadCa(material.certPem, text), isCaInvalid);
  }
  await assert.rejects(loadCa(material.certPem, material.certPem), isCaInvalid);
});

test('refuses a certificate that is not a CA, even with its own key', async () => {
  const { ca } = await newCa();
  const pair = await generateKeyPair('ec-p256');
  const issued = await issueDeviceCertificate(ca, {
    deviceId: 'device-1',
    publicKey: await publicKeyFromPem(pair.publicKeyPem),
  });

  await assert.rejects(loadCa(issued.certPem, pair.privateKeyPem), isCaInvalid);
});

test('loads a CA made by openssl with a SEC 1 key and issues under its key identifier', async (t) => {
  const dir = tempDir(t);
  const keyPath = join(dir, 'ca.key');
  openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyPath]);
  openssl(dir, [
    'req',
    '-x509',
    '-key',
    keyPath,
    '-subj',
    '/O=Elsewhere/CN=Outside CA',
    '-days',
    '30',
    '-out',
    join(dir, 'ca.pem'),
  ]);
  const keyPem = readText(keyPath);
  assert.match(keyPem, /BEGIN EC PRIVATE KEY/);

  const ca = await loadCa(readText(join(dir, 'ca.pem')), keyPem);
  const issued = await issueDeviceCertificate(ca, {
    deviceId: 'device-1',
    publicKey: await parseCsr(readText(makeCsr(dir, 'device', 'ec-p256'))),
  });
  const certPath = writeText(dir, 'device.pem', issued.certPem);

  const verified = openssl(dir, ['verify', '-CAfile', 'ca.pem', '-purpose', 'sslclient', certPath]);
  assert.match(verified, /device\.pem: OK/);
  const caKeyId = openssl(dir, ['x509', '-in', 'ca.pem', '-noout', '-ext', 'subjectKeyIdentifier']);
  const deviceText = openssl(dir, ['x509', '-in', certPath, '-noout', '-text']);
  const keyId = /([0-9A-F]{2}(?::[0-9A-F]{2}){19})/.exec(caKeyId)?.[1];
  assert.ok(keyId);
  assert.match(deviceText, new RegExp(`Authority Key Identifier: \\s*(keyid:)?${keyId}`));
  assert.match(deviceText, /Issuer: O = Elsewhere, CN = Outside CA/);
});
