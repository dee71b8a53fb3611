/**
 * Which sequence numbers of one device have been seen, as a growable bitmap: a fleet of 10,000
 * devices sending 1,000 messages each costs about 1.25 MB.
 */
export class SequenceSet {
  #bits = new Uint8Array(16);
  #distinct = 0;

  /** How many different numbers were added. */
  get distinct(): number {
    return this.#distinct;
  }

  /** Adds `seq` (≥ 1); answers false when it was already there, a duplicate. */
  add(seq: number): boolean {
    const byte = seq >>> 3;
    if (byte >= this.#bits.length) this.#grow(byte);
    const mask = 1 << (seq & 7);
    if ((this.#bits[byte]! & mask) !== 0) return false;

    this.#bits[byte]! |= mask;
    this.#distinct += 1;
    return true;
  }

  has(seq: number): boolean {
    const byte = seq >>> 3;
    return byte < this.#bits.length && (this.#bits[byte]! & (1 << (seq & 7))) !== 0;
  }

  /** How many of 1…`last` are missing. */
  missingUpTo(last: number): number {
    let present = 0;
    for (let seq = 1; seq <= last; seq += 1) if (this.has(seq)) present += 1;
    return last - present;
  }

  #grow(byte: number): void {
    let length = this.#bits.length;
    while (length <= byte) length *= 2;
    const bits = new Uint8Array(length);
    bits.set(this.#bits);
    this.#bits = bits;
  }
}
