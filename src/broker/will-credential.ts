import type { Credential } from '../auth/index.js';
import type { Registry } from '../registry/index.js';

/** The field a stored will carries its connection's credential in (see persistence.ts). */
export const WILL_CREDENTIAL_FIELD = 'wardenCredential';

export interface WillCredential {
  readonly credential: Credential;
  /** Epoch ms when the credential expires; null when it does not. */
  readonly expiresAtMs: number | null;
}

/**
 * Why the credential a will was stored under no longer stands, or undefined when it does. A
 * live connection losing this credential is cut without its will (enforcement.ts), so a will
 * orphaned by a crash must not outlive it either: a revoked or expired certificate, a removed
 * device key, an expired token. A will stored without a credential does not stand.
 */
export function lostWillCredential(
  stored: WillCredential | undefined,
  deviceId: string,
  registry: Registry,
  nowMs: number,
): string | undefined {
  if (stored === undefined) return 'no credential recorded';
  if (stored.expiresAtMs !== null && stored.expiresAtMs <= nowMs) return 'credential expired';
  const { credential } = stored;
  if (credential.type === 'certificate') {
    const record = registry.getCertificate(credential.serial);
    if (record === undefined || record.deviceId !== deviceId) return 'certificate unknown';
    if (record.revokedAt !== null) return 'certificate revoked';
    return undefined;
  }
  if (
    credential.signer === 'device' &&
    registry.getDeviceKey(deviceId, credential.kid) === undefined
  ) {
    return 'device key removed';
  }
  return undefined;
}
