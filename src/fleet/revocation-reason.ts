import { WardenError } from '../core/index.js';
import { type RevocationReason as CrlReason, isRevocationReason } from '../pki/index.js';
import { revocationReasons as registryReasons } from '../registry/index.js';

/**
 * The reasons an operator may give: those both the registry records and the CRL writer encodes.
 * The two spell RFC 5280's cACompromise differently and each has one the other lacks, so only
 * the common names are offered.
 */
export const fleetRevocationReasons: readonly string[] = Object.freeze(
  registryReasons.filter((reason) => isRevocationReason(reason)),
);

/** Spellings of the registry that the CRL writer knows by another name (RFC 5280 §5.3.1). */
const CRL_SPELLINGS: Readonly<Record<string, CrlReason>> = { cACompromise: 'caCompromise' };

/** Throws ERR_INVALID_ARGUMENT unless `reason` is one of `fleetRevocationReasons`. */
export function checkRevocationReason(reason: string): string {
  if (fleetRevocationReasons.includes(reason)) return reason;
  throw new WardenError(
    'ERR_INVALID_ARGUMENT',
    `unknown revocation reason ${JSON.stringify(reason)}: ` +
      `use one of ${fleetRevocationReasons.join(', ')}`,
  );
}

/**
 * The CRL reason for a stored one. A reason the CRL writer cannot encode (only another tool
 * could have stored it) is listed as unspecified: the serial is still revoked.
 */
export function crlReasonOf(stored: string | null): CrlReason {
  if (stored !== null && isRevocationReason(stored)) return stored;
  return (stored !== null ? CRL_SPELLINGS[stored] : undefined) ?? 'unspecified';
}
