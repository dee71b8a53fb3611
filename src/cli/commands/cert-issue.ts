import { assertDeviceId, WardenError } from '../../core/index.js';
import {
  DEFAULT_CERTIFICATE_DAYS,
  type IssuedCertificate,
  keyTypes,
  PRIVATE_FILE_MODE,
  PUBLIC_FILE_MODE,
} from '../../fleet/index.js';
import type { Command, CommandInput } from '../command.js';
import { assertCanCreate, readInputFile, writeNewFile } from '../files.js';
import { formatTime, writeJson, writeLine } from '../output.js';
import { UsageError } from '../usage-error.js';
import { deviceIdOperand } from './shared.js';

const WHOLE_NUMBER = /^[0-9]{1,6}$/;

interface OutputFiles {
  readonly certificate: string;
  readonly privateKey: string;
}

export const certIssue: Command = {
  name: 'cert issue',
  summary: 'issue a client certificate for a device, from its CSR or a new key pair',
  synopsis: `ID (--csr FILE | --key-type ${keyTypes.join('|')}) [--days N] [--out PREFIX]`,
  operands: [deviceIdOperand],
  options: {
    csr: { type: 'string', value: 'FILE', description: 'a PKCS#10 request, PEM or DER' },
    'key-type': {
      type: 'string',
      value: 'TYPE',
      description: 'generate the key pair instead and write it to PREFIX.key (0600)',
    },
    days: {
      type: 'string',
      value: 'N',
      description: `validity in days (default ${DEFAULT_CERTIFICATE_DAYS})`,
    },
    out: {
      type: 'string',
      value: 'PREFIX',
      description: 'write PREFIX.crt and PREFIX.key (default: the device id, here)',
    },
  },
  async run(input) {
    const deviceId = input.operands['ID']!;
    // Checked before it names the output files: an id like `../x` never becomes a path.
    assertDeviceId(deviceId);
    const csrPath = input.string('csr');
    const keyType = input.string('key-type');
    if ((csrPath === undefined) === (keyType === undefined)) {
      throw new UsageError('give either --csr FILE or --key-type TYPE', 'cert issue');
    }
    const days = readDays(input.string('days'));

    // Every refusal comes before the fleet signs anything, so a refused command records nothing.
    const files = outputFiles(input, deviceId, csrPath === undefined);
    const csr = csrPath === undefined ? undefined : readInputFile(input.resolvePath(csrPath));

    const issued = await input.withFleet((fleet) =>
      fleet.issueCertificate({ deviceId, csr, keyType, days }),
    );
    writeIssuedFiles(issued, files);
    report(input, issued, files);
  },
};

function readDays(text: string | undefined): number {
  if (text === undefined) return DEFAULT_CERTIFICATE_DAYS;
  if (WHOLE_NUMBER.test(text)) return Number(text);
  throw new WardenError(
    'ERR_INVALID_ARGUMENT',
    `--days must be a whole number, not ${JSON.stringify(text)}`,
  );
}

function outputFiles(input: CommandInput, deviceId: string, withKey: boolean): OutputFiles {
  const prefix = input.resolvePath(input.string('out') ?? deviceId);
  const files = { certificate: `${prefix}.crt`, privateKey: `${prefix}.key` };
  assertCanCreate(withKey ? [files.certificate, files.privateKey] : [files.certificate]);
  return files;
}

// The key first: a certificate on disk always has its key beside it.
function writeIssuedFiles(issued: IssuedCertificate, files: OutputFiles): void {
  if (issued.keyPem !== undefined) {
    writeNewFile(files.privateKey, issued.keyPem, PRIVATE_FILE_MODE);
  }
  writeNewFile(files.certificate, issued.certPem, PUBLIC_FILE_MODE);
}

function report(input: CommandInput, issued: IssuedCertificate, files: OutputFiles): void {
  const privateKeyFile = issued.keyPem === undefined ? undefined : files.privateKey;
  if (input.json) {
    const { certPem: _certPem, keyPem: _keyPem, ...record } = issued;
    writeJson(input.io, { ...record, certificateFile: files.certificate, privateKeyFile });
    return;
  }

  writeLine(input.io, `serial       ${issued.serial}`);
  writeLine(input.io, `sha256       ${issued.fingerprint}`);
  writeLine(input.io, `not after    ${formatTime(issued.notAfter)}`);
  writeLine(input.io, `certificate  ${files.certificate}`);
  if (privateKeyFile !== undefined) writeLine(input.io, `private key  ${privateKeyFile}`);
}
