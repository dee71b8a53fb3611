import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ErrorCode } from '../../src/core/index.js';
import { isWardenError } from '../../src/core/index.js';
import { createCsr, generateKeyPair, parseCsr, publicKeyFromPem } from '../../src/pki/index.js';
import type { CsrKind } from './helpers.js';
import { makeCsr, openssl, readText, tempDir, writeText } from './helpers.js';

function spkiOfKeyFile(path: string): Buffer {
  const key = createPublicKey(createPrivateKey(readFileSync(path)));
  return key.export({ format: 'der', type: 'spki' });
}

function csrDer(dir: string, csrPath: string): Buffer {
  const derPath = `${csrPath}.der`;
  openssl(dir, ['req', '-in', csrPath, '-outform', 'DER', '-out', derPath]);
  return readFileSync(derPath);
}

function isCode(code: ErrorCode) {
  return (error: unknown) => isWardenError(error, code);
}

const accepted: [CsrKind, string, number][] = [
  ['ec-p256', 'ec-p256', 256],
  ['ec-p384', 'ec-p384', 384],
  ['rsa-2048', 'rsa', 2048],
  ['ed25519', 'ed25519', 256],
];

for (const [kind, keyType, bits] of accepted) {
  test(`accepts an openssl ${kind} CSR and returns its key`, async (t) => {
    const dir = tempDir(t);
    const csrPath = makeCsr(dir, 'device', kind);

    const info = await parseCsr(readText(csrPath));

    assert.equal(info.keyType, keyType);
    assert.equal(info.bits, bits);
    assert.deepEqual(info.spkiDer, spkiOfKeyFile(join(dir, 'device.key')));
  });
}

test('accepts a CSR given as DER bytes and as PEM bytes', async (t) => {
  const dir = tempDir(t);
  const csrPath = makeCsr(dir, 'device', 'ec-p256');
  const expected = spkiOfKeyFile(join(dir, 'device.key'));

  const fromDer = await parseCsr(csrDer(dir, csrPath));
  const fromPemBytes = await parseCsr(readFileSync(csrPath));

  assert.deepEqual(fromDer.spkiDer, expected);
  assert.deepEqual(fromPemBytes.spkiDer, expected);
});

test('refuses an RSA-1024 CSR as weak, naming its size and the minimum', async (t) => {
  const dir = tempDir(t);
  const csrPath = makeCsr(dir, 'weak', 'rsa-1024');

  await assert.rejects(parseCsr(readText(csrPath)), (error: unknown) => {
    assert.ok(isWardenError(error, 'ERR_PKI_KEY_WEAK'));
    assert.match(error.message, /1024/);
    assert.match(error.message, /2048/);
    return true;
  });
});

test('refuses a secp256k1 CSR as an unsupported key', async (t) => {
  const dir = tempDir(t);
  const csrPath = makeCsr(dir, 'k1', 'secp256k1');

  await assert.rejects(parseCsr(readText(csrPath)), isCode('ERR_PKI_KEY_UNSUPPORTED'));
});

test('refuses a CSR whose subject was altered after signing', async (t) => {
  const dir = tempDir(t);
  const der = csrDer(dir, makeCsr(dir, 'device', 'ec-p256'));
  const at = der.indexOf('evil');
  assert.ok(at > 0);
  der.write('evim', at, 'latin1');

  await assert.rejects(parseCsr(der), isCode('ERR_PKI_CSR_SIGNATURE'));
});

test('refuses a CSR whose public key was swapped for another key', async (t) => {
  const dir = tempDir(t);
  const der = csrDer(dir, makeCsr(dir, 'victim', 'ec-p256'));
  const ownKey = spkiOfKeyFile(join(dir, 'victim.key'));
  makeCsr(dir, 'other', 'ec-p256');
  const otherKey = spkiOfKeyFile(join(dir, 'other.key'));
  const at = der.indexOf(ownKey);
  assert.ok(at > 0);
  otherKey.copy(der, at);

  await assert.rejects(parseCsr(der), isCode('ERR_PKI_CSR_SIGNATURE'));
});

const garbage: [string, Buffer | string][] = [
  ['random bytes', randomBytes(300)],
  ['an empty buffer', Buffer.alloc(0)],
  ['plain text', 'please sign me'],
  ['a PEM block of the wrong kind', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'],
  [
    'a CSR PEM with a broken body',
    '-----BEGIN CERTIFICATE REQUEST-----\nMIIB!!\n-----END CERTIFICATE REQUEST-----\n',
  ],
  [
    'a CSR PEM holding no request',
    '-----BEGIN CERTIFICATE REQUEST-----\nMAMCAQA=\n-----END CERTIFICATE REQUEST-----\n',
  ],
  ['an oversized input', Buffer.alloc(70_000, 0x30)],
];

for (const [name, input] of garbage) {
  test(`refuses ${name} as an invalid CSR`, async () => {
    await assert.rejects(parseCsr(input), isCode('ERR_PKI_CSR_INVALID'));
  });
}

for (const keyType of ['ec-p256', 'rsa-2048'] as const) {
  test(`makes a ${keyType} CSR that openssl verifies and parseCsr reads back`, async (t) => {
    const dir = tempDir(t);
    const pair = await generateKeyPair(keyType);

    const pem = await createCsr(pair.privateKeyPem, { commonName: 'device-9' });

    const csrPath = writeText(dir, 'made.csr', pem);
    const checked = openssl(dir, ['req', '-in', csrPath, '-verify', '-noout', '-subject']);
    assert.match(checked, /subject=CN = device-9/);
    const parsed = await parseCsr(pem);
    assert.deepEqual(parsed, await publicKeyFromPem(pair.publicKeyPem));
  });
}

test('refuses to make a CSR with a key it cannot sign with', async () => {
  const ed = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' });

  await assert.rejects(createCsr(ed.toString()), isCode('ERR_PKI_KEY_UNSUPPORTED'));
  await assert.rejects(createCsr('not a key'), isCode('ERR_PKI_KEY_INVALID'));
});
