import { readFileSync } from 'node:fs';

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
