import type { CertificateRecord } from '../../fleet/index.js';

/** `valid`, `expired`, `not yet valid` or `revoked (<reason>)`, as lists show it. */
export function certificateStatus(certificate: CertificateRecord, now: Date): string {
  if (certificate.revokedAt !== null) {
    return `revoked (${certificate.revocationReason ?? 'unspecified'})`;
  }
  if (certificate.notAfter < now) return 'expired';
  if (certificate.notBefore > now) return 'not yet valid';
  return 'valid';
}
