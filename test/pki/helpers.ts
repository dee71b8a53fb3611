import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { KeyType, LoadedCa } from '../../src/pki/index.js';
import { createCa, loadCa } from '../../src/pki/index.js';

const OPENSSL = '/usr/bin/openssl';

export interface OpensslResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A scratch directory removed when the test ends. */
export function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-pki-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs the openssl CLI in `dir` and reports what happened, without throwing. */
export function runOpenssl(dir: string, args: string[]): OpensslResult {
  const result = spawnSync(OPENSSL, args, { cwd: dir, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the openssl CLI in `dir`; throws with its stderr when it fails. */
export function openssl(dir: string, args: string[]): string {
  const result = runOpenssl(dir, args);
  if (result.status !== 0) {
    throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`);
  }
  return result.stdout;
}

/** The `-newkey` and `-pkeyopt` arguments of `openssl req` for each kind of test key. */
export const csrKeyArgs = {
  'ec-p256': ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  'ec-p384': ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'],
  secp256k1: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:secp256k1'],
  'rsa-1024': ['-newkey', 'rsa:1024'],
  'rsa-2048': ['-newkey', 'rsa:2048'],
  ed25519: ['-newkey', 'ed25519'],
} as const;

export type CsrKind = keyof typeof csrKeyArgs;

/** Makes `NAME.key` and `NAME.csr` (PEM) with openssl, subject CN=evil; returns the CSR path. */
export function makeCsr(dir: string, name: string, kind: CsrKind): string {
  const csrPath = join(dir, `${name}.csr`);
  openssl(dir, [
    'req',
    '-new',
    ...csrKeyArgs[kind],
    '-nodes',
    '-subj',
    '/CN=evil/O=Attacker',
    '-keyout',
    join(dir, `${name}.key`),
    '-out',
    csrPath,
  ]);
  return csrPath;
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Writes `text` to `dir/name` and returns the path. */
export function writeText(dir: string, name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export interface TestCa {
  ca: LoadedCa;
  certPem: string;
  keyPem: string;
}

export async function newCa(keyType: KeyType = 'ec-p256', now?: Date): Promise<TestCa> {
  const material = await createCa({ keyType, now });
  const ca = await loadCa(material.certPem, material.keyPem);
  return { ca, certPem: material.certPem, keyPem: material.keyPem };
}

/** Extensions of a client certificate, as openssl config lines. */
export const CLIENT_EXTENSIONS = [
  'basicConstraints=critical,CA:FALSE',
  'keyUsage=critical,digitalSignature',
  'extendedKeyUsage=clientAuth',
];

/** Signs `csrPath` with the CA through openssl, with the extensions in `extensions` (cnf lines). */
export function signWithOpenssl(
  dir: string,
  testCa: TestCa,
  csrPath: string,
  extensions: string[],
): string {
  const caCert = writeText(dir, 'openssl-ca.pem', testCa.certPem);
  const caKey = writeText(dir, 'openssl-ca.key', testCa.keyPem);
  const extFile = writeText(dir, 'openssl-ext.cnf', `${extensions.join('\n')}\n`);
  const certPath = `${csrPath}.pem`;
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    csrPath,
    '-CA',
    caCert,
    '-CAkey',
    caKey,
    '-set_serial',
    '0x1234abcd',
    '-days',
    '30',
    '-extfile',
    extFile,
    '-out',
    certPath,
  ]);
  return readText(certPath);
}
