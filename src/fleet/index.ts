/**
 * src/fleet: what operators do, once, for every face (CLI, simulator, admin API). Each change is
 * one registry transaction with its audit entry; the broker learns of it from the change feed.
 */

export type { KeyType, TokenKey } from '../pki/index.js';
export { isKeyType, keyTypes, loadTokenKey, TOKEN_ALGORITHM } from '../pki/index.js';
export type { CertificateRecord, Device, DeviceKey, DeviceStatus } from '../registry/index.js';
export type { KeyRegistration } from './add-key.js';
export type { BuiltCrl } from './build-crl.js';
export type { DeviceDetails } from './describe-device.js';
export type { DevicePublicKey } from './device-public-key.js';
export type { Fleet } from './fleet.js';
export { assertHomeInitialized, hasCa } from './home-state.js';
export type { InitOptions, InitResult } from './init-home.js';
export { ensureHome, initHome } from './init-home.js';
export type { CertificateRequest, IssuedCertificate } from './issue-certificate.js';
export { DEFAULT_CERTIFICATE_DAYS } from './issue-certificate.js';
export type { MintedToken, TokenRequest } from './mint-token.js';
export type { FleetOptions } from './open-fleet.js';
export { openFleet } from './open-fleet.js';
export {
  PRIVATE_FILE_MODE,
  PUBLIC_FILE_MODE,
  replaceFile,
  writeFileWithMode,
} from './private-file.js';
export type { RemovedDevice } from './remove-device.js';
export { fleetRevocationReasons } from './revocation-reason.js';
export type { ClaimsUpdate } from './update-claims.js';
