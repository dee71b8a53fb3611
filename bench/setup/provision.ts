import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { type Fleet, initHome, openFleet } from '../../src/fleet/index.js';

/** One enrolled device as the generator holds it. */
export interface BenchDevice {
  readonly id: string;
  readonly certPem: string;
  readonly keyPem: string;
  readonly serial: string;
  /** A broker-signed JWT; only devices of the connect pool get one. */
  readonly token?: string;
}

export interface Provisioned {
  /** Warden's home: CA, server certificate, registry. aedes and Mosquitto use its files too. */
  readonly home: string;
  /** A copy of the home whose warden.yaml says `persistence: memory`, like plain aedes. */
  readonly memoryHome: string;
  readonly caPem: string;
  /** Connect storms, publishers and the latency run draw from these. */
  readonly connectPool: readonly BenchDevice[];
  /** The idle-memory run holds these open; Warden's revocation run revokes them. */
  readonly idlePool: readonly BenchDevice[];
  /** Subscribes to every device's telemetry (policy `collector`). */
  readonly collector: BenchDevice;
  readonly seconds: number;
}

export interface ProvisionSizes {
  readonly connectPool: number;
  readonly idlePool: number;
  /** Written to both homes' warden.yaml when given; Warden's default (500 ms) otherwise. */
  readonly changeFeedPollMs?: number;
}

export const COLLECTOR_ID = 'bench-collector';
export const TELEMETRY_FILTER = 'devices/+/telemetry';
const TOKEN_TTL_SECONDS = 6 * 3600;

/**
 * The bench's warden.yaml: the default device policy, a collector allowed to read every
 * device's telemetry, and the per-address connect limit raised, since every bench connection
 * comes from loopback.
 */
function wardenYaml(
  persistence: 'level' | 'memory' | undefined,
  changeFeedPollMs: number | undefined,
): string {
  return [
    ...(persistence === undefined ? [] : [`persistence: ${persistence}`]),
    ...(changeFeedPollMs === undefined ? [] : [`changeFeedPollMs: ${changeFeedPollMs}`]),
    'limits:',
    '  maxConnectsPerAddressPerSecond: 1000000',
    'policies:',
    '  device:',
    "    publish: ['devices/{device}/#']",
    "    subscribe: ['devices/{device}/#']",
    '  collector:',
    "    publish: ['devices/{device}/#']",
    `    subscribe: ['${TELEMETRY_FILTER}']`,
    '',
  ].join('\n');
}

/** Creates a home with a CA, enrolls every bench device and mints the tokens. */
export async function provision(workDir: string, sizes: ProvisionSizes): Promise<Provisioned> {
  const started = performance.now();
  const home = join(workDir, 'home');
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'warden.yaml'), wardenYaml(undefined, sizes.changeFeedPollMs));
  const config = loadConfig({ home }, {});
  await initHome(config, {});

  const fleet = openFleet(config);
  let connectPool: BenchDevice[];
  let idlePool: BenchDevice[];
  let collector: BenchDevice;
  try {
    connectPool = await enroll(fleet, 'bench-c', sizes.connectPool, true);
    idlePool = await enroll(fleet, 'bench-i', sizes.idlePool, false);
    fleet.addDevice(COLLECTOR_ID, { role: 'collector' });
    collector = await issue(fleet, COLLECTOR_ID, false);
  } finally {
    fleet.close();
  }

  // Same CA, certificates and registry; only the persistence differs.
  const memoryHome = join(workDir, 'home-memory');
  cpSync(home, memoryHome, { recursive: true });
  writeFileSync(join(memoryHome, 'warden.yaml'), wardenYaml('memory', sizes.changeFeedPollMs));

  return {
    home,
    memoryHome,
    caPem: readFileSync(config.paths.caCert, 'utf8'),
    connectPool,
    idlePool,
    collector,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Key generation and signing run on libuv's pool, so a few at once use both cores. */
const ENROLL_CONCURRENCY = 8;

async function enroll(fleet: Fleet, prefix: string, count: number, withToken: boolean) {
  const devices: BenchDevice[] = [];
  for (let start = 0; start < count; start += ENROLL_CONCURRENCY) {
    const ids: string[] = [];
    for (let index = start; index < Math.min(count, start + ENROLL_CONCURRENCY); index += 1) {
      ids.push(`${prefix}-${String(index).padStart(5, '0')}`);
    }
    for (const id of ids) fleet.addDevice(id);
    devices.push(...(await Promise.all(ids.map((id) => issue(fleet, id, withToken)))));
  }
  return devices;
}

async function issue(fleet: Fleet, id: string, withToken: boolean): Promise<BenchDevice> {
  const issued = await fleet.issueCertificate({ deviceId: id, keyType: 'ec-p256' });
  if (issued.keyPem === undefined) throw new Error(`no key generated for ${id}`);
  const device = { id, certPem: issued.certPem, keyPem: issued.keyPem, serial: issued.serial };
  if (!withToken) return device;
  const minted = await fleet.mintToken({ deviceId: id, ttlSeconds: TOKEN_TTL_SECONDS });
  return { ...device, token: minted.token };
}
