import type { Device } from '../../fleet/index.js';
import type { Command } from '../command.js';
import { writeJson, writeLine } from '../output.js';
import { deviceIdOperand } from './shared.js';

export const deviceDisable: Command = {
  name: 'device disable',
  summary: 'refuse a device: its connections close and new ones are refused',
  synopsis: 'ID',
  operands: [deviceIdOperand],
  options: {},
  async run(input) {
    const id = input.operands['ID']!;
    const device = await input.withFleet((fleet) => fleet.disableDevice(id));
    report(input, device, 'disabled');
  },
};

export const deviceEnable: Command = {
  name: 'device enable',
  summary: 'let a disabled device connect again',
  synopsis: 'ID',
  operands: [deviceIdOperand],
  options: {},
  async run(input) {
    const id = input.operands['ID']!;
    const device = await input.withFleet((fleet) => fleet.enableDevice(id));
    report(input, device, 'enabled');
  },
};

function report(input: Parameters<Command['run']>[0], device: Device, verb: string): void {
  if (input.json) writeJson(input.io, device);
  else writeLine(input.io, `${verb} device ${device.id}`);
}
