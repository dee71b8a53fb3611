import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasCommand } from './process.js';

const DEBIAN_PATH = '/usr/sbin/mosquitto';

/** Finds Mosquitto, installing Debian's package when it is missing; throws when it cannot. */
export function ensureMosquitto(): string {
  const found = locate();
  if (found !== undefined) return found;
  console.error('mosquitto not found: apt-get install -y mosquitto');
  for (const attempt of [
    ['install', '-y', 'mosquitto'],
    ['update'],
    ['install', '-y', 'mosquitto'],
  ]) {
    try {
      execFileSync('apt-get', attempt, { stdio: 'ignore', env: aptEnv() });
    } catch {
      // `install` fails on a stale package list; the update and second install retry.
    }
    if (attempt[0] === 'install' && locate() !== undefined) break;
  }
  const installed = locate();
  if (installed === undefined) {
    throw new Error('mosquitto is missing and `apt-get install -y mosquitto` failed; install it');
  }
  return installed;
}

function locate(): string | undefined {
  if (existsSync(DEBIAN_PATH)) return DEBIAN_PATH;
  return hasCommand('mosquitto') ? 'mosquitto' : undefined;
}

function aptEnv(): NodeJS.ProcessEnv {
  return { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
}

export function mosquittoVersion(binary: string): string {
  try {
    const text = execFileSync(binary, ['-h'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return /mosquitto version (\S+)/.exec(text)?.[1] ?? 'unknown';
  } catch (error) {
    const output = String((error as { stdout?: string }).stdout ?? '');
    return /mosquitto version (\S+)/.exec(output)?.[1] ?? 'unknown';
  }
}

export interface MosquittoFiles {
  readonly configFile: string;
}

/**
 * Mosquitto's closest equivalent of Warden's defaults: client certificates required and chained
 * to Warden's CA, the certificate's CN as the user name, an ACL pattern granting each device its
 * own subtree, and the collector reading every device's telemetry. Nagle off and no in-flight or
 * queue caps, as aedes has none, so the brokers are compared at capacity, not at a limit.
 */
export function writeMosquittoConfig(
  dir: string,
  home: string,
  port: number,
  collectorId: string,
): MosquittoFiles {
  const certs = join(home, 'certs');
  const aclFile = join(dir, 'mosquitto.acl');
  writeFileSync(
    aclFile,
    [
      'pattern readwrite devices/%u/#',
      '',
      `user ${collectorId}`,
      'topic read devices/+/telemetry',
      '',
    ].join('\n'),
  );
  const configFile = join(dir, 'mosquitto.conf');
  writeFileSync(
    configFile,
    [
      // Root would otherwise drop to the mosquitto user, who cannot read the 0600 key files.
      'user root',
      'per_listener_settings false',
      'allow_anonymous false',
      'persistence false',
      'set_tcp_nodelay true',
      'max_inflight_messages 0',
      'max_queued_messages 0',
      `acl_file ${aclFile}`,
      `listener ${port} 127.0.0.1`,
      `cafile ${join(certs, 'ca.crt')}`,
      `certfile ${join(certs, 'server.crt')}`,
      `keyfile ${join(certs, 'server.key')}`,
      'require_certificate true',
      'use_identity_as_username true',
      '',
    ].join('\n'),
  );
  return { configFile };
}
