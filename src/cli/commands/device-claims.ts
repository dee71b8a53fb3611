import { parseClaimAssignment } from '../../core/index.js';
import type { Command } from '../command.js';
import { formatClaims, writeJson, writeLine } from '../output.js';
import { deviceIdOperand } from './shared.js';

export const deviceClaims: Command = {
  name: 'device claims',
  summary: "show or change a device's claims",
  synopsis: 'ID [--set KEY=VALUE]... [--unset KEY]...',
  operands: [deviceIdOperand],
  options: {
    set: {
      type: 'string',
      multiple: true,
      value: 'KEY=VALUE',
      description: 'add or change a claim',
    },
    unset: { type: 'string', multiple: true, value: 'KEY', description: 'drop a claim' },
  },
  async run(input) {
    const id = input.operands['ID']!;
    const set = Object.fromEntries(input.strings('set').map(parseClaimAssignment));
    const unset = input.strings('unset');
    const changes = Object.keys(set).length > 0 || unset.length > 0;

    const device = await input.withFleet((fleet) =>
      changes ? fleet.updateClaims(id, { set, unset }) : fleet.describeDevice(id),
    );
    if (input.json) writeJson(input.io, device.claims);
    else writeLine(input.io, formatClaims(device.claims));
  },
};
