import type { Command } from '../command.js';

/**
 * The simulator parses its own, long command line (simulator/command), so `main` hands it every
 * argument after `simulate`; this entry only puts it in `warden --help`.
 */
export const simulate: Command = {
  name: 'simulate',
  summary: 'run the fleet simulator (see warden simulate --help)',
  synopsis: '[--provision] [--devices N] [--auth cert|jwt|mixed] [--duration D] [options]',
  operands: [],
  options: {},
  async run() {
    throw new TypeError('simulate is dispatched by main before the command table');
  },
};
