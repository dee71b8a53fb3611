import type { KeyObject } from 'node:crypto';
import { createPrivateKey } from 'node:crypto';
import { WardenError } from '../core/index.js';
import { encodePem } from './pem.js';
import { importSigner } from './signer.js';
import { x509 } from './x509.js';

export interface CreateCsrOptions {
  /** Subject CN; Warden ignores it when signing, but other CAs may not. Default none. */
  commonName?: string;
}

/**
 * Makes a PKCS#10 request signed by an EC P-256/P-384 or RSA private key (PEM), as a device
 * would before enrollment. Throws ERR_PKI_KEY_INVALID, ERR_PKI_KEY_UNSUPPORTED.
 */
export async function createCsr(
  privateKeyPem: string,
  options: CreateCsrOptions = {},
): Promise<string> {
  const privateKey = readPrivateKey(privateKeyPem);
  const signer = await importSigner(privateKey);
  if (signer === null) {
    throw new WardenError(
      'ERR_PKI_KEY_UNSUPPORTED',
      'only EC and RSA >= 2048 keys can sign a CSR here',
    );
  }

  const name = options.commonName === undefined ? [] : [{ CN: [options.commonName] }];
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name,
    keys: { privateKey: signer.key, publicKey: signer.publicKey },
    signingAlgorithm: signer.algorithm,
  });
  return encodePem(csr.rawData, 'CERTIFICATE REQUEST');
}

function readPrivateKey(privateKeyPem: string): KeyObject {
  if (typeof privateKeyPem !== 'string') throw new TypeError('privateKeyPem must be a string');
  try {
    return createPrivateKey(privateKeyPem);
  } catch (error) {
    throw new WardenError('ERR_PKI_KEY_INVALID', 'private key cannot be parsed as PEM', {
      cause: error,
    });
  }
}
