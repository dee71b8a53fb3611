import { readFileSync } from 'node:fs';
import { breakdown, dump, instrumentOn, zeroCounters } from '../lib/callgrind.js';
import { untilQuiet } from '../lib/proc.js';
import { type ConnectKind, connectCycles } from '../scenarios/connects.js';
import type { ScenarioContext } from '../scenarios/context.js';
import { PublishFlow } from '../scenarios/throughput.js';
import { sleep } from '../targets/process.js';

/** One scenario of the instruction count: `warmup` units of work, then `count` counted. */
export type CountedScenario =
  | {
      readonly name: 'mtls' | 'token';
      readonly kind: 'connect';
      readonly mode: ConnectKind;
      readonly warmup: number;
      readonly count: number;
    }
  | {
      readonly name: 'qos0' | 'qos1';
      readonly kind: 'publish';
      readonly mode: 0 | 1;
      readonly warmup: number;
      readonly count: number;
    };

/** A broker under callgrind: its pid and the directory of its dumps and vgdb pipes. */
export interface Probe {
  readonly dir: string;
  readonly pid: number;
  /**
   * The broker's log, when it runs `gc-on-signal.js`: each count then starts on a freshly
   * collected heap. Undefined for Mosquitto, which has no collector.
   */
  readonly gcLog: string | undefined;
}

export interface Measured {
  /** Instructions the broker executed from the zero to the dump, every thread. */
  readonly instructions: number;
  /** Of those, the instructions of V8's compilers (parser, Sparkplug, TurboFan, deopts). */
  readonly jit: number;
  /** Of those, the instructions of V8's garbage collector. */
  readonly gc: number;
  /** The dump, for callgrind_annotate when the scratch directory is kept. */
  readonly file: string;
  /** Wall time from the zero to the dump. */
  readonly seconds: number;
}

/** Connect lanes: enough that the broker always has a handshake waiting. */
const CONNECT_CONCURRENCY = 8;
/** Longest a warm-up or a counted run may take, whatever its count. */
const PHASE_TIMEOUT_MS = 300_000;
const PING_TIMEOUT_MS = 60_000;
const POLL_MS = 20;
const GC_TIMEOUT_MS = 60_000;
const BACKGROUND_SAMPLES = 3;
const BACKGROUND_SAMPLE_MS = 1000;
const MS_PER_SECOND = 1000;
/**
 * Quiet: at most 2 clock ticks of CPU in each of two 200 ms samples. A broker under valgrind
 * that is still working uses the whole 200 ms.
 */
const QUIET = { intervalMs: 200, quietMs: 20, samples: 2, timeoutMs: 60_000 } as const;

export function measureScenario(
  context: ScenarioContext,
  probe: Probe,
  scenario: CountedScenario,
): Promise<Measured> {
  return scenario.kind === 'connect'
    ? measureConnects(context, probe, scenario.mode, scenario)
    : measurePublishes(context, probe, scenario.mode, scenario);
}

/**
 * Instrumentation on: the broker started without it, several times faster. valgrind
 * retranslates everything, and counts from here on.
 */
export async function startCounting(probe: Probe): Promise<void> {
  await settle(probe);
  await instrumentOn(probe.dir, probe.pid);
}

/**
 * What the broker executes while nothing happens (timers, a change-feed poll), per second.
 * A counted run under valgrind lasts tens of times longer than the same work natively, so
 * this share, which grows with time and not with work, is taken off each count. The median of
 * a few one-second samples, so a rare timer (aedes' heartbeat, once a minute) is not taken
 * for a steady rate.
 */
export async function measureBackground(probe: Probe): Promise<number> {
  await settle(probe);
  const rates: number[] = [];
  for (let sample = 0; sample < BACKGROUND_SAMPLES; sample += 1) {
    await zeroCounters(probe.dir, probe.pid);
    const started = performance.now();
    await sleep(BACKGROUND_SAMPLE_MS);
    const seconds = (performance.now() - started) / MS_PER_SECOND;
    rates.push((await dump(probe.dir, probe.pid, `background-${sample + 1}`)).total / seconds);
  }
  return rates.sort((a, b) => a - b)[Math.floor(rates.length / 2)] ?? 0;
}

