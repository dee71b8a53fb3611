import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { BrokerMetrics } from '../../src/broker/index.js';

const ENTRY = join(dirname(fileURLToPath(import.meta.url)), 'broker-process.js');
const START_TIMEOUT_MS = 15_000;

export interface MemorySample {
  /** VmRSS of the process, from /proc (Linux). */
  readonly rssKb: number;
  /** What JavaScript holds: V8 heap in use plus Buffer and ArrayBuffer memory. */
  readonly jsBytes: number;
}

/** A broker running as a child process on a test home, which a test may kill. */
export interface BrokerChild {
  readonly pid: number;
  readonly mqttUrl: string;
  readonly mqttsUrl: string;
  /** Sends `signal` and waits for the process to exit; resolves to its exit code or signal. */
  stop(signal: NodeJS.Signals): Promise<number | string>;
  metrics(): Promise<BrokerMetrics>;
  /** Collects garbage in the broker process, then measures its memory. */
  memory(): Promise<MemorySample>;
}

/** Starts `broker-process.js HOME PORT` and waits for its ports; killed in `t.after` if still up. */
export async function startBrokerChild(
  t: TestContext,
  home: string,
  mqttPort = 0,
): Promise<BrokerChild> {
  const child = spawn(process.execPath, ['--expose-gc', ENTRY, home, String(mqttPort)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, WARDEN_LOG_LEVEL: process.env['WARDEN_LOG_LEVEL'] ?? 'warn' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (process.env['WARDEN_CHILD_STDERR'] !== undefined) process.stderr.write(chunk);
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    return exited;
  });
  const lines = createInterface({ input: child.stdout! });
  const ready = await firstLine(lines, exited, () => stderr);
  const ports = JSON.parse(ready) as { pid: number; mqttPort: number; mqttsPort: number };
  return {
    pid: ports.pid,
    mqttUrl: `mqtt://127.0.0.1:${ports.mqttPort}`,
    mqttsUrl: `mqtts://localhost:${ports.mqttsPort}`,
    stop: (signal) => {
      child.kill(signal);
      return exited;
    },
    metrics: async () => {
      child.stdin?.write('metrics\n');
      return JSON.parse(await firstLine(lines, exited, () => stderr)) as BrokerMetrics;
    },
    memory: async () => {
      child.stdin?.write('gc\n');
      const usage = JSON.parse(await firstLine(lines, exited, () => stderr)) as NodeJS.MemoryUsage;
      return { rssKb: readRssKb(ports.pid), jsBytes: usage.heapUsed + usage.arrayBuffers };
    },
  };
}

function firstLine(
  lines: Interface,
  exited: Promise<number | string>,
  stderr: () => string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('broker child silent')), START_TIMEOUT_MS);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`broker child exited (${code}): ${stderr()}`));
    });
  });
}

function readRssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (match === null) throw new Error('no VmRSS in /proc status');
  return Number(match[1]);
}
