import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  authorizeDelivery,
  authorizePublish,
  authorizeSubscribe,
  compileGrants,
  type Decision,
  defaultPolicies,
  type Grants,
  validatePolicySet,
} from '../../src/policy/index.js';

// The policies of shared/ARCHITECTURE.md, "Policies", as warden.yaml would give them.
const policies = validatePolicySet({
  device: {
    publish: ['devices/{device}/#'],
    subscribe: ['devices/{device}/#'],
  },
  sensor: {
    publish: ['devices/{device}/telemetry/#', 'devices/{device}/state'],
    subscribe: ['devices/{device}/commands/#'],
  },
  gateway: {
    publish: ['sites/{site}/+/telemetry/#'],
    subscribe: ['sites/{site}/+/commands/#'],
    deny: { publish: ['sites/{site}/+/telemetry/firmware'] },
  },
});

type Action = 'publish' | 'subscribe' | 'deliver';
type Row = readonly [Action, string, boolean, string];

const checks: Readonly<Record<Action, (grants: Grants, text: string) => Decision>> = {
  publish: authorizePublish,
  subscribe: authorizeSubscribe,
  deliver: authorizeDelivery,
};

function runTable(grants: Grants, rows: readonly Row[]): void {
  for (const [action, text, allowed, rule] of rows) {
    it(`${allowed ? 'lets' : 'stops'} it ${action} ${text} (${rule})`, () => {
      assert.deepEqual({ ...checks[action](grants, text) }, { allowed, rule });
    });
  }
}

describe('the example device policy, for thermo-1 without a role', () => {
  const grants = compileGrants(policies, { id: 'thermo-1', claims: {} });
  const allow = (kind: string) => `allow ${kind} devices/{device}/#`;
  runTable(grants, [
    ['publish', 'devices/thermo-1/temp', true, allow('publish')],
    ['publish', 'devices/thermo-1', true, allow('publish')],
    ['publish', 'devices/thermo-1/a/b/c', true, allow('publish')],
    ['publish', 'devices/thermo-2/temp', false, 'default deny'],
    ['publish', 'devices/thermo-1x/temp', false, 'default deny'],
    ['publish', 'devices', false, 'default deny'],
    ['publish', '$SYS/x', false, 'reserved $ topic'],
    ['subscribe', 'devices/thermo-1/#', true, allow('subscribe')],
    ['subscribe', 'devices/thermo-1/+', true, allow('subscribe')],
    ['subscribe', 'devices/thermo-1', true, allow('subscribe')],
    ['subscribe', 'devices/+/#', false, 'default deny'],
    ['subscribe', 'devices/#', false, 'default deny'],
    ['subscribe', '#', false, 'default deny'],
    ['subscribe', '$SYS/#', false, 'reserved $ topic'],
    ['deliver', 'devices/thermo-1/cmd', true, allow('subscribe')],
    ['deliver', 'devices/thermo-2/cmd', false, 'default deny'],
  ]);

  it('matches the built-in default policies', () => {
    const builtIn = compileGrants(defaultPolicies, { id: 'thermo-1', claims: {} });
    for (const [action, text] of [
      ['publish', 'devices/thermo-1/temp'],
      ['subscribe', 'devices/thermo-1/#'],
      ['publish', 'devices/thermo-2/temp'],
    ] as const) {
      assert.deepEqual(checks[action](builtIn, text), checks[action](grants, text));
    }
  });
});

