export type { AuditFilter, NewAuditEntry } from './audit.js';
export type { RevocationReason } from './certificate-fields.js';
export { revocationReasons } from './certificate-fields.js';
export type { NewCertificate } from './certificates.js';
export { DEFAULT_CHANGES_PER_READ, MAX_CHANGES_PER_READ } from './change-feed.js';
export type { NewDeviceKey } from './device-keys.js';
export type { NewIssuer } from './issuers.js';
export { registrySchemaVersion } from './migrations.js';
export { openRegistry } from './open-registry.js';
export { Registry } from './registry.js';
export type {
  AuditEntry,
  CertificateRecord,
  ChangeEvent,
  ChangeKind,
  Device,
  DeviceKey,
  DeviceStatus,
  IssuerRecord,
  OpenOptions,
} from './types.js';
