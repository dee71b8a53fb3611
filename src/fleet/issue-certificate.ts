import { assertDeviceId, WardenError } from '../core/index.js';
import {
  generateKeyPair,
  isKeyType,
  issueDeviceCertificate,
  type KeyType,
  keyTypes,
  type PublicKeyInfo,
  parseCsr,
  publicKeyFromPem,
} from '../pki/index.js';
import { audit } from './audit.js';
import type { FleetContext } from './context.js';
import { requireEnabledDevice } from './require-device.js';

/** Validity of a device certificate when the operator names none. */
export const DEFAULT_CERTIFICATE_DAYS = 365;

export interface CertificateRequest {
  readonly deviceId: string;
  /** A PKCS#10 request, PEM or DER; without it a key pair of `keyType` is generated. */
  readonly csr?: Buffer | string;
  /** One of `keyTypes`, default `ec-p256`; only when no CSR is given. */
  readonly keyType?: string;
  /** Default 365. */
  readonly days?: number;
}

export interface IssuedCertificate {
  readonly deviceId: string;
  readonly certPem: string;
  /** PKCS#8 PEM of the generated private key; absent when the device sent a CSR. */
  readonly keyPem?: string;
  /** Lowercase hexadecimal. */
  readonly serial: string;
  /** SHA-256 of the DER certificate, lowercase hexadecimal. */
  readonly fingerprint: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

interface SubjectKey {
  publicKey: PublicKeyInfo;
  keyPem?: string;
}

/**
 * Enrolls a device: check the device → take the key from the CSR or generate one → sign under
 * the CA → record the certificate and its audit entry in one transaction. Throws
 * ERR_INVALID_DEVICE_ID, ERR_DEVICE_NOT_FOUND, ERR_DEVICE_DISABLED, ERR_INVALID_ARGUMENT, the CSR
 * and key errors of the PKI, and ERR_HOME_NOT_INITIALIZED.
 */
export async function issueCertificate(
  context: FleetContext,
  request: CertificateRequest,
): Promise<IssuedCertificate> {
  const { deviceId } = request;
  const days = request.days ?? DEFAULT_CERTIFICATE_DAYS;
  checkRequest(request);
  requireEnabledDevice(context, deviceId);

  const subjectKey = await readSubjectKey(request);
  const ca = await context.loadCa();
  const signed = await issueDeviceCertificate(ca, {
    deviceId,
    publicKey: subjectKey.publicKey,
    days,
    now: context.now(),
  });

  recordCertificate(context, deviceId, signed, request.csr === undefined ? 'generated' : 'csr');
  context.log.info({ deviceId, serial: signed.serial }, 'certificate issued');
  return {
    deviceId,
    ...signed,
    ...(subjectKey.keyPem === undefined ? {} : { keyPem: subjectKey.keyPem }),
  };
}

function checkRequest(request: CertificateRequest): void {
  assertDeviceId(request.deviceId);
  if (request.csr !== undefined && request.keyType !== undefined) {
    throw new WardenError('ERR_INVALID_ARGUMENT', 'give either a CSR or a key type, not both');
  }
  if (request.keyType !== undefined && !isKeyType(request.keyType)) {
    throw new WardenError(
      'ERR_PKI_KEY_UNSUPPORTED',
      `unsupported key type ${JSON.stringify(request.keyType)}: use one of ${keyTypes.join(', ')}`,
    );
  }
}

async function readSubjectKey(request: CertificateRequest): Promise<SubjectKey> {
  if (request.csr !== undefined) return { publicKey: await parseCsr(request.csr) };

  const keyType: KeyType = isKeyType(request.keyType) ? request.keyType : 'ec-p256';
  const pair = await generateKeyPair(keyType);
  return { publicKey: await publicKeyFromPem(pair.publicKeyPem), keyPem: pair.privateKeyPem };
}

function recordCertificate(
  context: FleetContext,
  deviceId: string,
  signed: Omit<IssuedCertificate, 'deviceId' | 'keyPem'>,
  source: 'csr' | 'generated',
): void {
  const { serial, fingerprint, notBefore, notAfter } = signed;
  context.registry.transaction(() => {
    // Checked again inside the transaction: another process may have disabled it meanwhile.
    requireEnabledDevice(context, deviceId);
    context.registry.addCertificate({ serial, deviceId, fingerprint, notBefore, notAfter });
    audit(context, 'certificate.issue', deviceId, { serial, fingerprint, notAfter, source });
  });
}
