/** The instruction-count run's records and the table they print as (bench/instructions.ts). */
import { formatNumber } from './table.js';

export const ALL_TARGETS = ['warden', 'warden-memory', 'aedes', 'mosquitto'] as const;
export type Target = (typeof ALL_TARGETS)[number];

/** Which share of a window's instructions a record counts. */
export type Part = 'all' | 'jit' | 'gc' | 'rest' | 'background';
const PART_TITLES: Readonly<Record<Part, string>> = {
  all: 'all instructions',
  jit: "  in V8's compilers (JIT)",
  gc: "  in V8's garbage collector",
  rest: '  the rest: broker work',
  background: 'instructions per second',
};

export interface InstructionRecord {
  readonly scenario: string;
  readonly target: Target;
  readonly metric: string;
  readonly part: Part;
  readonly value: number;
  readonly unit: string;
  /** Connects or delivered messages counted. */
  readonly count?: number;
  /** Every instruction of the measurement window, before the background is taken off. */
  readonly instructions?: number;
  /** Of `instructions`, those of V8's compilers and those of its garbage collector. */
  readonly jit?: number;
  readonly gc?: number;
  /** The callgrind dump the figures come from (in the scratch directory, with --keep). */
  readonly dump?: string;
  /** The background's share taken off: idle instructions per second × the window's length. */
  readonly background?: number;
  readonly seconds?: number;
}

const RATIOS: readonly { title: string; target: Target; other: Target }[] = [
  { title: 'W/aedes', target: 'warden', other: 'aedes' },
  { title: 'Wmem/aedes', target: 'warden-memory', other: 'aedes' },
  { title: 'W/mosq', target: 'warden', other: 'mosquitto' },
];
const ROW_WIDTH = 46;
const CELL_WIDTH = 15;

/** A block per scenario, a line per share of its instructions, then Warden/aedes. */
export function renderInstructionTable(
  records: readonly InstructionRecord[],
  targets: readonly Target[],
): string {
  const ratios = RATIOS.filter((r) => targets.includes(r.target) && targets.includes(r.other));
  const header = [
    'scenario / share'.padEnd(ROW_WIDTH),
    ...targets.map((target) => target.padStart(CELL_WIDTH)),
    ...ratios.map((ratio) => ratio.title.padStart(CELL_WIDTH)),
  ].join('');
  const lines = [header, '-'.repeat(header.length)];
  let scenario = '';
  for (const record of records) {
    if (record.target !== records.find((r) => r.scenario === record.scenario)?.target) continue;
    if (record.scenario !== scenario) {
      scenario = record.scenario;
      const unit = record.part === 'background' ? record.metric : record.metric.split(',')[0];
      lines.push(`[${scenario}] ${unit}`);
    }
    const value = (target: Target) =>
      records.find(
        (r) => r.scenario === record.scenario && r.target === target && r.part === record.part,
      )?.value;
    // The background is no cost of work: a ratio of it would say nothing.
    const ratio = (target: Target, other: Target) => {
      const [a, b] = [value(target), value(other)];
      const none = a === undefined || b === undefined || b === 0 || record.part === 'background';
      return none ? '—' : (a / b).toFixed(3);
    };
    lines.push(
      [
        `  ${PART_TITLES[record.part]}`.padEnd(ROW_WIDTH),
        ...targets.map((target) => cell(value(target)).padStart(CELL_WIDTH)),
        ...ratios.map((r) => ratio(r.target, r.other).padStart(CELL_WIDTH)),
      ].join(''),
    );
  }
  return lines.join('\n');
}

/** Mosquitto has no compiler and no collector: a plain 0 there, not 0.000. */
function cell(value: number | undefined): string {
  return value === 0 ? '0' : formatNumber(value);
}