interface Counts {
  readonly warmup: number;
  readonly count: number;
}

async function measureConnects(
  context: ScenarioContext,
  probe: Probe,
  kind: ConnectKind,
  counts: Counts,
): Promise<Measured> {
  const cycles = async (count: number) => {
    const result = await connectCycles(context, kind, {
      count,
      concurrency: CONNECT_CONCURRENCY,
      deadline: performance.now() + PHASE_TIMEOUT_MS,
    });
    if (result.latencies.length !== count) {
      const done = `${result.latencies.length} of ${count} connects done`;
      throw new Error(`${done} (${result.failures} failed: ${result.lastError})`);
    }
  };
  return counted(probe, `connect-${kind}`, {
    warmup: () => cycles(counts.warmup),
    work: () => cycles(counts.count),
  });
}

async function measurePublishes(
  context: ScenarioContext,
  probe: Probe,
  qos: 0 | 1,
  counts: Counts,
): Promise<Measured> {
  const flow = await PublishFlow.open(context, qos);
  const [subscriber] = flow.connections;
  if (subscriber === undefined) throw new Error('no subscriber');
  // Every message delivered and, for QoS 1, acknowledged both ways: the subscriber's PUBACKs
  // were read by the broker once it answers a PINGREQ sent after them.
  const deliver = async (total: number) => {
    flow.sendUpTo(total);
    const deadline = performance.now() + PHASE_TIMEOUT_MS;
    while (!(flow.delivered >= total && flow.unacked === 0)) {
      if (performance.now() > deadline) {
        throw new Error(`${flow.delivered} of ${total} delivered, ${flow.unacked} unacknowledged`);
      }
      await sleep(POLL_MS);
    }
    if (flow.delivered !== total) throw new Error(`${flow.delivered} delivered, ${total} sent`);
    await subscriber.ping(PING_TIMEOUT_MS);
  };
  try {
    return await counted(probe, `publish-qos${qos}`, {
      warmup: () => deliver(counts.warmup),
      work: () => deliver(counts.warmup + counts.count),
    });
  } finally {
    flow.stop();
    await flow.close();
  }
}

interface Phases {
  readonly warmup: () => Promise<void>;
  readonly work: () => Promise<void>;
}

/**
 * A full collection, the warm-up, zero, the work, the broker quiet again, dump: the
 * instructions of exactly that work. The collection puts every count in the state a
 * long-running broker lives in (V8 after a full collection runs some paths slower, for good)
 * and makes whether another falls inside the count a matter of the counted work alone, not of
 * what ran before. It comes before the warm-up because it also deoptimizes code, which the
 * warm-up compiles again.
 */
async function counted(probe: Probe, label: string, phases: Phases): Promise<Measured> {
  await settle(probe);
  await collectGarbage(probe);
  await phases.warmup();
  await settle(probe);
  await zeroCounters(probe.dir, probe.pid);
  const started = performance.now();
  await phases.work();
  await settle(probe);
  const seconds = (performance.now() - started) / MS_PER_SECOND;
  const dumped = await dump(probe.dir, probe.pid, label);
  const { total, jit, gc } = breakdown(dumped);
  return { instructions: total, jit, gc, file: dumped.file, seconds };
}

async function settle(probe: Probe): Promise<void> {
  if (!(await untilQuiet(probe.pid, QUIET))) {
    throw new Error(`broker still busy after ${QUIET.timeoutMs / MS_PER_SECOND} s`);
  }
}

/** SIGWINCH to a broker running gc-on-signal.js; resolves once it has logged the collection. */
async function collectGarbage(probe: Probe): Promise<void> {
  if (probe.gcLog === undefined) return;
  const done = () => readFileSync(probe.gcLog as string, 'utf8').match(/"msg":"bench-gc"/g);
  const before = done()?.length ?? 0;
  process.kill(probe.pid, 'SIGWINCH');
  const deadline = performance.now() + GC_TIMEOUT_MS;
  while ((done()?.length ?? 0) === before) {
    if (performance.now() > deadline) throw new Error('no full collection on SIGWINCH');
    await sleep(POLL_MS);
  }
}
