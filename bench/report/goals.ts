import type { BenchRecord } from '../scenarios/context.js';
import type { TargetName } from '../targets/index.js';
import { advantage, figureOf } from './metrics.js';

/** One goal of issue 5, judged on this run's figures. */
export interface GoalResult {
  readonly goal: string;
  /** The figure the goal is stated in (a ratio or an absolute value). */
  readonly value: number | undefined;
  readonly threshold: string;
  readonly met: boolean | undefined;
}

interface GoalSpec {
  goal: string;
  threshold: string;
  value: (records: readonly BenchRecord[]) => number | undefined;
  met: (value: number) => boolean;
}

const W: TargetName = 'warden';

function efficiency(scenario: string, metric: string, other: TargetName, target: TargetName = W) {
  return (records: readonly BenchRecord[]) =>
    advantage(
      metric,
      figureOf(records, scenario, target, metric),
      figureOf(records, scenario, other, metric),
    );
}

function crossRatio(scenario: string, otherScenario: string, metric: string, other: TargetName) {
  return (records: readonly BenchRecord[]) => {
    const mine = figureOf(records, scenario, W, metric);
    const theirs = figureOf(records, otherScenario, other, metric);
    return mine === undefined || theirs === undefined ? undefined : mine / theirs;
  };
}

const atLeast = (limit: number) => (value: number) => value >= limit;
const atMost = (limit: number) => (value: number) => value <= limit;

const GOALS: readonly GoalSpec[] = [
  ...[0, 1].flatMap((qos) => [
    {
      goal: `QoS ${qos} delivered msgs/s, Warden/aedes`,
      threshold: '>= 0.95',
      value: efficiency(`publish-qos${qos}`, 'delivered msgs/s', 'aedes'),
      met: atLeast(0.95),
    },
    {
      goal: `QoS ${qos} broker CPU per msg, aedes/Warden (efficiency)`,
      threshold: '>= 0.95',
      value: efficiency(`publish-qos${qos}`, 'broker CPU per msg', 'aedes'),
      met: atLeast(0.95),
    },
  ]),
  {
    goal: 'mTLS connect broker CPU, aedes/Warden (efficiency)',
    threshold: '>= 0.9',
    value: efficiency('connect-mtls', 'broker CPU per connect', 'aedes'),
    met: atLeast(0.9),
  },
  {
    goal: 'token connect broker CPU, aedes/Warden (efficiency)',
    threshold: '>= 0.9',
    value: efficiency('connect-token', 'broker CPU per connect', 'aedes'),
    met: atLeast(0.9),
  },
  {
    goal: 'Warden token connects per core / Mosquitto mTLS connects per core',
    threshold: '>= 0.9',
    value: crossRatio(
      'connect-token',
      'connect-mtls',
      'connects per broker core-second',
      'mosquitto',
    ),
    met: atLeast(0.9),
  },
  {
    goal: 'Warden resumed reconnects per core / Mosquitto full handshakes per core',
    threshold: '> 1',
    value: crossRatio(
      'connect-mtls-resumed',
      'connect-mtls',
      'connects per broker core-second',
      'mosquitto',
    ),
    met: (value) => value > 1,
  },
  {
    goal: 'Warden latency p99 at 1,000 msgs/s (ms)',
    threshold: '<= 2.5',
    value: (records) => figureOf(records, 'latency-1000-per-s', W, 'latency p99'),
    met: atMost(2.5),
  },
  {
    goal: 'Warden revocation cut p99, 1,000 devices (ms)',
    threshold: '<= 250',
    value: (records) => figureOf(records, 'revocation-cut', W, 'cut p99'),
    met: atMost(250),
  },
  {
    goal: 'RSS per 1,000 idle TLS connections, Warden/aedes',
    threshold: '<= 1.1',
    value: (records) => {
      const metric = 'RSS per 1,000 idle TLS connections';
      const mine = figureOf(records, 'idle-connections', W, metric);
      const theirs = figureOf(records, 'idle-connections', 'aedes', metric);
      return mine === undefined || theirs === undefined ? undefined : mine / theirs;
    },
    met: atMost(1.1),
  },
];

export function judgeGoals(records: readonly BenchRecord[]): GoalResult[] {
  return GOALS.map((spec) => {
    const value = spec.value(records);
    return {
      goal: spec.goal,
      value,
      threshold: spec.threshold,
      met: value === undefined || Number.isNaN(value) ? undefined : spec.met(value),
    };
  });
}
