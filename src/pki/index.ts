/**
 * src/pki: every X.509 operation in Warden, and the only part that imports an X.509 library.
 *
 * Why two libraries:
 * - @peculiar/x509 builds and parses certificates, CSRs and CRLs. It handles EC and RSA keys
 *   alike and writes any subject key as opaque SPKI bytes, so it signs certificates for P-256
 *   keys from secure elements and for Ed25519 keys with an EC or RSA CA. node-forge cannot parse
 *   an EC key or an EC CSR, so it has no place here. Signatures run in Node's WebCrypto.
 * - node:crypto generates keys, converts between PEM, DER and KeyObject, reads a key's type and
 *   size, hashes fingerprints and parses certificates synchronously where no signature is made.
 *
 * Serial numbers everywhere are spelled by `normalizeSerial`: lowercase hex without colons or
 * leading zero octets. Node's TLS peer certificate reports `serialNumber` in uppercase; pass it
 * through `normalizeSerial` before comparing it with a stored serial.
 */
export type { CaMaterial, LoadedCa } from './ca.js';
export type { CreateCaOptions } from './create-ca.js';
export { createCa } from './create-ca.js';
export type { CreateCsrOptions } from './create-csr.js';
export { createCsr } from './create-csr.js';
export type { CreateCrlOptions, RevocationReason, RevokedEntry } from './crl.js';
export { createCrl, isRevocationReason, revocationReasons } from './crl.js';
export { parseCsr } from './csr.js';
export type { CertificateSummary } from './describe.js';
export { describeCertificate } from './describe.js';
export { certificateFingerprint } from './fingerprint.js';
export type { IssueDeviceOptions, IssuedCertificate } from './issue-device.js';
export { DEVICE_URI_PREFIX, issueDeviceCertificate } from './issue-device.js';
export type { KeyPairPem, KeyType } from './keys.js';
export { generateKeyPair, isKeyType, keyTypes } from './keys.js';
export { loadCa } from './load-ca.js';
export type { ClientCertificateRefusal } from './peer.js';
export { checkClientCertificate } from './peer.js';
export type { PublicKeyInfo } from './public-key.js';
export { publicKeyFromPem } from './public-key.js';
export { normalizeSerial } from './serial.js';
export type { IssueServerOptions } from './server-cert.js';
export { issueServerCertificate } from './server-cert.js';
export type { TokenKey } from './token-key.js';
export { generateTokenKeyPem, loadTokenKey, TOKEN_ALGORITHM } from './token-key.js';
