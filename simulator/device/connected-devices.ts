import type { Random } from '../random/prng.js';

/** The devices connected right now, with O(1) add, remove and random pick (for the commander). */
export class ConnectedDevices<T> {
  readonly #items: T[] = [];
  readonly #positions = new Map<T, number>();

  get size(): number {
    return this.#items.length;
  }

  add(item: T): void {
    if (this.#positions.has(item)) return;
    this.#positions.set(item, this.#items.length);
    this.#items.push(item);
  }

  delete(item: T): void {
    const position = this.#positions.get(item);
    if (position === undefined) return;
    const last = this.#items.pop()!;
    this.#positions.delete(item);
    if (last === item) return;
    this.#items[position] = last;
    this.#positions.set(last, position);
  }

  pick(random: Random): T | undefined {
    if (this.#items.length === 0) return undefined;
    return this.#items[random.index(this.#items.length)];
  }
}
