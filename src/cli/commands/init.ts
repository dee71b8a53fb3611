import { relative } from 'node:path';
import { type InitResult, initHome, keyTypes } from '../../fleet/index.js';
import type { Command, CommandInput } from '../command.js';
import { writeJson, writeLine } from '../output.js';

export const init: Command = {
  name: 'init',
  summary: 'create the CA, the broker certificate, the token key and the registry',
  synopsis: `[--force] [--san NAME]... [--key-type ${keyTypes.join('|')}]`,
  operands: [],
  options: {
    force: {
      type: 'boolean',
      description: 'replace an existing CA, server certificate and token key (keeps the registry)',
    },
    san: {
      type: 'string',
      multiple: true,
      value: 'NAME',
      description: 'another DNS name or IP address for the server certificate',
    },
    'key-type': { type: 'string', value: 'TYPE', description: 'the CA key type (default ec-p256)' },
  },
  async run(input) {
    const result = await initHome(input.loadConfig(), {
      force: input.flag('force'),
      sans: input.strings('san'),
      keyType: input.string('key-type'),
    });
    if (input.json) writeJson(input.io, result);
    else report(input, result);
  },
};

function report(input: CommandInput, result: InitResult): void {
  const show = (path: string) => relative(result.home, path);
  const verb = result.replaced ? 'replaced the CA in' : 'initialized';
  writeLine(input.io, `${verb} ${result.home}`);
  writeLine(
    input.io,
    `  CA           ${show(result.caCert)} (${result.keyType}, sha256 ${result.caFingerprint})`,
  );
  writeLine(input.io, `  server       ${show(result.serverCert)} for ${result.sans.join(', ')}`);
  writeLine(input.io, `  token key    ${show(result.tokenKey)}`);
  const registry = result.registryKept ? 'kept as it was' : 'created';
  writeLine(input.io, `  registry     ${show(result.database)} (${registry})`);
  if (result.replaced && result.registryKept) {
    writeLine(input.io, 'note: certificates issued under the old CA no longer verify;');
    writeLine(input.io, '      reissue them with `warden cert issue`');
  }
}
