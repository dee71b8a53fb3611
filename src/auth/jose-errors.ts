import { errors } from 'jose';
import { type ErrorCode, WardenError } from '../core/index.js';

/**
 * Maps what jose throws to Warden's codes. jose reports a key-type mismatch as a plain
 * TypeError rather than a JOSEError (measured with jose 6.2), so that counts as an invalid token.
 */
export function translateJoseError(error: unknown): WardenError {
  const code = classify(error);
  const detail = error instanceof Error ? error.message : String(error);
  return new WardenError(code, detail, { cause: error });
}

function classify(error: unknown): ErrorCode {
  if (error instanceof WardenError) return error.code;
  if (error instanceof errors.JWTExpired) return 'ERR_AUTH_TOKEN_EXPIRED';
  if (error instanceof errors.JWTClaimValidationFailed) return 'ERR_AUTH_TOKEN_CLAIMS';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'ERR_AUTH_TOKEN_ALG';
  if (error instanceof errors.JWKSNoMatchingKey) return 'ERR_AUTH_TOKEN_SIGNER_UNKNOWN';
  if (error instanceof errors.JWKSMultipleMatchingKeys) return 'ERR_AUTH_TOKEN_SIGNER_UNKNOWN';
  if (error instanceof errors.JWKSTimeout) return 'ERR_AUTH_INTERNAL';
  if (error instanceof errors.JWKSInvalid) return 'ERR_AUTH_INTERNAL';
  if (error instanceof errors.JOSEError) return 'ERR_AUTH_TOKEN_INVALID';
  if (error instanceof TypeError) return 'ERR_AUTH_TOKEN_INVALID';
  return 'ERR_AUTH_INTERNAL';
}
