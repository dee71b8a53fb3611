import type { Identity } from '../auth/index.js';
import type { Logger } from '../log/index.js';
import type { Grants } from '../policy/index.js';
import type { DecisionMemo } from './decision-memo.js';

/** What the broker keeps per authenticated connection: decided once, looked up per packet. */
export interface Session {
  readonly identity: Identity;
  grants: Grants;
  /** Decisions made under `grants` (decision-memo.ts); set on first use. */
  decisions?: DecisionMemo;
  /** The connection's logger (carries its client id), made on first use. */
  readonly log: Logger;
  expiryTimer: NodeJS.Timeout | undefined;
}

/** The CONNECT fields aedes hides from `authenticate` (it replaces an empty client id). */
export interface ConnectFacts {
  readonly rawClientId: string;
  readonly clean: boolean;
  readonly will: WillFacts | undefined;
}

export interface WillFacts {
  readonly topic: string;
  readonly qos: number;
  readonly retain: boolean;
}
