import { WardenError } from '../core/index.js';
import { assertPattern, encodeObject } from './arguments.js';

const KID = /^[A-Za-z0-9._:-]{1,128}$/;
const ALG = /^[A-Za-z0-9]{1,32}$/;
/** An RSA-4096 public JWK is under 1 KiB; anything far larger is not a public key. */
const JWK_MAX_BYTES = 16 * 1024;
/** Members that only a private JWK carries (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** Throws ERR_INVALID_ARGUMENT unless `kid` is 1-128 of A-Z a-z 0-9 . _ : - */
export function assertKid(kid: unknown): asserts kid is string {
  assertPattern(kid, KID, 'key id', 'use 1-128 characters of A-Z a-z 0-9 . _ : -');
}

export function assertAlg(alg: unknown): asserts alg is string {
  assertPattern(alg, ALG, 'key algorithm', 'use a JWA name such as ES256');
}

function refuseKey(reason: string): never {
  throw new WardenError('ERR_KEY_INVALID', `key cannot be used: ${reason}`);
}

/**
 * Checks a public JWK and returns its stored text; throws ERR_KEY_INVALID. A private key is
 * refused outright so that no secret is ever written to the registry.
 */
export function encodePublicJwk(jwk: unknown, kid: string, alg: string): string {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    refuseKey('a JWK must be a JSON object');
  }
  const members = jwk as Record<string, unknown>;
  if (typeof members['kty'] !== 'string' || members['kty'] === '') refuseKey('kty is missing');
  if (PRIVATE_MEMBERS.some((name) => name in members)) {
    refuseKey('it holds private key material; register the public key only');
  }
  if (members['kid'] !== undefined && members['kid'] !== kid) {
    refuseKey(`its kid ${JSON.stringify(members['kid'])} differs from ${kid}`);
  }
  if (members['alg'] !== undefined && members['alg'] !== alg) {
    refuseKey(`its alg ${JSON.stringify(members['alg'])} differs from ${alg}`);
  }

  const text = encodeObject(members, 'jwk');
  if (Buffer.byteLength(text) > JWK_MAX_BYTES) refuseKey(`larger than ${JWK_MAX_BYTES} bytes`);
  return text;
}
