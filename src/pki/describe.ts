import { createPublicKey } from 'node:crypto';
import { WardenError } from '../core/index.js';
import { certificateDer, sha256Hex } from './fingerprint.js';
import type { KeyDetails } from './key-details.js';
import { describeKey } from './key-details.js';
import { normalizeSerial } from './serial.js';
import { x509 } from './x509.js';

/** What Warden needs to know about a certificate, read without trusting it. */
export interface CertificateSummary {
  /** normalizeSerial spelling. */
  serial: string;
  /** SHA-256 of the DER, lowercase hex. */
  fingerprint: string;
  /** Every CN attribute of the subject, in order: a certificate may carry several, or none. */
  subjectCn: string[];
  notBefore: Date;
  notAfter: Date;
  /** True only when an extended key usage extension lists clientAuth. */
  hasClientAuth: boolean;
  /** `ec-p256`, `ec-p384`, `rsa`, `ed25519`, or another name for keys Warden refuses. */
  keyType: string;
  keyBits: number;
  isCa: boolean;
}

/** Parses a certificate (PEM or DER) and summarizes it; throws ERR_PKI_CERT_INVALID. */
export function describeCertificate(certPemOrDer: string | Buffer): CertificateSummary {
  const der = certificateDer(certPemOrDer);
  try {
    return summarize(der, new x509.X509Certificate(der));
  } catch (error) {
    throw new WardenError('ERR_PKI_CERT_INVALID', 'certificate cannot be read', { cause: error });
  }
}

function summarize(der: Buffer, certificate: x509.X509Certificate): CertificateSummary {
  const key = keyDetails(certificate.publicKey.rawData);
  const usage = certificate.getExtension(x509.ExtendedKeyUsageExtension);
  const constraints = certificate.getExtension(x509.BasicConstraintsExtension);
  return {
    serial: normalizeSerial(certificate.serialNumber),
    fingerprint: sha256Hex(der),
    subjectCn: certificate.subjectName.getField('CN'),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    hasClientAuth: usage?.usages.includes(x509.ExtendedKeyUsage.clientAuth) ?? false,
    keyType: key.keyType,
    keyBits: key.bits,
    isCa: constraints?.ca ?? false,
  };
}

// A key OpenSSL cannot read is reported, not thrown: the summary still names the certificate.
function keyDetails(spki: ArrayBuffer): KeyDetails {
  try {
    const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    return describeKey(key);
  } catch {
    return { keyType: 'unknown', bits: 0 };
  }
}
