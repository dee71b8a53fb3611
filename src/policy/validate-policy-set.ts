import { WardenError } from '../core/index.js';
import { rememberRules } from './policy-rules.js';
import type { PolicySet, PolicySpec } from './policy-spec.js';
import { readPolicy } from './read-policy.js';

// Policy names are what a `role` claim holds; kept to the characters of a device id.
const POLICY_NAME = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Checks the `policies` map of a configuration and returns a frozen copy. Does not merge in
 * `defaultPolicies`: a set without `device` denies everything to identities without a role.
 * Throws ERR_CONFIG_INVALID naming the policy and the rule at fault.
 */
export function validatePolicySet(value: unknown): PolicySet {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WardenError('ERR_CONFIG_INVALID', 'policies must be a map of names to policies');
  }

  const policies: Record<string, PolicySpec> = {};
  for (const [name, spec] of Object.entries(value)) {
    if (!POLICY_NAME.test(name)) {
      throw new WardenError(
        'ERR_CONFIG_INVALID',
        `policy name ${JSON.stringify(name)} is invalid: use 1-64 of A-Z a-z 0-9 . _ : -`,
      );
    }
    const read = readPolicy(name, spec);
    rememberRules(read.spec, read.rules);
    Object.defineProperty(policies, name, { value: read.spec, enumerable: true });
  }
  return Object.freeze(policies);
}
