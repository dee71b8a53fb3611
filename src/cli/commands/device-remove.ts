import type { Command } from '../command.js';
import { writeJson, writeLine } from '../output.js';
import { deviceIdOperand } from './shared.js';

export const deviceRemove: Command = {
  name: 'device remove',
  summary: 'remove a device and its keys, revoking its certificates',
  synopsis: 'ID',
  operands: [deviceIdOperand],
  options: {},
  async run(input) {
    const id = input.operands['ID']!;
    const removed = await input.withFleet((fleet) => fleet.removeDevice(id));
    if (input.json) {
      writeJson(input.io, removed);
      return;
    }

    const count = removed.revokedSerials.length;
    const revoked = count === 0 ? '' : ` and revoked ${count} certificate${count === 1 ? '' : 's'}`;
    writeLine(input.io, `removed device ${removed.id}${revoked}`);
  },
};
