import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { WardenError } from '../../src/core/index.js';
import { parseDurationMs } from '../duration.js';
import { createModel } from '../models/create-model.js';
import {
  isModelKind,
  type ModelKind,
  type ModelParams,
  modelKinds,
} from '../models/sensor-model.js';
import { payloadFormats } from '../payload/telemetry-payload.js';
import { createRandom } from '../random/prng.js';
import type { DeviceGroup, Scenario } from './scenario.js';
import { checkTopicTemplate, DEFAULT_TOPIC_TEMPLATE } from './topic-template.js';

const GROUP_KEYS = ['name', 'count', 'model', 'params', 'interval', 'topic', 'qos', 'payload'];
const MORE_GROUP_KEYS = ['auth', 'role'];
const MAX_GROUP_DEVICES = 1_000_000;
const GROUP_NAME = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Reads a scenario file, YAML or JSON (YAML reads both): `groups`, each with a count, a model
 * and optionally params, interval, topic, qos, payload, auth and role. Throws
 * ERR_FILE_NOT_FOUND, ERR_FILE_UNREADABLE or ERR_INVALID_ARGUMENT naming the bad field.
 */
export function loadScenario(path: string): Scenario {
  const document = readDocument(path);
  if (!isObject(document) || !Array.isArray(document['groups'])) {
    throw invalid(path, 'expected an object with a list of groups');
  }
  const groups = document['groups'].map((item, index) =>
    readGroup(item, `${path}: groups[${index}]`),
  );
  if (groups.length === 0) throw invalid(path, 'the scenario has no groups');

  const names = new Set(groups.map((group) => group.name));
  if (names.size !== groups.length) throw invalid(path, 'two groups share a name');
  return { groups };
}

function readDocument(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new WardenError(
      missing ? 'ERR_FILE_NOT_FOUND' : 'ERR_FILE_UNREADABLE',
      `cannot read scenario ${path}`,
      { cause: error },
    );
  }
  try {
    return parse(text);
  } catch (error) {
    throw invalid(path, (error as Error).message.split('\n')[0] ?? 'unreadable YAML');
  }
}

function readGroup(item: unknown, where: string): DeviceGroup {
  if (!isObject(item)) throw invalid(where, 'a group must be an object');
  const unknownKey = Object.keys(item).find(
    (key) => !GROUP_KEYS.includes(key) && !MORE_GROUP_KEYS.includes(key),
  );
  if (unknownKey !== undefined) throw invalid(where, `unknown field ${unknownKey}`);

  const name = item['name'];
  if (typeof name !== 'string' || !GROUP_NAME.test(name)) {
    throw invalid(where, 'name must be 1-64 characters of A-Z a-z 0-9 . _ : -');
  }
  const count = item['count'];
  if (
    !Number.isSafeInteger(count) ||
    (count as number) < 1 ||
    (count as number) > MAX_GROUP_DEVICES
  ) {
    throw invalid(where, `count must be a whole number from 1 to ${MAX_GROUP_DEVICES}`);
  }
  const model = item['model'];
  if (!isModelKind(model)) throw invalid(where, `model must be one of ${modelKinds.join(', ')}`);

  const params = readParams(item['params'], where);
  checkParams(model, params, where);
  return {
    name,
    count: count as number,
    model,
    params,
    topic: checkTopicTemplate(readString(item, 'topic', where) ?? DEFAULT_TOPIC_TEMPLATE, where),
    ...readOptionalFields(item, where),
  };
}

function readOptionalFields(item: Record<string, unknown>, where: string): Partial<DeviceGroup> {
  const fields: { -readonly [K in keyof DeviceGroup]?: DeviceGroup[K] } = {};
  const interval = readString(item, 'interval', where);
  if (interval !== undefined) fields.intervalMs = positiveMs(interval, where);

  const qos = item['qos'];
  if (qos !== undefined && qos !== 0 && qos !== 1) throw invalid(where, 'qos must be 0 or 1');
  if (qos !== undefined) fields.qos = qos;

  const payload = readString(item, 'payload', where);
  if (payload !== undefined && !(payloadFormats as readonly string[]).includes(payload)) {
    throw invalid(where, `payload must be one of ${payloadFormats.join(', ')}`);
  }
  if (payload !== undefined) fields.payload = payload as DeviceGroup['payload'] & string;

  const auth = readString(item, 'auth', where);
  if (auth !== undefined && auth !== 'cert' && auth !== 'jwt') {
    throw invalid(where, 'auth must be cert or jwt');
  }
  if (auth !== undefined) fields.auth = auth;

  const role = readString(item, 'role', where);
  if (role !== undefined && !GROUP_NAME.test(role))
    throw invalid(where, 'role is not a valid claim');
  if (role !== undefined) fields.role = role;
  return fields;
}

function positiveMs(text: string, where: string): number {
  const ms = parseDurationMs(text, `${where} interval`);
  if (ms <= 0) throw invalid(where, 'interval must be positive');
  return ms;
}

function readParams(value: unknown, where: string): ModelParams {
  if (value === undefined) return {};
  if (!isObject(value)) throw invalid(where, 'params must be an object');
  return value;
}

/** Builds the model once, so a bad parameter is reported now, with the group it belongs to. */
function checkParams(model: ModelKind, params: ModelParams, where: string): void {
  try {
    createModel(model, params, createRandom(0));
  } catch (error) {
    throw invalid(where, (error as Error).message);
  }
}

function readString(item: Record<string, unknown>, key: string, where: string) {
  const value = item[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(where, `${key} must be a string`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(where: string, detail: string): WardenError {
  return new WardenError('ERR_INVALID_ARGUMENT', `invalid scenario: ${where}: ${detail}`);
}
