import { readFileSync } from 'node:fs';
import type { PathsConfig } from '../config/index.js';
import { WardenError } from '../core/index.js';
import { type LoadedCa, loadCa } from '../pki/index.js';

/** Loads the CA of a home; throws ERR_HOME_NOT_INITIALIZED or ERR_PKI_CA_INVALID. */
export async function loadHomeCa(paths: PathsConfig): Promise<LoadedCa> {
  const certPem = readCaFile(paths.caCert);
  const keyPem = readCaFile(paths.caKey);
  return loadCa(certPem, keyPem);
}

function readCaFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new WardenError(
        'ERR_HOME_NOT_INITIALIZED',
        `no CA at ${path}: run \`warden init\` first`,
        { cause: error },
      );
    }
    throw new WardenError('ERR_PKI_CA_INVALID', `cannot read ${path}`, { cause: error });
  }
}
