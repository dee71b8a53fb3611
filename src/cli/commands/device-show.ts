import type { DeviceDetails } from '../../fleet/index.js';
import type { Command, CommandInput } from '../command.js';
import { formatClaims, formatTime, writeJson, writeLine, writeTable } from '../output.js';
import { certificateStatus } from './certificate-status.js';
import { deviceIdOperand } from './shared.js';

export const deviceShow: Command = {
  name: 'device show',
  summary: 'show a device with its certificates and keys',
  synopsis: 'ID',
  operands: [deviceIdOperand],
  options: {},
  async run(input) {
    const id = input.operands['ID']!;
    const details = await input.withFleet((fleet) => fleet.describeDevice(id));
    if (input.json) writeJson(input.io, details);
    else report(input, details);
  },
};

function report(input: CommandInput, details: DeviceDetails): void {
  const { io } = input;
  writeLine(io, `id        ${details.id}`);
  writeLine(io, `status    ${details.status}`);
  writeLine(io, `claims    ${formatClaims(details.claims)}`);
  writeLine(io, `created   ${formatTime(details.createdAt)}`);
  writeLine(io, `updated   ${formatTime(details.updatedAt)}`);

  writeLine(io, '');
  writeLine(io, `certificates (${details.certificates.length})`);
  const now = new Date();
  const certificateRows = details.certificates.map((certificate) => [
    certificate.serial,
    formatTime(certificate.notAfter),
    certificateStatus(certificate, now),
  ]);
  if (certificateRows.length > 0)
    writeTable(io, ['SERIAL', 'NOT AFTER', 'STATUS'], certificateRows);

  writeLine(io, '');
  writeLine(io, `keys (${details.keys.length})`);
  const keyRows = details.keys.map((key) => [key.kid, key.alg, formatTime(key.createdAt)]);
  if (keyRows.length > 0) writeTable(io, ['KID', 'ALG', 'ADDED'], keyRows);
}
