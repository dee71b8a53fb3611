import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { type Config, loadConfig } from '../../src/config/index.js';
import { type Fleet, initHome, openFleet } from '../../src/fleet/index.js';
import { openRegistry } from '../../src/registry/index.js';

/** A fresh empty directory, removed after the test. */
export function makeTempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-fleet-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The config of a home in `dir`, ignoring the environment. */
export function homeConfig(dir: string): Config {
  return loadConfig({ home: dir }, {});
}

export interface FleetHome {
  readonly dir: string;
  readonly config: Config;
  readonly fleet: Fleet;
}

/** An initialized home with its fleet open; both go away after the test. */
export async function createFleetHome(t: TestContext): Promise<FleetHome> {
  const dir = makeTempDir(t);
  const config = homeConfig(dir);
  await initHome(config);
  const fleet = openFleet(config);
  t.after(() => fleet.close());
  return { dir, config, fleet };
}

/** Everything the registry holds that an operation could change, read through its own door. */
export function registrySnapshot(databasePath: string) {
  const registry = openRegistry(databasePath, { fileMustExist: true });
  try {
    const devices = registry.listDevices();
    return {
      devices,
      certificates: registry.listCertificates(),
      keys: devices.map((device) => registry.listDeviceKeys(device.id)),
      audit: registry.listAudit(),
      changes: registry.readChanges(0),
    };
  } finally {
    registry.close();
  }
}

export function fileMode(path: string): number {
  return statSync(path).mode & 0o777;
}

/** Runs openssl; answers its exit status and output, never throws. */
export function openssl(args: readonly string[]) {
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A PKCS#10 request from `openssl req`: `key` like `ec:P-256` or `rsa:1024`. Returns PEM. */
export function opensslCsr(
  dir: string,
  name: string,
  key: string,
  subject = '/CN=untrusted',
): string {
  const csr = join(dir, `${name}.csr`);
  const keyArgs = key.startsWith('ec:')
    ? ['-newkey', 'ec', '-pkeyopt', `ec_paramgen_curve:${key.slice(3)}`]
    : ['-newkey', key];
  execFileSync(
    'openssl',
    [
      'req',
      '-new',
      ...keyArgs,
      '-nodes',
      '-keyout',
      join(dir, `${name}.key`),
      '-subj',
      subject,
      '-out',
      csr,
    ],
    { stdio: 'ignore' },
  );
  return readFileSync(csr, 'utf8');
}

/** The DER of a PEM block. */
export function pemToDer(pem: string): Buffer {
  const body = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  return Buffer.from(body, 'base64');
}

/** A CSR whose signed subject was changed after signing: the signature no longer verifies. */
export function tamperedCsr(pem: string, marker: string): Buffer {
  const der = pemToDer(pem);
  const at = der.indexOf(Buffer.from(marker));
  if (at < 0) throw new Error(`marker ${marker} not in the CSR`);
  der[at] = der[at]! ^ 0x20;
  return der;
}
