import type { Clock } from './clock.js';
import { MinHeap } from './min-heap.js';

interface Timed {
  readonly atMs: number;
  /** Insertion order, so tasks due at the same moment run first come, first served. */
  readonly order: number;
  readonly task: () => void;
}

export interface SchedulerOptions {
  readonly clock: Clock;
  /** Called with how late each task started, in milliseconds: the generator's own lag. */
  readonly onLag?: (lagMs: number) => void;
  /** A task that throws is reported here; the scheduler goes on. */
  readonly onError?: (error: unknown) => void;
}

/**
 * At most this many due tasks run in one turn of the event loop before the scheduler yields, so a
 * burst of due tasks cannot starve socket I/O.
 */
const MAX_TASKS_PER_TURN = 500;
/** Node's timers have millisecond granularity and may fire a fraction of one early. */
const EARLY_TOLERANCE_MS = 1;

/**
 * An open-loop scheduler: each task starts at its time whether or not earlier ones have finished
 * (it never awaits what a task returns), so a slow broker cannot slow the offered load down and
 * hide its own latency. One timer serves every pending task.
 */
export class Scheduler {
  readonly #clock: Clock;
  readonly #options: SchedulerOptions;
  readonly #heap = new MinHeap<Timed>(
    (a, b) => a.atMs < b.atMs || (a.atMs === b.atMs && a.order < b.order),
  );
  #order = 0;
  #timer: unknown;
  #timerAtMs = Number.POSITIVE_INFINITY;
  #stopped = false;

  constructor(options: SchedulerOptions) {
    this.#clock = options.clock;
    this.#options = options;
  }

  get pending(): number {
    return this.#heap.size;
  }

  /** Runs `task` at `atMs` (epoch milliseconds); a time in the past runs at the next turn. */
  at(atMs: number, task: () => void): void {
    if (this.#stopped) return;
    this.#heap.push({ atMs, order: this.#order++, task });
    if (atMs < this.#timerAtMs) this.#arm();
  }

  after(delayMs: number, task: () => void): void {
    this.at(this.#clock.nowMs() + delayMs, task);
  }

  /** Drops every pending task; later `at` calls are ignored. */
  stop(): void {
    this.#stopped = true;
    this.#heap.clear();
    this.#disarm();
  }

  #arm(): void {
    this.#disarm();
    const next = this.#heap.peek();
    if (next === undefined) return;

    this.#timerAtMs = next.atMs;
    const delayMs = Math.max(0, next.atMs - this.#clock.nowMs());
    this.#timer = this.#clock.setTimer(() => this.#runDue(), delayMs);
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.#clock.clearTimer(this.#timer);
    this.#timer = undefined;
    this.#timerAtMs = Number.POSITIVE_INFINITY;
  }

  #runDue(): void {
    this.#timer = undefined;
    this.#timerAtMs = Number.POSITIVE_INFINITY;
    const nowMs = this.#clock.nowMs();

    for (let ran = 0; ran < MAX_TASKS_PER_TURN; ran += 1) {
      const next = this.#heap.peek();
      if (next === undefined || next.atMs > nowMs + EARLY_TOLERANCE_MS || this.#stopped) break;
      this.#heap.pop();
      this.#run(next, nowMs);
    }
    if (!this.#stopped) this.#arm();
  }

  #run(timed: Timed, nowMs: number): void {
    this.#options.onLag?.(Math.max(0, nowMs - timed.atMs));
    try {
      timed.task();
    } catch (error) {
      this.#options.onError?.(error);
    }
  }
}
