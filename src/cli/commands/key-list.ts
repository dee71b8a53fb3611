import type { Command } from '../command.js';
import { formatTime, writeJson, writeTable } from '../output.js';
import { deviceIdOperand } from './shared.js';

export const keyList: Command = {
  name: 'key list',
  summary: "list a device's registered public keys",
  synopsis: 'ID',
  operands: [deviceIdOperand],
  options: {},
  async run(input) {
    const deviceId = input.operands['ID']!;
    const keys = await input.withFleet((fleet) => fleet.listKeys(deviceId));
    if (input.json) {
      writeJson(input.io, keys);
      return;
    }

    const rows = keys.map((key) => [key.kid, key.alg, formatTime(key.createdAt)]);
    writeTable(input.io, ['KID', 'ALG', 'ADDED'], rows);
  },
};
