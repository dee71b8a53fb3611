import type BetterSqlite3 from 'better-sqlite3';
import { toMs } from './arguments.js';
import { type AuditFilter, appendAudit, listAudit, type NewAuditEntry } from './audit.js';
import {
  addCertificate,
  getCertificate,
  getCertificateByFingerprint,
  listCertificates,
  listRevokedCertificates,
  type NewCertificate,
  revokeCertificate,
} from './certificates.js';
import { latestChangeSeq, readChanges } from './change-feed.js';
import type { RegistryContext } from './context.js';
import {
  addDeviceKey,
  getDeviceKey,
  listDeviceKeys,
  type NewDeviceKey,
  removeDeviceKey,
} from './device-keys.js';
import {
  addDevice,
  getDevice,
  listDevices,
  removeDevice,
  setDeviceClaims,
  setDeviceStatus,
} from './devices.js';
import { listIssuers, type NewIssuer, removeIssuer, upsertIssuer } from './issuers.js';
import { prepareStatements } from './statements.js';
import type {
  AuditEntry,
  CertificateRecord,
  ChangeEvent,
  Device,
  DeviceKey,
  DeviceStatus,
  IssuerRecord,
} from './types.js';

/**
 * Devices, credentials, keys, issuers, the audit trail and the change feed in one SQLite file.
 * Every method that takes a device id throws ERR_INVALID_DEVICE_ID for an invalid one, before
 * any SQL runs. Every change appends its change event in the same transaction. Obtain one with
 * openRegistry; a method called after close throws TypeError.
 */
export class Registry {
  readonly #db: BetterSqlite3.Database;
  readonly #context: RegistryContext;

