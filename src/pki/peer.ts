import type { CertificateSummary } from './describe.js';
import { RSA_MIN_BITS } from './public-key.js';

export type ClientCertificateRefusal =
  | 'ERR_AUTH_CERT_EXPIRED'
  | 'ERR_AUTH_CERT_NOT_CLIENT'
  | 'ERR_AUTH_CERT_WEAK_KEY';

const CLIENT_KEY_TYPES = new Set(['ec-p256', 'ec-p384', 'rsa', 'ed25519']);

/**
 * Judges a peer certificate that already chained to the CA: null when it may authenticate, else
 * the code of the first rule it breaks. Node's TLS accepts certificates without any EKU and with
 * RSA-1024 keys; Warden does not.
 */
export function checkClientCertificate(
  summary: CertificateSummary,
  now: Date,
): ClientCertificateRefusal | null {
  const at = now.getTime();
  if (at < summary.notBefore.getTime() || at > summary.notAfter.getTime()) {
    return 'ERR_AUTH_CERT_EXPIRED';
  }
  // RFC 5280 §4.2.1.12 reads a missing EKU as "any purpose"; a device identity must say client.
  if (!summary.hasClientAuth || summary.isCa) return 'ERR_AUTH_CERT_NOT_CLIENT';
  if (!CLIENT_KEY_TYPES.has(summary.keyType)) return 'ERR_AUTH_CERT_WEAK_KEY';
  if (summary.keyType === 'rsa' && summary.keyBits < RSA_MIN_BITS) return 'ERR_AUTH_CERT_WEAK_KEY';
  return null;
}
