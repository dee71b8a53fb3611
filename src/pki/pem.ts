import type { ErrorCode } from '../core/index.js';
import { errorCodes, WardenError } from '../core/index.js';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\s]*)-----END \1-----/;
const BASE64_PADDING = /=+$/;

/** True when the bytes or text start like a PEM document rather than DER. */
export function looksLikePem(input: Buffer | string): boolean {
  const head = typeof input === 'string' ? input : input.subarray(0, 64).toString('latin1');
  return head.trimStart().startsWith('-----BEGIN ');
}

/**
 * Decodes the first PEM block whose label is one of `labels`; throws `code` when there is none
 * or its body is not base64.
 */
export function decodePem(text: string, labels: readonly string[], code: ErrorCode): Buffer {
  const match = PEM_BLOCK.exec(text);
  if (match === null) throw new WardenError(code, `${errorCodes[code]}: no PEM block found`);

  const [, label = '', body = ''] = match;
  if (!labels.includes(label)) {
    throw new WardenError(code, `${errorCodes[code]}: unexpected PEM label ${label}`);
  }

  const base64 = body.replace(/\s+/g, '');
  const der = Buffer.from(base64, 'base64');
  if (der.length === 0 || der.toString('base64') !== padBase64(base64)) {
    throw new WardenError(code, `${errorCodes[code]}: PEM body is not valid base64`);
  }
  return der;
}

/** Wraps DER in a PEM block with 64-character lines. */
export function encodePem(der: Uint8Array | ArrayBuffer, label: string): string {
  const base64 = Buffer.from(new Uint8Array(der)).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function padBase64(base64: string): string {
  const bare = base64.replace(BASE64_PADDING, '');
  return bare.padEnd(Math.ceil(bare.length / 4) * 4, '=');
}
