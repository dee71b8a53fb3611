import type { LoadedCa } from './ca.js';
import { caHandlesOf } from './ca.js';
import { encodePem } from './pem.js';
import { normalizeSerial } from './serial.js';
import { validityWindow } from './validity.js';
import { x509 } from './x509.js';

export type RevocationReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'cACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'privilegeWithdrawn'
  | 'aACompromise';

/**
 * RFC 5280 §5.3.1 CRLReason names, spelled as the RFC does, mapped to their codes. Revocation in
 * Warden is final, so certificateHold and removeFromCRL are not offered.
 */
const REASON_CODES: Readonly<Record<RevocationReason, x509.X509CrlReason>> = {
  unspecified: x509.X509CrlReason.unspecified,
  keyCompromise: x509.X509CrlReason.keyCompromise,
  cACompromise: x509.X509CrlReason.cACompromise,
  affiliationChanged: x509.X509CrlReason.affiliationChanged,
  superseded: x509.X509CrlReason.superseded,
  cessationOfOperation: x509.X509CrlReason.cessationOfOperation,
  privilegeWithdrawn: x509.X509CrlReason.privilegeWithdrawn,
  aACompromise: x509.X509CrlReason.aACompromise,
};

export const revocationReasons: readonly RevocationReason[] = Object.freeze(
  Object.keys(REASON_CODES) as RevocationReason[],
);

export function isRevocationReason(value: unknown): value is RevocationReason {
  return typeof value === 'string' && Object.hasOwn(REASON_CODES, value);
}

export interface RevokedEntry {
  serial: string;
  revokedAt: Date;
  reason: RevocationReason;
}

export interface CreateCrlOptions {
  revoked: RevokedEntry[];
  now?: Date;
  /** Default 7. */
  nextUpdateDays?: number;
  /** Must grow with every CRL the CA issues; default the current time in seconds. */
  crlNumber?: bigint | number;
}

const DEFAULT_NEXT_UPDATE_DAYS = 7;
const ID_CE_CRL_NUMBER = '2.5.29.20';
const ID_CE_CRL_REASON = '2.5.29.21';
const DER_ENUMERATED = 0x0a;
const DER_INTEGER = 0x02;
/** RFC 5280 §5.2.3: a CRL number fits in 20 octets. */
const CRL_NUMBER_MAX = (1n << 159n) - 1n;

/**
 * Signs a CRL (v2, with CRL number and authority key identifier, RFC 5280 §5.2) listing every
 * revoked serial with its reason code. Throws ERR_INVALID_ARGUMENT (nextUpdateDays), and
 * RangeError for a bad serial, reason, revocation time or CRL number.
 */
export async function createCrl(
  ca: LoadedCa,
  options: CreateCrlOptions,
): Promise<{ pem: string; der: Buffer }> {
  const { certificate, signer, keyId } = caHandlesOf(ca);
  const now = options.now ?? new Date();
  const { notAfter: nextUpdate } = validityWindow(
    options.nextUpdateDays ?? DEFAULT_NEXT_UPDATE_DAYS,
    now,
  );
  const crlNumber = checkCrlNumber(options.crlNumber ?? BigInt(Math.floor(now.getTime() / 1000)));

  const crl = await x509.X509CrlGenerator.create({
    issuer: certificate.subjectName,
    thisUpdate: now,
    nextUpdate,
    entries: options.revoked.map(toEntry),
    extensions: [
      new x509.AuthorityKeyIdentifierExtension(keyId, false),
      new x509.Extension(ID_CE_CRL_NUMBER, false, encodeDerInteger(crlNumber)),
    ],
    signingKey: signer.key,
    signingAlgorithm: signer.algorithm,
  });

  const der = Buffer.from(crl.rawData);
  return { pem: encodePem(der, 'X509 CRL'), der };
}

function toEntry(entry: RevokedEntry): x509.X509CrlEntryParams {
  if (!isRevocationReason(entry.reason)) {
    throw new RangeError(`unknown revocation reason ${JSON.stringify(entry.reason)}`);
  }
  if (!(entry.revokedAt instanceof Date) || Number.isNaN(entry.revokedAt.getTime())) {
    throw new RangeError(`revocation time of serial ${entry.serial} is not a valid Date`);
  }

  // Always written, `unspecified` too, although RFC 5280 §5.3.1 prefers it absent: without an
  // entry extension the library writes an empty extensions SEQUENCE, which OpenSSL rejects.
  const reason = new x509.Extension(ID_CE_CRL_REASON, false, encodeEnumerated(entry.reason));
  return {
    serialNumber: normalizeSerial(entry.serial),
    revocationDate: entry.revokedAt,
    extensions: [reason],
  };
}

function checkCrlNumber(value: bigint | number): bigint {
  const number = BigInt(value);
  if (number < 0n || number > CRL_NUMBER_MAX) {
    throw new RangeError(`CRL number ${number} is outside 0 to 2^159-1`);
  }
  return number;
}

/** DER INTEGER of a non-negative value: minimal big-endian octets, a 0x00 before a high bit. */
function encodeDerInteger(value: bigint): Uint8Array {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  if (Number.parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;

  const content = Buffer.from(hex, 'hex');
  return Buffer.concat([Buffer.from([DER_INTEGER, content.length]), content]);
}

function encodeEnumerated(reason: RevocationReason): Uint8Array {
  return Uint8Array.of(DER_ENUMERATED, 1, REASON_CODES[reason]);
}
