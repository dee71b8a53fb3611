/** src/cli: the `warden` command. Thin: it parses, calls fleet, prints, answers an exit code. */
export type { Command, CommandInput, OperandSpec, OptionSpec } from './command.js';
export { commandTable } from './command-table.js';
export type { CliIo, TextSink } from './io.js';
export { main } from './main.js';
export { EXIT_FAILURE, EXIT_SUCCESS, EXIT_USAGE } from './report-error.js';
