import type { Claims, ErrorCode } from '../core/index.js';

export type IdentityKind = 'device' | 'service';
export type AuthMethod = 'certificate' | 'token';

export type Credential =
  | { readonly type: 'certificate'; readonly serial: string; readonly fingerprint: string }
  | { readonly type: 'token'; readonly signer: 'broker'; readonly kid: string }
  | { readonly type: 'token'; readonly signer: 'device'; readonly kid: string }
  | { readonly type: 'token'; readonly signer: 'issuer'; readonly issuer: string };

/** Who a connection proved to be; built once at CONNECT and cached for the connection. */
export interface Identity {
  readonly id: string;
  readonly kind: IdentityKind;
  readonly method: AuthMethod;
  readonly claims: Claims;
  readonly credential: Credential;
  /** When the credential stops being valid; the broker disconnects then. Null: no deadline. */
  readonly expiresAt: Date | null;
}

/** What a connection presents at CONNECT, in transport-neutral form. */
export interface ConnectAttempt {
  readonly clientId: string;
  readonly username: string | undefined;
  readonly password: Buffer | undefined;
  /** DER of the TLS peer certificate, when one was presented. */
  readonly peerCertificate: Buffer | undefined;
  /** Whether TLS verified the peer certificate's chain to Warden's CA. */
  readonly peerVerified: boolean;
  readonly peerVerifyError: string | undefined;
}

/** MQTT 3.1.1 CONNACK return codes used for refusals (shared/ARCHITECTURE.md). */
export type RefusalReturnCode = 2 | 3 | 4 | 5;

export type AuthOutcome =
  | { readonly ok: true; readonly identity: Identity }
  | {
      readonly ok: false;
      readonly returnCode: RefusalReturnCode;
      readonly reason: ErrorCode;
      /** Log-only detail; never sent to the device. */
      readonly detail: string;
      /** The identity claimed, for the log, when it is known. */
      readonly claimedId?: string;
    };

/** A refused connection: the return code for the device, the reason for the log. */
export type AuthRefusal = Extract<AuthOutcome, { ok: false }>;
