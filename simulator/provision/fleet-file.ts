import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { PRIVATE_FILE_MODE, replaceFile } from '../../src/fleet/index.js';
import { SimulationError } from '../errors.js';

/** One identity as the fleet file stores it; credential paths are relative to the file. */
export interface FleetEntry {
  readonly id: string;
  readonly auth: 'cert' | 'jwt';
  readonly role: string;
  readonly site: string;
  readonly group: string;
  readonly cert?: string;
  readonly key?: string;
  /** A secret: the fleet file is written 0600 for it. */
  readonly token?: string;
  readonly tokenIssuedAt?: string;
  readonly tokenExpiresAt?: string;
}

/** What provisioning leaves for later runs: every identity and where its credential is. */
export interface FleetFile {
  readonly version: 1;
  readonly createdAt: string;
  readonly prefix: string;
  readonly monitor: FleetEntry;
  readonly commander: FleetEntry;
  readonly devices: readonly FleetEntry[];
}

/** A fleet entry with its credential read into memory. */
export interface DeviceIdentity {
  readonly id: string;
  readonly auth: 'cert' | 'jwt';
  readonly role: string;
  readonly site: string;
  readonly group: string;
  readonly certPem?: string;
  readonly keyPem?: string;
  readonly token?: HeldToken;
}

export interface HeldToken {
  readonly value: string;
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
}

export interface LoadedFleet {
  readonly prefix: string;
  readonly monitor: DeviceIdentity;
  readonly commander: DeviceIdentity;
  readonly devices: readonly DeviceIdentity[];
}

/** Writes the fleet file atomically, owner-only: it holds tokens. */
export function writeFleetFile(path: string, file: FleetFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  replaceFile(path, `${JSON.stringify(file, null, 1)}\n`, PRIVATE_FILE_MODE);
}

/**
 * Reads a fleet file and the first `count` devices' credentials (all when absent). Throws
 * ERR_SIM_FLEET_FILE when the file or a credential is missing or malformed.
 */
export function readFleetFile(path: string, count?: number): LoadedFleet {
  const file = parseFleetFile(path);
  if (count !== undefined && count > file.devices.length) {
    throw new SimulationError(
      'ERR_SIM_FLEET_FILE',
      `${path} holds ${file.devices.length} devices, fewer than the ${count} asked for ` +
        '(provision more with --provision)',
    );
  }

  const base = dirname(path);
  const devices = file.devices.slice(0, count ?? file.devices.length);
  return {
    prefix: file.prefix,
    monitor: loadIdentity(file.monitor, base),
    commander: loadIdentity(file.commander, base),
    devices: devices.map((entry) => loadIdentity(entry, base)),
  };
}

function parseFleetFile(path: string): FleetFile {
  let file: FleetFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as FleetFile;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const hint = missing ? ' (create one with --provision)' : '';
    throw new SimulationError('ERR_SIM_FLEET_FILE', `cannot read fleet file ${path}${hint}`, {
      cause: error,
    });
  }
  const valid =
    file?.version === 1 &&
    Array.isArray(file.devices) &&
    isEntry(file.monitor) &&
    isEntry(file.commander);
  if (!valid || !file.devices.every(isEntry)) {
    throw new SimulationError('ERR_SIM_FLEET_FILE', `${path} is not a Warden fleet file`);
  }
  return file;
}

function isEntry(value: unknown): value is FleetEntry {
  const entry = value as FleetEntry | null;
  return (
    typeof entry?.id === 'string' &&
    (entry.auth === 'cert' || entry.auth === 'jwt') &&
    (entry.auth === 'jwt' || (typeof entry.cert === 'string' && typeof entry.key === 'string'))
  );
}

function loadIdentity(entry: FleetEntry, base: string): DeviceIdentity {
  const { id, auth, role, site, group } = entry;
  const identity = { id, auth, role, site, group };
  if (auth === 'cert') {
    return {
      ...identity,
      certPem: readCredential(base, entry.cert!),
      keyPem: readCredential(base, entry.key!),
    };
  }
  return { ...identity, ...(readToken(entry) ?? {}) };
}

function readToken(entry: FleetEntry): { token: HeldToken } | undefined {
  const issuedAtMs = Date.parse(entry.tokenIssuedAt ?? '');
  const expiresAtMs = Date.parse(entry.tokenExpiresAt ?? '');
  if (entry.token === undefined || Number.isNaN(issuedAtMs) || Number.isNaN(expiresAtMs)) {
    return undefined;
  }
  return { token: { value: entry.token, issuedAtMs, expiresAtMs } };
}

function readCredential(base: string, path: string): string {
  const resolved = isAbsolute(path) ? path : join(base, path);
  try {
    return readFileSync(resolved, 'utf8');
  } catch (error) {
    throw new SimulationError('ERR_SIM_FLEET_FILE', `cannot read credential ${resolved}`, {
      cause: error,
    });
  }
}
