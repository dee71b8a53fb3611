import type { OptionSpecs } from './command.js';

/** Options every command takes, wherever they appear on the command line. */
export const globalOptions: OptionSpecs = {
  home: {
    type: 'string',
    value: 'DIR',
    description: 'home directory (default: $WARDEN_HOME, else the current directory)',
  },
  json: { type: 'boolean', description: 'print records as JSON' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

/** The global options that take a value, so the command words can be found around them. */
export const globalOptionsWithValue: readonly string[] = ['--home'];
