/**
 * Instruction counts: each broker runs under valgrind's callgrind, and a fixed amount of work
 * (so many connects, so many delivered messages) is counted in instructions executed, which,
 * unlike CPU time, do not move with the load of a shared machine.
 * Run: npm run bench:instructions [-- --targets warden-memory,aedes] [-- --scenarios qos1]
 *      [-- --count N] [-- --warmup N] [-- --keep] [-- --out FILE]
 * Prints the table; writes bench/results/instructions.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { callgrindCommand } from './lib/callgrind.js';
import {
  ALL_TARGETS,
  type InstructionRecord,
  type Part,
  renderInstructionTable,
  type Target,
} from './report/instruction-table.js';
import { formatNumber } from './report/table.js';
import {
  type CountedScenario,
  type Measured,
  measureBackground,
  measureScenario,
  type Probe,
  startCounting,
} from './run/instruction-scenarios.js';
import { describeMachine } from './run/machine.js';
import { pickList, readOrExplain } from './run/options.js';
import { progress } from './run/progress.js';
import { Identities, type ScenarioContext } from './scenarios/context.js';
import { profiles } from './scenarios/profile.js';
import { COLLECTOR_ID, type Provisioned, provision } from './setup/provision.js';
import { launchTarget, type RunningTarget, type TargetName } from './targets/index.js';
import { hasCommand, pinGenerator } from './targets/process.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT_OUT = join(ROOT, 'bench', 'results', 'instructions.json');
const MS_PER_SECOND = 1000;

const DEFAULT_TARGETS: readonly Target[] = ['warden', 'warden-memory', 'aedes'];

/** What each scenario counts, its warm-up and its fixed amount of measured work. */
const SCENARIOS: readonly CountedScenario[] = [
  { name: 'mtls', kind: 'connect', mode: 'mtls', warmup: 50, count: 200 },
  { name: 'token', kind: 'connect', mode: 'token', warmup: 50, count: 200 },
  { name: 'qos0', kind: 'publish', mode: 0, warmup: 5000, count: 20_000 },
  { name: 'qos1', kind: 'publish', mode: 1, warmup: 5000, count: 20_000 },
];
type ScenarioName = CountedScenario['name'];
const ALL_SCENARIOS = SCENARIOS.map((scenario) => scenario.name);

/** Devices the connects cycle through; the first 20 of them (the quick profile's) publish. */
const CONNECT_POOL = 200;
/** At most this many messages between send and delivery, as in the full time-based run. */
const THROUGHPUT_WINDOW = 2000;
/** The scenarios' own timeouts (connect, SUBACK), stretched for a broker under valgrind. */
const TIME_SCALE = 30;
/**
 * Warden reads the registry's change feed when its file is written and on a fallback timer
 * (500 ms by default). Under valgrind a counted run lasts tens of times longer than natively,
 * so the timer's wake-ups would be a larger share of every count than natively. The slowest
 * poll allowed here makes that share negligible; what remains is measured and taken off.
 */
const CHANGE_FEED_POLL_MS = 1000;
/**
 * V8 in predictable mode: one thread, a GC schedule that does not depend on time; see the
 * README. The preload collects the heap on SIGWINCH, before each count.
 */
const NODE_FLAGS = [
  '--predictable',
  '--random-seed=1',
  '--expose-gc',
  '--import',
  pathToFileURL(join(ROOT, 'dist', 'bench', 'targets', 'gc-on-signal.js')).href,
];
/** valgrind reads the node binary's symbols and starts JIT-translating Node: slow. */
const READY_TIMEOUT_MS = 180_000;

const USAGE =
  `usage: npm run bench:instructions -- [--targets ${ALL_TARGETS.join(',')}]\n` +
  `       [--scenarios ${ALL_SCENARIOS.join(',')}] [--count N] [--warmup N] [--keep] [--out FILE]`;

interface Options {
  readonly targets: readonly Target[];
  readonly scenarios: readonly CountedScenario[];
  readonly keep: boolean;
  readonly out: string;
}

