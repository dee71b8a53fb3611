export type { Authenticator, AuthenticatorOptions } from './authenticate.js';
export { createAuthenticator } from './authenticate.js';
export type { BrokerTokenKey } from './broker-key.js';
export { loadBrokerTokenKey } from './broker-key.js';
export type {
  AuthMethod,
  AuthOutcome,
  AuthRefusal,
  ConnectAttempt,
  Credential,
  Identity,
  IdentityKind,
  RefusalReturnCode,
} from './identity.js';
export type { IssuerKeyOptions } from './issuer-keys.js';
export { defaultIssuerKeyOptions } from './issuer-keys.js';
export { refuse } from './refusal.js';
export { tokenAlgorithms } from './token.js';
