/**
 * The one catalogue of Warden's coded errors. A code is stable and is what tests and callers
 * match on; the message is for people and may change.
 */
export const errorCodes = {
  ERR_INVALID_DEVICE_ID: 'invalid device id',
  ERR_INVALID_CLAIM: 'invalid claim',
  ERR_INVALID_DURATION: 'invalid duration',
  ERR_INVALID_ARGUMENT: 'invalid argument',
  ERR_CONFIG_INVALID: 'invalid configuration',
  ERR_CONFIG_UNREADABLE: 'configuration file cannot be read',
  ERR_HOME_NOT_INITIALIZED: 'home directory is not initialized',
  ERR_HOME_ALREADY_INITIALIZED: 'home directory already holds a CA',
  ERR_PKI_CSR_INVALID: 'certificate signing request cannot be parsed',
  ERR_PKI_CSR_SIGNATURE: 'certificate signing request signature does not verify',
  ERR_PKI_KEY_UNSUPPORTED: 'key type is not supported',
  ERR_PKI_KEY_WEAK: 'key is too weak',
  ERR_PKI_CA_INVALID: 'CA certificate or key cannot be loaded',
  ERR_PKI_CERT_INVALID: 'certificate cannot be parsed',
  ERR_DEVICE_EXISTS: 'device already exists',
  ERR_DEVICE_NOT_FOUND: 'device not found',
  ERR_DEVICE_DISABLED: 'device is disabled',
  ERR_CERT_NOT_FOUND: 'certificate not found',
  ERR_CERT_ALREADY_REVOKED: 'certificate already revoked',
  ERR_CERT_EXISTS: 'certificate serial or fingerprint already recorded',
  ERR_KEY_EXISTS: 'key already registered',
  ERR_KEY_NOT_FOUND: 'key not found',
  ERR_KEY_INVALID: 'key cannot be used',
  ERR_TOKEN_TTL: 'token lifetime out of range',
  ERR_REGISTRY_SCHEMA: 'registry schema is newer than this program',
  ERR_REGISTRY_UNAVAILABLE: 'registry database cannot be opened',
  ERR_PERSISTENCE_UNAVAILABLE: 'MQTT state store cannot be opened',
  ERR_AUTH_NO_CREDENTIALS: 'no credentials presented',
  ERR_AUTH_CLIENT_ID_MISMATCH: 'client id does not match the identity',
  ERR_AUTH_CERT_UNTRUSTED: 'certificate does not chain to the CA',
  ERR_AUTH_CERT_EXPIRED: 'certificate is outside its validity',
  ERR_AUTH_CERT_UNKNOWN: 'certificate is not in the registry',
  ERR_AUTH_CERT_REVOKED: 'certificate is revoked',
  ERR_AUTH_CERT_NOT_CLIENT: 'certificate lacks the clientAuth extended key usage',
  ERR_AUTH_CERT_WEAK_KEY: 'certificate key is too weak',
  ERR_AUTH_DEVICE_UNKNOWN: 'device is not registered',
  ERR_AUTH_DEVICE_DISABLED: 'device is disabled',
  ERR_AUTH_TOKEN_INVALID: 'token is invalid',
  ERR_AUTH_TOKEN_EXPIRED: 'token is expired',
  ERR_AUTH_TOKEN_TOO_LARGE: 'token is too large',
  ERR_AUTH_TOKEN_ALG: 'token algorithm is not allowed',
  ERR_AUTH_TOKEN_CLAIMS: 'token claims are invalid',
  ERR_AUTH_TOKEN_SIGNER_UNKNOWN: 'token signer is unknown',
  ERR_AUTH_USERNAME_MISMATCH: 'username does not match the client id',
  ERR_AUTH_PROTOCOL: 'CONNECT violates MQTT 3.1.1',
  ERR_AUTH_WILL_DENIED: 'will topic is not allowed',
  ERR_AUTH_ISSUER_UNAVAILABLE: 'key set of the external issuer cannot be fetched',
  ERR_AUTH_CONNECTION_CLOSED: 'connection closed before authentication',
  ERR_AUTH_INTERNAL: 'authentication failed internally',
  ERR_TOKEN_KEY_INVALID: 'token-signing key cannot be loaded',
  ERR_FILE_NOT_FOUND: 'file not found',
  ERR_FILE_UNREADABLE: 'file cannot be read',
  ERR_FILE_EXISTS: 'file already exists',
  ERR_FILE_UNWRITABLE: 'file cannot be written',
  ERR_CLI_USAGE: 'invalid command line',
  ERR_PKI_KEY_INVALID: 'key cannot be parsed',
  ERR_PKI_SAN_INVALID: 'subject alternative name is not a DNS name or IP address',
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** A refusal of outside input, carrying a stable code from the catalogue. */
export class WardenError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string = errorCodes[code], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WardenError';
    this.code = code;
  }
}

export function isWardenError(value: unknown, code?: ErrorCode): value is WardenError {
  return value instanceof WardenError && (code === undefined || value.code === code);
}
