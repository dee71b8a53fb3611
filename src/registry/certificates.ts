import { assertDeviceId, WardenError } from '../core/index.js';
import { toMs } from './arguments.js';
import {
  assertRevocationReason,
  normalizeFingerprint,
  normalizeSerial,
  REMOVED_DEVICE_REASON,
} from './certificate-fields.js';
import { recordChange } from './change-feed.js';
import type { RegistryContext } from './context.js';
import { requireDeviceRow } from './require-device.js';
import { type CertificateRow, toCertificateRecord } from './rows.js';
import type { CertificateRecord } from './types.js';

export interface NewCertificate {
  serial: string;
  deviceId: string;
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
}

export function addCertificate(
  context: RegistryContext,
  certificate: NewCertificate,
): CertificateRecord {
  assertDeviceId(certificate.deviceId);
  const serial = normalizeSerial(certificate.serial);
  const fingerprint = normalizeFingerprint(certificate.fingerprint);
  const notBefore = toMs(certificate.notBefore, 'notBefore');
  const notAfter = toMs(certificate.notAfter, 'notAfter');
  if (notAfter <= notBefore) throw new RangeError('notAfter must be later than notBefore');

  return context.transaction(() => {
    requireDeviceRow(context, certificate.deviceId);
    const at = context.nowMs();
    const row: CertificateRow = {
      serial,
      deviceId: certificate.deviceId,
      fingerprint,
      notBefore,
      notAfter,
      issuedAt: at,
      revokedAt: null,
      revocationReason: null,
    };
    if (context.sql.insertCertificate.run(row).changes === 0) {
      throw new WardenError(
        'ERR_CERT_EXISTS',
        `a certificate with serial ${serial} or fingerprint ${fingerprint} is already recorded`,
      );
    }

    recordChange(context, 'certificate.issued', row.deviceId, at, { serial });
    return toCertificateRecord(row);
  });
}

export function getCertificate(
  context: RegistryContext,
  serial: string,
): CertificateRecord | undefined {
  const row = context.sql.selectCertificate.get(normalizeSerial(serial));
  return row === undefined ? undefined : toCertificateRecord(row);
}

export function getCertificateByFingerprint(
  context: RegistryContext,
  fingerprint: string,
): CertificateRecord | undefined {
  const row = context.sql.selectCertificateByFingerprint.get(normalizeFingerprint(fingerprint));
  return row === undefined ? undefined : toCertificateRecord(row);
}

export function listCertificates(
  context: RegistryContext,
  filter: { deviceId?: string } = {},
): CertificateRecord[] {
  if (filter.deviceId === undefined) {
    return context.sql.selectCertificates.all().map(toCertificateRecord);
  }

  assertDeviceId(filter.deviceId);
  return context.sql.selectCertificatesOfDevice.all(filter.deviceId).map(toCertificateRecord);
}

export function listRevokedCertificates(context: RegistryContext): CertificateRecord[] {
  return context.sql.selectRevokedCertificates.all().map(toCertificateRecord);
}

export function revokeCertificate(
  context: RegistryContext,
  serial: string,
  reason: string,
): CertificateRecord {
  const normalized = normalizeSerial(serial);
  assertRevocationReason(reason);

  return context.transaction(() => {
    const row = context.sql.selectCertificate.get(normalized);
    if (row === undefined) {
      throw new WardenError('ERR_CERT_NOT_FOUND', `certificate ${normalized} not found`);
    }
    if (row.revokedAt !== null) {
      throw new WardenError(
        'ERR_CERT_ALREADY_REVOKED',
        `certificate ${normalized} was already revoked (${row.revocationReason})`,
      );
    }

    const at = context.nowMs();
    context.sql.revokeCertificate.run({
      serial: normalized,
      revokedAt: at,
      revocationReason: reason,
    });
    recordChange(context, 'certificate.revoked', row.deviceId, at, { serial: normalized });
    return toCertificateRecord({ ...row, revokedAt: at, revocationReason: reason });
  });
}

/** Revokes every certificate of a device that is not revoked yet; runs inside removeDevice. */
export function revokeCertificatesOfDevice(
  context: RegistryContext,
  deviceId: string,
  atMs: number,
): void {
  for (const serial of context.sql.selectUnrevokedSerialsOfDevice.all(deviceId)) {
    context.sql.revokeCertificate.run({
      serial,
      revokedAt: atMs,
      revocationReason: REMOVED_DEVICE_REASON,
    });
    recordChange(context, 'certificate.revoked', deviceId, atMs, { serial });
  }
}
