import type { Logger } from '../log/index.js';
import type { BrokerMetrics } from './metrics.js';
import type { StateDb } from './state-db.js';
import { allQueuesRange, clientOfQueueKey, inflightKey, queueRange } from './state-keys.js';

/** One drop warning per session at most this often; the count covers every drop between. */
const DROP_LOG_INTERVAL_MS = 10_000;

export interface QueueBoundDeps {
  readonly db: StateDb;
  readonly maxPerSession: number;
  readonly metrics: BrokerMetrics;
  readonly log: Logger;
  /** Reads the packet identifier of a stored message (in flight when set). */
  readonly messageIdOf: (value: Buffer) => number | undefined;
  /** Whether the session is connected now: only offline sessions are trimmed. */
  readonly isConnected: (clientId: string) => boolean;
}

interface DropReport {
  dropped: number;
  loggedAtMs: number;
}

/**
 * Bounds the messages queued for each offline persistent session: past the limit the oldest
 * are dropped, counted in `queuedMessagesDropped`, and logged. A connected session is left
 * alone (its queue is what it has not acknowledged yet) and trimmed once it is offline again.
 */
export class QueueBound {
  readonly #deps: QueueBoundDeps;
  readonly #counts = new Map<string, number>();
  readonly #trims = new Map<string, Promise<void>>();
  readonly #reports = new Map<string, DropReport>();

  constructor(deps: QueueBoundDeps) {
    this.#deps = deps;
  }

  /** Counts what a previous run left queued. */
  async load(): Promise<void> {
    for await (const key of this.#deps.db.raw.keys(allQueuesRange)) {
      const clientId = clientOfQueueKey(key);
      this.#counts.set(clientId, (this.#counts.get(clientId) ?? 0) + 1);
    }
  }

  queued(clientId: string): number {
    return this.#counts.get(clientId) ?? 0;
  }

  added(clientId: string): void {
    this.#counts.set(clientId, this.queued(clientId) + 1);
  }

  removed(clientId: string): void {
    const left = this.queued(clientId) - 1;
    if (left > 0) this.#counts.set(clientId, left);
    else this.#counts.delete(clientId);
  }

  forget(clientId: string): void {
    this.#counts.delete(clientId);
    this.#reports.delete(clientId);
  }

  /** Trims each offline session among `clientIds` that is over its bound. */
  enforce(clientIds: Iterable<string>): void {
    for (const clientId of clientIds) {
      if (this.queued(clientId) <= this.#deps.maxPerSession) continue;
      if (this.#deps.isConnected(clientId) || this.#trims.has(clientId)) continue;
      const trim = this.#trim(clientId).then(
        () => {
          this.#trims.delete(clientId);
          // Messages queued while this trim ran may have pushed the session over again.
          this.enforce([clientId]);
        },
        (error: unknown) => {
          this.#trims.delete(clientId);
          this.#deps.log.error({ err: error, clientId }, 'offline queue trim failed');
        },
      );
      this.#trims.set(clientId, trim);
    }
  }

  /** Waits for every trim in progress (shutdown). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.#trims.values()]);
  }

  async #trim(clientId: string): Promise<void> {
    const excess = this.queued(clientId) - this.#deps.maxPerSession;
    const { db, messageIdOf } = this.#deps;
    const oldest = await db.raw.iterator({ ...queueRange(clientId), limit: excess }).all();
    const ops = oldest.flatMap(([key, value]) => {
      const messageId = messageIdOf(value);
      const del = { type: 'del' as const, key };
      return messageId === undefined
        ? [del]
        : [del, { type: 'del' as const, key: inflightKey(clientId, messageId) }];
    });
    await db.batch(ops);

    const dropped = oldest.length;
    // Fewer stored than counted: the count drifted (e.g. a write failed); trust the store.
    const left = dropped < excess ? 0 : this.queued(clientId) - dropped;
    this.#counts.set(clientId, left);
    this.#deps.metrics.queuedMessagesDropped += dropped;
    this.#report(clientId, dropped);
  }

  #report(clientId: string, dropped: number): void {
    const nowMs = Date.now();
    const report = this.#reports.get(clientId) ?? { dropped: 0, loggedAtMs: 0 };
    report.dropped += dropped;
    this.#reports.set(clientId, report);
    if (nowMs - report.loggedAtMs < DROP_LOG_INTERVAL_MS) return;
    this.#deps.log.warn(
      { clientId, dropped: report.dropped, limit: this.#deps.maxPerSession },
      'offline queue full, oldest messages dropped',
    );
    report.dropped = 0;
    report.loggedAtMs = nowMs;
  }
}
