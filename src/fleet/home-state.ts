import { existsSync } from 'node:fs';
import type { PathsConfig } from '../config/index.js';
import { WardenError } from '../core/index.js';

/** Whether `warden init` has written a CA into this home. */
export function hasCa(paths: PathsConfig): boolean {
  return existsSync(paths.caCert) || existsSync(paths.caKey);
}

/** Throws ERR_HOME_NOT_INITIALIZED, naming what is missing, unless it holds CA and registry. */
export function assertHomeInitialized(paths: PathsConfig): void {
  const missing = [paths.caCert, paths.database].find((path) => !existsSync(path));
  if (missing === undefined) return;
  throw new WardenError(
    'ERR_HOME_NOT_INITIALIZED',
    `${paths.home} is not initialized (no ${missing}): run \`warden init\` first`,
  );
}
