import { createHash, X509Certificate } from 'node:crypto';
import { WardenError } from '../core/index.js';
import { decodePem, looksLikePem } from './pem.js';

const CERTIFICATE_LABELS = ['CERTIFICATE'];

/**
 * SHA-256 of a certificate's DER, lowercase hex without colons; the PEM wrapping is not hashed.
 * Throws ERR_PKI_CERT_INVALID.
 */
export function certificateFingerprint(certPemOrDer: string | Buffer): string {
  return sha256Hex(certificateDer(certPemOrDer));
}

export function sha256Hex(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

/** The DER of a certificate given as PEM text, PEM bytes or DER; throws ERR_PKI_CERT_INVALID. */
export function certificateDer(input: string | Buffer): Buffer {
  return parseCertificate(input).raw;
}

/**
 * Parses a certificate given as PEM text, PEM bytes or DER with OpenSSL; its `raw` is the DER
 * without any trailing bytes. Throws ERR_PKI_CERT_INVALID.
 */
export function parseCertificate(input: string | Buffer): X509Certificate {
  if (typeof input !== 'string' && !Buffer.isBuffer(input)) {
    throw new TypeError('certificate must be a Buffer or a string');
  }
  const der = looksLikePem(input)
    ? decodePem(input.toString(), CERTIFICATE_LABELS, 'ERR_PKI_CERT_INVALID')
    : fromBytes(input);
  try {
    return new X509Certificate(der);
  } catch (error) {
    throw new WardenError('ERR_PKI_CERT_INVALID', 'certificate is not X.509 DER', {
      cause: error,
    });
  }
}

function fromBytes(input: string | Buffer): Buffer {
  if (typeof input === 'string') {
    throw new WardenError('ERR_PKI_CERT_INVALID', 'certificate text is not PEM');
  }
  return input;
}
