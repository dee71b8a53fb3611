import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { isWardenError } from '../../src/core/index.js';
import { issueServerCertificate } from '../../src/pki/index.js';
import { newCa, openssl, runOpenssl, tempDir, writeText } from './helpers.js';

test('issues a server certificate that openssl verifies for each of its names', async (t) => {
  const dir = tempDir(t);
  const { ca, certPem: caPem } = await newCa();
  writeText(dir, 'ca.pem', caPem);

  const server = await issueServerCertificate(ca, {
    sans: ['broker.example.com', 'localhost', '127.0.0.1', '::1'],
  });
  const certPath = writeText(dir, 'server.pem', server.certPem);

  const verify = ['verify', '-CAfile', 'ca.pem', '-purpose', 'sslserver'];
  assert.match(openssl(dir, [...verify, certPath]), /server\.pem: OK/);
  assert.match(openssl(dir, [...verify, '-verify_hostname', 'localhost', certPath]), /OK/);
  assert.match(openssl(dir, [...verify, '-verify_ip', '::1', certPath]), /OK/);
  const wrongName = runOpenssl(dir, [...verify, '-verify_hostname', 'evil.example', certPath]);
  assert.notEqual(wrongName.status, 0);

  const text = openssl(dir, ['x509', '-in', certPath, '-noout', '-text']);
  assert.match(text, /Subject: CN = broker\.example\.com\n/);
  assert.match(
    text,
    /DNS:broker\.example\.com, DNS:localhost, IP Address:127\.0\.0\.1, IP Address:0:0:0:0:0:0:0:1\n/,
  );
  assert.match(text, /Extended Key Usage: \n\s+TLS Web Server Authentication\n/);
  assert.match(text, /Basic Constraints: critical\n\s+CA:FALSE/);
  assert.match(text, /Key Usage: critical\n\s+Digital Signature\n/);
  assert.match(text, /ASN1 OID: prime256v1/);
});

test('returns the private key that matches the server certificate', async () => {
  const { ca } = await newCa();

  const server = await issueServerCertificate(ca, { sans: ['localhost'] });

  const fromKey = createPublicKey(createPrivateKey(server.keyPem));
  const fromCert = new X509Certificate(server.certPem).publicKey;
  assert.equal(fromKey.equals(fromCert), true);
  assert.match(server.keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
});

test('adds key encipherment for an RSA server key and honours the validity', async (t) => {
  const dir = tempDir(t);
  const now = new Date('2032-01-01T00:00:00Z');
  const { ca } = await newCa('ec-p256', now);

  const server = await issueServerCertificate(ca, {
    sans: ['localhost'],
    keyType: 'rsa-2048',
    days: 10,
    now,
  });

  const certPath = writeText(dir, 'server.pem', server.certPem);
  const text = openssl(dir, ['x509', '-in', certPath, '-noout', '-text']);
  assert.match(text, /Key Usage: critical\n\s+Digital Signature, Key Encipherment\n/);
  assert.match(text, /Public-Key: \(2048 bit\)/);
  const cert = new X509Certificate(server.certPem);
  assert.equal(new Date(cert.validFrom).toISOString(), '2031-12-31T23:59:00.000Z');
  assert.equal(new Date(cert.validTo).toISOString(), '2032-01-11T00:00:00.000Z');
});

test('refuses names that are neither DNS names nor IP addresses', async () => {
  const { ca } = await newCa();
  const invalid = [
    [],
    [''],
    ['exa mple.com'],
    ['under_score.example'],
    ['-leading.example'],
    ['trailing-.example'],
    ['dot.'],
    ['a..b'],
    ['*.com'],
    ['x'.repeat(64)],
    ['localhost', 'bad/name'],
    ['fe80::1%eth0'],
  ];

  for (const sans of invalid) {
    await assert.rejects(issueServerCertificate(ca, { sans }), (error: unknown) =>
      isWardenError(error, 'ERR_PKI_SAN_INVALID'),
    );
  }
});

test('accepts a wildcard below a registered domain', async (t) => {
  const dir = tempDir(t);
  const { ca, certPem: caPem } = await newCa();
  writeText(dir, 'ca.pem', caPem);

  const server = await issueServerCertificate(ca, { sans: ['*.fleet.example.com'] });

  const certPath = writeText(dir, 'server.pem', server.certPem);
  const verified = openssl(dir, [
    'verify',
    '-CAfile',
    'ca.pem',
    '-purpose',
    'sslserver',
    '-verify_hostname',
    'mqtt.fleet.example.com',
    certPath,
  ]);
  assert.match(verified, /OK/);
});
