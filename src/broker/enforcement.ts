import type { Client } from 'aedes';
import type { Authenticator } from '../auth/index.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';
import { compileGrants } from '../policy/index.js';
import type { ChangeEvent, Registry } from '../registry/index.js';
import type { BrokerMetrics } from './metrics.js';
import { type RegistryWatch, watchRegistry } from './registry-watch.js';
import type { Session } from './session.js';
import type { SessionTable } from './session-table.js';

const CHANGES_PER_POLL = 1000;
/** After a file event, the second read: well past a writer's index update (microseconds). */
const SETTLE_READ_MS = 20;

export interface EnforcementDeps {
  readonly config: Config;
  readonly registry: Registry;
  readonly sessions: SessionTable;
  readonly authenticator: Authenticator;
  readonly metrics: BrokerMetrics;
  readonly log: Logger;
  /** Called once a device's removal has been applied to its live connections. */
  readonly onDeviceRemoved?: (deviceId: string, seq: number) => void;
}

/**
 * Follows the registry's change feed (written by any process, the CLI included) and cuts every
 * live connection whose identity lost its standing. A write to the registry's files wakes a
 * read of the feed at once (registry-watch.ts); a timer reads it every `changeFeedPollMs` as
 * well, for writes a file watch cannot see. Each read is a cheap indexed range scan; what an
 * idle broker would pay for a fast timer is the wake-up itself (about 0.1-0.3 ms of CPU each
 * here, 0.6 % of a core at 20 a second), which the watch makes unnecessary.
 */
export class Enforcement {
  #lastSeq: number;
  #timer: NodeJS.Timeout | undefined;
  #watch: RegistryWatch | undefined;
  /** A read of the feed is queued for this turn of the loop; more writes join it. */
  #readQueued = false;
  /** The read that follows a burst of writes (see #queueRead). */
  #settle: NodeJS.Timeout | undefined;
  readonly #deps: EnforcementDeps;

  constructor(deps: EnforcementDeps) {
    this.#deps = deps;
    this.#lastSeq = deps.registry.latestChangeSeq();
  }

  get lastSeq(): number {
    return this.#lastSeq;
  }

  start(): void {
    const tick = () => {
      this.poll();
      this.#timer = setTimeout(tick, this.#deps.config.changeFeedPollMs);
      this.#timer.unref();
    };
    this.#timer = setTimeout(tick, this.#deps.config.changeFeedPollMs);
    this.#timer.unref();
    this.#watch = watchRegistry(
      this.#deps.config.paths.database,
      () => this.#queueRead(),
      this.#deps.log,
    );
  }

  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#settle !== undefined) clearTimeout(this.#settle);
    this.#settle = undefined;
    this.#watch?.close();
    this.#watch = undefined;
  }

  /**
   * One commit is several file events (its WAL frames); they share one read. A writer appends
   * the commit frame (an event) and then publishes it in the memory-mapped WAL index (no
   * event), so a read that falls between the two misses the commit; one more read a moment
   * later catches it instead of the fallback poll.
   */
  #queueRead(): void {
    if (this.#readQueued) return;
    this.#readQueued = true;
    setImmediate(() => {
      this.#readQueued = false;
      if (this.#timer === undefined) return;
      this.poll();
      if (this.#settle !== undefined) return;
      this.#settle = setTimeout(() => {
        this.#settle = undefined;
        if (this.#timer !== undefined) this.poll();
      }, SETTLE_READ_MS);
      this.#settle.unref();
    });
  }

  /** Applies every change since the last poll; a registry fault is logged and retried. */
  poll(): void {
    try {
      for (;;) {
        const changes = this.#deps.registry.readChanges(this.#lastSeq, CHANGES_PER_POLL);
        for (const change of changes) {
          this.#lastSeq = change.seq;
          this.#apply(change, this.#deps.sessions.clientsOf(change.deviceId));
        }
        if (changes.length < CHANGES_PER_POLL) return;
      }
    } catch (error) {
      this.#deps.log.error({ err: error }, 'change feed poll failed');
    }
  }

  /** Replays changes since `sinceSeq` onto one new session, closing the race with a poll. */
  catchUp(client: Client, session: Session, sinceSeq: number): void {
    if (sinceSeq >= this.#lastSeq) return;
    const changes = this.#deps.registry.readChanges(sinceSeq, CHANGES_PER_POLL);
    for (const change of changes) {
      if (change.seq > this.#lastSeq) break;
      if (change.deviceId === session.identity.id) this.#apply(change, [client]);
    }
  }

  #apply(change: ChangeEvent, clients: Client[]): void {
    if (change.kind === 'key.removed' || change.kind === 'device.removed') {
      this.#deps.authenticator.forgetDeviceKeys(change.deviceId, change.kid ?? undefined);
    }
    for (const client of clients) {
      const session = this.#deps.sessions.get(client);
      if (session === undefined) continue;
      const reason = lostStanding(change, session);
      if (reason !== undefined) this.#cut(client, session, reason, change);
      else if (change.kind === 'device.claims') this.#refreshGrants(session);
    }
    if (change.kind === 'device.removed') this.#deps.onDeviceRemoved?.(change.deviceId, change.seq);
  }

  #cut(client: Client, session: Session, reason: string, change: ChangeEvent): void {
    this.#deps.metrics.connectionsCut += 1;
    this.#deps.sessions.remove(client);
    // The socket goes first, and aedes' clean-up after the loop has turned: a destroyed socket
    // closes only then, and a thousand clean-ups in this poll would hold every close back. The
    // line waits with the clean-up, and goes through the shared logger: a child logger per cut
    // made a revocation of a thousand devices tens of milliseconds slower.
    client.conn.destroy();
    setImmediate(() => {
      client.close();
      this.#deps.log.warn(
        { clientId: session.identity.id, reason, changeSeq: change.seq, serial: change.serial },
        'connection cut',
      );
    });
  }

  #refreshGrants(session: Session): void {
    if (session.identity.kind !== 'device') return;
    const device = this.#deps.registry.getDevice(session.identity.id);
    if (device === undefined) return;
    session.grants = compileGrants(this.#deps.config.policies, {
      id: device.id,
      claims: device.claims,
    });
    session.log.info({ policy: session.grants.policy }, 'grants recompiled after claims change');
  }
}

function lostStanding(change: ChangeEvent, session: Session): string | undefined {
  const { credential, kind } = session.identity;
  if (kind !== 'device') return undefined;
  switch (change.kind) {
    case 'device.disabled':
      return 'device disabled';
    case 'device.removed':
      return 'device removed';
    case 'certificate.revoked':
      return credential.type === 'certificate' && credential.serial === change.serial
        ? 'certificate revoked'
        : undefined;
    case 'key.removed':
      return credential.type === 'token' &&
        credential.signer === 'device' &&
        credential.kid === change.kid
        ? 'device key removed'
        : undefined;
    default:
      return undefined;
  }
}
