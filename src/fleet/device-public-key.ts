import { createPublicKey, type JsonWebKeyInput, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { WardenError } from '../core/index.js';

/** RSA moduli below this many bits are refused (NIST SP 800-57 Part 1, table 2). */
const MIN_RSA_BITS = 2048;
/** JWK members that only a private key carries (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2). */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;
const PUBLIC_KEY_PEM = /-----BEGIN PUBLIC KEY-----/;
const PRIVATE_KEY_PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const CURVE_ALGORITHMS: Readonly<Record<string, string>> = {
  prime256v1: 'ES256',
  secp384r1: 'ES384',
};

export interface DevicePublicKey {
  /** The JWS algorithm tokens signed by this key must use. */
  readonly alg: string;
  /** RFC 7638 SHA-256 thumbprint of the public key. */
  readonly kid: string;
  readonly jwk: JWK;
}

export type DevicePublicKeyInput =
  | { pem: string; jwk?: undefined }
  | { jwk: unknown; pem?: undefined };

/**
 * Reads a device's public key from an SPKI PEM or a public JWK and decides its algorithm.
 * Throws ERR_KEY_INVALID for private key material, unreadable input or an unsupported key type.
 */
export async function readDevicePublicKey(input: DevicePublicKeyInput): Promise<DevicePublicKey> {
  const key = input.pem !== undefined ? readPem(input.pem) : readJwk(input.jwk);
  const alg = chooseAlgorithm(key);

  const jwk = key.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return { alg, kid, jwk: { ...jwk, alg, kid } };
}

function readPem(pem: string): KeyObject {
  if (PRIVATE_KEY_PEM.test(pem)) refusePrivate();
  if (!PUBLIC_KEY_PEM.test(pem)) {
    throw new WardenError(
      'ERR_KEY_INVALID',
      'not a PEM public key: expected -----BEGIN PUBLIC KEY----- (SubjectPublicKeyInfo)',
    );
  }
  try {
    return createPublicKey({ key: pem, format: 'pem', type: 'spki' });
  } catch (error) {
    throw new WardenError('ERR_KEY_INVALID', 'the PEM public key cannot be parsed', {
      cause: error,
    });
  }
}

function readJwk(value: unknown): KeyObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WardenError('ERR_KEY_INVALID', 'a JWK must be a JSON object');
  }
  if (PRIVATE_JWK_MEMBERS.some((member) => member in value)) refusePrivate();
  try {
    return createPublicKey({ key: value, format: 'jwk' } as JsonWebKeyInput);
  } catch (error) {
    throw new WardenError('ERR_KEY_INVALID', 'the JWK cannot be read as a public key', {
      cause: error,
    });
  }
}

function refusePrivate(): never {
  throw new WardenError(
    'ERR_KEY_INVALID',
    'this is private key material: give the public key only',
  );
}

function chooseAlgorithm(key: KeyObject): string {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'ec': {
      const alg = CURVE_ALGORITHMS[details.namedCurve ?? ''];
      if (alg !== undefined) return alg;
      return unsupported(`EC curve ${details.namedCurve ?? 'unknown'}`);
    }
    case 'ed25519':
      return 'EdDSA';
    case 'rsa': {
      const bits = details.modulusLength ?? 0;
      if (bits >= MIN_RSA_BITS) return 'RS256';
      throw new WardenError(
        'ERR_KEY_INVALID',
        `RSA key of ${bits} bits is too weak: use at least ${MIN_RSA_BITS} bits`,
      );
    }
    default:
      return unsupported(`key type ${key.asymmetricKeyType ?? 'unknown'}`);
  }
}

function unsupported(what: string): never {
  throw new WardenError(
    'ERR_KEY_INVALID',
    `${what} is not supported: ` +
      `use EC P-256, EC P-384, Ed25519 or RSA of at least ${MIN_RSA_BITS} bits`,
  );
}
