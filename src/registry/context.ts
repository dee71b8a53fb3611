import type { Statements } from './statements.js';

/** What every registry operation works with: the prepared statements, the clock, a transaction. */
export interface RegistryContext {
  readonly sql: Statements;
  /** The current time in milliseconds since the epoch, from the injected clock. */
  nowMs(): number;
  /** Runs `fn` in an immediate transaction, or as a savepoint inside the one already open. */
  transaction<T>(fn: () => T): T;
}
