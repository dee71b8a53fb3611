import type { Command } from '../command.js';
import { writeJson, writeLine } from '../output.js';
import { deviceIdOperand } from './shared.js';

export const keyRemove: Command = {
  name: 'key remove',
  summary: "remove a device's public key (a kid starting with - goes after --)",
  synopsis: 'ID KID',
  operands: [deviceIdOperand, { name: 'KID' }],
  options: {},
  async run(input) {
    const deviceId = input.operands['ID']!;
    const kid = input.operands['KID']!;
    await input.withFleet((fleet) => fleet.removeKey(deviceId, kid));
    if (input.json) writeJson(input.io, { deviceId, kid, removed: true });
    else writeLine(input.io, `removed key ${kid} of device ${deviceId}`);
  },
};
