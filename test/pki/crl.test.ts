import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LoadedCa, RevocationReason } from '../../src/pki/index.js';
import {
  createCrl,
  generateKeyPair,
  issueDeviceCertificate,
  publicKeyFromPem,
  revocationReasons,
} from '../../src/pki/index.js';
import { newCa, openssl, runOpenssl, tempDir, writeText } from './helpers.js';

// What `openssl crl -text` prints for each reason code.
const openssLReasonText: Record<RevocationReason, string> = {
  unspecified: 'Unspecified',
  keyCompromise: 'Key Compromise',
  cACompromise: 'CA Compromise',
  affiliationChanged: 'Affiliation Changed',
  superseded: 'Superseded',
  cessationOfOperation: 'Cessation Of Operation',
  privilegeWithdrawn: 'Privilege Withdrawn',
  aACompromise: 'AA Compromise',
};

async function issue(ca: LoadedCa, deviceId: string) {
  const pair = await generateKeyPair('ec-p256');
  return issueDeviceCertificate(ca, {
    deviceId,
    publicKey: await publicKeyFromPem(pair.publicKeyPem),
  });
}

test('lists the eight revocation reasons', () => {
  assert.deepEqual([...revocationReasons], Object.keys(openssLReasonText));
});

test('signs a CRL that openssl verifies, listing every serial with its reason', async (t) => {
  const dir = tempDir(t);
  const { ca, certPem: caPem } = await newCa();
  writeText(dir, 'ca.pem', caPem);
  const revokedAt = new Date('2030-03-04T05:06:07Z');
  const revoked = revocationReasons.map((reason, index) => ({
    serial: `7f${index.toString(16).padStart(30, '0')}`,
    revokedAt,
    reason,
  }));

  const crl = await createCrl(ca, {
    revoked,
    now: new Date('2030-03-05T00:00:00Z'),
    crlNumber: 42,
  });

  const crlPath = writeText(dir, 'crl.pem', crl.pem);
  const check = runOpenssl(dir, ['crl', '-in', crlPath, '-CAfile', 'ca.pem', '-noout']);
  assert.equal(check.status, 0);
  assert.match(check.stdout + check.stderr, /verify OK/);
  const text = openssl(dir, ['crl', '-in', crlPath, '-noout', '-text']);
  for (const entry of revoked) {
    const pattern = `Serial Number: ${entry.serial.toUpperCase()}\\n\\s+Revocation Date: Mar  4 05:06:07 2030 GMT\\n\\s+CRL entry extensions:\\n\\s+X509v3 CRL Reason Code: \\n\\s+${openssLReasonText[entry.reason]}\\n`;
    assert.match(text, new RegExp(pattern));
  }
  assert.match(text, /CRL Number: \n\s+42\n/);
  assert.match(text, /Last Update: Mar {2}5 00:00:00 2030 GMT/);
  assert.match(text, /Next Update: Mar 12 00:00:00 2030 GMT/);
  assert.match(text, /Authority Key Identifier/);
  assert.deepEqual(crl.der, Buffer.from(crl.pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
});

test('signs an empty CRL that openssl verifies', async (t) => {
  const dir = tempDir(t);
  const { ca, certPem: caPem } = await newCa('ec-p384');
  writeText(dir, 'ca.pem', caPem);

  const crl = await createCrl(ca, { revoked: [], nextUpdateDays: 1 });

  const crlPath = writeText(dir, 'crl.der', crl.der);
  const check = runOpenssl(dir, [
    'crl',
    '-inform',
    'DER',
    '-in',
    crlPath,
    '-CAfile',
    'ca.pem',
    '-noout',
  ]);
  assert.equal(check.status, 0);
  assert.match(check.stdout + check.stderr, /verify OK/);
  assert.match(
    openssl(dir, ['crl', '-inform', 'DER', '-in', crlPath, '-noout', '-text']),
    /No Revoked Certificates/,
  );
});

test('makes openssl refuse a revoked certificate and accept the others', async (t) => {
  const dir = tempDir(t);
  const { ca, certPem: caPem } = await newCa();
  writeText(dir, 'ca.pem', caPem);
  const revoked = await issue(ca, 'lost-device');
  const kept = await issue(ca, 'kept-device');

  const crl = await createCrl(ca, {
    revoked: [
      { serial: revoked.serial.toUpperCase(), revokedAt: new Date(), reason: 'keyCompromise' },
    ],
  });

  writeText(dir, 'crl.pem', crl.pem);
  const verify = ['verify', '-CAfile', 'ca.pem', '-CRLfile', 'crl.pem', '-crl_check'];
  const refused = runOpenssl(dir, [...verify, writeText(dir, 'revoked.pem', revoked.certPem)]);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stdout + refused.stderr, /certificate revoked/);
  assert.match(
    openssl(dir, [...verify, writeText(dir, 'kept.pem', kept.certPem)]),
    /kept\.pem: OK/,
  );
});

test('refuses a serial that is not hex, an unknown reason and a negative CRL number', async () => {
  const { ca } = await newCa();
  const revokedAt = new Date();

  await assert.rejects(
    createCrl(ca, { revoked: [{ serial: 'xyz', revokedAt, reason: 'superseded' }] }),
    RangeError,
  );
  await assert.rejects(
    createCrl(ca, { revoked: [{ serial: '01', revokedAt, reason: 'lost' as never }] }),
    RangeError,
  );
  await assert.rejects(createCrl(ca, { revoked: [], crlNumber: -1 }), RangeError);
});
