import type { Config } from '../config/index.js';
import type { Registry } from '../registry/index.js';
import type { BrokerTokenKey } from './broker-key.js';
import { authenticateCertificate } from './certificate.js';
import type { AuthOutcome, ConnectAttempt } from './identity.js';
import { createIssuerKeys, type IssuerKeyOptions } from './issuer-keys.js';
import { refuse, refuseFromError } from './refusal.js';
import { authenticateToken, DeviceKeyCache, type TokenAuthDeps } from './token.js';
import { VerifiedTokens } from './verified-tokens.js';

export interface AuthenticatorOptions {
  readonly config: Config;
  readonly registry: Registry;
  readonly brokerKey: BrokerTokenKey;
  readonly now?: () => Date;
  readonly issuerKeyOptions?: IssuerKeyOptions;
}

export interface Authenticator {
  authenticate(attempt: ConnectAttempt): Promise<AuthOutcome>;
  /** Drops cached key material of a device after its keys changed. */
  forgetDeviceKeys(deviceId: string, kid?: string): void;
}

/**
 * Builds the connect-time authenticator. A presented certificate decides alone (a bad one is
 * never rescued by a password); without one, the password must be a token. Never throws: every
 * fault becomes a refusal.
 */
export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const now = options.now ?? (() => new Date());
  const deviceKeys = new DeviceKeyCache();
  const tokenDeps: TokenAuthDeps = {
    config: options.config,
    registry: options.registry,
    brokerKey: options.brokerKey,
    issuerKeys: createIssuerKeys(options.config.issuers, options.issuerKeyOptions),
    deviceKeys,
    verifiedTokens: new VerifiedTokens(),
    now,
  };
  const certificateDeps = { registry: options.registry, now };

  async function authenticate(attempt: ConnectAttempt): Promise<AuthOutcome> {
    try {
      const protocolFault = checkCredentialsShape(attempt);
      if (protocolFault !== undefined) return protocolFault;
      if (attempt.peerCertificate !== undefined) {
        return authenticateCertificate(certificateDeps, attempt, attempt.peerCertificate);
      }
      if (attempt.password === undefined || attempt.password.length === 0) {
        return refuse('ERR_AUTH_NO_CREDENTIALS', 'neither a certificate nor a token');
      }
      return await authenticateToken(tokenDeps, attempt, attempt.password);
    } catch (error) {
      return refuseFromError(error);
    }
  }

  return {
    authenticate,
    forgetDeviceKeys: (deviceId, kid) => deviceKeys.forget(deviceId, kid),
  };
}

function checkCredentialsShape(attempt: ConnectAttempt): AuthOutcome | undefined {
  // [MQTT-3.1.2-22]: a password without a user name is a malformed CONNECT.
  if (attempt.username === undefined && attempt.password !== undefined) {
    return refuse('ERR_AUTH_PROTOCOL', 'password without user name');
  }
  // Tokens: the user name is empty or the client id (shared/ARCHITECTURE.md, Tokens).
  const username = attempt.username;
  if (username !== undefined && username !== '' && username !== attempt.clientId) {
    return refuse('ERR_AUTH_USERNAME_MISMATCH', 'user name is neither empty nor the client id');
  }
  return undefined;
}
