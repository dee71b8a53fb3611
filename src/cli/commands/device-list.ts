import type { Command } from '../command.js';
import { formatClaims, writeJson, writeTable } from '../output.js';

export const deviceList: Command = {
  name: 'device list',
  summary: 'list every device with its status and claims',
  synopsis: '',
  operands: [],
  options: {},
  async run(input) {
    const devices = await input.withFleet((fleet) => fleet.listDevices());
    if (input.json) {
      writeJson(input.io, devices);
      return;
    }

    const rows = devices.map((device) => [device.id, device.status, formatClaims(device.claims)]);
    writeTable(input.io, ['ID', 'STATUS', 'CLAIMS'], rows);
  },
};
