import { WardenError } from '../core/index.js';
import { decodePem, looksLikePem } from './pem.js';
import type { PublicKeyInfo } from './public-key.js';
import { publicKeyFromSpki } from './public-key.js';
import { x509 } from './x509.js';

/** A CSR is a few hundred bytes (a few KB for large RSA); refuse anything absurd before parsing. */
const CSR_MAX_BYTES = 64 * 1024;
const CSR_PEM_LABELS = ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'];

/**
 * Parses a PKCS#10 request (PEM or DER), checks its key and proves possession by verifying its
 * self-signature; only the key is kept, never the requested subject or extensions. Throws
 * ERR_PKI_CSR_INVALID, ERR_PKI_CSR_SIGNATURE, ERR_PKI_KEY_WEAK, ERR_PKI_KEY_UNSUPPORTED.
 */
export async function parseCsr(input: Buffer | string): Promise<PublicKeyInfo> {
  const der = csrDer(input);
  const csr = decodeCsr(der);
  const publicKey = keyOf(csr);
  await verifySignature(csr);
  return publicKey;
}

function csrDer(input: Buffer | string): Buffer {
  if (typeof input !== 'string' && !Buffer.isBuffer(input)) {
    throw new TypeError('csr must be a Buffer or a string');
  }
  if (input.length > CSR_MAX_BYTES) {
    throw new WardenError('ERR_PKI_CSR_INVALID', `CSR is larger than ${CSR_MAX_BYTES} bytes`);
  }
  if (looksLikePem(input)) {
    return decodePem(input.toString(), CSR_PEM_LABELS, 'ERR_PKI_CSR_INVALID');
  }
  if (typeof input === 'string') {
    throw new WardenError('ERR_PKI_CSR_INVALID', 'CSR text is not PEM');
  }
  return input;
}

function decodeCsr(der: Buffer): x509.Pkcs10CertificateRequest {
  try {
    const csr = new x509.Pkcs10CertificateRequest(der);
    // Touch the lazily decoded parts now, so a malformed request fails here and not later.
    void csr.subjectName;
    void csr.signatureAlgorithm;
    return csr;
  } catch (error) {
    throw new WardenError('ERR_PKI_CSR_INVALID', 'CSR is not a PKCS#10 request', { cause: error });
  }
}

// The key is judged before the signature: WebCrypto cannot even import the unsupported ones.
function keyOf(csr: x509.Pkcs10CertificateRequest): PublicKeyInfo {
  try {
    return publicKeyFromSpki(new Uint8Array(csr.publicKey.rawData));
  } catch (error) {
    if (error instanceof WardenError && error.code === 'ERR_PKI_KEY_INVALID') {
      throw new WardenError('ERR_PKI_CSR_INVALID', 'CSR public key cannot be parsed', {
        cause: error,
      });
    }
    throw error;
  }
}

async function verifySignature(csr: x509.Pkcs10CertificateRequest): Promise<void> {
  let valid: boolean;
  try {
    valid = await csr.verify();
  } catch (error) {
    throw new WardenError('ERR_PKI_CSR_SIGNATURE', 'CSR signature cannot be verified', {
      cause: error,
    });
  }
  if (!valid) throw new WardenError('ERR_PKI_CSR_SIGNATURE');
}
