import { assertDeviceId } from '../core/index.js';
import type { LoadedCa } from './ca.js';
import { caHandlesOf } from './ca.js';
import { endEntityExtensions } from './extensions.js';
import { sha256Hex } from './fingerprint.js';
import { encodePem } from './pem.js';
import type { PublicKeyInfo } from './public-key.js';
import { publicKeyFromSpki } from './public-key.js';
import { normalizeSerial, randomSerial } from './serial.js';
import { validityWindow } from './validity.js';
import { x509 } from './x509.js';

export interface IssueDeviceOptions {
  deviceId: string;
  publicKey: PublicKeyInfo;
  /** Default 365. */
  days?: number;
  now?: Date;
}

export interface IssuedCertificate {
  certPem: string;
  /** Lowercase hex, 32 digits, positive (see normalizeSerial). */
  serial: string;
  /** SHA-256 of the DER, lowercase hex. */
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
}

const DEFAULT_DEVICE_DAYS = 365;
export const DEVICE_URI_PREFIX = 'urn:warden:device:';

/**
 * Signs a client certificate for a device: CN and SAN URI name the device, EKU clientAuth only,
 * CA:false. Throws ERR_INVALID_DEVICE_ID, ERR_INVALID_ARGUMENT (validity), ERR_PKI_KEY_WEAK,
 * ERR_PKI_KEY_UNSUPPORTED, ERR_PKI_KEY_INVALID.
 */
export async function issueDeviceCertificate(
  ca: LoadedCa,
  options: IssueDeviceOptions,
): Promise<IssuedCertificate> {
  const { certificate: caCertificate, signer, keyId } = caHandlesOf(ca);
  assertDeviceId(options.deviceId);
  // The key is checked again here: a PublicKeyInfo may have been put together by hand.
  const publicKey = publicKeyFromSpki(options.publicKey.spkiDer);
  const window = validityWindow(options.days ?? DEFAULT_DEVICE_DAYS, options.now);

  const extensions = await endEntityExtensions({
    subjectSpki: publicKey.spkiDer,
    authorityKeyId: keyId,
    keyUsages: x509.KeyUsageFlags.digitalSignature,
    extendedKeyUsages: [x509.ExtendedKeyUsage.clientAuth],
    subjectAltNames: [{ type: 'url', value: `${DEVICE_URI_PREFIX}${options.deviceId}` }],
  });
  // Known limitation: X.520 bounds a CN at 64 characters and a device id may have 128. OpenSSL and
  // Node accept the longer CN, a strict verifier may not; the SAN URI always carries the full id.
  // Nor is notAfter capped at the CA's own notAfter: a certificate may outlive its CA on paper.
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: [{ CN: [options.deviceId] }],
    issuer: caCertificate.subjectName,
    notBefore: window.notBefore,
    notAfter: window.notAfter,
    publicKey: publicKey.spkiDer,
    signingKey: signer.key,
    signingAlgorithm: signer.algorithm,
    extensions,
  });

  return {
    certPem: encodePem(certificate.rawData, 'CERTIFICATE'),
    serial: normalizeSerial(certificate.serialNumber),
    fingerprint: sha256Hex(new Uint8Array(certificate.rawData)),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
  };
}
