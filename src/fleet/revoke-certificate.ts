import { WardenError } from '../core/index.js';
import { normalizeSerial as canonicalSerial } from '../pki/index.js';
import type { CertificateRecord } from '../registry/index.js';
import { audit } from './audit.js';
import type { FleetContext } from './context.js';
import { requireDevice } from './require-device.js';
import { checkRevocationReason } from './revocation-reason.js';

const DEFAULT_REASON = 'unspecified';
// Operators paste serials as openssl prints them: upper case, maybe with colons.
const SERIAL_SEPARATORS = /[:\s]/g;
/** RFC 5280 §4.1.2.2: at most 20 octets. */
const SERIAL = /^[0-9a-f]{1,40}$/;

/**
 * Revokes one certificate; the broker drops its connections at once. Throws ERR_INVALID_ARGUMENT,
 * ERR_CERT_NOT_FOUND or ERR_CERT_ALREADY_REVOKED.
 */
export function revokeCertificate(
  context: FleetContext,
  serial: string,
  reason: string = DEFAULT_REASON,
): CertificateRecord {
  const normalized = normalizeSerial(serial);
  checkRevocationReason(reason);

  return context.registry.transaction(() => {
    const certificate = requireUnrevoked(context, normalized);
    return revokeOne(context, certificate, reason);
  });
}

/**
 * Revokes every certificate of a device that is not revoked yet. Throws ERR_INVALID_DEVICE_ID,
 * ERR_DEVICE_NOT_FOUND, ERR_INVALID_ARGUMENT, or ERR_CERT_NOT_FOUND when none is left to revoke.
 */
export function revokeDeviceCertificates(
  context: FleetContext,
  deviceId: string,
  reason: string = DEFAULT_REASON,
): CertificateRecord[] {
  checkRevocationReason(reason);
  requireDevice(context, deviceId);

  return context.registry.transaction(() => {
    const live = context.registry
      .listCertificates({ deviceId })
      .filter((certificate) => certificate.revokedAt === null);
    if (live.length === 0) {
      throw new WardenError(
        'ERR_CERT_NOT_FOUND',
        `device ${deviceId} has no certificate left to revoke`,
      );
    }
    return live.map((certificate) => revokeOne(context, certificate, reason));
  });
}

/** Runs inside the caller's transaction. */
function revokeOne(
  context: FleetContext,
  certificate: CertificateRecord,
  reason: string,
): CertificateRecord {
  const { serial, deviceId } = certificate;
  const revoked = context.registry.revokeCertificate(serial, reason);
  audit(context, 'certificate.revoke', deviceId, { serial, reason });
  context.log.info({ deviceId, serial, reason }, 'certificate revoked');
  return revoked;
}

function requireUnrevoked(context: FleetContext, serial: string): CertificateRecord {
  const certificate = context.registry.getCertificate(serial);
  if (certificate === undefined) {
    throw new WardenError('ERR_CERT_NOT_FOUND', `no certificate with serial ${serial}`);
  }
  if (certificate.revokedAt !== null) {
    throw new WardenError(
      'ERR_CERT_ALREADY_REVOKED',
      `certificate ${serial} was already revoked on ${certificate.revokedAt.toISOString()}`,
    );
  }
  return certificate;
}

function normalizeSerial(serial: string): string {
  const bare = serial.replace(SERIAL_SEPARATORS, '').toLowerCase();
  if (SERIAL.test(bare)) return canonicalSerial(bare);
  throw new WardenError(
    'ERR_INVALID_ARGUMENT',
    `invalid serial ${JSON.stringify(serial.slice(0, 80))}: give it in hexadecimal`,
  );
}
