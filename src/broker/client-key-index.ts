/**
 * Which clients may have keys in the MQTT state store, so that looking for a client's stored
 * session costs nothing when it has none.
 *
 * aedes asks the store about every connection, clean or not: it clears the client's stored
 * subscriptions and QoS 2 receipts, deletes its will and streams its queue on connect, and
 * clears the receipts again on close. For a clean session that never stored anything these five
 * LevelDB calls each went through the thread pool and found nothing: about a sixth of the
 * broker's CPU in a connect storm (bench/, --profile). This index answers them first.
 *
 * Scopes are the per-client key prefixes of aedes-persistence-level 9 (`subscriptions:<id>:`,
 * `outgoing:<id>:`, `outgoing-id:<id>:`, `incoming:<id>:`) and the will key (`will:<id>`), with
 * the id URI-encoded as the library writes it. The index is a superset: a scope is added when a
 * write to it is issued (before it lands), and dropped only when a clear of the whole scope (or
 * the deletion of a will) completes with no write to that scope issued since the clear began.
 * A write the store then fails leaves an entry that only costs the lookup it would have cost.
 */
const SCOPED_PREFIXES = ['subscriptions:', 'outgoing:', 'outgoing-id:', 'incoming:'] as const;
const WILL_PREFIX = 'will:';

/** A key range as aedes-persistence-level and state-keys.ts build them. */
export interface ScopeRange {
  readonly gte?: unknown;
  readonly lt?: unknown;
}

export class ClientKeyIndex {
  /** Scope → the write generation of its last write. */
  readonly #written = new Map<string, number>();
  #generation = 0;

  /** The client scope `key` belongs to, or undefined for keys that belong to no client. */
  static scopeOf(key: string): string | undefined {
    if (key.startsWith(WILL_PREFIX)) return key.length > WILL_PREFIX.length ? key : undefined;
    for (const prefix of SCOPED_PREFIXES) {
      if (!key.startsWith(prefix)) continue;
      const end = key.indexOf(':', prefix.length);
      return end <= prefix.length ? undefined : key.slice(0, end + 1);
    }
    return undefined;
  }

  /** The scope a range covers exactly (all of one client's keys of one kind), or undefined. */
  static scopeOfRange(range: ScopeRange): string | undefined {
    const { gte, lt } = range;
    if (typeof gte !== 'string' || typeof lt !== 'string') return undefined;
    const scope = ClientKeyIndex.scopeOf(gte);
    if (scope !== gte || !scope.endsWith(':') || lt !== `${scope.slice(0, -1)};`) return undefined;
    return scope;
  }

  /** How many scopes may hold keys. */
  get size(): number {
    return this.#written.size;
  }

  /** Records a write to `key` as it is issued. */
  wrote(key: string): void {
    const scope = ClientKeyIndex.scopeOf(key);
    if (scope === undefined) return;
    this.#generation += 1;
    this.#written.set(scope, this.#generation);
  }

  /** False only when nothing can be stored under `scope`. */
  mayHold(scope: string): boolean {
    return this.#written.has(scope);
  }

  /** A mark to pass to `emptied` once a clear or delete issued now has completed. */
  mark(): number {
    return this.#generation;
  }

  /** `scope` was emptied by an operation that began at `mark`. */
  emptied(scope: string, mark: number): void {
    const last = this.#written.get(scope);
    if (last !== undefined && last <= mark) this.#written.delete(scope);
  }
}
