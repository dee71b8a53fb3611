import { type ErrorCode, isWardenError } from '../core/index.js';
import type { AuthRefusal, RefusalReturnCode } from './identity.js';

/** The one map from refusal reasons to what the device sees (shared/ARCHITECTURE.md). */
const RETURN_CODES: Partial<Record<ErrorCode, RefusalReturnCode>> = {
  ERR_AUTH_CLIENT_ID_MISMATCH: 2,
  ERR_INVALID_DEVICE_ID: 2,
  ERR_AUTH_NO_CREDENTIALS: 4,
  ERR_AUTH_USERNAME_MISMATCH: 4,
  ERR_AUTH_PROTOCOL: 4,
  ERR_AUTH_TOKEN_INVALID: 4,
  ERR_AUTH_TOKEN_EXPIRED: 4,
  ERR_AUTH_TOKEN_TOO_LARGE: 4,
  ERR_AUTH_TOKEN_ALG: 4,
  ERR_AUTH_TOKEN_CLAIMS: 4,
  ERR_AUTH_TOKEN_SIGNER_UNKNOWN: 4,
  ERR_AUTH_CERT_UNTRUSTED: 5,
  ERR_AUTH_CERT_EXPIRED: 5,
  ERR_AUTH_CERT_UNKNOWN: 5,
  ERR_AUTH_CERT_REVOKED: 5,
  ERR_AUTH_CERT_NOT_CLIENT: 5,
  ERR_AUTH_CERT_WEAK_KEY: 5,
  ERR_AUTH_DEVICE_UNKNOWN: 5,
  ERR_AUTH_DEVICE_DISABLED: 5,
  ERR_AUTH_WILL_DENIED: 5,
  ERR_AUTH_ISSUER_UNAVAILABLE: 3,
  ERR_AUTH_INTERNAL: 3,
};

export function refuse(reason: ErrorCode, detail: string, claimedId?: string): AuthRefusal {
  const returnCode = RETURN_CODES[reason] ?? 5;
  return claimedId === undefined
    ? { ok: false, returnCode, reason, detail }
    : { ok: false, returnCode, reason, detail, claimedId };
}

/** Turns a thrown value into a refusal: coded errors keep their code, anything else is ours. */
export function refuseFromError(error: unknown, claimedId?: string): AuthRefusal {
  if (isWardenError(error)) return refuse(error.code, error.message, claimedId);
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return refuse('ERR_AUTH_INTERNAL', detail, claimedId);
}
