import { writeFileSync } from 'node:fs';
import { loadConfig } from '../src/config/index.js';
import { WardenError } from '../src/core/index.js';
import { openFleet } from '../src/fleet/index.js';
import { assembleRun } from './assemble-run.js';
import { driveFleet } from './drive-fleet.js';
import { resolveOptions, type SimulationInput } from './options.js';
import { prepareFleet } from './prepare-fleet.js';
import type { SimulationReport } from './report/simulation-report.js';

/**
 * Runs the simulator: prepare the fleet (provision it, or read the fleet file) → assemble the
 * run → drive it (connect, load, drain, close) → write the report. Throws WardenError for bad
 * input (ERR_INVALID_ARGUMENT, ERR_FILE_*, the fleet's errors) and SimulationError when the
 * broker cannot be driven (ERR_SIM_BROKER_UNREACHABLE, ERR_SIM_OBSERVER_REFUSED).
 */
export async function runSimulation(input: SimulationInput): Promise<SimulationReport> {
  const options = resolveOptions(input);
  const fleet = openFleet(loadConfig({ home: options.home }, input.env ?? {}));
  try {
    const prepared = await prepareFleet(options, fleet);
    const report = await driveFleet(assembleRun(options, fleet, prepared), prepared);
    if (options.reportFile !== undefined) writeReport(options.reportFile, report);
    return report;
  } finally {
    fleet.close();
  }
}

function writeReport(path: string, report: SimulationReport): void {
  try {
    writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  } catch (error) {
    throw new WardenError('ERR_FILE_UNWRITABLE', `cannot write the report ${path}`, {
      cause: error,
    });
  }
}
