import type { Decision } from './decision.js';
import { expandAllowRule, expandDenyRule, type Subject } from './expand-rule.js';
import { rulesOf } from './policy-rules.js';
import type { PolicySet } from './policy-spec.js';
import type { RuleTemplate } from './rule-template.js';
import type { FilterLevels } from './topic-levels.js';

/** An expanded filter and the decision it gives when it applies, built once per connection. */
export interface CompiledRule {
  readonly levels: FilterLevels;
  readonly decision: Decision;
}

export interface CompiledRules {
  readonly publish: readonly CompiledRule[];
  readonly subscribe: readonly CompiledRule[];
  readonly denyPublish: readonly CompiledRule[];
  readonly denySubscribe: readonly CompiledRule[];
}

/** Where grants keep their compiled rules; not exported from the policy part. */
export const compiledRules: unique symbol = Symbol('warden.policy.compiledRules');

/** What one connection may do; made only by `compileGrants`. */
export interface Grants {
  readonly policy: string;
  readonly [compiledRules]: CompiledRules;
}

const DEFAULT_POLICY = 'device';
const ALLOW_PUBLISH = 'allow publish';
const ALLOW_SUBSCRIBE = 'allow subscribe';
const DENY_PUBLISH = 'deny publish';
const DENY_SUBSCRIBE = 'deny subscribe';
const ROLE_CLAIM = 'role';

export const noRules: CompiledRules = Object.freeze({
  publish: Object.freeze([]),
  subscribe: Object.freeze([]),
  denyPublish: Object.freeze([]),
  denySubscribe: Object.freeze([]),
});

function requestedPolicyName(claims: Readonly<Record<string, string>>): unknown {
  return Object.hasOwn(claims, ROLE_CLAIM) ? claims[ROLE_CLAIM] : DEFAULT_POLICY;
}

/** The policy the `role` claim names (`device` without one), or undefined if there is none. */
export function selectPolicyName(
  policies: PolicySet,
  claims: Readonly<Record<string, string>>,
): string | undefined {
  const name = requestedPolicyName(claims);
  if (typeof name !== 'string' || !Object.hasOwn(policies, name)) return undefined;
  return name;
}

/**
 * Expands the subject's policy once, at connect. A policy that does not exist grants nothing.
 * Throws ERR_CONFIG_INVALID when the policy was never validated and holds an invalid rule.
 */
export function compileGrants(policies: PolicySet, subject: Subject): Grants {
  const name = selectPolicyName(policies, subject.claims);
  const spec = name === undefined ? undefined : policies[name];
  if (name === undefined || spec === undefined) {
    const policy = String(requestedPolicyName(subject.claims));
    return Object.freeze({ policy, [compiledRules]: noRules });
  }

  const rules = rulesOf(name, spec);
  const compiled: CompiledRules = Object.freeze({
    publish: compileAllows(rules.publish, ALLOW_PUBLISH, subject),
    subscribe: compileAllows(rules.subscribe, ALLOW_SUBSCRIBE, subject),
    denyPublish: compileDenies(rules.denyPublish, DENY_PUBLISH, subject),
    denySubscribe: compileDenies(rules.denySubscribe, DENY_SUBSCRIBE, subject),
  });
  return Object.freeze({ policy: name, [compiledRules]: compiled });
}

/** Rules compiled from no template: one frozen array shared by every connection. */
const NONE: readonly CompiledRule[] = Object.freeze([]);

/**
 * Compiled rules that are the same for every subject, by template and kind: a rule's decision
 * names the rule as written, and a rule without placeholders expands to its own text. Shared,
 * they cost a connection nothing (each rule object, array and name string would otherwise be
 * built again for every connection).
 */
const shared = new WeakMap<
  RuleTemplate,
  Map<string, { decision: Decision; rule?: CompiledRule }>
>();

function sharedOf(template: RuleTemplate, kind: string, allowed: boolean) {
  let byKind = shared.get(template);
  if (byKind === undefined) {
    byKind = new Map();
    shared.set(template, byKind);
  }
  let entry = byKind.get(kind);
  if (entry === undefined) {
    entry = { decision: Object.freeze({ allowed, rule: `${kind} ${template.text}` }) };
    byKind.set(kind, entry);
  }
  return entry;
}

function hasPlaceholder(template: RuleTemplate): boolean {
  return template.levels.some((level) => typeof level !== 'string');
}

function compileAllows(
  templates: readonly RuleTemplate[],
  kind: string,
  subject: Subject,
): readonly CompiledRule[] {
  if (templates.length === 0) return NONE;
  // map, not push: kept for the whole connection, and push leaves spare slots.
  const compiled = templates.map((template) =>
    compileRule(template, kind, true, () => expandAllowRule(template, subject)),
  );
  const kept = compiled.every((rule) => rule !== undefined)
    ? compiled
    : compiled.filter((rule) => rule !== undefined).slice();
  return Object.freeze(kept);
}

function compileDenies(
  templates: readonly RuleTemplate[],
  kind: string,
  subject: Subject,
): readonly CompiledRule[] {
  if (templates.length === 0) return NONE;
  const compiled = templates.map(
    (template) =>
      compileRule(template, kind, false, () => expandDenyRule(template, subject)) as CompiledRule,
  );
  return Object.freeze(compiled);
}

/** The rule for this subject, or undefined when `expand` drops it. */
function compileRule(
  template: RuleTemplate,
  kind: string,
  allowed: boolean,
  expand: () => FilterLevels | undefined,
): CompiledRule | undefined {
  const entry = sharedOf(template, kind, allowed);
  if (entry.rule !== undefined) return entry.rule;
  const levels = expand();
  if (levels === undefined) return undefined;
  const rule: CompiledRule = Object.freeze({
    levels: Object.freeze(levels),
    decision: entry.decision,
  });
  if (!hasPlaceholder(template)) entry.rule = rule;
  return rule;
}
