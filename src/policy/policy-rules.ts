import type { PolicySpec } from './policy-spec.js';
import { type PolicyRules, readPolicy } from './read-policy.js';

// Rules read per policy object, so compiling grants at every connect parses nothing.
const rulesBySpec = new WeakMap<PolicySpec, PolicyRules>();

export function rememberRules(spec: PolicySpec, rules: PolicyRules): void {
  rulesBySpec.set(spec, rules);
}

/** The rules of a policy, read at first use; throws ERR_CONFIG_INVALID for an invalid one. */
export function rulesOf(name: string, spec: PolicySpec): PolicyRules {
  const known = rulesBySpec.get(spec);
  if (known !== undefined) return known;

  const { rules } = readPolicy(name, spec);
  rulesBySpec.set(spec, rules);
  return rules;
}
