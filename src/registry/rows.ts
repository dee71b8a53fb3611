import type {
  AuditEntry,
  CertificateRecord,
  ChangeEvent,
  ChangeKind,
  Device,
  DeviceKey,
  DeviceStatus,
  IssuerRecord,
} from './types.js';

// Rows as the statements select them: columns aliased to camelCase, times in milliseconds since
// the epoch, maps as JSON text.

export interface DeviceRow {
  id: string;
  status: DeviceStatus;
  claims: string;
  createdAt: number;
  updatedAt: number;
}

export interface CertificateRow {
  serial: string;
  deviceId: string;
  fingerprint: string;
  notBefore: number;
  notAfter: number;
  issuedAt: number;
  revokedAt: number | null;
  revocationReason: string | null;
}

export interface DeviceKeyRow {
  deviceId: string;
  kid: string;
  alg: string;
  jwk: string;
  createdAt: number;
}

export interface IssuerRow {
  name: string;
  issuer: string;
  jwksUri: string;
  updatedAt: number;
}

export interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  deviceId: string | null;
  detail: string;
}

export interface ChangeRow {
  seq: number;
  at: number;
  kind: ChangeKind;
  deviceId: string;
  serial: string | null;
  kid: string | null;
}

function toDateOrNull(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}

export function toDevice(row: DeviceRow): Device {
  return {
    id: row.id,
    status: row.status,
    claims: JSON.parse(row.claims) as Record<string, string>,
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
  };
}

export function toCertificateRecord(row: CertificateRow): CertificateRecord {
  return {
    serial: row.serial,
    deviceId: row.deviceId,
    fingerprint: row.fingerprint,
    notBefore: new Date(row.notBefore),
    notAfter: new Date(row.notAfter),
    issuedAt: new Date(row.issuedAt),
    revokedAt: toDateOrNull(row.revokedAt),
    revocationReason: row.revocationReason,
  };
}

export function toDeviceKey(row: DeviceKeyRow): DeviceKey {
  return {
    deviceId: row.deviceId,
    kid: row.kid,
    alg: row.alg,
    jwk: JSON.parse(row.jwk) as Record<string, unknown>,
    createdAt: new Date(row.createdAt),
  };
}

export function toIssuerRecord(row: IssuerRow): IssuerRecord {
  return {
    name: row.name,
    issuer: row.issuer,
    jwksUri: row.jwksUri,
    updatedAt: new Date(row.updatedAt),
  };
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: new Date(row.at),
    actor: row.actor,
    action: row.action,
    deviceId: row.deviceId,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}

export function toChangeEvent(row: ChangeRow): ChangeEvent {
  return {
    seq: row.seq,
    at: new Date(row.at),
    kind: row.kind,
    deviceId: row.deviceId,
    serial: row.serial,
    kid: row.kid,
  };
}
