import { readFileSync } from 'node:fs';
import { sleep } from '../targets/process.js';

/** Linux reports utime and stime in clock ticks; 100 per second on every mainstream kernel. */
const CLOCK_TICKS_PER_SECOND = 100;
const MS_PER_SECOND = 1000;
const UTIME_FIELD = 11; // 14th field of /proc/PID/stat, counted from the state after the name
const STIME_FIELD = 12;
const PAGE_KB = 4;
const RSS_FIELD = 21; // 24th field

function statFields(pid: number): string[] {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The process name is in parentheses and may itself hold spaces and parentheses.
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** CPU time the process has used so far, user and system, every thread, in milliseconds. */
export function cpuMs(pid: number): number {
  const fields = statFields(pid);
  const ticks = Number(fields[UTIME_FIELD]) + Number(fields[STIME_FIELD]);
  return (ticks * MS_PER_SECOND) / CLOCK_TICKS_PER_SECOND;
}

/** Resident set size in kilobytes. */
export function rssKb(pid: number): number {
  return Number(statFields(pid)[RSS_FIELD]) * PAGE_KB;
}

/** Measures the CPU a process spends while `work` runs, in milliseconds. */
export async function brokerCpuDuring<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; cpuMs: number; wallMs: number }> {
  const cpuBefore = cpuMs(pid);
  const started = performance.now();
  const result = await work();
  return { result, cpuMs: cpuMs(pid) - cpuBefore, wallMs: performance.now() - started };
}

export interface QuietOptions {
  /** Length of one sample of the process's CPU time. */
  readonly intervalMs: number;
  /** Most CPU time in one sample that still counts as quiet. */
  readonly quietMs: number;
  /** Quiet samples in a row needed. */
  readonly samples: number;
  readonly timeoutMs: number;
}

/**
 * Waits until the process has used at most `quietMs` of CPU in each of `samples` intervals in
 * a row: whatever a workload left behind (closes, store writes, a collection) has run.
 * Returns false when it is still busy at the timeout.
 */
export async function untilQuiet(pid: number, options: QuietOptions): Promise<boolean> {
  const deadline = performance.now() + options.timeoutMs;
  let quiet = 0;
  let last = cpuMs(pid);
  while (performance.now() < deadline) {
    await sleep(options.intervalMs);
    const now = cpuMs(pid);
    quiet = now - last <= options.quietMs ? quiet + 1 : 0;
    last = now;
    if (quiet >= options.samples) return true;
  }
  return false;
}
