import {
  compileGrants,
  type Grants,
  type PolicySpec,
  validatePolicySet,
} from '../../src/policy/index.js';

/** Grants from one policy, validated as configuration would be, for the given id and claims. */
export function grantsFor(
  spec: PolicySpec,
  id = 'd1',
  claims: Readonly<Record<string, string>> = {},
): Grants {
  const policies = validatePolicySet({ test: spec });
  return compileGrants(policies, { id, claims: { ...claims, role: 'test' } });
}
