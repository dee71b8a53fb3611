/**
 * Reads MQTT fixed headers off a byte stream and refuses a packet by its declared length,
 * before any of its body is buffered. aedes' parser accumulates whatever a packet declares
 * (two 64 MB sends before CONNECT completed grew a process by 128 MB), so the check has to
 * sit in front of it.
 */
const MAX_LENGTH_BYTES = 4; // [MQTT-2.2.3]: the remaining length takes at most four bytes

type Phase = 'type' | 'length' | 'body';

export class PacketSizeGuard {
  #phase: Phase = 'type';
  #length = 0;
  #multiplier = 1;
  #lengthBytes = 0;
  #bodyLeft = 0;
  readonly #limit: () => number;

  /** `limit` is read per packet, so it can grow once the connection is authenticated. */
  constructor(limit: () => number) {
    this.#limit = limit;
  }

  /** Scans `chunk`; returns a reason when a packet breaks the bound, else undefined. */
  inspect(chunk: Uint8Array): string | undefined {
    let at = 0;
    while (at < chunk.length) {
      if (this.#phase === 'body') {
        const step = Math.min(this.#bodyLeft, chunk.length - at);
        this.#bodyLeft -= step;
        at += step;
        if (this.#bodyLeft === 0) this.#phase = 'type';
        continue;
      }
      const byte = chunk[at++] as number;
      if (this.#phase === 'type') {
        this.#startLength();
        continue;
      }
      const fault = this.#readLengthByte(byte);
      if (fault !== undefined) return fault;
    }
    return undefined;
  }

  #startLength(): void {
    this.#phase = 'length';
    this.#length = 0;
    this.#multiplier = 1;
    this.#lengthBytes = 0;
  }

  #readLengthByte(byte: number): string | undefined {
    this.#length += (byte & 0x7f) * this.#multiplier;
    this.#multiplier *= 128;
    this.#lengthBytes += 1;
    if ((byte & 0x80) !== 0) {
      return this.#lengthBytes >= MAX_LENGTH_BYTES ? 'malformed remaining length' : undefined;
    }
    const limit = this.#limit();
    if (this.#length > limit) return `declared length ${this.#length} exceeds ${limit} bytes`;
    this.#bodyLeft = this.#length;
    this.#phase = this.#length === 0 ? 'type' : 'body';
    return undefined;
  }
}
