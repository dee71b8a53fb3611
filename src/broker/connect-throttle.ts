/** Fixed one-second windows of accepted connections per remote address. */
export class ConnectThrottle {
  readonly #limit: number;
  readonly #windows = new Map<string, { startMs: number; count: number }>();
  readonly #now: () => number;

  constructor(limitPerSecond: number, now: () => number = Date.now) {
    this.#limit = limitPerSecond;
    this.#now = now;
  }

  /** Counts one connection from `address`; false when the address is over its rate. */
  admit(address: string): boolean {
    const nowMs = this.#now();
    const window = this.#windows.get(address);
    if (window === undefined || nowMs - window.startMs >= 1000) {
      if (this.#windows.size > 100_000) this.#sweep(nowMs);
      this.#windows.set(address, { startMs: nowMs, count: 1 });
      return true;
    }
    window.count += 1;
    return window.count <= this.#limit;
  }

  #sweep(nowMs: number): void {
    for (const [address, window] of this.#windows) {
      if (nowMs - window.startMs >= 1000) this.#windows.delete(address);
    }
  }
}
