import { isIP } from 'node:net';
import { WardenError } from '../core/index.js';
import type { LoadedCa } from './ca.js';
import { caHandlesOf } from './ca.js';
import { endEntityExtensions } from './extensions.js';
import type { KeyType } from './keys.js';
import { generateKeyObjects } from './keys.js';
import { encodePem } from './pem.js';
import { randomSerial } from './serial.js';
import { validityWindow } from './validity.js';
import { x509 } from './x509.js';

export interface IssueServerOptions {
  /** DNS names and IP addresses (v4 or v6) the broker answers on; the first becomes the CN. */
  sans: string[];
  /** Default 825, the longest lifetime browsers and Apple platforms accept for TLS servers. */
  days?: number;
  now?: Date;
  /** Default `ec-p256`: cheaper TLS handshakes than RSA. */
  keyType?: KeyType;
}

const DEFAULT_SERVER_DAYS = 825;
/** RFC 1035 §2.3.4 and RFC 1123 §2.1: labels of letters, digits and inner hyphens. */
const DNS_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const DNS_NAME_MAX_LENGTH = 253;
const WILDCARD_LABEL = '*';

/**
 * Creates the broker's TLS key and certificate: EKU serverAuth, CA:false, SANs as given.
 * Throws ERR_PKI_SAN_INVALID, ERR_INVALID_ARGUMENT (validity), ERR_PKI_KEY_UNSUPPORTED.
 */
export async function issueServerCertificate(
  ca: LoadedCa,
  options: IssueServerOptions,
): Promise<{ certPem: string; keyPem: string }> {
  const { certificate: caCertificate, signer, keyId } = caHandlesOf(ca);
  const subjectAltNames = toGeneralNames(options.sans);
  const window = validityWindow(options.days ?? DEFAULT_SERVER_DAYS, options.now);

  const { privateKey, publicKey } = await generateKeyObjects(options.keyType ?? 'ec-p256');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const extensions = await endEntityExtensions({
    subjectSpki: spki,
    authorityKeyId: keyId,
    keyUsages: serverKeyUsages(publicKey.asymmetricKeyType),
    extendedKeyUsages: [x509.ExtendedKeyUsage.serverAuth],
    subjectAltNames,
  });
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: [{ CN: [subjectAltNames[0]?.value ?? ''] }],
    issuer: caCertificate.subjectName,
    notBefore: window.notBefore,
    notAfter: window.notAfter,
    publicKey: spki,
    signingKey: signer.key,
    signingAlgorithm: signer.algorithm,
    extensions,
  });

  return {
    certPem: encodePem(certificate.rawData, 'CERTIFICATE'),
    keyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

// TLS 1.2 RSA key exchange encrypts the premaster secret to the server key (RFC 5246 §7.4.7.1).
function serverKeyUsages(keyType: string | undefined): x509.KeyUsageFlags {
  const signature = x509.KeyUsageFlags.digitalSignature;
  return keyType === 'rsa' ? signature | x509.KeyUsageFlags.keyEncipherment : signature;
}

function toGeneralNames(sans: string[]): x509.JsonGeneralNames {
  if (!Array.isArray(sans) || sans.length === 0) {
    throw new WardenError('ERR_PKI_SAN_INVALID', 'a server certificate needs at least one name');
  }
  return sans.map((san) => {
    // A zone index (fe80::1%eth0) means nothing outside the host that wrote it.
    if (isIP(san) !== 0 && !san.includes('%')) return { type: 'ip', value: san };
    if (isDnsName(san)) return { type: 'dns', value: san.toLowerCase() };
    throw new WardenError(
      'ERR_PKI_SAN_INVALID',
      `subject alternative name ${JSON.stringify(san)} is not a DNS name or IP address`,
    );
  });
}

function isDnsName(name: unknown): boolean {
  if (typeof name !== 'string' || name.length > DNS_NAME_MAX_LENGTH) return false;

  const labels = name.split('.');
  return labels.every(
    (label, index) =>
      DNS_LABEL.test(label) || (index === 0 && label === WILDCARD_LABEL && labels.length > 2),
  );
}
