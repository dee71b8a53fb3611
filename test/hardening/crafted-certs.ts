import { createPrivateKey, KeyObject, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { x509 } from '../../src/pki/x509.js';
import type { TestHome } from '../helpers/home.js';
import type { OpensslCertificate } from './openssl-certs.js';

/**
 * Certificates whose subject the openssl command cannot write: a CN holding a NUL byte, as a
 * UTF8String. Signed by the home's CA (EC P-256, the default of `warden init`).
 */

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

export async function makeCertificateWithSubject(
  home: TestHome,
  subject: x509.JsonName,
): Promise<OpensslCertificate> {
  const { caCert, caKey } = home.config.paths;
  const ca = new x509.X509Certificate(readFileSync(caCert, 'utf8'));
  const caDer = createPrivateKey(readFileSync(caKey, 'utf8')).export({
    type: 'pkcs8',
    format: 'der',
  });
  const signingKey = await webcrypto.subtle.importKey('pkcs8', caDer, EC_P256, false, ['sign']);
  const keys = await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + DAY_MS);
  const serial = `5${Buffer.from(webcrypto.getRandomValues(new Uint8Array(15))).toString('hex')}a`;

  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: new x509.Name(subject),
    issuer: ca.subjectName,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    ],
  });

  const keyPem = KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' });
  return {
    certPem: certificate.toString('pem'),
    keyPem: keyPem.toString(),
    serial,
    fingerprint: Buffer.from(await certificate.getThumbprint('SHA-256')).toString('hex'),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
  };
}
