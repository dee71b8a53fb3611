import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderChartSvg, writeChart } from '../report/chart.js';
import { judgeGoals } from '../report/goals.js';
import { renderGoals, renderMarkdown, renderTable } from '../report/table.js';
import type { MachineBasics } from './machine.js';
import type { Run } from './run-target.js';

export interface Machine extends MachineBasics {
  readonly mosquitto: string | undefined;
}

/** Prints the table, the goals and the notes; writes latest.json, latest.md and the chart. */
export async function writeResults(
  run: Run,
  machine: Machine,
  resultsDir: string,
  seconds: number,
): Promise<void> {
  const goals = judgeGoals(run.records);
  const day = machine.date.slice(0, 10);
  const where = `${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, ${day}`;
  const [atStart, atEnd] = [machine.loadAverageAtStart, machine.loadAverageAtEnd];
  const load = `load average ${atStart.join(' ')} at start, ${atEnd.join(' ')} at end`;
  console.log(`\nWarden bench (${run.profile.name}): ${where}; ${machine.pinned}; ${load}`);
  for (const [name, how] of Object.entries(run.targets)) console.log(`  ${name}: ${how}`);
  console.log(`\n${renderTable(run.records)}\n`);
  console.log(`Goals of issue 5 (warden = default configuration):\n${renderGoals(goals)}\n`);
  for (const note of run.notes) console.log(`note: ${note}`);
  for (const failure of run.failures) console.log(`FAILED: ${failure}`);

  mkdirSync(resultsDir, { recursive: true });
  const json = {
    profile: run.profile.name,
    seconds: Number(seconds.toFixed(1)),
    machine,
    targets: run.targets,
    records: run.records,
    goals,
    notes: run.notes,
    failures: run.failures,
  };
  writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
  const heading = `Warden bench (${run.profile.name}), ${where}, ${load}.`;
  writeFileSync(join(resultsDir, 'latest.md'), `${heading}\n\n${renderMarkdown(run.records)}\n`);
  const images = await writeChart(
    renderChartSvg(run.records, `${run.profile.name} run, ${where}`),
    join(resultsDir, 'ratios.svg'),
    join(resultsDir, 'ratios.png'),
  );
  const written = [
    'latest.json',
    'latest.md',
    ...images.map((path) => path.slice(resultsDir.length + 1)),
  ];
  console.log(
    `wrote ${written.map((file) => `bench/results/${file}`).join(', ')} in ${seconds.toFixed(0)} s`,
  );
}
