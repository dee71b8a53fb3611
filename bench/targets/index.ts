import { createConnection } from 'node:net';
import { join } from 'node:path';
import { ensureMosquitto, writeMosquittoConfig } from './mosquitto.js';
import {
  BrokerExited,
  freePort,
  listeningPort,
  type Spawned,
  sleep,
  spawnBroker,
  stopBroker,
  waitFor,
} from './process.js';

export type TargetName = 'warden' | 'warden-memory' | 'aedes' | 'mosquitto' | 'node-tls';

export interface RunningTarget {
  readonly name: TargetName;
  readonly pid: number;
  readonly port: number;
  /** How it was started, for the record. */
  readonly how: string;
  /** Where its stdout and stderr go. */
  readonly logFile: string;
  stop(): Promise<void>;
}

export interface LaunchContext {
  /** The project root: bin/warden.js and dist/ live here. */
  readonly root: string;
  /** Scratch directory of this run. */
  readonly workDir: string;
  /** Warden home for the target; aedes and Mosquitto read its certificates. */
  readonly home: string;
  readonly collectorId: string;
  readonly pinned: boolean;
  /** Extra flags for Node brokers, e.g. --cpu-prof. */
  readonly nodeFlags: readonly string[];
  /**
   * A command the broker runs under, e.g. `valgrind --tool=callgrind …`: the broker's own
   * command and arguments follow it. The pid is still the broker's, as valgrind execs it.
   */
  readonly commandPrefix?: readonly string[];
  /** How long a broker may take to listen; 20 s unless told (valgrind starts far slower). */
  readonly readyTimeoutMs?: number;
}

const READY_TIMEOUT_MS = 20_000;

function readyTimeout(context: LaunchContext): number {
  return context.readyTimeoutMs ?? READY_TIMEOUT_MS;
}

/** `spawnBroker` with the context's command prefix in front of the broker's command. */
function spawnUnder(
  context: LaunchContext,
  command: string,
  args: readonly string[],
  logFile: string,
): Spawned {
  const [first, ...rest] = context.commandPrefix ?? [];
  return first === undefined
    ? spawnBroker(command, args, logFile, context.pinned)
    : spawnBroker(first, [...rest, command, ...args], logFile, context.pinned);
}

export async function launchTarget(
  name: TargetName,
  context: LaunchContext,
): Promise<RunningTarget> {
  switch (name) {
    case 'warden':
    case 'warden-memory':
      return launchWarden(name, context);
    case 'aedes':
      return launchScript(
        context,
        name,
        'plain-aedes.js',
        'aedes 1.x, no hooks, memory persistence',
      );
    case 'mosquitto':
      return launchMosquitto(context);
    case 'node-tls':
      return launchScript(
        context,
        name,
        'bare-tls.js',
        'node:tls server, CONNACK and PINGRESP only',
      );
  }
}

/** `warden start`, as users run it; the embedded broker only while the CLI lacks `start`. */
async function launchWarden(name: TargetName, context: LaunchContext): Promise<RunningTarget> {
  const cli = join(context.root, 'bin', 'warden.js');
  const args = [cli, 'start', '--home', context.home, '--mqtts-port', '0', '--mqtt-port', '0'];
  const spawned = spawnUnder(
    context,
    process.execPath,
    [...context.nodeFlags, ...args, '--bind', '127.0.0.1'],
    join(context.workDir, `${name}.log`),
  );
  try {
    const port = await waitFor(spawned, listeningPort, readyTimeout(context));
    return running(name, spawned, port, 'warden start');
  } catch (error) {
    if (!(error instanceof BrokerExited && error.log.includes('ERR_CLI_UNAVAILABLE'))) throw error;
  }
  const embedded = join(context.root, 'dist', 'bench', 'targets', 'warden-embedded.js');
  const fallback = spawnUnder(
    context,
    process.execPath,
    [...context.nodeFlags, embedded, '--home', context.home],
    join(context.workDir, `${name}-embedded.log`),
  );
  const port = await waitFor(fallback, listeningPort, readyTimeout(context));
  return running(
    name,
    fallback,
    port,
    'startBroker in a script (this build has no `warden start`)',
  );
}

/** A Node script of bench/targets as a broker: `--home`, its log beside the others. */
async function launchScript(
  context: LaunchContext,
  name: 'aedes' | 'node-tls',
  script: string,
  how: string,
): Promise<RunningTarget> {
  const spawned = spawnUnder(
    context,
    process.execPath,
    [
      ...context.nodeFlags,
      join(context.root, 'dist', 'bench', 'targets', script),
      '--home',
      context.home,
    ],
    join(context.workDir, `${name}.log`),
  );
  const port = await waitFor(spawned, listeningPort, readyTimeout(context));
  return running(name, spawned, port, how);
}

async function launchMosquitto(context: LaunchContext): Promise<RunningTarget> {
  const binary = ensureMosquitto();
  const port = await freePort();
  const { configFile } = writeMosquittoConfig(
    context.workDir,
    context.home,
    port,
    context.collectorId,
  );
  const spawned = spawnUnder(
    context,
    binary,
    ['-c', configFile],
    join(context.workDir, 'mosquitto.log'),
  );
  await untilAccepting(spawned, port, readyTimeout(context));
  return running('mosquitto', spawned, port, `${binary} -c mosquitto.conf`);
}

async function untilAccepting(spawned: Spawned, port: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (spawned.child.exitCode !== null) throw new Error('mosquitto exited; see mosquitto.log');
    if (await accepts(port)) return;
    await sleep(50);
  }
  throw new Error(`mosquitto not accepting on ${port}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function running(name: TargetName, spawned: Spawned, port: number, how: string): RunningTarget {
  return {
    name,
    pid: spawned.pid,
    port,
    how,
    logFile: spawned.logFile,
    stop: () => stopBroker(spawned),
  };
}
