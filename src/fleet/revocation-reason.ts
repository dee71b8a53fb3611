import { WardenError } from '../core/index.js';
import { type RevocationReason as CrlReason, isRevocationReason } from '../pki/index.js';
import { revocationReasons as registryReasons } from '../registry/index.js';

/** The reasons an operator may give: RFC 5280 names the registry records and the CRL encodes. */
export const fleetRevocationReasons: readonly string[] = Object.freeze(
  registryReasons.filter((reason) => isRevocationReason(reason)),
);

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
  return stored !== null && isRevocationReason(stored) ? stored : 'unspecified';
}
