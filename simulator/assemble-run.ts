import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { WardenError } from '../src/core/index.js';
import type { Fleet } from '../src/fleet/index.js';
import { ConnectedDevices } from './device/connected-devices.js';
import type { RunContext } from './device/run-context.js';
import { createTokenSource } from './device/token-source.js';
import { VirtualDevice } from './device/virtual-device.js';
import { parseBrokerTarget } from './net/broker-target.js';
import { SourceAddresses, sourceAddressCount } from './net/source-addresses.js';
import { tlsContextFor } from './net/tls-context.js';
import { Commander } from './observe/commander.js';
import type { SimulationOptions } from './options.js';
import type { PreparedFleet } from './prepare-fleet.js';
import { createRandom, deriveSeed } from './random/prng.js';
import { RunMetrics } from './report/run-metrics.js';
import { ProbeLedger } from './rogue/probe-ledger.js';
import { systemClock } from './schedule/clock.js';
import { Scheduler } from './schedule/scheduler.js';

/** Random streams beyond the devices' own (which use their index). */
export const STREAM = { commander: 1_000_001, rogues: 1_000_002, probes: 1_000_003 } as const;
/** Default command rate: one command per device every 20 s, at most 50 per second. */
const COMMANDS_PER_DEVICE_PER_SECOND = 0.05;
const MAX_DEFAULT_COMMAND_RATE = 50;

/** A run put together but not started: its shared context, its devices and its commander. */
export interface AssembledRun {
  readonly ctx: RunContext;
  readonly devices: readonly VirtualDevice[];
  readonly commander: Commander;
}

/**
 * Puts a run together: the broker target, the CA and TLS contexts, the source addresses, the
 * scheduler and metrics, then one VirtualDevice per identity with its own seeded generator.
 * Throws ERR_INVALID_ARGUMENT for a bad URL and ERR_FILE_UNREADABLE without a CA.
 */
export function assembleRun(
  options: SimulationOptions,
  fleet: Fleet,
  prepared: PreparedFleet,
): AssembledRun {
  const ctx = createContext(options, fleet, prepared.fleet.devices.length);
  const certified = prepared.fleet.devices.find((identity) => identity.auth === 'cert');
  if (ctx.target.protocol === 'mqtt' && certified !== undefined) {
    throw new WardenError(
      'ERR_INVALID_ARGUMENT',
      `${certified.id} authenticates with a certificate, which needs mqtts://: ` +
        'use an mqtts:// URL, or a fleet provisioned with --auth jwt',
    );
  }
  const devices = prepared.fleet.devices.map((identity, index) => {
    const random = createRandom(deriveSeed(options.seed, index));
    return new VirtualDevice(ctx, identity, prepared.groups[index]!, random);
  });
  const commanderRandom = createRandom(deriveSeed(options.seed, STREAM.commander));
  const commander = new Commander(ctx, commanderRandom, commandRate(options, devices.length));
  return { ctx, devices, commander };
}

function createContext(options: SimulationOptions, fleet: Fleet, devices: number): RunContext {
  const { config } = fleet;
  const target = parseBrokerTarget(
    options.url ?? `mqtts://localhost:${config.mqtts.port}`,
    options.allowRemote,
  );
  const metrics = new RunMetrics();
  const clock = systemClock;
  const scheduler = new Scheduler({
    clock,
    onLag: (lagMs) => metrics.schedulerLag.recordMs(lagMs),
    onError: () => metrics.countError('simulator'),
  });
  const addresses = sourceAddressCount(
    target,
    devices,
    options.connectRate,
    options.sourceAddresses,
  );
  const ca = readCa(config.paths.caCert);
  return {
    options,
    clock,
    scheduler,
    metrics,
    probes: new ProbeLedger(),
    target,
    ca,
    serverOnlyTls: tlsContextFor(ca),
    sources: new SourceAddresses(addresses),
    tokens: createTokenSource(fleet, options.tokenTtlSeconds, clock),
    phase: { generating: true, closing: false },
    stopping: stoppingController(),
    connected: new ConnectedDevices(),
  };
}

/** One listener per connection attempt in flight: thousands at once are expected, not a leak. */
function stoppingController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

function commandRate(options: SimulationOptions, devices: number): number {
  if (options.commandRate !== undefined) return options.commandRate;
  return Math.min(MAX_DEFAULT_COMMAND_RATE, devices * COMMANDS_PER_DEVICE_PER_SECOND);
}

function readCa(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new WardenError('ERR_FILE_UNREADABLE', `cannot read the CA certificate ${path}`, {
      cause: error,
    });
  }
}
