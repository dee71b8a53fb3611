import { runSimulateCommand } from '../../simulator/index.js';
import { createCommandInput } from './command-input.js';
import { commandTable } from './command-table.js';
import { formatHelp } from './help.js';
import { type CliIo, processIo } from './io.js';
import { parseCommandLine } from './parse-command-line.js';
import { EXIT_SUCCESS, reportError } from './report-error.js';

/**
 * Runs `warden` with `argv` (the arguments after the program name) and answers its exit status:
 * 0 done, 1 an operational error, 2 a usage error. Never throws.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    if (argv[0] === 'simulate') return await runSimulateCommand(argv.slice(1), io);
    const parsed = parseCommandLine(argv, commandTable);
    if (parsed.kind === 'help') {
      io.stdout.write(formatHelp(commandTable, parsed.topic));
      return EXIT_SUCCESS;
    }

    await parsed.command.run(createCommandInput(parsed, io));
    return EXIT_SUCCESS;
  } catch (error) {
    return reportError(error, io);
  }
}
