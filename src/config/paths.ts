import { join, resolve } from 'node:path';
import type { PathsConfig } from './types.js';

/** Resolves the home directory: the flag, else $WARDEN_HOME, else the current directory. */
export function resolveHome(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return resolve(flag ?? env['WARDEN_HOME'] ?? process.cwd());
}

export function homePaths(home: string): PathsConfig {
  const certsDir = join(home, 'certs');
  const dataDir = join(home, 'data');
  return Object.freeze({
    home,
    certsDir,
    caCert: join(certsDir, 'ca.crt'),
    caKey: join(certsDir, 'ca.key'),
    serverCert: join(certsDir, 'server.crt'),
    serverKey: join(certsDir, 'server.key'),
    tokenKey: join(certsDir, 'token.key'),
    dataDir,
    database: join(dataDir, 'warden.db'),
    persistenceDir: join(dataDir, 'mqtt'),
  });
}
