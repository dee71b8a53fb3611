import type { KeyObject } from 'node:crypto';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { WardenError } from '../core/index.js';
import type { LoadedCa } from './ca.js';
import { registerCa } from './ca.js';
import { certificateDer, sha256Hex } from './fingerprint.js';
import { describeKey } from './key-details.js';
import { encodePem } from './pem.js';
import type { Signer } from './signer.js';
import { importSigner } from './signer.js';
import { x509 } from './x509.js';

/**
 * Loads a CA certificate and its private key (PKCS#8, SEC 1 or PKCS#1 PEM, unencrypted) for
 * signing. Throws ERR_PKI_CA_INVALID when either cannot be read, the certificate is not a CA,
 * the key does not match it, or the key is of a type Warden does not sign with.
 */
export async function loadCa(certPem: string, keyPem: string): Promise<LoadedCa> {
  const certificate = readCertificate(certPem);
  checkIsCa(certificate);

  const privateKey = readPrivateKey(keyPem);
  checkKeyMatches(certificate, privateKey);
  const signer = await signerFor(privateKey);

  const keyId = await authorityKeyId(certificate);
  const der = Buffer.from(certificate.rawData);
  const ca: LoadedCa = Object.freeze({
    certPem: encodePem(certificate.rawData, 'CERTIFICATE'),
    fingerprint: sha256Hex(der),
    subjectCn: certificate.subjectName.getField('CN')[0] ?? '',
    keyType: caKeyType(privateKey),
    notAfter: certificate.notAfter,
  });
  return registerCa(ca, { certificate, signer, keyId });
}

function invalid(message: string, cause?: unknown): WardenError {
  return new WardenError('ERR_PKI_CA_INVALID', message, { cause });
}

function readCertificate(certPem: string): x509.X509Certificate {
  if (typeof certPem !== 'string') throw new TypeError('certPem must be a string');
  try {
    return new x509.X509Certificate(certificateDer(certPem));
  } catch (error) {
    throw invalid('CA certificate cannot be parsed', error);
  }
}

function checkIsCa(certificate: x509.X509Certificate): void {
  const constraints = certificate.getExtension(x509.BasicConstraintsExtension);
  if (constraints?.ca !== true) throw invalid('certificate is not a CA (basicConstraints CA:TRUE)');

  const usage = certificate.getExtension(x509.KeyUsagesExtension);
  if (usage && (usage.usages & x509.KeyUsageFlags.keyCertSign) === 0) {
    throw invalid('CA certificate key usage does not allow keyCertSign');
  }
}

function readPrivateKey(keyPem: string): KeyObject {
  if (typeof keyPem !== 'string') throw new TypeError('keyPem must be a string');
  try {
    return createPrivateKey(keyPem);
  } catch (error) {
    throw invalid('CA private key cannot be parsed (an encrypted key is not supported)', error);
  }
}

function checkKeyMatches(certificate: x509.X509Certificate, privateKey: KeyObject): void {
  const fromKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const fromCert = Buffer.from(certificate.publicKey.rawData);
  if (!fromKey.equals(fromCert)) throw invalid('CA private key does not match the certificate');
}

async function signerFor(privateKey: KeyObject): Promise<Signer> {
  const signer = await importSigner(privateKey).catch((error: unknown) => {
    throw invalid('CA private key cannot be imported for signing', error);
  });
  if (signer === null) {
    throw invalid(`CA key type ${caKeyType(privateKey)} is not supported: use EC or RSA >= 2048`);
  }
  return signer;
}

function caKeyType(privateKey: KeyObject): string {
  const details = describeKey(privateKey);
  return details.keyType === 'rsa' ? `rsa-${details.bits}` : details.keyType;
}

// RFC 5280 §4.2.1.1: the authority key identifier of an issued certificate is the issuer's own
// subject key identifier, whatever method produced it; compute one only when the CA has none.
async function authorityKeyId(certificate: x509.X509Certificate): Promise<string> {
  const own = certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  if (own) return own.keyId;

  const computed = await x509.SubjectKeyIdentifierExtension.create(certificate.publicKey);
  return computed.keyId;
}
