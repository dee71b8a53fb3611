import type { KeyObject } from 'node:crypto';
import { createPublicKey, webcrypto } from 'node:crypto';
import { describeKey } from './key-details.js';
import { RSA_MIN_BITS } from './public-key.js';

/** A private key imported for WebCrypto, with its public half and its signature algorithm. */
export interface Signer {
  key: webcrypto.CryptoKey;
  publicKey: webcrypto.CryptoKey;
  algorithm: webcrypto.EcdsaParams | webcrypto.Algorithm;
}

interface SignerParams {
  importParams: webcrypto.EcKeyImportParams | webcrypto.RsaHashedImportParams;
  algorithm: webcrypto.EcdsaParams | webcrypto.Algorithm;
}

// ECDSA pairs each curve with the hash of matching strength (RFC 5480 §4); RSA signs with SHA-256
// and PKCS#1 v1.5, which every TLS stack and OpenSSL verify.
const EC_PARAMS: Readonly<Record<string, SignerParams>> = {
  'ec-p256': {
    importParams: { name: 'ECDSA', namedCurve: 'P-256' },
    algorithm: { name: 'ECDSA', hash: 'SHA-256' },
  },
  'ec-p384': {
    importParams: { name: 'ECDSA', namedCurve: 'P-384' },
    algorithm: { name: 'ECDSA', hash: 'SHA-384' },
  },
};

const RSA_PARAMS: SignerParams = {
  importParams: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  algorithm: { name: 'RSASSA-PKCS1-v1_5' },
};

/** Imports a private key for signing; returns null when Warden does not sign with its type. */
export async function importSigner(privateKey: KeyObject): Promise<Signer | null> {
  const params = signerParams(privateKey);
  if (params === null) return null;

  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const { subtle } = webcrypto;
  const key = await subtle.importKey('pkcs8', pkcs8, params.importParams, false, ['sign']);
  const publicKey = await subtle.importKey('spki', spki, params.importParams, true, ['verify']);
  return { key, publicKey, algorithm: params.algorithm };
}

function signerParams(privateKey: KeyObject): SignerParams | null {
  const details = describeKey(privateKey);
  if (details.keyType === 'rsa') return details.bits >= RSA_MIN_BITS ? RSA_PARAMS : null;
  return EC_PARAMS[details.keyType] ?? null;
}
