import { parseDurationSeconds } from '../../core/index.js';
import type { Command } from '../command.js';
import { writeJson, writeLine } from '../output.js';
import { deviceIdOperand } from './shared.js';

export const token: Command = {
  name: 'token',
  summary: "mint a JWT for a device, signed by the broker's key",
  synopsis: 'ID [--ttl DURATION] [--aud AUDIENCE]',
  operands: [deviceIdOperand],
  options: {
    ttl: {
      type: 'string',
      value: 'DURATION',
      description: 'lifetime such as 30s, 10m or 24h (default token.defaultTtl, 1h)',
    },
    aud: { type: 'string', value: 'AUDIENCE', description: 'audience (default token.audience)' },
  },
  async run(input) {
    const deviceId = input.operands['ID']!;
    const ttl = input.string('ttl');
    const ttlSeconds = ttl === undefined ? undefined : parseDurationSeconds(ttl);
    const audience = input.string('aud');

    const minted = await input.withFleet((fleet) =>
      fleet.mintToken({ deviceId, ttlSeconds, audience }),
    );
    if (input.json) writeJson(input.io, minted);
    else writeLine(input.io, minted.token);
  },
};
