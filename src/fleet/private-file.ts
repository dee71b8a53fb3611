import { chmodSync, closeSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/** Owner read and write only: the mode of every private key Warden writes. */
export const PRIVATE_FILE_MODE = 0o600;
/** World-readable: certificates are public. */
export const PUBLIC_FILE_MODE = 0o644;

/**
 * Writes `data` to `path` with `mode`. The mode is given at open and set again with chmod,
 * because open applies the umask and keeps the mode of a file that already exists.
 * With `exclusive`, throws EEXIST rather than replace an existing file.
 */
export function writeFileWithMode(
  path: string,
  data: string | Uint8Array,
  mode: number,
  exclusive = false,
): void {
  const fd = openSync(path, exclusive ? 'wx' : 'w', mode);
  try {
    writeFileSync(fd, data);
  } finally {
    closeSync(fd);
  }
  chmodSync(path, mode);
}

/**
 * Replaces `path` atomically: readers see the old file or the new one, never a half-written one.
 */
export function replaceFile(path: string, data: string | Uint8Array, mode: number): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileWithMode(temporary, data, mode);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
