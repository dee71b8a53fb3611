import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CertificateSummary, LoadedCa } from '../../src/pki/index.js';
import {
  checkClientCertificate,
  describeCertificate,
  generateKeyPair,
  issueDeviceCertificate,
  issueServerCertificate,
  publicKeyFromPem,
} from '../../src/pki/index.js';
import { CLIENT_EXTENSIONS, makeCsr, newCa, openssl, signWithOpenssl, tempDir } from './helpers.js';

async function issueFresh(ca: LoadedCa, options: { now?: Date; days?: number } = {}) {
  const pair = await generateKeyPair('ec-p256');
  const publicKey = await publicKeyFromPem(pair.publicKeyPem);
  return issueDeviceCertificate(ca, { deviceId: 'd1', publicKey, ...options });
}

test('accepts a valid client certificate', async () => {
  const { ca } = await newCa();
  const issued = await issueFresh(ca);

  assert.equal(checkClientCertificate(describeCertificate(issued.certPem), new Date()), null);
});

test('refuses a certificate outside its validity, to the millisecond', async () => {
  const { ca } = await newCa('ec-p256', new Date('2020-01-01T00:00:00Z'));
  const issued = await issueFresh(ca, { now: new Date('2020-06-01T00:00:00Z'), days: 1 });
  const summary = describeCertificate(issued.certPem);
  const at = (ms: number) => new Date(ms);

  assert.equal(checkClientCertificate(summary, new Date()), 'ERR_AUTH_CERT_EXPIRED');
  assert.equal(
    checkClientCertificate(summary, at(summary.notAfter.getTime() + 1)),
    'ERR_AUTH_CERT_EXPIRED',
  );
  assert.equal(checkClientCertificate(summary, summary.notAfter), null);
  assert.equal(checkClientCertificate(summary, summary.notBefore), null);
  assert.equal(
    checkClientCertificate(summary, at(summary.notBefore.getTime() - 1)),
    'ERR_AUTH_CERT_EXPIRED',
  );
});

test('refuses a certificate without any extended key usage, which openssl accepts', async (t) => {
  const dir = tempDir(t);
  const testCa = await newCa();
  const csrPath = makeCsr(dir, 'no-eku', 'ec-p256');
  const certPem = signWithOpenssl(dir, testCa, csrPath, CLIENT_EXTENSIONS.slice(0, 2));

  const verified = openssl(dir, [
    'verify',
    '-CAfile',
    'openssl-ca.pem',
    '-purpose',
    'sslclient',
    `${csrPath}.pem`,
  ]);
  assert.match(verified, /OK/);
  const summary = describeCertificate(certPem);
  assert.equal(summary.hasClientAuth, false);
  assert.equal(checkClientCertificate(summary, new Date()), 'ERR_AUTH_CERT_NOT_CLIENT');
});

test('refuses a server certificate and a CA certificate as client certificates', async (t) => {
  const dir = tempDir(t);
  const testCa = await newCa();
  const server = await issueServerCertificate(testCa.ca, { sans: ['localhost'] });
  const caWithClientAuth = signWithOpenssl(dir, testCa, makeCsr(dir, 'sub-ca', 'ec-p256'), [
    'basicConstraints=critical,CA:TRUE',
    'extendedKeyUsage=clientAuth',
  ]);
  const now = new Date();

  assert.equal(
    checkClientCertificate(describeCertificate(server.certPem), now),
    'ERR_AUTH_CERT_NOT_CLIENT',
  );
  assert.equal(
    checkClientCertificate(describeCertificate(testCa.certPem), now),
    'ERR_AUTH_CERT_NOT_CLIENT',
  );
  const subCa = describeCertificate(caWithClientAuth);
  assert.deepEqual([subCa.isCa, subCa.hasClientAuth], [true, true]);
  assert.equal(checkClientCertificate(subCa, now), 'ERR_AUTH_CERT_NOT_CLIENT');
});

test('refuses an RSA-1024 and a secp256k1 client certificate signed by the CA', async (t) => {
  const dir = tempDir(t);
  const testCa = await newCa();
  const rsa = signWithOpenssl(dir, testCa, makeCsr(dir, 'rsa', 'rsa-1024'), CLIENT_EXTENSIONS);
  const k1 = signWithOpenssl(dir, testCa, makeCsr(dir, 'k1', 'secp256k1'), CLIENT_EXTENSIONS);
  const now = new Date();

  const rsaSummary = describeCertificate(rsa);
  const k1Summary = describeCertificate(k1);

  assert.deepEqual(
    [rsaSummary.keyType, rsaSummary.keyBits, rsaSummary.hasClientAuth],
    ['rsa', 1024, true],
  );
  assert.equal(checkClientCertificate(rsaSummary, now), 'ERR_AUTH_CERT_WEAK_KEY');
  assert.equal(k1Summary.keyType, 'ec-secp256k1');
  assert.equal(checkClientCertificate(k1Summary, now), 'ERR_AUTH_CERT_WEAK_KEY');
});

test('accepts an RSA-2048 client certificate signed by openssl', async (t) => {
  const dir = tempDir(t);
  const testCa = await newCa();
  const rsa = signWithOpenssl(dir, testCa, makeCsr(dir, 'rsa', 'rsa-2048'), CLIENT_EXTENSIONS);

  assert.equal(checkClientCertificate(describeCertificate(rsa), new Date()), null);
});

test('refuses key types it does not know, whatever their size', () => {
  const base: CertificateSummary = {
    serial: '01',
    fingerprint: '00'.repeat(32),
    subjectCn: ['d1'],
    notBefore: new Date(0),
    notAfter: new Date(8_000_000_000_000),
    hasClientAuth: true,
    keyType: 'ec-p256',
    keyBits: 256,
    isCa: false,
  };
  const now = new Date();

  assert.equal(checkClientCertificate(base, now), null);
  for (const [keyType, keyBits] of [
    ['dsa', 3072],
    ['unknown', 0],
    ['rsa-pss', 4096],
    ['ec-p521', 521],
  ] as const) {
    assert.equal(
      checkClientCertificate({ ...base, keyType, keyBits }, now),
      'ERR_AUTH_CERT_WEAK_KEY',
    );
  }
});
