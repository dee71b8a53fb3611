import type { Signer } from './signer.js';
import type { x509 } from './x509.js';

/** A CA as written to disk: certificate and PKCS#8 private key, both PEM. */
export interface CaMaterial {
  certPem: string;
  keyPem: string;
}

/** A CA ready to sign. Only `loadCa` makes one; its signing key stays inside src/pki. */
export interface LoadedCa {
  readonly certPem: string;
  /** SHA-256 of the CA certificate's DER, lowercase hex. */
  readonly fingerprint: string;
  readonly subjectCn: string;
  /** `ec-p256`, `ec-p384` or `rsa-<bits>`. */
  readonly keyType: string;
  readonly notAfter: Date;
}

/** What src/pki needs to sign under a CA; never handed out. */
export interface CaHandles {
  certificate: x509.X509Certificate;
  signer: Signer;
  /** The CA's subject key identifier, hex: the authority key identifier of what it signs. */
  keyId: string;
}

const handles = new WeakMap<LoadedCa, CaHandles>();

export function registerCa(ca: LoadedCa, caHandles: CaHandles): LoadedCa {
  handles.set(ca, caHandles);
  return ca;
}

/** Throws TypeError unless `ca` came from `loadCa`: a caller's bug, not outside input. */
export function caHandlesOf(ca: LoadedCa): CaHandles {
  const found = handles.get(ca);
  if (found === undefined) throw new TypeError('ca must be a LoadedCa returned by loadCa');
  return found;
}