function positive(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${what} must be a whole number of at least 1, not ${text}\n${USAGE}`);
  }
  return value;
}

function readOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      targets: { type: 'string' },
      scenarios: { type: 'string' },
      count: { type: 'string' },
      warmup: { type: 'string' },
      keep: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const names = pickList<ScenarioName>(values.scenarios, ALL_SCENARIOS, 'scenario', USAGE);
  const count = positive(values.count, '--count');
  const warmup = positive(values.warmup, '--warmup');
  return {
    targets: pickList(values.targets, ALL_TARGETS, 'target', USAGE, DEFAULT_TARGETS),
    scenarios: SCENARIOS.filter((scenario) => names.includes(scenario.name)).map((scenario) => ({
      ...scenario,
      count: count ?? scenario.count,
      warmup: warmup ?? scenario.warmup,
    })),
    keep: values.keep,
    out: resolve(values.out ?? DEFAULT_OUT),
  };
}

interface Run {
  readonly records: InstructionRecord[];
  readonly failures: string[];
  readonly notes: string[];
  readonly targets: Partial<Record<Target, string>>;
}

async function main(): Promise<number> {
  const options = readOrExplain(() => readOptions(process.argv.slice(2)));
  if (options === undefined) return 2;
  const missing = ['valgrind', 'callgrind_control', 'taskset'].filter((c) => !hasCommand(c));
  if (missing.length > 0) {
    console.error(`${missing.join(', ')} needed and not installed (apt-get install valgrind)`);
    return 1;
  }
  const started = new Date();
  const loadAtStart = loadavg();
  const run: Run = { records: [], failures: [], notes: [], targets: {} };
  const workDir = mkdtempSync(join(tmpdir(), 'warden-instructions-'));
  let pinned = false;
  try {
    progress(`provisioning ${CONNECT_POOL + 1} devices`);
    const devices = await provision(workDir, {
      connectPool: CONNECT_POOL,
      idlePool: 0,
      changeFeedPollMs: CHANGE_FEED_POLL_MS,
    });
    pinned = pinGenerator(cpus().length);
    // One target at a time: valgrind runs each broker tens of times slower than natively.
    for (const target of options.targets) {
      await measureTarget(run, target, options, { workDir, devices, pinned });
    }
  } finally {
    if (options.keep) console.error(`kept ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
  const seconds = (Date.now() - started.getTime()) / MS_PER_SECOND;

  console.log(`\n${renderInstructionTable(run.records, options.targets)}\n`);
  for (const note of run.notes) console.log(`note: ${note}`);
  for (const failure of run.failures) console.log(`FAILED: ${failure}`);
  const json = {
    mode: 'instructions (valgrind callgrind, Ir)',
    seconds: Number(seconds.toFixed(1)),
    machine: {
      ...describeMachine(started, loadAtStart, pinned),
      valgrind: commandOutput('valgrind', ['--version']),
      commit: commandOutput('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']),
    },
    method: {
      broker: ['taskset -c 0', ...callgrindCommand('<scratch>'), 'node', ...NODE_FLAGS].join(' '),
      changeFeedPollMs: CHANGE_FEED_POLL_MS,
      throughputWindow: THROUGHPUT_WINDOW,
      order:
        'per target, per scenario: full collection, warm-up, zero, counted work, quiet, dump; ' +
        'background (idle instructions/s) last',
    },
    scenarios: Object.fromEntries(
      options.scenarios.map((s) => [s.name, { warmup: s.warmup, count: s.count }]),
    ),
    targets: run.targets,
    records: run.records,
    notes: run.notes,
    failures: run.failures,
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`wrote ${options.out} in ${seconds.toFixed(0)} s`);
  return run.failures.length === 0 ? 0 : 1;
}

interface Environment {
  readonly workDir: string;
  readonly devices: Provisioned;
  readonly pinned: boolean;
}

