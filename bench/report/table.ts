import type { BenchRecord } from '../scenarios/context.js';
import type { TargetName } from '../targets/index.js';
import type { GoalResult } from './goals.js';
import { figureOf, plainRatio } from './metrics.js';

const TARGET_COLUMNS: readonly TargetName[] = [
  'warden',
  'warden-memory',
  'aedes',
  'mosquitto',
  'node-tls',
];

/** The target columns that have a figure in this run (node-tls runs only when asked for). */
function columnsOf(records: readonly BenchRecord[]): TargetName[] {
  return TARGET_COLUMNS.filter((target) => records.some((record) => record.target === target));
}
const RATIO_COLUMNS = [
  { title: 'W/aedes', target: 'warden' as TargetName, other: 'aedes' as TargetName },
  { title: 'Wmem/aedes', target: 'warden-memory' as TargetName, other: 'aedes' as TargetName },
  { title: 'W/mosq', target: 'warden' as TargetName, other: 'mosquitto' as TargetName },
];
const METRIC_WIDTH = 44;
const CELL_WIDTH = 14;

/** Formats a figure with about three significant digits. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '—';
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return Math.round(value).toLocaleString('en-US');
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

interface Row {
  scenario: string;
  metric: string;
  unit: string;
}

function rowsOf(records: readonly BenchRecord[]): Row[] {
  const rows: Row[] = [];
  for (const record of records) {
    if (!rows.some((row) => row.scenario === record.scenario && row.metric === record.metric)) {
      rows.push({ scenario: record.scenario, metric: record.metric, unit: record.unit });
    }
  }
  return rows;
}

/** The result table as fixed-width text: one line per metric, a block per scenario. */
export function renderTable(records: readonly BenchRecord[]): string {
  const columns = columnsOf(records);
  const header = [
    'metric'.padEnd(METRIC_WIDTH),
    ...columns.map((t) => t.padStart(CELL_WIDTH)),
    ...RATIO_COLUMNS.map((c) => c.title.padStart(CELL_WIDTH)),
  ].join('');
  const lines = [header, '-'.repeat(header.length)];
  let scenario = '';
  for (const row of rowsOf(records)) {
    if (row.scenario !== scenario) {
      scenario = row.scenario;
      lines.push(`[${scenario}]`);
    }
    const cell = (target: TargetName) => figureOf(records, row.scenario, target, row.metric);
    lines.push(
      [
        `  ${row.metric} (${row.unit})`.padEnd(METRIC_WIDTH),
        ...columns.map((t) => formatNumber(cell(t)).padStart(CELL_WIDTH)),
        ...RATIO_COLUMNS.map((c) =>
          formatNumber(plainRatio(cell(c.target), cell(c.other))).padStart(CELL_WIDTH),
        ),
      ].join(''),
    );
  }
  return lines.join('\n');
}

/** The same table in Markdown, for the README's Performance section. */
export function renderMarkdown(records: readonly BenchRecord[]): string {
  const columns = columnsOf(records);
  const titles = ['scenario', 'metric', ...columns, ...RATIO_COLUMNS.map((c) => c.title)];
  const lines = [`| ${titles.join(' | ')} |`, `| ${titles.map(() => '---').join(' | ')} |`];
  for (const row of rowsOf(records)) {
    const cell = (target: TargetName) => figureOf(records, row.scenario, target, row.metric);
    const cells = [
      row.scenario,
      `${row.metric} (${row.unit})`,
      ...columns.map((t) => formatNumber(cell(t))),
      ...RATIO_COLUMNS.map((c) => formatNumber(plainRatio(cell(c.target), cell(c.other)))),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function renderGoals(goals: readonly GoalResult[]): string {
  return goals
    .map((goal) => {
      const verdict = goal.met === undefined ? 'n/a ' : goal.met ? 'MET ' : 'MISS';
      return `${verdict}  ${goal.goal}: ${formatNumber(goal.value)} (goal ${goal.threshold})`;
    })
    .join('\n');
}
