import { WardenError } from '../../core/index.js';
import type { Command, OptionSpecs } from '../command.js';

/** A placeholder entry for a command this build does not carry yet. */
export function unavailable(
  name: string,
  summary: string,
  synopsis: string,
  options: OptionSpecs = {},
): Command {
  return {
    name,
    summary: `${summary} (not available in this build)`,
    synopsis,
    operands: [],
    options,
    async run() {
      throw new WardenError('ERR_CLI_UNAVAILABLE', `${name} is not available in this build`);
    },
  };
}
