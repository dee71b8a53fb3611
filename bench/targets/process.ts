import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The broker's core; the load generator (this process) takes the other one. */
export const BROKER_CORE = 0;
export const GENERATOR_CORE = 1;
const STOP_GRACE_MS = 8000;
const POLL_MS = 50;

export function hasCommand(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pins this process (every thread) to the generator core; false when the machine cannot. */
export function pinGenerator(cores: number): boolean {
  if (cores < 2 || !hasCommand('taskset')) return false;
  execFileSync('taskset', ['-a', '-p', '-c', String(GENERATOR_CORE), String(process.pid)], {
    stdio: 'ignore',
  });
  return true;
}

export interface Spawned {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly logFile: string;
  readonly exited: Promise<number | null>;
}

/** Starts a broker process on the broker core, its stdout and stderr going to `logFile`. */
export function spawnBroker(
  command: string,
  args: readonly string[],
  logFile: string,
  pinned: boolean,
  env: NodeJS.ProcessEnv = process.env,
): Spawned {
  const fd = openSync(logFile, 'a');
  const [file, argv] = pinned
    ? ['taskset', ['-c', String(BROKER_CORE), command, ...args]]
    : [command, [...args]];
  const child = spawn(file, argv, { stdio: ['ignore', fd, fd], env });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`cannot start ${command}`);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  // taskset execs the command, so the pid is the broker's own.
  return { child, pid: child.pid, logFile, exited };
}

/** Waits until `probe` reads a value from the log, the process exits, or the time is up. */
export async function waitFor<T>(
  spawned: Spawned,
  probe: (log: string) => T | undefined,
  timeoutMs: number,
): Promise<T> {
  let exited = false;
  void spawned.exited.then(() => {
    exited = true;
  });
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const log = existsSync(spawned.logFile) ? readFileSync(spawned.logFile, 'utf8') : '';
    const value = probe(log);
    if (value !== undefined) return value;
    if (exited) throw new BrokerExited(log);
    if (performance.now() > deadline) throw new Error(`broker not ready after ${timeoutMs} ms`);
    await sleep(POLL_MS);
  }
}

export class BrokerExited extends Error {
  constructor(readonly log: string) {
    super(`broker exited before it was ready: ${log.trim().split('\n').slice(-3).join(' | ')}`);
  }
}

/** The port of the first JSON log line `{"msg":"listening","listener":"mqtts","port":N}`. */
export function listeningPort(log: string): number | undefined {
  for (const line of log.split('\n')) {
    if (!line.includes('"listening"')) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; listener?: string; port?: number };
      if (entry.msg === 'listening' && entry.listener === 'mqtts') return entry.port;
    } catch {
      // not a JSON line
    }
  }
  return undefined;
}

export async function stopBroker(spawned: Spawned): Promise<void> {
  if (spawned.child.exitCode !== null || spawned.child.signalCode !== null) return;
  spawned.child.kill('SIGTERM');
  const grace = sleep(STOP_GRACE_MS).then(() => 'timeout' as const);
  if ((await Promise.race([spawned.exited, grace])) === 'timeout') {
    spawned.child.kill('SIGKILL');
    await spawned.exited;
  }
}

/** A port free on loopback right now, for brokers that cannot listen on port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
