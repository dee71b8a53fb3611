import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TlsOptions } from 'node:tls';

/**
 * The TLS server options of the Node reference targets: Warden's server certificate and CA,
 * client certificates requested but checked by the caller, TLS 1.2 and up (as Warden).
 */
export function referenceTlsOptions(home: string): TlsOptions {
  const certs = join(home, 'certs');
  return {
    cert: readFileSync(join(certs, 'server.crt')),
    key: readFileSync(join(certs, 'server.key')),
    ca: readFileSync(join(certs, 'ca.crt')),
    requestCert: true,
    rejectUnauthorized: false,
    minVersion: 'TLSv1.2',
  };
}
