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
  selectPolicyName,
  validatePolicySet,
} from '../../src/policy/index.js';
import { grantsFor } from './grants-for.js';

type Check = (grants: Grants, text: string) => Decision;
type Row = readonly [string, boolean, string];

function runTable(grants: Grants, check: Check, verb: string, rows: readonly Row[]): void {
  for (const [text, allowed, rule] of rows) {
    it(`${allowed ? 'allows' : 'refuses'} ${verb} ${JSON.stringify(text)} by ${rule}`, () => {
      assert.deepEqual({ ...check(grants, text) }, { allowed, rule });
    });
  }
}

describe('deny precedence for publish', () => {
  const grants = grantsFor({
    publish: ['a/#', 'a/secret/open'],
    deny: { publish: ['a/secret/#', 'a/+/firmware'] },
  });
  runTable(grants, authorizePublish, 'publishing to', [
    ['a/x', true, 'allow publish a/#'],
    ['a', true, 'allow publish a/#'],
    ['a/secret', false, 'deny publish a/secret/#'],
    ['a/secret/x', false, 'deny publish a/secret/#'],
    ['a/secret/open', false, 'deny publish a/secret/#'],
    ['a/x/firmware', false, 'deny publish a/+/firmware'],
    ['a/x/firmware/y', true, 'allow publish a/#'],
    ['a/secretive', true, 'allow publish a/#'],
    ['b', false, 'default deny'],
  ]);
});

describe('deny precedence for subscribe', () => {
  const grants = grantsFor({
    subscribe: ['a/#', 'a/secret/open'],
    deny: { subscribe: ['a/secret/#'] },
  });
  runTable(grants, authorizeSubscribe, 'subscribing to', [
    ['a/public/#', true, 'allow subscribe a/#'],
    ['a/public', true, 'allow subscribe a/#'],
    ['a', true, 'allow subscribe a/#'],
    ['a/#', false, 'deny subscribe a/secret/#'],
    ['a/+', false, 'deny subscribe a/secret/#'],
    ['a/+/x', false, 'deny subscribe a/secret/#'],
    ['+/secret', false, 'deny subscribe a/secret/#'],
    ['#', false, 'deny subscribe a/secret/#'],
    ['a/secret', false, 'deny subscribe a/secret/#'],
    ['a/secret/open', false, 'deny subscribe a/secret/#'],
    ['b/#', false, 'default deny'],
    ['+/public', false, 'default deny'],
  ]);
  runTable(grants, authorizeDelivery, 'delivering', [
    ['a/public', true, 'allow subscribe a/#'],
    ['a', true, 'allow subscribe a/#'],
    ['a/secret', false, 'deny subscribe a/secret/#'],
    ['a/secret/open', false, 'deny subscribe a/secret/#'],
    ['b', false, 'default deny'],
  ]);
});

describe('reserved and invalid topics', () => {
  const grants = grantsFor({ publish: ['#'], subscribe: ['#', '+/#'] });
  runTable(grants, authorizePublish, 'publishing to', [
    ['anything/at/all', true, 'allow publish #'],
    ['$SYS/broker', false, 'reserved $ topic'],
    ['$', false, 'reserved $ topic'],
    ['$share/g/a', false, 'reserved $ topic'],
    ['a/$x', true, 'allow publish #'],
    ['a/+', false, 'invalid topic name'],
    ['a/#', false, 'invalid topic name'],
    ['', false, 'invalid topic name'],
    ['a\u0000b', false, 'invalid topic name'],
    ['a\ufffd', false, 'invalid topic name'],
  ]);
  runTable(grants, authorizeSubscribe, 'subscribing to', [
    ['#', true, 'allow subscribe #'],
    ['+/x', true, 'allow subscribe #'],
    ['$SYS/#', false, 'reserved $ topic'],
    ['$SYS/broker/clients/+', false, 'reserved $ topic'],
    ['$share/g/#', false, 'reserved $ topic'],
    ['a+/b', false, 'invalid topic filter'],
    ['a/#/b', false, 'invalid topic filter'],
    ['', false, 'invalid topic filter'],
    ['a/\u0001', false, 'invalid topic filter'],
  ]);
  runTable(grants, authorizeDelivery, 'delivering', [
    ['a/b', true, 'allow subscribe #'],
    ['$SYS/broker/clients', false, 'default deny'],
    ['$x', false, 'default deny'],
    ['a/#', false, 'invalid topic name'],
    ['a\u0000', false, 'invalid topic name'],
  ]);
});

