import type { KeyObject } from 'node:crypto';

/** What a public key is, in Warden's words: `ec-p256`, `rsa`, `ed25519`, `ec-secp256k1`, `dsa`… */
export interface KeyDetails {
  keyType: string;
  bits: number;
  /** RSA only. */
  publicExponent?: bigint;
}

// OpenSSL's names for the curves, as Node reports them in asymmetricKeyDetails.namedCurve.
const CURVES: Readonly<Record<string, { name: string; bits: number }>> = {
  prime256v1: { name: 'p256', bits: 256 },
  secp384r1: { name: 'p384', bits: 384 },
  secp521r1: { name: 'p521', bits: 521 },
  secp256k1: { name: 'secp256k1', bits: 256 },
};

const EDWARDS_BITS: Readonly<Record<string, number>> = { ed25519: 256, ed448: 448 };

/** Reads the type and size of a key from Node's view of it; never throws. */
export function describeKey(key: KeyObject): KeyDetails {
  const type = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails ?? {};

  if (type === 'ec') {
    const curve = details.namedCurve ?? 'unknown';
    const known = CURVES[curve];
    return { keyType: `ec-${known?.name ?? curve}`, bits: known?.bits ?? 0 };
  }
  if (type === 'rsa' || type === 'rsa-pss') {
    const bits = details.modulusLength ?? 0;
    return { keyType: type, bits, publicExponent: details.publicExponent ?? 0n };
  }
  return { keyType: type, bits: EDWARDS_BITS[type] ?? details.modulusLength ?? 0 };
}