/** Starts one broker under callgrind, measures every scenario on it, stops it. */
async function measureTarget(run: Run, name: Target, options: Options, env: Environment) {
  const cgDir = join(env.workDir, `callgrind-${name}`);
  mkdirSync(cgDir);
  progress(`${name}: starting under callgrind`);
  let target: RunningTarget;
  try {
    target = await launchTarget(name, {
      root: ROOT,
      workDir: env.workDir,
      home: name === 'warden-memory' ? env.devices.memoryHome : env.devices.home,
      collectorId: COLLECTOR_ID,
      pinned: env.pinned,
      nodeFlags: NODE_FLAGS,
      commandPrefix: callgrindCommand(cgDir),
      readyTimeoutMs: READY_TIMEOUT_MS,
    });
  } catch (error) {
    run.failures.push(`${name}: did not start: ${String(error)}`);
    return;
  }
  run.targets[name] = `${target.how}, under valgrind --tool=callgrind`;
  try {
    const probe: Probe = {
      dir: cgDir,
      pid: target.pid,
      gcLog: name === 'mosquitto' ? undefined : target.logFile,
    };
    const context = scenarioContext(name, target, env.devices);
    await startCounting(probe);
    const counted: [CountedScenario, Measured][] = [];
    for (const scenario of options.scenarios) {
      if (name === 'mosquitto' && scenario.name === 'token') continue;
      progress(`${name}: ${scenario.name}, ${scenario.warmup} + ${scenario.count}`);
      try {
        counted.push([scenario, await measureScenario(context, probe, scenario)]);
      } catch (error) {
        run.failures.push(`${name} ${scenario.name}: ${String(error)}`);
      }
    }
    // Read last, once the broker's timers run code as warm as during the counts.
    const background = await measureBackground(probe);
    progress(`${name}: background ${formatNumber(background)} instructions/s`);
    run.records.push({
      scenario: 'background',
      target: name,
      metric: 'instructions per second, idle',
      value: Math.round(background),
      unit: 'instructions/s',
      part: 'background',
    });
    for (const [scenario, measured] of counted) {
      run.records.push(...recordsOf(name, scenario, measured, background));
    }
  } catch (error) {
    run.failures.push(`${name}: ${String(error)}`);
  } finally {
    await target.stop();
  }
}

/**
 * Four figures per scenario, each per unit of work: every instruction of the window, those in
 * V8's compilers, those in its garbage collector, and the rest, the broker's own work, which
 * is the steady figure to compare. The background the window's length accounts for comes off
 * the first and the last.
 */
function recordsOf(
  target: Target,
  scenario: CountedScenario,
  measured: Measured,
  backgroundPerSecond: number,
): InstructionRecord[] {
  const background = Math.round(backgroundPerSecond * measured.seconds);
  const connect = scenario.kind === 'connect';
  const name = connect ? `connect-${scenario.name}` : `publish-${scenario.name}`;
  const details = {
    count: scenario.count,
    instructions: measured.instructions,
    jit: measured.jit,
    gc: measured.gc,
    background,
    seconds: Number(measured.seconds.toFixed(2)),
    dump: measured.file,
  };
  const per = connect ? 'instructions per connect' : 'instructions per delivered message';
  const { instructions, jit, gc } = measured;
  const parts: [Part, string, number][] = [
    ['all', per, instructions - background],
    ['jit', `${per}, in V8's compilers`, jit],
    ['gc', `${per}, in V8's garbage collector`, gc],
    ['rest', `${per}, JIT and GC excluded`, instructions - jit - gc - background],
  ];
  return parts.map(([part, metric, value]) => ({
    scenario: name,
    target,
    metric,
    value: Math.round((10 * value) / scenario.count) / 10,
    unit: 'instructions',
    part,
    ...details,
  }));
}

function scenarioContext(
  name: TargetName,
  target: RunningTarget,
  devices: Provisioned,
): ScenarioContext {
  return {
    target: name,
    pid: target.pid,
    port: target.port,
    devices,
    identities: new Identities(devices.caPem),
    profile: { ...profiles.quick, throughputWindow: THROUGHPUT_WINDOW },
    timeScale: TIME_SCALE,
    record: () => {},
    note: () => {},
  };
}

function commandOutput(command: string, args: readonly string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n')[0] as string;
  } catch {
    return 'unknown';
  }
}

process.exitCode = await main();