  /** Use openRegistry, which configures the connection and migrates the schema first. */
  constructor(db: BetterSqlite3.Database, now: () => Date) {
    const run = db.transaction((fn: () => unknown) => fn());
    this.#db = db;
    this.#context = {
      sql: prepareStatements(db),
      nowMs: () => toMs(now(), 'now()'),
      transaction: <T>(fn: () => T): T => run.immediate(fn) as T,
    };
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }

  get isOpen(): boolean {
    return this.#db.open;
  }

  /**
   * Runs `fn` in one immediate (write-locking) transaction and returns its result; `fn` must be
   * synchronous. A nested call joins the outer transaction as a savepoint: nothing is committed
   * before the outer call returns, and an error the outer `fn` catches undoes only the inner
   * call's writes.
   */
  transaction<T>(fn: () => T): T {
    if (typeof fn !== 'function') throw new TypeError('transaction expects a function');
    return this.#context.transaction(fn);
  }

  /** Adds an enabled device; throws ERR_DEVICE_EXISTS, ERR_INVALID_CLAIM. */
  addDevice(id: string, claims?: Record<string, string>): Device {
    return addDevice(this.#context, id, claims);
  }

  getDevice(id: string): Device | undefined {
    return getDevice(this.#context, id);
  }

  /** Every device, ordered by id. */
  listDevices(): Device[] {
    return listDevices(this.#context);
  }

  /**
   * Enables or disables a device; throws ERR_DEVICE_NOT_FOUND. Setting the status it already has
   * changes nothing and records no change event.
   */
  setDeviceStatus(id: string, status: DeviceStatus): Device {
    return setDeviceStatus(this.#context, id, status);
  }

  /**
   * Replaces the whole claim map; throws ERR_DEVICE_NOT_FOUND, ERR_INVALID_CLAIM. Equal claims
   * change nothing and record no change event.
   */
  setDeviceClaims(id: string, claims: Record<string, string>): Device {
    return setDeviceClaims(this.#context, id, claims);
  }

  /**
   * Removes a device and its keys and revokes its certificates that are not revoked yet
   * (reason cessationOfOperation); the certificate rows stay for the CRL. Records one
   * certificate.revoked and key.removed event per credential, then device.removed. Throws
   * ERR_DEVICE_NOT_FOUND.
   */
  removeDevice(id: string): void {
    removeDevice(this.#context, id);
  }

  /**
   * Records an issued certificate; throws ERR_DEVICE_NOT_FOUND, ERR_CERT_EXISTS,
   * ERR_INVALID_ARGUMENT (serial, fingerprint).
   */
  addCertificate(certificate: NewCertificate): CertificateRecord {
    return addCertificate(this.#context, certificate);
  }

  /** Looks a certificate up by hexadecimal serial (any case); throws ERR_INVALID_ARGUMENT. */
  getCertificate(serial: string): CertificateRecord | undefined {
    return getCertificate(this.#context, serial);
  }

  /** Looks a certificate up by SHA-256 fingerprint; throws ERR_INVALID_ARGUMENT. */
  getCertificateByFingerprint(fingerprint: string): CertificateRecord | undefined {
    return getCertificateByFingerprint(this.#context, fingerprint);
  }

  /** Certificates in order of issue, removed devices' included; optionally of one device. */
  listCertificates(filter?: { deviceId?: string }): CertificateRecord[] {
    return listCertificates(this.#context, filter);
  }

  /**
   * Revokes a certificate with an RFC 5280 reason name; throws ERR_CERT_NOT_FOUND,
   * ERR_CERT_ALREADY_REVOKED, ERR_INVALID_ARGUMENT.
   */
  revokeCertificate(serial: string, reason: string): CertificateRecord {
    return revokeCertificate(this.#context, serial, reason);
  }

  /** Every revoked certificate, in order of revocation: what the CRL lists. */
  listRevokedCertificates(): CertificateRecord[] {
    return listRevokedCertificates(this.#context);
  }

  /**
   * Registers a public key a device signs its tokens with; throws ERR_DEVICE_NOT_FOUND,
   * ERR_KEY_EXISTS, ERR_KEY_INVALID (private or inconsistent JWK), ERR_INVALID_ARGUMENT.
   */
  addDeviceKey(key: NewDeviceKey): DeviceKey {
    return addDeviceKey(this.#context, key);
  }

  listDeviceKeys(deviceId: string): DeviceKey[] {
    return listDeviceKeys(this.#context, deviceId);
  }

  /** Throws ERR_INVALID_ARGUMENT for a malformed kid. */
  getDeviceKey(deviceId: string, kid: string): DeviceKey | undefined {
    return getDeviceKey(this.#context, deviceId, kid);
  }

  /** Throws ERR_KEY_NOT_FOUND, ERR_INVALID_ARGUMENT. */
  removeDeviceKey(deviceId: string, kid: string): void {
    removeDeviceKey(this.#context, deviceId, kid);
  }

  /** Records an external issuer from the configuration; throws ERR_INVALID_ARGUMENT. */
  upsertIssuer(issuer: NewIssuer): IssuerRecord {
    return upsertIssuer(this.#context, issuer);
  }

  listIssuers(): IssuerRecord[] {
    return listIssuers(this.#context);
  }

  /** Forgets an issuer the configuration dropped; answers whether it was recorded. */
  removeIssuer(name: string): boolean {
    return removeIssuer(this.#context, name);
  }

  /**
   * Appends to the audit trail, which nothing can update or delete. The detail is kept forever
   * and shown to operators: never put a secret in it (no private key, token, password; a serial,
   * fingerprint or kid is fine). The actor defaults to the operating-system user. Throws
   * ERR_INVALID_ARGUMENT.
   */
  appendAudit(entry: NewAuditEntry): AuditEntry {
    return appendAudit(this.#context, entry);
  }

  /** Audit entries after `afterSeq` (default 0), oldest first, at most `limit` (default all). */
  listAudit(filter?: AuditFilter): AuditEntry[] {
    return listAudit(this.#context, filter);
  }

  /** The seq of the newest change event, 0 when there is none: where a new follower starts. */
  latestChangeSeq(): number {
    return latestChangeSeq(this.#context);
  }

  /** Change events after `afterSeq`, oldest first, at most `limit` (default 1000, max 10000). */
  readChanges(afterSeq: number, limit?: number): ChangeEvent[] {
    return readChanges(this.#context, afterSeq, limit);
  }
}
