import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Fleet } from '../../src/fleet/index.js';
import { PRIVATE_FILE_MODE, PUBLIC_FILE_MODE, writeFileWithMode } from '../../src/fleet/index.js';
import type { FleetEntry, FleetFile } from './fleet-file.js';
import { writeFleetFile } from './fleet-file.js';
import type { PlannedIdentity } from './plan-identities.js';
import { ensureSimulatorPolicies } from './simulator-policies.js';

export interface ProvisionRequest {
  readonly fleet: Fleet;
  readonly fleetFile: string;
  readonly prefix: string;
  readonly devices: readonly PlannedIdentity[];
  readonly monitor: PlannedIdentity;
  readonly commander: PlannedIdentity;
  readonly tokenTtlSeconds: number;
}

/** How long provisioning took, as the report gives it. */
export interface ProvisioningSummary {
  readonly devices: number;
  /** Devices that were in the registry already and were given new credentials. */
  readonly reused: number;
  readonly certificates: number;
  readonly tokens: number;
  readonly policiesWritten: boolean;
  readonly seconds: {
    readonly register: number;
    readonly certificates: number;
    readonly tokens: number;
    readonly total: number;
  };
  readonly devicesPerSecond: number;
  readonly certificatesPerSecond: number;
}

/**
 * Certificates issued at once: key generation runs on libuv's thread pool, signing on the main
 * thread, so a few in flight overlap the two without letting memory grow.
 */
const CERTIFICATE_CONCURRENCY = 4;
const MS_PER_SECOND = 1000;

/**
 * Creates a simulated fleet in the home: ensure the simulator's policies → register every device
 * in one registry transaction → issue certificates → mint tokens → write the fleet file. Throws
 * the fleet's errors (ERR_DEVICE_DISABLED for a disabled device of the same id, …).
 */
export async function provisionFleet(request: ProvisionRequest): Promise<ProvisioningSummary> {
  const startedMs = performance.now();
  const { fleet } = request;
  const identities = [request.monitor, request.commander, ...request.devices];
  const policiesWritten = ensureSimulatorPolicies(fleet.config.paths.home);

  const reused = registerDevices(fleet, identities);
  const registeredMs = performance.now();

  const credentialsDir = join(dirname(request.fleetFile), 'credentials');
  mkdirSync(credentialsDir, { recursive: true, mode: 0o700 });
  const certEntries = await issueCertificates(fleet, identities, credentialsDir);
  const certifiedMs = performance.now();

  const tokenEntries = await mintTokens(fleet, identities, request.tokenTtlSeconds);
  const doneMs = performance.now();

  const entries = new Map([...certEntries, ...tokenEntries]);
  writeFleetFile(request.fleetFile, fleetFileOf(request, entries));
  return summarize(request, {
    reused,
    certificates: certEntries.size,
    tokens: tokenEntries.size,
    policiesWritten,
    marks: [startedMs, registeredMs, certifiedMs, doneMs],
  });
}

/** Adds the devices that are missing and sets every device's claims, in one transaction. */
function registerDevices(fleet: Fleet, identities: readonly PlannedIdentity[]): number {
  let reused = 0;
  fleet.registry.transaction(() => {
    for (const identity of identities) {
      const claims = { role: identity.role, site: identity.site };
      if (fleet.registry.getDevice(identity.id) === undefined) {
        fleet.addDevice(identity.id, claims);
        continue;
      }
      fleet.updateClaims(identity.id, { set: claims });
      reused += 1;
    }
  });
  return reused;
}

async function issueCertificates(
  fleet: Fleet,
  identities: readonly PlannedIdentity[],
  dir: string,
): Promise<Map<string, FleetEntry>> {
  const wanted = identities.filter((identity) => identity.auth === 'cert');
  const entries = new Map<string, FleetEntry>();
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < wanted.length; index = next++) {
      const identity = wanted[index]!;
      const issued = await fleet.issueCertificate({ deviceId: identity.id, keyType: 'ec-p256' });
      writeFileWithMode(join(dir, `${identity.id}.crt`), issued.certPem, PUBLIC_FILE_MODE);
      writeFileWithMode(join(dir, `${identity.id}.key`), issued.keyPem ?? '', PRIVATE_FILE_MODE);
      const paths = {
        cert: `credentials/${identity.id}.crt`,
        key: `credentials/${identity.id}.key`,
      };
      entries.set(identity.id, { ...entryOf(identity), ...paths });
    }
  };
  await Promise.all(Array.from({ length: CERTIFICATE_CONCURRENCY }, worker));
  return entries;
}

async function mintTokens(
  fleet: Fleet,
  identities: readonly PlannedIdentity[],
  ttlSeconds: number,
): Promise<Map<string, FleetEntry>> {
  const entries = new Map<string, FleetEntry>();
  for (const identity of identities.filter((candidate) => candidate.auth === 'jwt')) {
    const minted = await fleet.mintToken({ deviceId: identity.id, ttlSeconds });
    entries.set(identity.id, {
      ...entryOf(identity),
      token: minted.token,
      tokenIssuedAt: minted.issuedAt.toISOString(),
      tokenExpiresAt: minted.expiresAt.toISOString(),
    });
  }
  return entries;
}

function entryOf(identity: PlannedIdentity): FleetEntry {
  const { id, auth, role, site, group } = identity;
  return { id, auth, role, site, group };
}

function fleetFileOf(request: ProvisionRequest, entries: Map<string, FleetEntry>): FleetFile {
  const entry = (identity: PlannedIdentity) => entries.get(identity.id)!;
  return {
    version: 1,
    createdAt: new Date().toISOString(),
    prefix: request.prefix,
    monitor: entry(request.monitor),
    commander: entry(request.commander),
    devices: request.devices.map(entry),
  };
}

interface Counts {
  readonly reused: number;
  readonly certificates: number;
  readonly tokens: number;
  readonly policiesWritten: boolean;
  readonly marks: readonly [number, number, number, number];
}

function summarize(request: ProvisionRequest, counts: Counts): ProvisioningSummary {
  const [started, registered, certified, done] = counts.marks;
  const seconds = (from: number, to: number) => Math.round(to - from) / MS_PER_SECOND;
  const total = seconds(started, done);
  const certificateSeconds = seconds(registered, certified);
  return {
    devices: request.devices.length,
    reused: counts.reused,
    certificates: counts.certificates,
    tokens: counts.tokens,
    policiesWritten: counts.policiesWritten,
    seconds: {
      register: seconds(started, registered),
      certificates: certificateSeconds,
      tokens: seconds(certified, done),
      total,
    },
    devicesPerSecond: total > 0 ? Math.round(request.devices.length / total) : 0,
    certificatesPerSecond:
      certificateSeconds > 0 ? Math.round(counts.certificates / certificateSeconds) : 0,
  };
}
