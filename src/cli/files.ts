import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { WardenError } from '../core/index.js';
import { writeFileWithMode } from '../fleet/index.js';

/** Anything read from the command line is small; refuse to slurp a huge file by mistake. */
const INPUT_MAX_BYTES = 1024 * 1024;

/** Reads a file named on the command line; throws ERR_FILE_NOT_FOUND or ERR_FILE_UNREADABLE. */
export function readInputFile(path: string): Buffer {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new WardenError('ERR_FILE_NOT_FOUND', `cannot read ${path}: no such file`, {
        cause: error,
      });
    }
    throw new WardenError('ERR_FILE_UNREADABLE', `cannot read ${path}: ${code ?? 'error'}`, {
      cause: error,
    });
  }
  if (data.length > INPUT_MAX_BYTES) {
    throw new WardenError('ERR_FILE_UNREADABLE', `cannot read ${path}: larger than 1 MiB`);
  }
  return data;
}

/**
 * Checks, before anything is done, that each of `paths` can be created: it does not exist yet and
 * its directory does. Throws ERR_FILE_EXISTS or ERR_FILE_UNWRITABLE.
 */
export function assertCanCreate(paths: readonly string[]): void {
  for (const path of paths) {
    if (existsSync(path)) {
      throw new WardenError(
        'ERR_FILE_EXISTS',
        `${path} already exists: move it away or choose another --out`,
      );
    }
    const directory = dirname(path);
    if (!statSync(directory, { throwIfNoEntry: false })?.isDirectory()) {
      throw new WardenError(
        'ERR_FILE_UNWRITABLE',
        `cannot write ${path}: no directory ${directory}`,
      );
    }
  }
}

/** Creates a new file with `mode`; throws ERR_FILE_EXISTS rather than overwrite one. */
export function writeNewFile(path: string, data: string | Uint8Array, mode: number): void {
  try {
    writeFileWithMode(path, data, mode, true);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new WardenError('ERR_FILE_EXISTS', `${path} already exists: move it away first`, {
        cause: error,
      });
    }
    throw new WardenError('ERR_FILE_UNWRITABLE', `cannot write ${path}: ${code ?? 'error'}`, {
      cause: error,
    });
  }
}
