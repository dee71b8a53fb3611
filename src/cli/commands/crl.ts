import { PUBLIC_FILE_MODE, replaceFile } from '../../fleet/index.js';
import type { Command } from '../command.js';
import { writeJson, writeLine } from '../output.js';
import { UsageError } from '../usage-error.js';

export const crl: Command = {
  name: 'crl',
  summary: 'write a CRL signed by the CA listing every revoked certificate',
  synopsis: '[--out FILE] [--der]',
  operands: [],
  options: {
    out: {
      type: 'string',
      value: 'FILE',
      description: 'write it to FILE (default: PEM on stdout)',
    },
    der: { type: 'boolean', description: 'write DER instead of PEM (needs --out)' },
  },
  async run(input) {
    const out = input.string('out');
    const der = input.flag('der');
    if (der && out === undefined) throw new UsageError('--der needs --out FILE', 'crl');

    const built = await input.withFleet((fleet) => fleet.buildCrl());
    if (out === undefined) {
      if (input.json) writeJson(input.io, { pem: built.pem, revoked: built.revokedCount });
      else input.io.stdout.write(built.pem.endsWith('\n') ? built.pem : `${built.pem}\n`);
      return;
    }

    const path = input.resolvePath(out);
    replaceFile(path, der ? built.der : built.pem, PUBLIC_FILE_MODE);
    const format = der ? 'DER' : 'PEM';
    if (input.json) writeJson(input.io, { file: path, format, revoked: built.revokedCount });
    else writeLine(input.io, `wrote ${path} (${format}, ${built.revokedCount} revoked)`);
  },
};
