import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isWardenError } from '../../src/core/index.js';
import { parseDurationMs } from '../duration.js';
import { SimulateUsageError } from '../errors.js';
import { type AuthKind, authKinds, type SimulationInput } from '../options.js';
import { type PayloadFormat, payloadFormats } from '../payload/telemetry-payload.js';
import { loadScenario } from '../scenario/load-scenario.js';

export interface SimulateCommandLine {
  readonly help: boolean;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly input: SimulationInput;
}

export interface CommandEnvironment {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

const optionSpecs = {
  home: { type: 'string' },
  provision: { type: 'boolean' },
  auth: { type: 'string' },
  prefix: { type: 'string' },
  fleet: { type: 'string' },
  url: { type: 'string' },
  devices: { type: 'string' },
  'connect-rate': { type: 'string' },
  interval: { type: 'string' },
  jitter: { type: 'string' },
  qos: { type: 'string' },
  duration: { type: 'string' },
  drain: { type: 'string' },
  payload: { type: 'string' },
  seed: { type: 'string' },
  scenario: { type: 'string' },
  rogue: { type: 'string' },
  report: { type: 'string' },
  'token-ttl': { type: 'string' },
  'command-rate': { type: 'string' },
  'source-addresses': { type: 'string' },
  keepalive: { type: 'string' },
  'connect-timeout': { type: 'string' },
  'allow-remote': { type: 'boolean' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof optionSpecs; strict: true }>>['values'];

const PREFIX = /^[A-Za-z0-9._:-]{0,100}$/;
const MS_PER_SECOND = 1000;
/** MQTT's Keep Alive is a two-byte number of seconds [MQTT-3.1.2.10]. */
const MAX_KEEPALIVE_SECONDS = 65_535;

/**
 * Parses `warden simulate` arguments into simulation input. Throws SimulateUsageError with one
 * line naming the bad option; a scenario file that cannot be read is an operational error.
 */
export function parseSimulateArgs(
  argv: readonly string[],
  environment: CommandEnvironment,
): SimulateCommandLine {
  const values = parseStrict(argv);
  const flags = {
    help: values.help === true,
    json: values.json === true,
    quiet: values.quiet === true,
  };
  if (flags.help) return { ...flags, input: { home: environment.cwd } };

  if (values.scenario !== undefined && values.devices !== undefined) {
    throw new SimulateUsageError(
      'give --devices or --scenario, not both: the scenario sets the count',
    );
  }
  let input: SimulationInput;
  try {
    input = readInput(values, environment);
  } catch (error) {
    if (isWardenError(error, 'ERR_INVALID_DURATION')) throw new SimulateUsageError(error.message);
    throw error;
  }
  if (input.durationMs === 0 && input.provision !== true) {
    throw new SimulateUsageError('--duration 0s only makes sense with --provision');
  }
  return { ...flags, input };
}

function parseStrict(argv: readonly string[]): Values {
  try {
    return parseArgs({
      args: [...argv],
      options: optionSpecs,
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new SimulateUsageError((error as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
}

function readInput(values: Values, environment: CommandEnvironment): SimulationInput {
  const path = (value: string | undefined) =>
    value === undefined ? undefined : resolve(environment.cwd, value);
  const home = path(values.home) ?? path(environment.env['WARDEN_HOME']) ?? environment.cwd;
  const scenarioFile = path(values.scenario);
  return {
    home,
    env: environment.env,
    provision: values.provision === true,
    allowRemote: values['allow-remote'] === true,
    auth: choice(values.auth, '--auth', authKinds) as AuthKind | undefined,
    prefix: prefix(values.prefix),
    fleetFile: path(values.fleet),
    url: values.url,
    devices: integer(values.devices, '--devices', 1, 1_000_000),
    connectRate: number(values['connect-rate'], '--connect-rate', 0.001, 100_000),
    intervalMs: duration(values.interval, '--interval', 1),
    jitter: number(values.jitter, '--jitter', 0, 1),
    qos: integer(values.qos, '--qos', 0, 1) as 0 | 1 | undefined,
    durationMs: duration(values.duration, '--duration', 0),
    drainMs: duration(values.drain, '--drain', 0),
    payload: choice(values.payload, '--payload', payloadFormats) as PayloadFormat | undefined,
    seed: integer(values.seed, '--seed', 0, 0xffff_ffff),
    scenario: scenarioFile === undefined ? undefined : loadScenario(scenarioFile),
    roguePercent: number(values.rogue, '--rogue', 0, 100),
    reportFile: path(values.report),
    tokenTtlSeconds: seconds(values['token-ttl'], '--token-ttl'),
    commandRate: number(values['command-rate'], '--command-rate', 0, 10_000),
    sourceAddresses: integer(values['source-addresses'], '--source-addresses', 1, 250),
    keepaliveSeconds: keepalive(values.keepalive),
    connectTimeoutMs: duration(values['connect-timeout'], '--connect-timeout', 1),
  };
}

function integer(value: string | undefined, name: string, min: number, max: number) {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!/^[0-9]+$/.test(value) || parsed < min || parsed > max) {
    throw new SimulateUsageError(`${name} must be a whole number from ${min} to ${max}`);
  }
  return parsed;
}

function number(value: string | undefined, name: string, min: number, max: number) {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value) || parsed < min || parsed > max) {
    throw new SimulateUsageError(`${name} must be a number from ${min} to ${max}`);
  }
  return parsed;
}

function duration(value: string | undefined, name: string, minMs: number) {
  if (value === undefined) return undefined;
  const ms = parseDurationMs(value, name);
  if (ms < minMs) throw new SimulateUsageError(`${name} must be at least ${minMs} ms`);
  return ms;
}

function seconds(value: string | undefined, name: string) {
  const ms = duration(value, name, MS_PER_SECOND);
  if (ms === undefined) return undefined;
  if (ms % MS_PER_SECOND !== 0) throw new SimulateUsageError(`${name} must be whole seconds`);
  return ms / MS_PER_SECOND;
}

function keepalive(value: string | undefined) {
  const parsed = seconds(value, '--keepalive');
  if (parsed === undefined || parsed <= MAX_KEEPALIVE_SECONDS) return parsed;
  throw new SimulateUsageError(`--keepalive must be at most ${MAX_KEEPALIVE_SECONDS}s`);
}

function choice(value: string | undefined, name: string, allowed: readonly string[]) {
  if (value === undefined || allowed.includes(value)) return value;
  throw new SimulateUsageError(`${name} must be one of ${allowed.join(', ')}`);
}

function prefix(value: string | undefined) {
  if (value === undefined || PREFIX.test(value)) return value;
  throw new SimulateUsageError('--prefix may hold only A-Z a-z 0-9 . _ : - (at most 100)');
}
