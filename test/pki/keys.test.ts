import assert from 'node:assert/strict';
import type { KeyPairKeyObjectResult } from 'node:crypto';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { isWardenError } from '../../src/core/index.js';
import { generateKeyPair, isKeyType, keyTypes, publicKeyFromPem } from '../../src/pki/index.js';

// RSA key generation is slow; the tests that only read an RSA key share one.
let sharedRsa: KeyPairKeyObjectResult | undefined;
function rsa2048(): KeyPairKeyObjectResult {
  sharedRsa ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
  return sharedRsa;
}

test('lists the four key types and recognizes only those', () => {
  assert.deepEqual([...keyTypes], ['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072']);
  for (const type of keyTypes) assert.equal(isKeyType(type), true);
  for (const other of ['ec-p521', 'rsa-1024', 'ed25519', '', 42, null]) {
    assert.equal(isKeyType(other), false);
  }
});

// Node's view of each generated key: its type, then its curve or modulus length.
const expected = {
  'ec-p256': ['ec', 'prime256v1'],
  'ec-p384': ['ec', 'secp384r1'],
  'rsa-2048': ['rsa', 2048],
} as const;

// rsa-3072 is slow to generate; the rsa-3072 CA test in issue-device.test.ts covers it.
for (const type of keyTypes.filter((keyType) => keyType !== 'rsa-3072')) {
  test(`generates a matching PKCS#8 and SPKI pair for ${type}`, async () => {
    const pair = await generateKeyPair(type);

    assert.match(pair.privateKeyPem, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.match(pair.publicKeyPem, /^-----BEGIN PUBLIC KEY-----\n/);
    const privateKey = createPrivateKey(pair.privateKeyPem);
    const derived = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
    const published = createPublicKey(pair.publicKeyPem).export({ format: 'der', type: 'spki' });
    assert.deepEqual(derived, published);
    const details = privateKey.asymmetricKeyDetails ?? {};
    const size = details.namedCurve ?? details.modulusLength;
    assert.deepEqual([privateKey.asymmetricKeyType, size], expected[type]);
  });
}

test('refuses to generate a key of an unknown type', async () => {
  await assert.rejects(generateKeyPair('dsa-1024' as never), (error: unknown) =>
    isWardenError(error, 'ERR_PKI_KEY_UNSUPPORTED'),
  );
});

test('reads the same key info from a public key PEM and its private key PEM', async () => {
  const pair = await generateKeyPair('ec-p256');

  const fromPublic = await publicKeyFromPem(pair.publicKeyPem);
  const fromPrivate = await publicKeyFromPem(pair.privateKeyPem);

  assert.equal(fromPublic.keyType, 'ec-p256');
  assert.equal(fromPublic.bits, 256);
  assert.deepEqual(fromPrivate, fromPublic);
});

test('reads an Ed25519 public key and a PKCS#1 RSA private key', async () => {
  const ed = generateKeyPairSync('ed25519');
  const rsa = rsa2048();

  const edInfo = await publicKeyFromPem(
    ed.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  );
  const rsaInfo = await publicKeyFromPem(
    rsa.privateKey.export({ format: 'pem', type: 'pkcs1' }).toString(),
  );

  assert.deepEqual([edInfo.keyType, edInfo.bits], ['ed25519', 256]);
  assert.deepEqual([rsaInfo.keyType, rsaInfo.bits], ['rsa', 2048]);
});

test('refuses an RSA-1024 key as weak, naming its size and the minimum', async () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();

  await assert.rejects(publicKeyFromPem(pem), (error: unknown) => {
    assert.ok(isWardenError(error, 'ERR_PKI_KEY_WEAK'));
    assert.match(error.message, /1024 bits .* 2048 bits/);
    return true;
  });
});

test('refuses an RSA key with public exponent 1 as weak', async () => {
  const { publicKey } = rsa2048();
  const jwk = publicKey.export({ format: 'jwk' });
  const forged = createPublicKey({ key: { ...jwk, e: 'AQ' }, format: 'jwk' });
  const pem = forged.export({ format: 'pem', type: 'spki' }).toString();

  await assert.rejects(publicKeyFromPem(pem), (error: unknown) =>
    isWardenError(error, 'ERR_PKI_KEY_WEAK'),
  );
});

const unsupported = [
  ['secp256k1', () => generateKeyPairSync('ec', { namedCurve: 'secp256k1' })],
  ['P-521', () => generateKeyPairSync('ec', { namedCurve: 'P-521' })],
  ['Ed448', () => generateKeyPairSync('ed448')],
  ['X25519', () => generateKeyPairSync('x25519')],
  ['DSA', () => generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 })],
] as const;

for (const [name, generate] of unsupported) {
  test(`refuses a ${name} key as unsupported`, async () => {
    const pem = generate().publicKey.export({ format: 'pem', type: 'spki' }).toString();

    await assert.rejects(publicKeyFromPem(pem), (error: unknown) =>
      isWardenError(error, 'ERR_PKI_KEY_UNSUPPORTED'),
    );
  });
}

test('refuses text that is not a key', async () => {
  const notKeys = ['', 'hello', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'];
  for (const text of notKeys) {
    await assert.rejects(publicKeyFromPem(text), (error: unknown) =>
      isWardenError(error, 'ERR_PKI_KEY_INVALID'),
    );
  }
});