describe('the example sensor policy, for s-9', () => {
  const grants = compileGrants(policies, { id: 's-9', claims: { role: 'sensor' } });
  const telemetry = 'allow publish devices/{device}/telemetry/#';
  const commands = 'allow subscribe devices/{device}/commands/#';
  runTable(grants, [
    ['publish', 'devices/s-9/telemetry', true, telemetry],
    ['publish', 'devices/s-9/telemetry/temp', true, telemetry],
    ['publish', 'devices/s-9/state', true, 'allow publish devices/{device}/state'],
    ['publish', 'devices/s-9/state/x', false, 'default deny'],
    ['publish', 'devices/s-9/commands/reboot', false, 'default deny'],
    ['publish', 'devices/s-8/telemetry/temp', false, 'default deny'],
    ['subscribe', 'devices/s-9/commands/#', true, commands],
    ['subscribe', 'devices/s-9/commands/+', true, commands],
    ['subscribe', 'devices/s-9/commands', true, commands],
    ['subscribe', 'devices/s-9/#', false, 'default deny'],
    ['subscribe', 'devices/s-9/+/reboot', false, 'default deny'],
    ['subscribe', 'devices/s-9/telemetry/#', false, 'default deny'],
    ['deliver', 'devices/s-9/commands/reboot', true, commands],
    ['deliver', 'devices/s-9/telemetry/temp', false, 'default deny'],
  ]);
});

describe('the example gateway policy, for gw-1 at site north', () => {
  const grants = compileGrants(policies, {
    id: 'gw-1',
    claims: { role: 'gateway', site: 'north' },
  });
  const telemetry = 'allow publish sites/{site}/+/telemetry/#';
  const firmware = 'deny publish sites/{site}/+/telemetry/firmware';
  const commands = 'allow subscribe sites/{site}/+/commands/#';
  runTable(grants, [
    ['publish', 'sites/north/pump-1/telemetry', true, telemetry],
    ['publish', 'sites/north/pump-1/telemetry/flow', true, telemetry],
    ['publish', 'sites/north/pump-1/telemetry/firmware', false, firmware],
    ['publish', 'sites/north/pump-2/telemetry/firmware', false, firmware],
    ['publish', 'sites/north/pump-1/telemetry/firmware/v2', true, telemetry],
    ['publish', 'sites/south/pump-1/telemetry/flow', false, 'default deny'],
    ['publish', 'sites/north/pump-1/commands/stop', false, 'default deny'],
    ['publish', 'sites/north/telemetry', false, 'default deny'],
    ['subscribe', 'sites/north/+/commands/#', true, commands],
    ['subscribe', 'sites/north/pump-1/commands/#', true, commands],
    ['subscribe', 'sites/north/pump-1/commands/stop', true, commands],
    ['subscribe', 'sites/north/#', false, 'default deny'],
    ['subscribe', 'sites/+/+/commands/#', false, 'default deny'],
    ['subscribe', 'sites/south/+/commands/#', false, 'default deny'],
    ['deliver', 'sites/north/pump-1/commands/stop', true, commands],
    ['deliver', 'sites/south/pump-1/commands/stop', false, 'default deny'],
  ]);
});

describe('the example gateway policy, for a gateway without a site claim', () => {
  const grants = compileGrants(policies, { id: 'gw-2', claims: { role: 'gateway' } });
  runTable(grants, [
    ['publish', 'sites/north/pump-1/telemetry/flow', false, 'default deny'],
    ['publish', 'sites/undefined/pump-1/telemetry/flow', false, 'default deny'],
    ['publish', 'sites//pump-1/telemetry/flow', false, 'default deny'],
    ['subscribe', 'sites/+/+/commands/#', false, 'default deny'],
    ['subscribe', 'sites/#', false, 'default deny'],
    ['deliver', 'sites/north/pump-1/commands/stop', false, 'default deny'],
  ]);
});

describe('the example gateway policy, for a gateway whose site claim is a wildcard', () => {
  const grants = compileGrants(policies, { id: 'gw-3', claims: { role: 'gateway', site: '#' } });
  runTable(grants, [
    ['publish', 'sites/north/pump-1/telemetry/flow', false, 'default deny'],
    ['subscribe', 'sites/+/+/commands/#', false, 'default deny'],
    ['deliver', 'sites/north/pump-1/commands/stop', false, 'default deny'],
  ]);
});
