import { WardenError } from '../core/index.js';
import type { CaMaterial } from './ca.js';
import type { KeyType } from './keys.js';
import { generateKeyObjects } from './keys.js';
import { encodePem } from './pem.js';
import { randomSerial } from './serial.js';
import { importSigner } from './signer.js';
import { validityWindow } from './validity.js';
import { x509 } from './x509.js';

export interface CreateCaOptions {
  /** Default `ec-p256`. */
  keyType?: KeyType;
  /** Default `Warden Device CA`. */
  commonName?: string;
  /** Default 3650. */
  days?: number;
  now?: Date;
}

const DEFAULT_CA_DAYS = 3650;
const DEFAULT_CA_NAME = 'Warden Device CA';
// The CA signs only end-entity certificates: no intermediate may chain below it.
const CA_PATH_LENGTH = 0;
/** X.520 ub-common-name. */
const COMMON_NAME_MAX_LENGTH = 64;

/**
 * Creates a self-signed CA: a fresh key, CA:true with path length 0, keyCertSign and cRLSign.
 * Throws ERR_INVALID_ARGUMENT for a bad name or validity, ERR_PKI_KEY_UNSUPPORTED for a bad type.
 */
export async function createCa(options: CreateCaOptions = {}): Promise<CaMaterial> {
  const commonName = options.commonName ?? DEFAULT_CA_NAME;
  checkCommonName(commonName);
  const window = validityWindow(options.days ?? DEFAULT_CA_DAYS, options.now);

  const { privateKey, publicKey } = await generateKeyObjects(options.keyType ?? 'ec-p256');
  const signer = await importSigner(privateKey);
  if (signer === null) throw new RangeError('generated CA key cannot sign');

  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const subjectKeyId = await x509.SubjectKeyIdentifierExtension.create(spki);
  const name = [{ CN: [commonName] }];
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: name,
    issuer: name,
    notBefore: window.notBefore,
    notAfter: window.notAfter,
    publicKey: spki,
    signingKey: signer.key,
    signingAlgorithm: signer.algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, CA_PATH_LENGTH, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      subjectKeyId,
      new x509.AuthorityKeyIdentifierExtension(subjectKeyId.keyId, false),
    ],
  });

  return {
    certPem: encodePem(certificate.rawData, 'CERTIFICATE'),
    keyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

function checkCommonName(commonName: string): void {
  if (typeof commonName === 'string' && isPrintableName(commonName)) return;
  throw new WardenError(
    'ERR_INVALID_ARGUMENT',
    `CA common name must be 1-${COMMON_NAME_MAX_LENGTH} printable characters`,
  );
}

function isPrintableName(name: string): boolean {
  return (
    name.length >= 1 &&
    name.length <= COMMON_NAME_MAX_LENGTH &&
    name.isWellFormed() &&
    !/[\u0000-\u001f\u007f]/.test(name)
  );
}
