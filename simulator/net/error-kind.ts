/**
 * A failure as the report counts it: `connack:<code>` (2 identifier rejected, 4 bad username
 * or password, 5 not authorized), `tls:<code>` (an alert or a certificate check), `tcp:<errno>`,
 * `timeout`, `closed` (closed before CONNACK), `disconnect` (closed later, not by us).
 */
export type ErrorKind = string;

const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|UNABLE_TO_|CERT_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_)/;

/** Classifies an error seen while connecting or connected. */
export function classifyError(error: unknown): ErrorKind {
  const failure = error as { code?: unknown; message?: unknown } | null;
  const code = failure?.code;
  if (typeof code === 'number') return `connack:${code}`;
  if (typeof code === 'string' && TLS_CODE.test(code)) return `tls:${code}`;
  if (typeof code === 'string' && code.startsWith('E')) return `tcp:${code}`;
  if (typeof failure?.message === 'string' && /timeout/i.test(failure.message)) return 'timeout';
  return 'closed';
}

/** Whether a failure means the source address has no ports left. */
export function isPortExhaustion(kind: ErrorKind): boolean {
  return kind === 'tcp:EADDRNOTAVAIL' || kind === 'tcp:EADDRINUSE';
}
