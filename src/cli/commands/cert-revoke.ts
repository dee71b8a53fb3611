import { fleetRevocationReasons } from '../../fleet/index.js';
import type { Command } from '../command.js';
import { writeJson, writeLine } from '../output.js';
import { UsageError } from '../usage-error.js';

export const certRevoke: Command = {
  name: 'cert revoke',
  summary: 'revoke a certificate, or every certificate of a device',
  synopsis: '(SERIAL | --device ID) [--reason REASON]',
  operands: [{ name: 'SERIAL', optional: true }],
  options: {
    device: { type: 'string', value: 'ID', description: 'revoke every valid certificate of ID' },
    reason: {
      type: 'string',
      value: 'REASON',
      description: `one of ${fleetRevocationReasons.join(', ')} (default unspecified)`,
    },
  },
  async run(input) {
    const serial = input.operands['SERIAL'];
    const deviceId = input.string('device');
    if ((serial === undefined) === (deviceId === undefined)) {
      throw new UsageError('give either a SERIAL or --device ID', 'cert revoke');
    }
    const reason = input.string('reason');

    const revoked = await input.withFleet((fleet) =>
      deviceId === undefined
        ? [fleet.revokeCertificate(serial!, reason)]
        : fleet.revokeDeviceCertificates(deviceId, reason),
    );
    if (input.json) writeJson(input.io, revoked);
    else for (const certificate of revoked) writeLine(input.io, `revoked ${certificate.serial}`);
  },
};
