import { WardenError } from '../core/index.js';
import type { PolicySpec } from './policy-spec.js';
import { type RuleTemplate, readRuleTemplate } from './rule-template.js';

/** A policy's rules read once: each list of templates in the order written. */
export interface PolicyRules {
  readonly publish: readonly RuleTemplate[];
  readonly subscribe: readonly RuleTemplate[];
  readonly denyPublish: readonly RuleTemplate[];
  readonly denySubscribe: readonly RuleTemplate[];
}

export interface ReadPolicy {
  readonly spec: PolicySpec;
  readonly rules: PolicyRules;
}

const SPEC_KEYS = new Set(['publish', 'subscribe', 'deny']);
const DENY_KEYS = new Set(['publish', 'subscribe']);
const QUOTED_RULE_MAX_LENGTH = 200;

/** Checks one policy and returns a frozen copy with its rules read; throws ERR_CONFIG_INVALID. */
export function readPolicy(name: string, value: unknown): ReadPolicy {
  const where = `policy ${JSON.stringify(name)}`;
  const spec = asRecord(value, SPEC_KEYS, where);
  const deny = spec.deny === undefined ? {} : asRecord(spec.deny, DENY_KEYS, `${where}: deny`);

  const publish = readRules(spec.publish, `${where}: publish`);
  const subscribe = readRules(spec.subscribe, `${where}: subscribe`);
  const denyPublish = readRules(deny.publish, `${where}: deny.publish`);
  const denySubscribe = readRules(deny.subscribe, `${where}: deny.subscribe`);

  const copy: PolicySpec = {
    publish: textsOf(publish),
    subscribe: textsOf(subscribe),
    deny: Object.freeze({ publish: textsOf(denyPublish), subscribe: textsOf(denySubscribe) }),
  };
  const rules = Object.freeze({ publish, subscribe, denyPublish, denySubscribe });
  return { spec: Object.freeze(copy), rules };
}

function readRules(value: unknown, where: string): readonly RuleTemplate[] {
  if (value === undefined) return Object.freeze([]);
  if (!Array.isArray(value)) throw invalid(`${where} must be a list of topic filters`);

  const templates = value.map((rule: unknown) => {
    if (typeof rule !== 'string')
      throw invalid(`${where} must list strings, not ${describe(rule)}`);
    const reading = readRuleTemplate(rule);
    if (!reading.ok) throw invalid(`${where} rule ${quote(rule)} ${reading.problem}`);
    return reading.template;
  });
  return Object.freeze(templates);
}

function asRecord(
  value: unknown,
  known: ReadonlySet<string>,
  where: string,
): Readonly<Record<string, unknown>> {
  const expected = [...known].join(', ');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${where} must be a map with ${expected}, not ${describe(value)}`);
  }

  const unknown = Object.keys(value).find((key) => !known.has(key));
  if (unknown !== undefined) {
    throw invalid(`${where} has an unknown key ${JSON.stringify(unknown)}: expected ${expected}`);
  }
  return value as Readonly<Record<string, unknown>>;
}

function textsOf(templates: readonly RuleTemplate[]): readonly string[] {
  return Object.freeze(templates.map((template) => template.text));
}

// A rule is quoted whole unless it is absurdly long: a message is one readable line.
function quote(rule: string): string {
  if (rule.length <= QUOTED_RULE_MAX_LENGTH) return JSON.stringify(rule);
  return `${JSON.stringify(rule.slice(0, QUOTED_RULE_MAX_LENGTH))}… (${rule.length} characters)`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? JSON.stringify(value) : `a ${typeof value}`;
}

function invalid(message: string): WardenError {
  return new WardenError('ERR_CONFIG_INVALID', message);
}
