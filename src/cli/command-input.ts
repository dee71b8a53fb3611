import { resolve } from 'node:path';
import { type Config, loadConfig } from '../config/index.js';
import { openFleet } from '../fleet/index.js';
import { createLogger, type Logger, silentLogger } from '../log/index.js';
import type { CommandInput } from './command.js';
import type { CliIo } from './io.js';
import type { OptionValue } from './parse-command-line.js';

interface ParsedRun {
  readonly values: Readonly<Record<string, OptionValue>>;
  readonly operands: Readonly<Record<string, string>>;
}

/** What a command sees: its parsed arguments, its home, and the fleet opened on demand. */
export function createCommandInput(parsed: ParsedRun, io: CliIo): CommandInput {
  const { values, operands } = parsed;
  const homeFlag = typeof values['home'] === 'string' ? values['home'] : undefined;
  const home = resolve(io.cwd, homeFlag ?? io.env['WARDEN_HOME'] ?? io.cwd);
  let config: Config | undefined;

  const input: CommandInput = {
    io,
    json: values['json'] === true,
    home,
    operands,
    string: (name) => (typeof values[name] === 'string' ? values[name] : undefined),
    strings: (name) => {
      const value = values[name];
      if (!Array.isArray(value)) return [];
      return value.filter((item): item is string => typeof item === 'string');
    },
    flag: (name) => values[name] === true,
    resolvePath: (path) => resolve(io.cwd, path),
    loadConfig: () => {
      config ??= loadConfig({ home }, io.env);
      return config;
    },
    withFleet: async (action) => {
      const fleet = openFleet(input.loadConfig(), { log: cliLogger(io) });
      try {
        return await action(fleet);
      } finally {
        fleet.close();
      }
    },
  };
  return input;
}

// The CLI's output is its records and one error line; logs reach stderr only when debugging.
function cliLogger(io: CliIo): Logger {
  if (io.env['WARDEN_DEBUG'] !== '1') return silentLogger();
  return createLogger({ level: 'debug', destination: { write: (text) => io.stderr.write(text) } });
}
