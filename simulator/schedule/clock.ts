/** Time and timers, injected so tests can drive the scheduler without waiting. */
export interface Clock {
  /** Milliseconds since the epoch, with sub-millisecond precision. */
  nowMs(): number;
  setTimer(task: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

/**
 * The wall clock, read through the monotonic high-resolution timer so that intervals measured in
 * one process never run backwards when the system clock is adjusted.
 */
export const systemClock: Clock = {
  nowMs: () => performance.timeOrigin + performance.now(),
  setTimer: (task, delayMs) => setTimeout(task, delayMs),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Resolves after `ms` on the system clock. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves once `done()` holds, checked every 10 ms, or after `timeoutMs` regardless. */
export function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const check = () => (done() || Date.now() >= deadline ? resolve() : setTimeout(check, 10));
    check();
  });
}

/** Waits for `promise` but no longer than `timeoutMs`; the timer never outlives the wait. */
export async function waitAtMost(promise: Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([promise, timeout]);
  clearTimeout(timer);
}
