import { parseArgs } from 'node:util';
import { type Profile, profiles } from '../scenarios/profile.js';
import type { TargetName } from '../targets/index.js';

/** What a run compares unless told otherwise. */
const DEFAULT_TARGETS: readonly TargetName[] = ['warden', 'warden-memory', 'aedes', 'mosquitto'];
/** `node-tls` (the memory floor of Node's TLS, idle scenario only) runs when asked for. */
export const ALL_TARGETS: readonly TargetName[] = [...DEFAULT_TARGETS, 'node-tls'];
export const ALL_SCENARIOS = [
  'idle',
  'mtls',
  'token',
  'resumed',
  'qos0',
  'qos1',
  'latency',
  'cli-revoke',
  'issue',
] as const;
export type ScenarioName = (typeof ALL_SCENARIOS)[number];

export interface BenchOptions {
  readonly profile: Profile;
  readonly targets: readonly TargetName[];
  readonly scenarios: readonly ScenarioName[];
  /** Keep the scratch directory (homes, broker logs, profiles). */
  readonly keep: boolean;
  /** Run the Node brokers with --cpu-prof and print where their time went. */
  readonly cpuProfile: boolean;
}

const USAGE =
  `usage: npm run bench -- [--quick] [--targets ${ALL_TARGETS.join(',')}]\n` +
  `       [--scenarios ${ALL_SCENARIOS.join(',')}] [--keep] [--profile]`;

/**
 * The names of a comma-separated option, each one of `all`; `defaults` when it was not given.
 * An unknown name is a RangeError carrying `usage`.
 */
export function pickList<T extends string>(
  text: string | undefined,
  all: readonly T[],
  what: string,
  usage: string,
  defaults: readonly T[] = all,
): T[] {
  if (text === undefined) return [...defaults];
  const names = text.split(',') as T[];
  const unknown = names.filter((name) => !all.includes(name));
  if (unknown.length > 0) throw new RangeError(`unknown ${what} ${unknown.join(', ')}\n${usage}`);
  return names;
}

/**
 * Runs `read` (an entry point's option parsing); a mistake in the command line is printed as
 * its message, no stack trace, and gives undefined. Any other error is thrown on.
 */
export function readOrExplain<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const parseError = typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
    if (!(error instanceof RangeError) && !parseError) throw error;
    console.error((error as Error).message);
    return undefined;
  }
}

export function readOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      targets: { type: 'string' },
      scenarios: { type: 'string' },
      keep: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
    },
  });
  return {
    profile: profiles[values.quick ? 'quick' : 'full'],
    targets: pickList(values.targets, ALL_TARGETS, 'target', USAGE, DEFAULT_TARGETS),
    scenarios: pickList(values.scenarios, ALL_SCENARIOS, 'scenario', USAGE),
    keep: values.keep,
    cpuProfile: values.profile,
  };
}
