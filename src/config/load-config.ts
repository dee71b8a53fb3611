import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { isClaimKey, WardenError } from '../core/index.js';
import { defaultPolicies, validatePolicySet } from '../policy/index.js';
import {
  readBoolean,
  readChoice,
  readDurationSeconds,
  readInteger,
  readSection,
  readString,
  readStringList,
  type Section,
} from './fields.js';
import { homePaths, resolveHome } from './paths.js';
import type { Config, ExternalIssuerConfig, LimitsConfig, TokenConfig } from './types.js';

export interface ConfigOverrides {
  home?: string;
  mqttsPort?: number;
  mqttPort?: number;
  bind?: string;
  logLevel?: string;
}

const TOP_KEYS = [
  'listeners',
  'token',
  'issuers',
  'policies',
  'onDeniedPublish',
  'limits',
  'changeFeedPollMs',
  'persistence',
  'persistenceFsync',
  'log',
] as const;
const ALLOWED_ALGORITHMS = ['ES256', 'ES384', 'EdDSA', 'RS256', 'PS256'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const PORT = { min: 0, max: 65535 };

/**
 * Loads HOME/warden.yaml (optional), then WARDEN_* variables, then flags, into one frozen
 * config. Throws ERR_CONFIG_UNREADABLE or ERR_CONFIG_INVALID.
 */
export function loadConfig(overrides: ConfigOverrides = {}, env = process.env): Config {
  const home = resolveHome(overrides.home, env);
  const file = readConfigFile(join(home, 'warden.yaml'));
  const root = readSection(file, '', TOP_KEYS);
  const listeners = readSection(root['listeners'], 'listeners', ['mqtts', 'mqtt']);
  const mqtts = readSection(listeners['mqtts'], 'listeners.mqtts', ['port', 'host']);
  const mqtt = readSection(listeners['mqtt'], 'listeners.mqtt', ['port', 'host']);
  const log = readSection(root['log'], 'log', ['level']);

  const config: Config = {
    paths: homePaths(home),
    mqtts: {
      port: pick(overrides.mqttsPort, env['WARDEN_MQTTS_PORT'], mqtts, 'port', 8883),
      host: overrides.bind ?? env['WARDEN_BIND'] ?? readString(mqtts, 'host', 'host', '0.0.0.0'),
    },
    mqtt: {
      port: pick(overrides.mqttPort, env['WARDEN_MQTT_PORT'], mqtt, 'port', 1883),
      host: readString(mqtt, 'host', 'listeners.mqtt.host', '127.0.0.1'),
    },
    token: readToken(root['token']),
    issuers: readIssuers(root['issuers']),
    policies:
      root['policies'] === undefined ? defaultPolicies : validatePolicySet(root['policies']),
    onDeniedPublish: readChoice(
      root,
      'onDeniedPublish',
      'onDeniedPublish',
      ['drop', 'disconnect'],
      'drop',
    ),
    limits: readLimits(root['limits']),
    changeFeedPollMs: readInteger(root, 'changeFeedPollMs', 'changeFeedPollMs', {
      min: 10,
      max: 60_000,
      fallback: 500,
    }),
    persistence: readChoice(root, 'persistence', 'persistence', ['level', 'memory'], 'level'),
    persistenceFsync: readBoolean(root, 'persistenceFsync', 'persistenceFsync', false),
    logLevel: readChoice(
      { level: overrides.logLevel ?? env['WARDEN_LOG_LEVEL'] ?? log['level'] },
      'level',
      'log.level',
      LOG_LEVELS,
      'info',
    ),
  };
  return deepFreeze(config);
}

function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new WardenError('ERR_CONFIG_UNREADABLE', `cannot read ${path}`, { cause: error });
  }
  try {
    return parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    // `[devices/{device}/#]` reads as a flow map in YAML; say how to write it.
    const hint = /\[[^\]\n]*\{/.test(text)
      ? " (quote filters with placeholders inside [...]: ['devices/{device}/#'])"
      : '';
    throw new WardenError(
      'ERR_CONFIG_INVALID',
      `invalid configuration in ${path}: ${detail}${hint}`,
      {
        cause: error,
      },
    );
  }
}

function pick(
  flag: number | undefined,
  variable: string | undefined,
  section: Section,
  key: string,
  fallback: number,
) {
  if (flag !== undefined)
    return readInteger({ port: flag }, 'port', '--port', { ...PORT, fallback });
  if (variable !== undefined) {
    return readInteger({ port: variable }, 'port', 'a WARDEN_*_PORT variable', {
      ...PORT,
      fallback,
    });
  }
  return readInteger(section, key, `listeners.*.${key}`, { ...PORT, fallback });
}

