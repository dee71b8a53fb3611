import type { KeyObject } from 'node:crypto';
import { generateKeyPair as generateNodeKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { WardenError } from '../core/index.js';

export type KeyType = 'ec-p256' | 'ec-p384' | 'rsa-2048' | 'rsa-3072';

/** The key types Warden generates, for its CA, its broker and devices; ECDSA P-256 first. */
export const keyTypes: readonly KeyType[] = Object.freeze([
  'ec-p256',
  'ec-p384',
  'rsa-2048',
  'rsa-3072',
]);

/** Private key as PKCS#8 PEM, public key as SPKI PEM. */
export interface KeyPairPem {
  privateKeyPem: string;
  publicKeyPem: string;
}

const RSA_PUBLIC_EXPONENT = 0x10001;
const generate = promisify(generateNodeKeyPair);

export function isKeyType(value: unknown): value is KeyType {
  return typeof value === 'string' && (keyTypes as readonly string[]).includes(value);
}

/** Generates a fresh key pair of `type`; throws ERR_PKI_KEY_UNSUPPORTED for an unknown type. */
export async function generateKeyPair(type: KeyType): Promise<KeyPairPem> {
  const { privateKey, publicKey } = await generateKeyObjects(type);
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

/** Generates a key pair as KeyObjects; throws ERR_PKI_KEY_UNSUPPORTED for an unknown type. */
export function generateKeyObjects(
  type: KeyType,
): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  switch (type) {
    case 'ec-p256':
      return generate('ec', { namedCurve: 'P-256' });
    case 'ec-p384':
      return generate('ec', { namedCurve: 'P-384' });
    case 'rsa-2048':
      return generate('rsa', { modulusLength: 2048, publicExponent: RSA_PUBLIC_EXPONENT });
    case 'rsa-3072':
      return generate('rsa', { modulusLength: 3072, publicExponent: RSA_PUBLIC_EXPONENT });
    default:
      return Promise.reject(unsupportedKeyType(type));
  }
}

function unsupportedKeyType(type: unknown): WardenError {
  return new WardenError(
    'ERR_PKI_KEY_UNSUPPORTED',
    `unsupported key type ${JSON.stringify(type)}: use one of ${keyTypes.join(', ')}`,
  );
}
