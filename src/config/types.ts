import type { PolicySet } from '../policy/index.js';

export type OnDeniedPublish = 'drop' | 'disconnect';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ListenerConfig {
  readonly port: number;
  readonly host: string;
}

export interface ExternalIssuerConfig {
  readonly name: string;
  readonly issuer: string;
  readonly jwksUri: string;
  readonly audience: string;
  /** The token claim that names the identity. */
  readonly idClaim: string;
  /** Token claims copied into the identity; nothing else is. */
  readonly claims: readonly string[];
  readonly algorithms: readonly string[];
}

export interface TokenConfig {
  readonly issuer: string;
  readonly audience: string;
  readonly maxLifetimeSeconds: number;
  readonly defaultTtlSeconds: number;
  readonly clockToleranceSeconds: number;
  /** Longest JWT accepted as an MQTT password, in bytes, checked before any parsing. */
  readonly maxLengthBytes: number;
}

export interface LimitsConfig {
  /** Largest MQTT packet accepted, by its declared remaining length. */
  readonly maxPacketBytes: number;
  /** Largest packet accepted before CONNECT has been authenticated. */
  readonly maxPreAuthPacketBytes: number;
  /** How long a socket may stay open without completing CONNECT/CONNACK. */
  readonly connectTimeoutMs: number;
  readonly maxQueuedMessagesPerSession: number;
  readonly maxSubscriptionsPerClient: number;
  readonly maxInflightQos2PerClient: number;
  readonly maxConnectsPerAddressPerSecond: number;
}

export interface PathsConfig {
  readonly home: string;
  readonly certsDir: string;
  readonly caCert: string;
  readonly caKey: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly tokenKey: string;
  readonly dataDir: string;
  readonly database: string;
  readonly persistenceDir: string;
}

export interface Config {
  readonly paths: PathsConfig;
  readonly mqtts: ListenerConfig;
  readonly mqtt: ListenerConfig;
  readonly token: TokenConfig;
  readonly issuers: readonly ExternalIssuerConfig[];
  readonly policies: PolicySet;
  readonly onDeniedPublish: OnDeniedPublish;
  readonly limits: LimitsConfig;
  /**
   * How often the broker reads the registry's change feed even when no file event woke it: the
   * longest a change waits where the file watch cannot see writes (network file systems).
   */
  readonly changeFeedPollMs: number;
  readonly persistence: 'level' | 'memory';
  /** Whether each write of MQTT state waits for fsync (survives power loss, not just a crash). */
  readonly persistenceFsync: boolean;
  readonly logLevel: LogLevel;
}
