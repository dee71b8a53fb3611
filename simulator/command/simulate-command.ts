import { isWardenError } from '../../src/core/index.js';
import { SimulateUsageError, SimulationError } from '../errors.js';
import type { ProgressSink } from '../options.js';
import { provisionSimulation } from '../provision-simulation.js';
import { runSimulation } from '../run-simulation.js';
import { formatProvisioning, formatSummary } from './format-summary.js';
import { parseSimulateArgs } from './parse-simulate-args.js';
import { SIMULATE_USAGE } from './simulate-usage.js';

/** Where the command writes; process.stdout fits, and so does the CLI's in-memory sink. */
export interface SimulateIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: ProgressSink;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export const EXIT_SUCCESS = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * `warden simulate`: parse → provision and/or run → print the summary (or the JSON report).
 * Answers the exit status: 0 done, 1 an operational error, 2 a usage error; one line on stderr
 * for either, never a stack (unless WARDEN_DEBUG=1 for an internal error). Never throws.
 */
export async function runSimulateCommand(argv: readonly string[], io: SimulateIo): Promise<number> {
  try {
    const command = parseSimulateArgs(argv, io);
    if (command.help) {
      io.stdout.write(SIMULATE_USAGE);
      return EXIT_SUCCESS;
    }

    const input = { ...command.input, ...(command.quiet ? {} : { progress: io.stderr }) };
    if (input.durationMs === 0) {
      io.stdout.write(`${formatProvisioning(await provisionSimulation(input))}\n`);
      return EXIT_SUCCESS;
    }
    const report = await runSimulation(input);
    io.stdout.write(
      command.json
        ? `${JSON.stringify(report, null, 2)}\n`
        : formatSummary(report, input.reportFile),
    );
    return EXIT_SUCCESS;
  } catch (error) {
    return reportFailure(error, io);
  }
}

function reportFailure(error: unknown, io: SimulateIo): number {
  if (error instanceof SimulateUsageError) {
    io.stderr.write(`warden: ${oneLine(error.message)} (see warden simulate --help)\n`);
    return EXIT_USAGE;
  }
  if (isWardenError(error) || error instanceof SimulationError) {
    io.stderr.write(`warden: ${oneLine(error.message)}\n`);
    return EXIT_FAILURE;
  }

  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`warden: internal error: ${oneLine(message)}\n`);
  if (io.env['WARDEN_DEBUG'] === '1' && error instanceof Error) io.stderr.write(`${error.stack}\n`);
  return EXIT_FAILURE;
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
