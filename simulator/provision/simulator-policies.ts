import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Document, isMap, parseDocument } from 'yaml';
import { loadConfig } from '../../src/config/index.js';
import { WardenError } from '../../src/core/index.js';
import { PUBLIC_FILE_MODE, replaceFile } from '../../src/fleet/index.js';

/** The role claim of the identity that watches every device's telemetry. */
export const MONITOR_ROLE = 'sim-monitor';
/** The role claim of the identity that sends commands and reads the replies. */
export const COMMANDER_ROLE = 'sim-commander';
/** A device role narrower than the built-in `device`: telemetry and replies out, commands in. */
export const SENSOR_ROLE = 'sim-sensor';

/**
 * The policies a simulated fleet needs, added to warden.yaml by provisioning. The monitor and
 * commander see every device's topics, so their identities are as sensitive as an operator's.
 */
export const simulatorPolicies = {
  [SENSOR_ROLE]: {
    publish: ['devices/{device}/telemetry/#', 'devices/{device}/replies/#'],
    subscribe: ['devices/{device}/commands/#'],
  },
  [MONITOR_ROLE]: { subscribe: ['devices/+/telemetry/#'] },
  [COMMANDER_ROLE]: {
    publish: ['devices/+/commands/#'],
    subscribe: ['devices/+/replies/#'],
  },
} as const;

/** The built-in `device` policy: written out too, since a `policies` section replaces it. */
const builtInDevicePolicy = {
  publish: ['devices/{device}/#'],
  subscribe: ['devices/{device}/#'],
};

/** The `policies` section a home needs for the simulator, as YAML (tests and the README). */
export function simulatorPolicyYaml(): string {
  return new Document({
    policies: { device: builtInDevicePolicy, ...simulatorPolicies },
  }).toString();
}

/**
 * Adds the simulator's policies to HOME/warden.yaml where they are missing, keeping the rest of
 * the file and its comments; a policy of the same name is left as the operator wrote it. Answers
 * whether the file changed: a running broker must then be restarted to know the new roles.
 * Throws ERR_CONFIG_INVALID (checked by loading the result) or ERR_FILE_UNWRITABLE.
 */
export function ensureSimulatorPolicies(home: string): boolean {
  const path = join(home, 'warden.yaml');
  const exists = existsSync(path);
  const parsed = exists ? parseDocument(readFileSync(path, 'utf8')) : new Document({});
  // An empty file parses to no contents; start it afresh, in block style.
  const document = parsed.contents === null ? new Document({}) : parsed;
  if (!isMap(document.contents)) {
    throw new WardenError('ERR_CONFIG_INVALID', `${path} is not a map`);
  }

  const missing = missingPolicies(document.get('policies'));
  if (missing.length === 0) return false;
  if (!document.has('policies')) {
    document.set('policies', document.createNode({ device: builtInDevicePolicy }));
  }
  for (const name of missing) {
    document.setIn(['policies', name], document.createNode(simulatorPolicies[name]));
  }

  const mode = exists ? statSync(path).mode & 0o777 : PUBLIC_FILE_MODE;
  writeConfig(path, document.toString(), mode);
  loadConfig({ home }, {});
  return true;
}

function missingPolicies(policies: unknown): (keyof typeof simulatorPolicies)[] {
  const names = Object.keys(simulatorPolicies) as (keyof typeof simulatorPolicies)[];
  if (!isMap(policies)) return names;
  return names.filter((name) => !policies.has(name));
}

function writeConfig(path: string, text: string, mode: number): void {
  try {
    replaceFile(path, text, mode);
  } catch (error) {
    throw new WardenError('ERR_FILE_UNWRITABLE', `cannot write ${path}`, { cause: error });
  }
}
