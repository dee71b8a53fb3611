import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from '../log/index.js';

/** What the caller can do with a watch: stop it. */
export interface RegistryWatch {
  close(): void;
}

/**
 * Calls `onChange` when the registry's database file, its WAL or its journal is written, by
 * this process or another (the CLI). SQLite in WAL mode appends each commit to `<db>-wal`
 * with write(2), which inotify reports; reads touch only the memory-mapped `-shm`, which it
 * does not, so a broker that only reads is not woken by itself. The directory is watched, not
 * the files, because the WAL is created and deleted as connections come and go.
 *
 * Returns undefined when the platform or file system cannot watch (network file systems, some
 * containers): the caller's poll then does all the work. A watch that fails later is closed
 * and logged, with the same fallback.
 */
export function watchRegistry(
  databasePath: string,
  onChange: () => void,
  log: Logger,
): RegistryWatch | undefined {
  const name = basename(databasePath);
  let watcher: FSWatcher;
  try {
    watcher = watch(dirname(databasePath), { persistent: false }, (_event, file) => {
      // Some platforms give no file name; any change in the directory then counts.
      if (file === null || file.startsWith(name)) onChange();
    });
  } catch (error) {
    log.warn({ err: error }, 'registry file watch unavailable, changes are polled only');
    return undefined;
  }
  watcher.on('error', (error) => {
    log.warn({ err: error }, 'registry file watch failed, changes are polled only');
    watcher.close();
  });
  return { close: () => watcher.close() };
}
