import type { Config } from '../config/index.js';
import type { Claims } from '../core/index.js';
import type { CertificateRecord, Device, DeviceKey, Registry } from '../registry/index.js';
import type { KeyRegistration } from './add-key.js';
import type { BuiltCrl } from './build-crl.js';
import type { DeviceDetails } from './describe-device.js';
import type { CertificateRequest, IssuedCertificate } from './issue-certificate.js';
import type { MintedToken, TokenRequest } from './mint-token.js';
import type { RemovedDevice } from './remove-device.js';
import type { ClaimsUpdate } from './update-claims.js';

/**
 * Every operator operation, once, bound to one home directory: the CLI, the simulator and the
 * admin API all go through it. Each change is one registry transaction with its audit entry.
 */
export interface Fleet {
  readonly config: Config;
  readonly registry: Registry;
  addDevice(id: string, claims?: Claims): Device;
  listDevices(): Device[];
  describeDevice(id: string): DeviceDetails;
  disableDevice(id: string): Device;
  enableDevice(id: string): Device;
  removeDevice(id: string): RemovedDevice;
  updateClaims(id: string, update: ClaimsUpdate): Device;
  issueCertificate(request: CertificateRequest): Promise<IssuedCertificate>;
  listCertificates(filter?: { deviceId?: string }): CertificateRecord[];
  revokeCertificate(serial: string, reason?: string): CertificateRecord;
  revokeDeviceCertificates(deviceId: string, reason?: string): CertificateRecord[];
  buildCrl(): Promise<BuiltCrl>;
  mintToken(request: TokenRequest): Promise<MintedToken>;
  addKey(registration: KeyRegistration): Promise<DeviceKey>;
  listKeys(deviceId: string): DeviceKey[];
  removeKey(deviceId: string, kid: string): void;
  /** Closes the registry; the fleet is unusable afterwards. */
  close(): void;
}
