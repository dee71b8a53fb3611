import type { WriteOp } from './state-db.js';

/** The writes of one publish, committed together before the publish is acknowledged. */
export interface PublishBatch {
  readonly ops: WriteOp[];
  /** The QoS 2 receipt this batch carries, visible to duplicate checks until committed. */
  receiptKey: string | undefined;
}

/** What aedes stamps on a message; Warden stamps it first to find the message again. */
export interface StampedPacket {
  brokerId?: string;
  brokerCounter?: number;
}

/**
 * Ties the persistence calls of one publish together. aedes hands each step (QoS 2 receipt,
 * retained store, offline queues) its own copy of the message, but every copy keeps the
 * broker id and counter stamped on the original, so the counter names the batch.
 */
export class PublishBatches {
  readonly #byOriginal = new WeakMap<object, PublishBatch>();
  readonly #byCounter = new Map<number, PublishBatch>();
  readonly #receipts = new Map<string, unknown>();
  #brokerId = '';

  set brokerId(id: string) {
    this.#brokerId = id;
  }

  /** Holds a QoS 2 receipt until the publish that follows it commits. */
  holdReceipt(original: object, key: string, receipt: unknown, ops: WriteOp[]): void {
    this.#receipts.set(key, receipt);
    this.#byOriginal.set(original, { ops, receiptKey: key });
  }

  heldReceipt(key: string): unknown {
    return this.#receipts.get(key);
  }

  /** Opens the batch of a publish whose message carries `counter`. */
  open(original: object, counter: number, qos: number): PublishBatch {
    // Only a QoS 2 publish can have a receipt held for it.
    const held = qos === 2 ? this.#byOriginal.get(original) : undefined;
    if (held !== undefined) this.#byOriginal.delete(original);
    const batch = held ?? { ops: [], receiptKey: undefined };
    this.#byCounter.set(counter, batch);
    return batch;
  }

  /** The open batch `packet` belongs to, if any. */
  find(packet: StampedPacket): PublishBatch | undefined {
    if (packet.brokerId !== this.#brokerId || packet.brokerCounter === undefined) return undefined;
    return this.#byCounter.get(packet.brokerCounter);
  }

  /** Forgets a batch once its publish has finished, committed or not. */
  close(counter: number): void {
    const batch = this.#byCounter.get(counter);
    this.#byCounter.delete(counter);
    if (batch?.receiptKey !== undefined) this.#receipts.delete(batch.receiptKey);
  }
}
