import { WardenError } from '../../core/index.js';
import type { Command } from '../command.js';
import { readInputFile } from '../files.js';
import { writeJson, writeLine } from '../output.js';
import { UsageError } from '../usage-error.js';
import { deviceIdOperand } from './shared.js';

export const keyAdd: Command = {
  name: 'key add',
  summary: 'register a public key the device signs its own tokens with; prints its kid',
  synopsis: 'ID (--pem FILE | --jwk FILE)',
  operands: [deviceIdOperand],
  options: {
    pem: { type: 'string', value: 'FILE', description: 'a PEM public key (SubjectPublicKeyInfo)' },
    jwk: { type: 'string', value: 'FILE', description: 'a public JWK as JSON' },
  },
  async run(input) {
    const deviceId = input.operands['ID']!;
    const pemPath = input.string('pem');
    const jwkPath = input.string('jwk');
    if ((pemPath === undefined) === (jwkPath === undefined)) {
      throw new UsageError('give either --pem FILE or --jwk FILE', 'key add');
    }
    const registration =
      pemPath === undefined
        ? { deviceId, jwk: readJwk(input.resolvePath(jwkPath!)) }
        : { deviceId, pem: readInputFile(input.resolvePath(pemPath)).toString('utf8') };

    const key = await input.withFleet((fleet) => fleet.addKey(registration));
    if (input.json) writeJson(input.io, key);
    else writeLine(input.io, key.kid);
  },
};

function readJwk(path: string): unknown {
  const text = readInputFile(path).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new WardenError('ERR_KEY_INVALID', `${path} is not JSON: expected a public JWK`, {
      cause: error,
    });
  }
}
