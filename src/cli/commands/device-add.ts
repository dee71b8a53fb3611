import { parseClaimAssignment } from '../../core/index.js';
import type { Command } from '../command.js';
import { writeJson, writeLine } from '../output.js';
import { deviceIdOperand } from './shared.js';

export const deviceAdd: Command = {
  name: 'device add',
  summary: 'register a device',
  synopsis: 'ID [--claim KEY=VALUE]...',
  operands: [deviceIdOperand],
  options: {
    claim: {
      type: 'string',
      multiple: true,
      value: 'KEY=VALUE',
      description: 'a claim of the device, e.g. role=sensor; repeat for more',
    },
  },
  async run(input) {
    const id = input.operands['ID']!;
    const claims = Object.fromEntries(input.strings('claim').map(parseClaimAssignment));

    const device = await input.withFleet((fleet) => fleet.addDevice(id, claims));
    if (input.json) writeJson(input.io, device);
    else writeLine(input.io, `added device ${device.id}`);
  },
};
