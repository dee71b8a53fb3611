import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import { WardenError } from '../core/index.js';
import type { KeyDetails } from './key-details.js';
import { describeKey } from './key-details.js';

/** A subject public key Warden accepts for a device, with its SPKI DER encoding. */
export interface PublicKeyInfo {
  keyType: 'ec-p256' | 'ec-p384' | 'rsa' | 'ed25519';
  bits: number;
  spkiDer: Buffer;
}

/** NIST SP 800-131A: RSA below 2048 bits is disallowed for signatures. */
export const RSA_MIN_BITS = 2048;
/** OpenSSL's own ceiling (OPENSSL_RSA_MAX_MODULUS_BITS); larger keys only cost verify time. */
const RSA_MAX_BITS = 16384;
const ACCEPTED = new Set(['ec-p256', 'ec-p384', 'rsa', 'ed25519']);

/**
 * Reads a public key or private key PEM; throws the errors of `checkPublicKey` and
 * ERR_PKI_KEY_INVALID.
 */
export async function publicKeyFromPem(pem: string): Promise<PublicKeyInfo> {
  if (typeof pem !== 'string') throw new TypeError('pem must be a string');

  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new WardenError('ERR_PKI_KEY_INVALID', 'key cannot be parsed as PEM', { cause: error });
  }
  return checkPublicKey(key);
}

/** Parses SPKI DER; throws ERR_PKI_KEY_INVALID and the errors of `checkPublicKey`. */
export function publicKeyFromSpki(spkiDer: Uint8Array): PublicKeyInfo {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' });
  } catch (error) {
    throw new WardenError('ERR_PKI_KEY_INVALID', 'public key cannot be parsed', { cause: error });
  }
  return checkPublicKey(key);
}

/**
 * Accepts EC P-256 and P-384, RSA of 2048 bits or more with an odd exponent above 1, and Ed25519.
 * Throws ERR_PKI_KEY_WEAK or ERR_PKI_KEY_UNSUPPORTED.
 */
export function checkPublicKey(key: KeyObject): PublicKeyInfo {
  const details = describeKey(key);
  if (!ACCEPTED.has(details.keyType)) {
    throw new WardenError(
      'ERR_PKI_KEY_UNSUPPORTED',
      `unsupported key type ${details.keyType}: use EC P-256 or P-384, RSA or Ed25519`,
    );
  }
  if (details.keyType === 'rsa') checkRsa(details);

  const spkiDer = key.export({ format: 'der', type: 'spki' });
  return { keyType: details.keyType as PublicKeyInfo['keyType'], bits: details.bits, spkiDer };
}

function checkRsa(details: KeyDetails): void {
  if (details.bits < RSA_MIN_BITS) {
    throw new WardenError(
      'ERR_PKI_KEY_WEAK',
      `RSA key of ${details.bits} bits is too weak: at least ${RSA_MIN_BITS} bits are required`,
    );
  }
  if (details.bits > RSA_MAX_BITS) {
    throw new WardenError(
      'ERR_PKI_KEY_UNSUPPORTED',
      `RSA key of ${details.bits} bits is larger than the ${RSA_MAX_BITS}-bit maximum`,
    );
  }
  // An exponent of 1 makes every value its own signature; an even one is not an RSA key.
  const exponent = details.publicExponent ?? 0n;
  if (exponent < 3n || exponent % 2n === 0n) {
    throw new WardenError('ERR_PKI_KEY_WEAK', `RSA public exponent ${exponent} is not acceptable`);
  }
}
