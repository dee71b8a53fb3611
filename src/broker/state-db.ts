import { chmodSync, mkdirSync } from 'node:fs';
import type { AbstractLevel } from 'abstract-level';
import { Level } from 'level';
import { MemoryLevel } from 'memory-level';
import type { Config } from '../config/index.js';
import { WardenError } from '../core/index.js';
import { ClientKeyIndex, type ScopeRange } from './client-key-index.js';

export type RawDb = AbstractLevel<Buffer | Uint8Array | string, string, Buffer>;

export interface WriteOp {
  readonly type: 'put' | 'del';
  readonly key: string;
  readonly value?: Buffer;
}

interface ChainedBatch {
  put(key: string, value: Buffer): ChainedBatch;
  del(key: string): ChainedBatch;
  write(): Promise<void>;
}

const BUFFER = { valueEncoding: 'buffer' } as const;
const RESOLVED: Promise<void> = Promise.resolve();

/**
 * The key-value store under the MQTT state, in the shape aedes-persistence-level 9 calls
 * (get, put, del, batch, values, clear, close), plus two things that library lacks:
 *
 * - capture: writes issued synchronously inside `capture()` are collected instead of written,
 *   so every write of one publish (retained message, offline queues, QoS 2 receipt) can be
 *   committed as one atomic batch before the publish is acknowledged;
 * - `sync`: every write can ask LevelDB to fsync its log before it counts as done;
 * - an index of the clients that have anything stored (client-key-index.ts): reads, clears
 *   and deletes of a client that has nothing are answered without the store.
 */
export class StateDb {
  readonly raw: RawDb;
  readonly index = new ClientKeyIndex();
  /** `sync` is classic-level's (LevelDB's) own option; the in-memory store ignores it. */
  readonly #writeOptions: { readonly valueEncoding: 'buffer'; readonly sync: boolean };
  #captured: WriteOp[] | undefined;
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(raw: RawDb, sync: boolean) {
    this.raw = raw;
    this.#writeOptions = { ...BUFFER, sync };
  }

  /** Runs `run` with every write it issues synchronously appended to `ops` instead. */
  capture<T>(ops: WriteOp[], run: () => T): T {
    this.#captured = ops;
    try {
      return run();
    } finally {
      this.#captured = undefined;
    }
  }

  /**
   * Writes `ops` as one batch. Routing order is kept elsewhere (emit-order.ts): batches
   * resolve as LevelDB completes them.
   */
  commit(ops: readonly WriteOp[]): Promise<void> {
    return ops.length === 0 ? RESOLVED : this.#track(this.#writeBatch(ops));
  }

  /** Indexes what a previous run left in the store; call once, before any other use. */
  async loadIndex(): Promise<void> {
    for await (const key of this.raw.keys()) this.index.wrote(key);
  }

  get(key: string, options?: object): Promise<Buffer | undefined> {
    if (!this.#mayHoldKey(key)) return Promise.resolve(undefined);
    return this.raw.get(key, { ...options, ...BUFFER });
  }

  put(key: string, value: Buffer): Promise<void> {
    this.index.wrote(key);
    if (this.#captured !== undefined) {
      this.#captured.push({ type: 'put', key, value });
      return Promise.resolve();
    }
    return this.#track(this.raw.put(key, value, this.#writeOptions));
  }

  del(key: string): Promise<void> {
    if (this.#captured !== undefined) {
      this.#captured.push({ type: 'del', key });
      return Promise.resolve();
    }
    const scope = ClientKeyIndex.scopeOf(key);
    if (scope !== undefined && !this.index.mayHold(scope)) return Promise.resolve();
    const mark = this.index.mark();
    const deleted = this.#track(this.raw.del(key, this.#writeOptions as object));
    // A will is the only key of its scope: once deleted, nothing of it is left.
    if (scope === key) return deleted.then(() => this.index.emptied(scope, mark));
    return deleted;
  }

  batch(): ChainedBatch;
  batch(ops: readonly WriteOp[], options?: object): Promise<void>;
  batch(ops?: readonly WriteOp[]): ChainedBatch | Promise<void> {
    if (ops === undefined) return this.#chained();
    for (const op of ops) if (op.type === 'put') this.index.wrote(op.key);
    if (this.#captured !== undefined) {
      this.#captured.push(...ops);
      return Promise.resolve();
    }
    return this.#track(this.#writeBatch(ops));
  }

  values(options: ScopeRange): AsyncIterable<Buffer> {
    const scope = ClientKeyIndex.scopeOfRange(options);
    if (scope !== undefined && !this.index.mayHold(scope)) return nothing();
    return this.raw.values({ ...options, ...BUFFER });
  }

  clear(range: ScopeRange): Promise<void> {
    const scope = ClientKeyIndex.scopeOfRange(range);
    if (scope === undefined) return this.#track(this.raw.clear(range));
    if (!this.index.mayHold(scope)) return Promise.resolve();
    const mark = this.index.mark();
    return this.#track(this.raw.clear(range)).then(() => this.index.emptied(scope, mark));
  }

  #mayHoldKey(key: string): boolean {
    const scope = ClientKeyIndex.scopeOf(key);
    return scope === undefined || this.index.mayHold(scope);
  }

  /** Waits (at most `graceMs`) for writes in flight, then closes the store. */
  async close(graceMs: number): Promise<void> {
    const grace = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([Promise.allSettled([...this.#inFlight]), grace]);
    await this.raw.close();
  }

  #writeBatch(ops: readonly WriteOp[]): Promise<void> {
    const batch = ops.map((op) =>
      op.type === 'put'
        ? { type: 'put' as const, key: op.key, value: op.value ?? Buffer.alloc(0) }
        : { type: 'del' as const, key: op.key },
    );
    return this.raw.batch(batch, this.#writeOptions);
  }

  #chained(): ChainedBatch {
    const ops: WriteOp[] = [];
    const chained: ChainedBatch = {
      put: (key, value) => {
        ops.push({ type: 'put', key, value });
        return chained;
      },
      del: (key) => {
        ops.push({ type: 'del', key });
        return chained;
      },
      write: () => this.batch(ops),
    };
    return chained;
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#inFlight.add(promise);
    const forget = () => this.#inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }
}

async function* nothing(): AsyncIterable<Buffer> {}

/**
 * Opens the MQTT state store: LevelDB in `paths.persistenceDir` (0700), or an in-memory
 * store with the same code paths when `persistence: memory`. A LOCK left by a killed broker
 * is released by the OS with its process, so a restart after a crash opens cleanly.
 *
 * Throws ERR_PERSISTENCE_UNAVAILABLE when the store cannot be opened (for example, another
 * broker holds it).
 */
export async function openStateDb(config: Config): Promise<StateDb> {
  if (config.persistence === 'memory') {
    const raw: RawDb = new MemoryLevel({ valueEncoding: 'buffer' });
    await raw.open();
    return new StateDb(raw, false);
  }
  const dir = config.paths.persistenceDir;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const raw: RawDb = new Level<string, Buffer>(dir, { valueEncoding: 'buffer' });
  try {
    await raw.open();
  } catch (error) {
    throw new WardenError('ERR_PERSISTENCE_UNAVAILABLE', `cannot open ${dir}`, { cause: error });
  }
  const db = new StateDb(raw, config.persistenceFsync);
  await db.loadIndex();
  return db;
}