function readToken(value: unknown): TokenConfig {
  const where = 'token';
  const token = readSection(value, where, [
    'issuer',
    'audience',
    'maxLifetime',
    'defaultTtl',
    'clockTolerance',
    'maxLength',
  ]);
  const maxLifetimeSeconds = readDurationSeconds(token, 'maxLifetime', 'token.maxLifetime', '24h');
  const defaultTtlSeconds = readDurationSeconds(token, 'defaultTtl', 'token.defaultTtl', '1h');
  if (defaultTtlSeconds > maxLifetimeSeconds) {
    throw new WardenError(
      'ERR_CONFIG_INVALID',
      'invalid configuration: token.defaultTtl is longer than token.maxLifetime',
    );
  }
  return {
    issuer: readString(token, 'issuer', 'token.issuer', 'warden'),
    audience: readString(token, 'audience', 'token.audience', 'warden'),
    maxLifetimeSeconds,
    defaultTtlSeconds,
    clockToleranceSeconds: readDurationSeconds(
      token,
      'clockTolerance',
      'token.clockTolerance',
      '30s',
    ),
    maxLengthBytes: readInteger(token, 'maxLength', 'token.maxLength', {
      min: 256,
      max: 65536,
      fallback: 8192,
    }),
  };
}

function readIssuers(value: unknown): ExternalIssuerConfig[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new WardenError('ERR_CONFIG_INVALID', 'invalid configuration: issuers must be a list');
  }
  const names = new Set<string>();
  return value.map((item, index) => {
    const where = `issuers[${index}]`;
    const section = readSection(item, where, [
      'name',
      'issuer',
      'jwksUri',
      'audience',
      'idClaim',
      'claims',
      'algorithms',
    ]);
    const name = readString(section, 'name', `${where}.name`);
    if (names.has(name)) {
      throw new WardenError('ERR_CONFIG_INVALID', `invalid configuration: issuer ${name} twice`);
    }
    names.add(name);
    const jwksUri = readString(section, 'jwksUri', `${where}.jwksUri`);
    assertUrl(jwksUri, `${where}.jwksUri`);
    const claims = readStringList(section, 'claims', `${where}.claims`);
    const badClaim = claims.find((claim) => !isClaimKey(claim));
    if (badClaim !== undefined) {
      throw new WardenError(
        'ERR_CONFIG_INVALID',
        `invalid configuration: ${where}.claims holds an invalid claim name ` +
          JSON.stringify(badClaim),
      );
    }
    const algorithms = readStringList(section, 'algorithms', `${where}.algorithms`);
    const badAlgorithm = algorithms.find(
      (alg) => !(ALLOWED_ALGORITHMS as readonly string[]).includes(alg),
    );
    if (badAlgorithm !== undefined) {
      throw new WardenError(
        'ERR_CONFIG_INVALID',
        `invalid configuration: ${where}.algorithms: ${badAlgorithm} is not one of ` +
          ALLOWED_ALGORITHMS.join(', '),
      );
    }
    return {
      name,
      issuer: readString(section, 'issuer', `${where}.issuer`),
      jwksUri,
      audience: readString(section, 'audience', `${where}.audience`, 'warden'),
      idClaim: readString(section, 'idClaim', `${where}.idClaim`, 'sub'),
      claims,
      algorithms: algorithms.length > 0 ? algorithms : [...ALLOWED_ALGORITHMS],
    };
  });
}

function assertUrl(value: string, where: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new WardenError('ERR_CONFIG_INVALID', `invalid configuration: ${where} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WardenError('ERR_CONFIG_INVALID', `invalid configuration: ${where} must be http(s)`);
  }
}

function readLimits(value: unknown): LimitsConfig {
  const limits = readSection(value, 'limits', [
    'maxPacketBytes',
    'maxPreAuthPacketBytes',
    'connectTimeout',
    'maxQueuedMessagesPerSession',
    'maxSubscriptionsPerClient',
    'maxInflightQos2PerClient',
    'maxConnectsPerAddressPerSecond',
  ]);
  const int = (key: string, min: number, max: number, fallback: number) =>
    readInteger(limits, key, `limits.${key}`, { min, max, fallback });
  return {
    maxPacketBytes: int('maxPacketBytes', 1024, 268435455, 1048576),
    maxPreAuthPacketBytes: int('maxPreAuthPacketBytes', 1024, 1048576, 65536),
    connectTimeoutMs:
      readDurationSeconds(limits, 'connectTimeout', 'limits.connectTimeout', '10s') * 1000,
    maxQueuedMessagesPerSession: int('maxQueuedMessagesPerSession', 1, 1000000, 1000),
    maxSubscriptionsPerClient: int('maxSubscriptionsPerClient', 1, 100000, 100),
    maxInflightQos2PerClient: int('maxInflightQos2PerClient', 1, 65535, 32),
    maxConnectsPerAddressPerSecond: int('maxConnectsPerAddressPerSecond', 1, 1000000, 1000),
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
