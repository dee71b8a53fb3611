/**
 * Hands messages to aedes' router in the order of their broker counters.
 *
 * aedes stamps every message with a counter as it is published and drops, per receiving
 * client, a message whose counter is not above the highest one already delivered to that
 * client (lib/client.js, dedupe). Its own publish steps keep counter order by taking the same
 * path for every message. Warden's do not: a QoS 1 message is published during authorization
 * so that its PUBACK follows its store (durable-publish.ts), a message for an offline
 * persistent session waits for LevelDB, a retained one takes more steps than a plain one, and
 * a QoS 0 message has no step to wait at all. Routed as each became ready, a later message
 * would overtake an earlier one, and the earlier one would be silently lost for every client
 * that receives both (measured: a retained QoS 1 message overtaking plain ones dropped them).
 *
 * Every publish is registered as it starts, and its routing waits until every message
 * registered before it has been routed or has ended without routing. The usual case, a
 * message ready with nothing started before it still pending, is routed at once, with no
 * allocation beyond its registration. Messages therefore reach subscribers in the order they
 * arrived [MQTT-4.6.0-6]; a message waiting for the store holds back the ones after it.
 */
export class EmitOrder<Message, Done> {
  readonly #route: (message: Message, done: Done) => void;
  /** Counters registered and not yet routed or ended, in the order they started. */
  readonly #pending: number[] = [];
  #head = 0;
  /** Messages that are ready but wait behind an earlier counter. */
  readonly #held = new Map<number, { readonly message: Message; readonly done: Done }>();
  /** Counters that ended without routing while earlier ones were pending. */
  readonly #ended = new Set<number>();

  /** `route` hands one message to the router. */
  constructor(route: (message: Message, done: Done) => void) {
    this.#route = route;
  }

  /** How many messages are registered and not yet routed or ended. */
  get pending(): number {
    return this.#pending.length - this.#head;
  }

  /** Registers a message as it starts; counters must be registered in increasing order. */
  start(counter: number): void {
    this.#pending.push(counter);
  }

  /** Routes `message` (counter `counter`) now, or once every earlier one is done. */
  route(counter: number | undefined, message: Message, done: Done): void {
    if (counter === undefined || this.#isHead(counter)) {
      if (counter !== undefined) this.#head += 1;
      this.#route(message, done);
      this.#flush();
      return;
    }
    if (!this.#held.has(counter) && this.#isPending(counter)) {
      this.#held.set(counter, { message, done });
      return;
    }
    // Not registered (a message aedes made itself): nothing to keep it in order with.
    this.#route(message, done);
  }

  /** The publish of `counter` has ended; if it never routed, it no longer holds others back. */
  end(counter: number): void {
    if (this.#isHead(counter)) {
      this.#head += 1;
      this.#flush();
    } else if (!this.#held.has(counter) && this.#isPending(counter)) {
      this.#ended.add(counter);
    }
  }

  #isHead(counter: number): boolean {
    return this.#head < this.#pending.length && this.#pending[this.#head] === counter;
  }

  /** Whether `counter` is registered and not yet routed or ended (the list is sorted). */
  #isPending(counter: number): boolean {
    let low = this.#head;
    let high = this.#pending.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = this.#pending[middle] as number;
      if (value === counter) return !this.#ended.has(counter);
      if (value < counter) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }

  #flush(): void {
    while (this.#head < this.#pending.length) {
      const next = this.#pending[this.#head] as number;
      const held = this.#held.get(next);
      if (held !== undefined) {
        this.#held.delete(next);
        this.#head += 1;
        this.#route(held.message, held.done);
      } else if (this.#ended.delete(next)) {
        this.#head += 1;
      } else {
        break;
      }
    }
    this.#compact();
  }

  #compact(): void {
    if (this.#head === this.#pending.length) {
      this.#pending.length = 0;
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#pending.length) {
      this.#pending.splice(0, this.#head);
      this.#head = 0;
    }
  }
}
