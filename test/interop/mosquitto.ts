import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { TestContext } from 'node:test';
import type { TestBroker } from '../helpers/broker.js';
import type { TestHome } from '../helpers/home.js';

/**
 * Drives Debian's mosquitto_pub and mosquitto_sub against a test broker. The interop tests must
 * fail, never skip, where the clients are missing: CI installs them (.ci/run).
 */

export const INSTALL_HINT = 'install mosquitto-clients (apt-get install mosquitto-clients)';
const PUB_TIMEOUT_MS = 15_000;
const PRIVATE_FILE_MODE = 0o600;

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Fails the calling test loudly when a client is missing. */
export function requireMosquittoClients(): { pub: string; sub: string } {
  const pub = findOnPath('mosquitto_pub');
  const sub = findOnPath('mosquitto_sub');
  assert.ok(
    pub !== undefined && sub !== undefined,
    `mosquitto_pub/mosquitto_sub not found: ${INSTALL_HINT}`,
  );
  return { pub, sub };
}

/** Where a client connects, and with what. */
export interface Credentials {
  readonly clientId: string;
  readonly args: readonly string[];
}

export interface Listener {
  readonly args: readonly string[];
}

export function tlsListener(home: TestHome, broker: TestBroker): Listener {
  const port = portOf(broker, 'mqtts');
  return { args: ['-h', 'localhost', '-p', `${port}`, '--cafile', home.config.paths.caCert] };
}

export function plainListener(broker: TestBroker): Listener {
  return { args: ['-h', '127.0.0.1', '-p', `${portOf(broker, 'mqtt')}`] };
}

function portOf(broker: TestBroker, name: 'mqtt' | 'mqtts'): number {
  const address = broker.broker.addresses.find((a) => a.name === name);
  assert.ok(address !== undefined, `no ${name} listener`);
  return address.port;
}

/** Writes a device's certificate and key (0600) into the home and names them for the clients. */
export function certificateCredentials(
  home: TestHome,
  clientId: string,
  issued: { certPem: string; keyPem?: string },
): Credentials {
  assert.ok(issued.keyPem !== undefined, 'a generated key is needed');
  const dir = join(home.dir, 'interop');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const cert = join(dir, `${clientId}.crt`);
  const key = join(dir, `${clientId}.key`);
  writeFileSync(cert, issued.certPem);
  writeFileSync(key, issued.keyPem, { mode: PRIVATE_FILE_MODE });
  return { clientId, args: ['--cert', cert, '--key', key] };
}

export function tokenCredentials(clientId: string, token: string): Credentials {
  return { clientId, args: ['-u', clientId, '-P', token] };
}

export interface ExitResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs mosquitto_pub once, QoS 1, and resolves with its exit status and output. */
export function publish(
  listener: Listener,
  who: Credentials,
  topic: string,
  message: string,
): Promise<ExitResult> {
  const { pub } = requireMosquittoClients();
  const args = [
    ...listener.args,
    ...who.args,
    '-i',
    who.clientId,
    '-t',
    topic,
    '-m',
    message,
    '-q',
    '1',
  ];
  return new Promise((resolve) => {
    execFile(pub, args, { timeout: PUB_TIMEOUT_MS }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

export interface Subscriber {
  readonly process: ChildProcess;
  /** Resolves when mosquitto_sub exits (after `count` messages or `timeoutSeconds`). */
  readonly exited: Promise<ExitResult>;
}

/** Starts mosquitto_sub printing `topic payload` lines, exiting after `count` messages. */
export function subscribe(
  t: TestContext,
  listener: Listener,
  who: Credentials,
  filter: string,
  options: { count: number; timeoutSeconds: number },
): Subscriber {
  const { sub } = requireMosquittoClients();
  const args = [
    ...listener.args,
    ...who.args,
    '-i',
    who.clientId,
    '-t',
    filter,
    '-q',
    '1',
    '-v',
    '-C',
    `${options.count}`,
    '-W',
    `${options.timeoutSeconds}`,
  ];
  const child = spawn(sub, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => {
    if (child.exitCode === null) child.kill();
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<ExitResult>((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { process: child, exited };
}

/**
 * mosquitto_sub gives no sign that its SUBSCRIBE was granted, so the publisher repeats until
 * the subscriber has exited or `attempts` run out; returns every publisher result.
 */
export async function publishUntilReceived(
  subscriber: Subscriber,
  send: () => Promise<ExitResult[]>,
  attempts = 20,
): Promise<ExitResult[]> {
  const results: ExitResult[] = [];
  let exited = false;
  void subscriber.exited.then(() => {
    exited = true;
  });
  for (let attempt = 0; attempt < attempts && !exited; attempt++) {
    results.push(...(await send()));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return results;
}
