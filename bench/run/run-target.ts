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
  ['mtls', ({ context }) => runConnectStorm(context, 'mtls')],
  [
    'token',
    ({ name, context }) => (name === 'mosquitto' ? undefined : runConnectStorm(context, 'token')),
  ],
  ['resumed', ({ context }) => runConnectStorm(context, 'mtls-resumed')],
  ['qos0', ({ context }) => runThroughput(context, 0)],
  ['qos1', ({ context }) => runThroughput(context, 1)],
  ['latency', ({ context }) => runLatency(context)],
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
      for (const one of started) {
        try {
          const running = step(one, env);
          if (running === undefined) continue;
          progress(`${one.name}: ${scenario}`);
          await running;
        } catch (error) {
          run.failures.push(`${one.name} ${scenario}: ${String(error)}`);
        }
      }
    }
  } finally {
    await Promise.all(started.map((one) => one.target.stop()));
  }
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
