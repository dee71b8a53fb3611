/** What a bench run records about the machine it ran on, shared by both modes. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface MachineBasics {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly kernel: string;
  readonly node: string;
  readonly aedes: string;
  readonly pinned: string;
  readonly loadAverageAtStart: readonly number[];
  readonly loadAverageAtEnd: readonly number[];
  readonly date: string;
}

/** The machine, the versions that shape the figures and the load around the run. */
export function describeMachine(
  started: Date,
  loadAtStart: readonly number[],
  pinned: boolean,
): MachineBasics {
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    aedes: packageVersion('aedes'),
    pinned: pinned ? 'broker on core 0, generator on core 1 (taskset)' : 'not pinned',
    loadAverageAtStart: loadAtStart.map(twoDecimals),
    loadAverageAtEnd: loadavg().map(twoDecimals),
    date: started.toISOString(),
  };
}

function twoDecimals(value: number): number {
  return Number(value.toFixed(2));
}

function packageVersion(name: string): string {
  const text = readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
