import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Config, PathsConfig } from '../config/index.js';
import { WardenError } from '../core/index.js';
import {
  createCa,
  generateTokenKeyPem,
  isKeyType,
  issueServerCertificate,
  type KeyType,
  keyTypes,
  loadCa,
} from '../pki/index.js';
import { openRegistry } from '../registry/index.js';
import { hasCa } from './home-state.js';
import { PRIVATE_FILE_MODE, PUBLIC_FILE_MODE, replaceFile } from './private-file.js';

/** Only the owner may enter the directory that holds the private keys. */
const CERTS_DIR_MODE = 0o700;
const DATA_DIR_MODE = 0o700;
/** The names the broker answers on before any `--san`. */
const DEFAULT_SANS = ['localhost', '127.0.0.1', '::1'];
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;

export interface InitOptions {
  /** Replace an existing CA, server certificate and token key; the registry is kept. */
  readonly force?: boolean;
  /** Extra names for the server certificate. */
  readonly sans?: readonly string[];
  /** The CA's key type, one of `keyTypes`; default `ec-p256`. The server key is always EC P-256. */
  readonly keyType?: string;
  /** Who acts, for the audit trail; default the OS user. */
  readonly actor?: string;
}

export interface InitResult {
  readonly home: string;
  readonly caCert: string;
  readonly serverCert: string;
  readonly tokenKey: string;
  readonly database: string;
  readonly keyType: KeyType;
  readonly sans: readonly string[];
  /** SHA-256 of the new CA certificate, lowercase hexadecimal. */
  readonly caFingerprint: string;
  /** True when an existing CA was replaced (`force`). */
  readonly replaced: boolean;
  /** True when a registry was already there and was kept as it was. */
  readonly registryKept: boolean;
}

interface HomeMaterial {
  ca: { certPem: string; keyPem: string; fingerprint: string };
  server: { certPem: string; keyPem: string };
  tokenKeyPem: string;
}

/**
 * Prepares a home: check it → make the CA, the server certificate and the token key in memory →
 * write them (keys 0600 in a 0700 directory) → create or keep the registry → audit. Throws
 * ERR_HOME_ALREADY_INITIALIZED (without `force`), ERR_PKI_KEY_UNSUPPORTED, ERR_PKI_SAN_INVALID.
 */
export async function initHome(config: Config, options: InitOptions = {}): Promise<InitResult> {
  const { paths } = config;
  const keyType = checkKeyType(options.keyType ?? 'ec-p256');
  const replaced = refuseExistingCa(paths, options.force === true);
  const sans = serverNames(options.sans ?? []);

  const material = await createMaterial(keyType, sans);
  makeDirectories(paths);
  const registryKept = existsSync(paths.database);
  writeMaterial(paths, material);
  recordInit(paths, options.actor, {
    keyType,
    sans,
    caFingerprint: material.ca.fingerprint,
    replaced,
    registryKept,
  });

  return {
    home: paths.home,
    caCert: paths.caCert,
    serverCert: paths.serverCert,
    tokenKey: paths.tokenKey,
    database: paths.database,
    keyType,
    sans,
    caFingerprint: material.ca.fingerprint,
    replaced,
    registryKept,
  };
}

/**
 * Initializes a home only when it holds no CA yet, as `npm start` does on a first run; returns
 * what it did, or undefined when the home was already initialized.
 */
export async function ensureHome(config: Config): Promise<InitResult | undefined> {
  if (hasCa(config.paths)) return undefined;
  return initHome(config);
}

function checkKeyType(keyType: unknown): KeyType {
  if (isKeyType(keyType)) return keyType;
  throw new WardenError(
    'ERR_PKI_KEY_UNSUPPORTED',
    `unsupported key type ${JSON.stringify(keyType)}: use one of ${keyTypes.join(', ')}`,
  );
}

function refuseExistingCa(paths: PathsConfig, force: boolean): boolean {
  if (!hasCa(paths)) return false;
  if (force) return true;
  throw new WardenError(
    'ERR_HOME_ALREADY_INITIALIZED',
    `${paths.home} already holds a CA (${paths.caCert}): use --force to replace it`,
  );
}

function serverNames(extra: readonly string[]): string[] {
  const host = hostname();
  const names = HOST_NAME.test(host) ? [...DEFAULT_SANS, host] : [...DEFAULT_SANS];
  return [...new Set([...names, ...extra])];
}

async function createMaterial(keyType: KeyType, sans: string[]): Promise<HomeMaterial> {
  const caMaterial = await createCa({ keyType });
  const ca = await loadCa(caMaterial.certPem, caMaterial.keyPem);
  const server = await issueServerCertificate(ca, { sans, keyType: 'ec-p256' });
  return {
    ca: { ...caMaterial, fingerprint: ca.fingerprint },
    server,
    tokenKeyPem: generateTokenKeyPem(),
  };
}

function makeDirectories(paths: PathsConfig): void {
  mkdirSync(paths.certsDir, { recursive: true, mode: CERTS_DIR_MODE });
  chmodSync(paths.certsDir, CERTS_DIR_MODE);
  mkdirSync(paths.dataDir, { recursive: true, mode: DATA_DIR_MODE });
}

// Keys before certificates: a certificate on disk always has its key beside it.
function writeMaterial(paths: PathsConfig, material: HomeMaterial): void {
  replaceFile(paths.caKey, material.ca.keyPem, PRIVATE_FILE_MODE);
  replaceFile(paths.caCert, material.ca.certPem, PUBLIC_FILE_MODE);
  replaceFile(paths.serverKey, material.server.keyPem, PRIVATE_FILE_MODE);
  replaceFile(paths.serverCert, material.server.certPem, PUBLIC_FILE_MODE);
  replaceFile(paths.tokenKey, material.tokenKeyPem, PRIVATE_FILE_MODE);
}

function recordInit(
  paths: PathsConfig,
  actor: string | undefined,
  detail: Record<string, unknown>,
): void {
  const registry = openRegistry(paths.database);
  try {
    const action = detail['replaced'] === true ? 'home.reinit' : 'home.init';
    registry.appendAudit({
      action,
      deviceId: null,
      detail,
      ...(actor === undefined ? {} : { actor }),
    });
  } finally {
    registry.close();
  }
}
