import { execFile } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestHome } from '../helpers/home.js';

/**
 * Certificates made with the openssl command and signed by a test home's CA, so that a test can
 * give a certificate exactly one flaw (a weak key, no EKU, an odd subject) that Warden's own
 * issuance would never produce.
 */

const run = promisify(execFile);
const OPENSSL_TIMEOUT_MS = 20_000;

export type OpensslKey = 'rsa-1024' | 'rsa-2048' | 'ec-p256';

export interface OpensslCertificateSpec {
  readonly key: OpensslKey;
  /** An openssl -subj string, e.g. `/CN=a/CN=b`; `\/` escapes a slash inside a value. */
  readonly subject: string;
  /** Default `clientAuth`; null leaves the extension out. */
  readonly extendedKeyUsage?: string | null;
}

export interface OpensslCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** Lowercase hex, Warden's spelling. */
  readonly serial: string;
  readonly fingerprint: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

const KEY_OPTIONS: Record<OpensslKey, string[]> = {
  'rsa-1024': ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024'],
  'rsa-2048': ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  'ec-p256': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
};

async function openssl(args: string[]): Promise<void> {
  await run('openssl', args, { timeout: OPENSSL_TIMEOUT_MS });
}

/** Makes a key, a CSR and a certificate signed by the home's CA, in a fresh directory. */
export async function makeOpensslCertificate(
  home: TestHome,
  spec: OpensslCertificateSpec,
): Promise<OpensslCertificate> {
  const dir = mkdtempSync(join(home.dir, 'openssl-'));
  const [key, csr, cert, ext] = ['key.pem', 'req.csr', 'cert.pem', 'ext.cnf'].map((name) =>
    join(dir, name),
  ) as [string, string, string, string];
  const usage = spec.extendedKeyUsage === undefined ? 'clientAuth' : spec.extendedKeyUsage;
  const extensions = [
    'basicConstraints = critical, CA:FALSE',
    'keyUsage = critical, digitalSignature, keyEncipherment',
    ...(usage === null ? [] : [`extendedKeyUsage = ${usage}`]),
  ];
  writeFileSync(ext, `${extensions.join('\n')}\n`);
  // Positive, 16 octets, first octet non-zero: Warden's own serial spelling (RFC 5280 §4.1.2.2).
  const serialBytes = randomBytes(16);
  serialBytes[0] = ((serialBytes[0] ?? 0) & 0x7f) | 0x10;
  const paths = home.config.paths;

  await openssl(['genpkey', ...KEY_OPTIONS[spec.key], '-out', key]);
  await openssl(['req', '-new', '-key', key, '-subj', spec.subject, '-out', csr]);
  await openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    paths.caCert,
    '-CAkey',
    paths.caKey,
    '-set_serial',
    `0x${serialBytes.toString('hex')}`,
    '-days',
    '2',
    '-sha256',
    '-extfile',
    ext,
    '-out',
    cert,
  ]);

  const certPem = readFileSync(cert, 'utf8');
  const parsed = new X509Certificate(certPem);
  return {
    certPem,
    keyPem: readFileSync(key, 'utf8'),
    serial: serialBytes.toString('hex'),
    fingerprint: parsed.fingerprint256.replaceAll(':', '').toLowerCase(),
    notBefore: new Date(parsed.validFrom),
    notAfter: new Date(parsed.validTo),
  };
}

/** Records the certificate for `deviceId` in the registry, as `warden cert issue` would. */
export function registerCertificate(home: TestHome, deviceId: string, cert: OpensslCertificate) {
  return home.fleet.registry.addCertificate({
    serial: cert.serial,
    deviceId,
    fingerprint: cert.fingerprint,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
  });
}