describe('policy selection', () => {
  const policies = validatePolicySet({
    device: { publish: ['devices/{device}/#'] },
    sensor: { publish: ['sensors/{device}'] },
  });

  // [claims, selected policy]
  const cases: ReadonlyArray<readonly [Record<string, string>, string | undefined]> = [
    [{}, 'device'],
    [{ site: 'x' }, 'device'],
    [{ role: 'device' }, 'device'],
    [{ role: 'sensor' }, 'sensor'],
    [{ role: 'admin' }, undefined],
    [{ role: '' }, undefined],
    [{ role: 'Sensor' }, undefined],
    [{ role: 'toString' }, undefined],
    [{ role: 'constructor' }, undefined],
    [{ role: '__proto__' }, undefined],
    [JSON.parse('{"__proto__": {"role": "sensor"}}') as Record<string, string>, 'device'],
  ];
  for (const [claims, selected] of cases) {
    it(`selects ${selected ?? 'no policy'} for the claims ${JSON.stringify(claims)}`, () => {
      assert.equal(selectPolicyName(policies, claims), selected);
    });
  }

  it('denies everything when the role names no policy', () => {
    const grants = compileGrants(policies, { id: 'd1', claims: { role: 'admin' } });
    assert.equal(grants.policy, 'admin');
    for (const [check, text] of everyCheck) {
      assert.deepEqual({ ...check(grants, text) }, { allowed: false, rule: 'default deny' });
    }
  });

  it('denies everything when there is no role and no device policy', () => {
    const grants = compileGrants(validatePolicySet({ sensor: {} }), { id: 'd1', claims: {} });
    assert.equal(grants.policy, 'device');
    for (const [check, text] of everyCheck) assert.equal(check(grants, text).allowed, false);
  });

  it('denies everything to grants that compileGrants did not make', () => {
    const forged = { policy: 'device' } as unknown as Grants;
    for (const [check, text] of everyCheck) assert.equal(check(forged, text).allowed, false);
  });

  it('names the selected policy in the grants', () => {
    const grants = compileGrants(policies, { id: 'd1', claims: { role: 'sensor' } });
    assert.equal(grants.policy, 'sensor');
    assert.equal(authorizePublish(grants, 'sensors/d1').allowed, true);
    assert.equal(authorizePublish(grants, 'devices/d1/x').allowed, false);
  });
});

const everyCheck: ReadonlyArray<readonly [Check, string]> = [
  [authorizePublish, 'devices/d1/x'],
  [authorizeSubscribe, 'devices/d1/#'],
  [authorizeDelivery, 'devices/d1/x'],
];

describe('grants and decisions', () => {
  it('returns frozen decisions that callers cannot alter', () => {
    const grants = compileGrants(defaultPolicies, { id: 'd1', claims: {} });
    for (const [check, text] of everyCheck) {
      const decision = check(grants, text);
      assert.equal(Object.isFrozen(decision), true);
      assert.throws(() => {
        (decision as { allowed: boolean }).allowed = false;
      }, TypeError);
    }
  });

  it('freezes the grants', () => {
    const grants = compileGrants(defaultPolicies, { id: 'd1', claims: {} });
    assert.equal(Object.isFrozen(grants), true);
  });

  it('reports the first allow rule that applies', () => {
    const grants = grantsFor({ publish: ['a/+', 'a/#'] });
    assert.equal(authorizePublish(grants, 'a/b').rule, 'allow publish a/+');
    assert.equal(authorizePublish(grants, 'a/b/c').rule, 'allow publish a/#');
  });

  it('keeps publish and subscribe grants apart', () => {
    const grants = grantsFor({ publish: ['p/#'], subscribe: ['s/#'] });
    assert.equal(authorizePublish(grants, 's/x').allowed, false);
    assert.equal(authorizeSubscribe(grants, 'p/#').allowed, false);
    assert.equal(authorizeDelivery(grants, 'p/x').allowed, false);
    assert.equal(authorizeDelivery(grants, 's/x').allowed, true);
  });

  it('does not let a deny publish rule affect subscriptions, nor the reverse', () => {
    const grants = grantsFor({
      publish: ['a/#'],
      subscribe: ['a/#'],
      deny: { publish: ['a/p'], subscribe: ['a/s'] },
    });
    assert.equal(authorizePublish(grants, 'a/s').allowed, true);
    assert.equal(authorizeDelivery(grants, 'a/p').allowed, true);
    assert.equal(authorizePublish(grants, 'a/p').allowed, false);
    assert.equal(authorizeDelivery(grants, 'a/s').allowed, false);
  });

  it('compiles an unvalidated policy set and refuses an invalid rule in it', () => {
    const good = compileGrants({ device: { publish: ['x/{device}'] } }, { id: 'd', claims: {} });
    assert.equal(authorizePublish(good, 'x/d').allowed, true);
    assert.throws(() => compileGrants({ device: { publish: ['a+/b'] } }, { id: 'd', claims: {} }), {
      name: 'WardenError',
      code: 'ERR_CONFIG_INVALID',
    });
  });
});
