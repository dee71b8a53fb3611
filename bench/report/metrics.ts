import type { BenchRecord } from '../scenarios/context.js';
import type { TargetName } from '../targets/index.js';

export type Better = 'higher' | 'lower' | 'neither';

/** Which way is better for each metric; ratios and the chart read this. */
const BETTER: Readonly<Record<string, Better>> = {
  'broker CPU per connect': 'lower',
  'connects per broker core-second': 'higher',
  'connect p50': 'lower',
  'connect p99': 'lower',
  'connects per second (wall)': 'higher',
  'delivered msgs/s': 'higher',
  'broker CPU per msg': 'lower',
  'latency p50': 'lower',
  'latency p99': 'lower',
  'latency max': 'lower',
  'RSS per 1,000 idle TLS connections': 'lower',
  'RSS with connections': 'lower',
  'cut p50': 'lower',
  'cut p99': 'lower',
  'cut max': 'lower',
  'command start to cut': 'lower',
  'certificates per second': 'higher',
};

export function betterOf(metric: string): Better {
  return BETTER[metric] ?? 'neither';
}

export function figureOf(
  records: readonly BenchRecord[],
  scenario: string,
  target: TargetName,
  metric: string,
): number | undefined {
  return records.find((r) => r.scenario === scenario && r.target === target && r.metric === metric)
    ?.value;
}

/** Warden's value over another's, as printed in the table (not direction-adjusted). */
export function plainRatio(warden: number | undefined, other: number | undefined) {
  if (warden === undefined || other === undefined || other === 0) return undefined;
  return warden / other;
}

/** How many times as good Warden is: above 1 better, below 1 worse, whatever the direction. */
export function advantage(metric: string, warden: number | undefined, other: number | undefined) {
  const ratio = plainRatio(warden, other);
  if (ratio === undefined) return undefined;
  const better = betterOf(metric);
  if (better === 'neither') return undefined;
  return better === 'higher' ? ratio : 1 / ratio;
}
