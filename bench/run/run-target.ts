import { runConnectStorm } from '../scenarios/connects.js';
import type { BenchRecord, Identities, ScenarioContext } from '../scenarios/context.js';
import { closeIdleConnections, openIdleConnections } from '../scenarios/idle-memory.js';
import { runLatency } from '../scenarios/latency.js';
import type { Profile } from '../scenarios/profile.js';
import { runCliRevocation, runCutFloor, runRevocationCut } from '../scenarios/revocation.js';
import { runThroughput } from '../scenarios/throughput.js';
import { COLLECTOR_ID, type Provisioned } from '../setup/provision.js';
import { launchTarget, type RunningTarget, type TargetName } from '../targets/index.js';
import type { ScenarioName } from './options.js';
import { progress } from './progress.js';

/** Everything one run collects. */
export interface Run {
  readonly profile: Profile;
  readonly records: BenchRecord[];
  readonly notes: string[];
  readonly failures: string[];
  readonly targets: Partial<Record<TargetName, string>>;
}

export interface BenchEnvironment {
  readonly root: string;
  readonly workDir: string;
  readonly devices: Provisioned;
  readonly identities: Identities;
  readonly pinned: boolean;
  readonly scenarios: readonly ScenarioName[];
  readonly nodeFlags: readonly string[];
}

interface Started {
  readonly name: TargetName;
  readonly home: string;
  readonly target: RunningTarget;
  readonly context: ScenarioContext;
}

type Step = (started: Started, env: BenchEnvironment) => Promise<void> | undefined;

/** Skips `node-tls`: it speaks just enough MQTT to hold a connection, so only idle applies. */
function brokersOnly(step: Step): Step {
  return (started, env) => (started.name === 'node-tls' ? undefined : step(started, env));
}

/**
 * The scenarios in the order they run. Idle memory comes first, on fresh processes; the
 * revoking scenarios come last in their turn. A step returning undefined does not apply.
 */
const STEPS: readonly [ScenarioName, Step][] = [
  [
    'idle',
    async ({ name, home, context }) => {
      const idle = await openIdleConnections(context);
      if (name === 'warden') await runRevocationCut(context, home, idle);
      if (name === 'aedes') await runCutFloor(context, idle);
      await closeIdleConnections(idle);
    },
  ],
  ['mtls', brokersOnly(({ context }) => runConnectStorm(context, 'mtls'))],
  [
    'token',
    brokersOnly(({ name, context }) =>
      name === 'mosquitto' ? undefined : runConnectStorm(context, 'token'),
    ),
  ],
  ['resumed', brokersOnly(({ context }) => runConnectStorm(context, 'mtls-resumed'))],
  ['qos0', brokersOnly(({ context }) => runThroughput(context, 0))],
  ['qos1', brokersOnly(({ context }) => runThroughput(context, 1))],
  ['latency', brokersOnly(({ context }) => runLatency(context))],
  [
    'cli-revoke',
    ({ name, home, context }, env) => {
      const last = env.devices.connectPool.at(-1);
      if (name !== 'warden' || last === undefined) return undefined;
      return runCliRevocation(context, env.root, home, last);
    },
  ],
];

/**
 * Scenarios measured in several interleaved rounds (A B C, A B C, …) and reported as medians:
 * one short round on a shared machine can land on a neighbour's burst, and a ratio of two such
 * figures swings by a third. The rest change the broker's state (idle, revocations) or time
 * one command.
 */
const REPEATED = new Set<ScenarioName>(['mtls', 'token', 'resumed', 'qos0', 'qos1', 'latency']);

/**
 * Starts every target, then runs each scenario on each target in turn, so the figures a ratio
 * compares are taken minutes apart at most, not the whole run apart: on a shared machine the
 * load drifts. Idle targets wait on the same core, costing nothing measurable. A failing
 * scenario is recorded and the next one runs.
 */
export async function runTargets(
  run: Run,
  names: readonly TargetName[],
  env: BenchEnvironment,
): Promise<void> {
  const started: Started[] = [];
  try {
    for (const name of names) {
      const one = await start(run, name, env);
      if (one !== undefined) started.push(one);
    }
    for (const [scenario, step] of STEPS) {
      if (!env.scenarios.includes(scenario)) continue;
      const rounds = REPEATED.has(scenario) ? run.profile.rounds : 1;
      const from = run.records.length;
      for (let round = 1; round <= rounds; round += 1) {
        const label = rounds === 1 ? scenario : `${scenario} ${round}/${rounds}`;
        for (const one of started) await runStep(run, one, env, step, label);
      }
      run.records.push(...medians(run.records.splice(from)));
    }
  } finally {
    await Promise.all(started.map((one) => one.target.stop()));
  }
}

async function runStep(run: Run, one: Started, env: BenchEnvironment, step: Step, label: string) {
  try {
    const running = step(one, env);
    if (running === undefined) return;
    progress(`${one.name}: ${label}`);
    await running;
  } catch (error) {
    run.failures.push(`${one.name} ${label}: ${String(error)}`);
  }
}

/**
 * One record per (scenario, target, metric): the median of its rounds, with every round's
 * value kept in `rounds` so the spread can be read in latest.json.
 */
export function medians(records: readonly BenchRecord[]): BenchRecord[] {
  const groups = new Map<string, BenchRecord[]>();
  for (const record of records) {
    const key = `${record.scenario}\u0000${record.target}\u0000${record.metric}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [record]);
    else group.push(record);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as BenchRecord;
    if (group.length === 1) return first;
    const values = group.map((record) => record.value);
    return { ...first, value: median(values), rounds: values };
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function start(run: Run, name: TargetName, env: BenchEnvironment) {
  const home = name === 'warden-memory' ? env.devices.memoryHome : env.devices.home;
  progress(`${name}: starting`);
  try {
    const target = await launchTarget(name, {
      root: env.root,
      workDir: env.workDir,
      home,
      collectorId: COLLECTOR_ID,
      pinned: env.pinned,
      nodeFlags: name === 'mosquitto' ? [] : env.nodeFlags,
    });
    run.targets[name] = target.how;
    return { name, home, target, context: scenarioContext(run, name, target, env) };
  } catch (error) {
    run.failures.push(`${name}: did not start: ${String(error)}`);
    return undefined;
  }
}

function scenarioContext(
  run: Run,
  name: TargetName,
  target: RunningTarget,
  env: BenchEnvironment,
): ScenarioContext {
  return {
    target: name,
    pid: target.pid,
    port: target.port,
    devices: env.devices,
    identities: env.identities,
    profile: run.profile,
    record: (scenario, metric, value, unit) =>
      run.records.push({ scenario, target: name, metric, value, unit }),
    note: (text) => run.notes.push(text),
  };
}
