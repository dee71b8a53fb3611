import type { PayloadFormat } from './payload/telemetry-payload.js';
import type { Scenario } from './scenario/scenario.js';

export const authKinds = ['cert', 'jwt', 'mixed'] as const;
/** How provisioned devices authenticate; `mixed` alternates certificate and token. */
export type AuthKind = (typeof authKinds)[number];

/** Where live progress goes; a terminal gets one updating line, anything else plain lines. */
export interface ProgressSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Everything a run needs; `runSimulation` fills what is left out from `defaultOptions`. */
export interface SimulationOptions {
  /** The Warden home: its registry, CA and token key. */
  readonly home: string;
  readonly provision: boolean;
  readonly auth: AuthKind;
  /** Device ids are `${prefix}${index}`, the index zero-padded to five digits. */
  readonly prefix: string;
  /** Default HOME/simulator/fleet.json. */
  readonly fleetFile?: string;
  /** Default mqtts://localhost:<configured mqtts port>. */
  readonly url?: string;
  /** Default: the scenario's total, else every device of the fleet file, else 100. */
  readonly devices?: number;
  /** Connection attempts started per second, open-loop. */
  readonly connectRate: number;
  /** Mean gap between one device's messages. */
  readonly intervalMs: number;
  /** Each gap is the interval times a uniform factor in [1 - jitter, 1 + jitter]. */
  readonly jitter: number;
  readonly qos: 0 | 1;
  /** Length of the load phase; 0 with `provision` provisions only. */
  readonly durationMs: number;
  /** After the load phase, the longest wait for outstanding messages to arrive. */
  readonly drainMs: number;
  readonly payload: PayloadFormat;
  readonly seed: number;
  readonly scenario?: Scenario;
  /** Share of devices, in percent, that also try what their grants forbid. */
  readonly roguePercent: number;
  readonly reportFile?: string;
  /** Lifetime of the tokens minted for token devices. */
  readonly tokenTtlSeconds: number;
  /** Commands per second the commander sends to random connected devices. */
  readonly commandRate?: number;
  /** Loopback source addresses to spread connections over; default from the fleet size. */
  readonly sourceAddresses?: number;
  readonly keepaliveSeconds: number;
  readonly connectTimeoutMs: number;
  /** Without it, only loopback brokers are driven. */
  readonly allowRemote: boolean;
  readonly progress?: ProgressSink;
  /** Environment for the configuration (WARDEN_* variables); default none. */
  readonly env?: NodeJS.ProcessEnv;
}

export const defaultOptions = {
  provision: false,
  auth: 'mixed',
  prefix: 'sim-',
  connectRate: 100,
  intervalMs: 5000,
  jitter: 0.1,
  qos: 1,
  durationMs: 30_000,
  drainMs: 5000,
  payload: 'json',
  roguePercent: 0,
  tokenTtlSeconds: 3600,
  keepaliveSeconds: 60,
  connectTimeoutMs: 10_000,
  allowRemote: false,
} as const satisfies Partial<SimulationOptions>;

/** What a caller gives: the home, and whatever differs from the defaults. */
export type SimulationInput = Pick<SimulationOptions, 'home'> & Partial<SimulationOptions>;

/**
 * Fills defaults; a missing seed becomes a random one, which the report records. Throws
 * RangeError for a value out of range (the command line checks its own input first).
 */
export function resolveOptions(input: SimulationInput): SimulationOptions {
  const given = Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  );
  const seed = input.seed ?? Math.floor(Math.random() * 0x1_0000_0000);
  const options = { ...defaultOptions, ...(given as SimulationInput), seed };
  checkRanges(options);
  return options;
}

/** MQTT's Keep Alive is a two-byte number of seconds [MQTT-3.1.2.10]. */
const MAX_KEEPALIVE_SECONDS = 65_535;

function checkRanges(options: SimulationOptions): void {
  const checks: [string, boolean][] = [
    ['devices', options.devices === undefined || isCount(options.devices)],
    ['connectRate', options.connectRate > 0 && Number.isFinite(options.connectRate)],
    ['intervalMs', options.intervalMs > 0 && Number.isFinite(options.intervalMs)],
    ['jitter', options.jitter >= 0 && options.jitter <= 1],
    ['qos', options.qos === 0 || options.qos === 1],
    ['durationMs', options.durationMs >= 0 && Number.isFinite(options.durationMs)],
    ['drainMs', options.drainMs >= 0 && Number.isFinite(options.drainMs)],
    ['roguePercent', options.roguePercent >= 0 && options.roguePercent <= 100],
    ['tokenTtlSeconds', isCount(options.tokenTtlSeconds)],
    ['commandRate', options.commandRate === undefined || options.commandRate >= 0],
    [
      'keepaliveSeconds',
      Number.isInteger(options.keepaliveSeconds) &&
        options.keepaliveSeconds >= 0 &&
        options.keepaliveSeconds <= MAX_KEEPALIVE_SECONDS,
    ],
    ['connectTimeoutMs', options.connectTimeoutMs > 0],
    ['seed', Number.isInteger(options.seed) && options.seed >= 0 && options.seed <= 0xffff_ffff],
  ];
  const bad = checks.find(([, ok]) => !ok);
  if (bad !== undefined) throw new RangeError(`simulation option ${bad[0]} is out of range`);
}

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 1;
}
