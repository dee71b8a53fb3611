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
    publish: compileAllows(rules.publish, 'allow publish', subject),
    subscribe: compileAllows(rules.subscribe, 'allow subscribe', subject),
    denyPublish: compileDenies(rules.denyPublish, 'deny publish', subject),
    denySubscribe: compileDenies(rules.denySubscribe, 'deny subscribe', subject),
  });
  return Object.freeze({ policy: name, [compiledRules]: compiled });
}

function compileAllows(
  templates: readonly RuleTemplate[],
  kind: string,
  subject: Subject,
): readonly CompiledRule[] {
  const compiled: CompiledRule[] = [];
  for (const template of templates) {
    const levels = expandAllowRule(template, subject);
    if (levels === undefined) continue;
    compiled.push(compileRule(levels, true, `${kind} ${template.text}`));
  }
  return Object.freeze(compiled);
}

function compileDenies(
  templates: readonly RuleTemplate[],
  kind: string,
  subject: Subject,
): readonly CompiledRule[] {
  const compiled = templates.map((template) => {
    const levels = expandDenyRule(template, subject);
    return compileRule(levels, false, `${kind} ${template.text}`);
  });
  return Object.freeze(compiled);
}

function compileRule(levels: FilterLevels, allowed: boolean, rule: string): CompiledRule {
  const decision = Object.freeze({ allowed, rule });
  return Object.freeze({ levels: Object.freeze(levels), decision });
}
