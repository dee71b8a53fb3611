/** Whether a device may connect at all. */
export type DeviceStatus = 'enabled' | 'disabled';

export interface Device {
  id: string;
  status: DeviceStatus;
  claims: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
}

/** A certificate issued to a device; rows are never deleted, so a serial stays unique forever. */
export interface CertificateRecord {
  /** Lowercase hexadecimal, as the PKI wrote it. */
  serial: string;
  deviceId: string;
  /** SHA-256 of the DER certificate, 64 lowercase hexadecimal digits without separators. */
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
  issuedAt: Date;
  revokedAt: Date | null;
  revocationReason: string | null;
}

/** A public key a device signs its own tokens with. */
export interface DeviceKey {
  deviceId: string;
  kid: string;
  alg: string;
  jwk: Record<string, unknown>;
  createdAt: Date;
}

/** An external token issuer as the configuration names it, mirrored for audits and tools. */
export interface IssuerRecord {
  name: string;
  issuer: string;
  jwksUri: string;
  updatedAt: Date;
}

export interface AuditEntry {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  deviceId: string | null;
  detail: Record<string, unknown>;
}

export type ChangeKind =
  | 'device.added'
  | 'device.disabled'
  | 'device.enabled'
  | 'device.removed'
  | 'device.claims'
  | 'certificate.issued'
  | 'certificate.revoked'
  | 'key.added'
  | 'key.removed';

/** One entry of the change feed the broker follows to act on changes made by any process. */
export interface ChangeEvent {
  seq: number;
  at: Date;
  kind: ChangeKind;
  deviceId: string;
  serial: string | null;
  kid: string | null;
}

export interface OpenOptions {
  /** Open without write access; the schema must already be current. */
  readonly?: boolean;
  /** Refuse to create the database when the file is missing (ERR_REGISTRY_UNAVAILABLE). */
  fileMustExist?: boolean;
  /** The clock every timestamp is taken from; tests inject one. */
  now?: () => Date;
}
