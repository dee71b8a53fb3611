import { createCrl } from '../pki/index.js';
import type { FleetContext } from './context.js';
import { crlReasonOf } from './revocation-reason.js';

export interface BuiltCrl {
  readonly pem: string;
  readonly der: Buffer;
  /** How many serials it lists. */
  readonly revokedCount: number;
}

/**
 * Builds a CRL signed by the CA listing every revoked serial with its reason. Throws
 * ERR_HOME_NOT_INITIALIZED or ERR_PKI_CA_INVALID.
 */
export async function buildCrl(context: FleetContext): Promise<BuiltCrl> {
  const revoked = context.registry.listRevokedCertificates().map((certificate) => ({
    serial: certificate.serial,
    revokedAt: certificate.revokedAt!,
    reason: crlReasonOf(certificate.revocationReason),
  }));
  const ca = await context.loadCa();

  const now = context.now();
  // RFC 5280 §5.2.3 wants CRL numbers that only grow; the clock in milliseconds does, with no
  // counter to keep. Limitation: two CRLs built in the same millisecond share a number, and a
  // clock set back repeats numbers until it catches up; a counter in the registry would lift it.
  const crlNumber = BigInt(now.getTime());
  const crl = await createCrl(ca, { revoked, now, crlNumber });
  return { pem: crl.pem, der: crl.der, revokedCount: revoked.length };
}
