import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Clock } from '../../simulator/schedule/clock.js';
import { Scheduler } from '../../simulator/schedule/scheduler.js';

/** A clock whose time moves only when the test says, with timers fired by `advance`. */
function manualClock() {
  let nowMs = 0;
  const timers = new Map<number, { atMs: number; task: () => void }>();
  let nextId = 0;
  const clock: Clock = {
    nowMs: () => nowMs,
    setTimer: (task, delayMs) => {
      nextId += 1;
      timers.set(nextId, { atMs: nowMs + delayMs, task });
      return nextId;
    },
    clearTimer: (handle) => timers.delete(handle as number),
  };
  const advance = (toMs: number) => {
    for (;;) {
      const due = [...timers]
        .filter(([, timer]) => timer.atMs <= toMs)
        .sort((a, b) => a[1].atMs - b[1].atMs)[0];
      if (due === undefined) break;
      timers.delete(due[0]);
      nowMs = Math.max(nowMs, due[1].atMs);
      due[1].task();
    }
    nowMs = toMs;
  };
  return { clock, advance, timers };
}

describe('scheduler', () => {
  it('runs tasks in time order, and first come first served at the same time', () => {
    const { clock, advance } = manualClock();
    const scheduler = new Scheduler({ clock });
    const ran: string[] = [];
    scheduler.at(30, () => ran.push('c'));
    scheduler.at(10, () => ran.push('a1'));
    scheduler.at(10, () => ran.push('a2'));
    scheduler.at(20, () => ran.push('b'));
    advance(15);
    assert.deepEqual(ran, ['a1', 'a2']);
    advance(100);
    assert.deepEqual(ran, ['a1', 'a2', 'b', 'c']);
  });

  it('keeps one timer for any number of pending tasks', () => {
    const { clock, timers } = manualClock();
    const scheduler = new Scheduler({ clock });
    for (let i = 0; i < 1000; i += 1) scheduler.at(1000 - i, () => undefined);
    assert.equal(timers.size, 1);
    assert.equal(scheduler.pending, 1000);
  });

  it('reports how late each task started and goes on after a task throws', () => {
    const { clock, advance } = manualClock();
    const lags: number[] = [];
    const errors: unknown[] = [];
    const scheduler = new Scheduler({
      clock,
      onLag: (lag) => lags.push(lag),
      onError: (e) => errors.push(e),
    });
    let ran = false;
    scheduler.at(10, () => {
      throw new Error('boom');
    });
    scheduler.at(10, () => {
      ran = true;
    });
    advance(10);
    assert.equal(ran, true);
    assert.equal(errors.length, 1);
    assert.deepEqual(lags, [0, 0]);
  });

  it('drops every pending task when stopped', () => {
    const { clock, advance } = manualClock();
    const scheduler = new Scheduler({ clock });
    let ran = 0;
    scheduler.at(10, () => {
      ran += 1;
    });
    scheduler.stop();
    scheduler.at(20, () => {
      ran += 1;
    });
    advance(100);
    assert.equal(ran, 0);
  });

  it('starts tasks on schedule however long earlier ones take (open loop)', async () => {
    const scheduler = new Scheduler({
      clock: {
        nowMs: () => performance.now(),
        setTimer: (task, delayMs) => setTimeout(task, delayMs),
        clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
      },
    });
    const startMs = performance.now() + 20;
    const spacingMs = 10;
    const taskMs = 1000;
    const lateness: number[] = [];
    const finished: Promise<void>[] = [];
    for (let i = 0; i < 20; i += 1) {
      scheduler.at(startMs + i * spacingMs, () => {
        lateness.push(performance.now() - (startMs + i * spacingMs));
        // Each task takes a second: a closed loop would need 20 s to start them all.
        finished.push(new Promise((resolve) => setTimeout(resolve, taskMs)));
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 20 + 20 * spacingMs + 200));

    assert.equal(lateness.length, 20, 'every task started before the first one finished');
    // Generous: the machine may be busy with other tests; a closed loop would be seconds late.
    assert.ok(Math.max(...lateness) < 200, `worst start was ${Math.max(...lateness)} ms late`);
    await Promise.all(finished);
  });
});
