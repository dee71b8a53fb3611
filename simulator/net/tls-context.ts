import { createSecureContext, type SecureContext } from 'node:tls';

/** Tokens travel over server-only TLS; at least TLS 1.2, as the broker demands. */
const MIN_TLS_VERSION = 'TLSv1.2';

/** A TLS context trusting `ca`, presenting a client certificate when one is given. */
export function tlsContextFor(
  ca: Buffer,
  certificate?: { certPem: string; keyPem: string },
): SecureContext {
  return createSecureContext({
    ca,
    minVersion: MIN_TLS_VERSION,
    ...(certificate === undefined ? {} : { cert: certificate.certPem, key: certificate.keyPem }),
  });
}
