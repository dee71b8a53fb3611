import type { Command } from '../command.js';
import { formatTime, writeJson, writeTable } from '../output.js';
import { certificateStatus } from './certificate-status.js';

export const certList: Command = {
  name: 'cert list',
  summary: 'list issued certificates',
  synopsis: '[--device ID]',
  operands: [],
  options: {
    device: { type: 'string', value: 'ID', description: 'only the certificates of this device' },
  },
  async run(input) {
    const deviceId = input.string('device');
    const certificates = await input.withFleet((fleet) =>
      fleet.listCertificates(deviceId === undefined ? {} : { deviceId }),
    );
    if (input.json) {
      writeJson(input.io, certificates);
      return;
    }

    const now = new Date();
    const rows = certificates.map((certificate) => [
      certificate.serial,
      certificate.deviceId,
      formatTime(certificate.notAfter),
      certificateStatus(certificate, now),
    ]);
    writeTable(input.io, ['SERIAL', 'DEVICE', 'NOT AFTER', 'STATUS'], rows);
  },
};
