import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  authorizeDelivery,
  authorizePublish,
  authorizeSubscribe,
  compileGrants,
  defaultPolicies,
} from '../../src/policy/index.js';
import { grantsFor } from './grants-for.js';

const siteRule = 'sites/{site}/devices/{device}/#';
const sitePolicy = { publish: [siteRule], subscribe: [siteRule] };
const allowed = `allow publish ${siteRule}`;

// [site claim (undefined = absent), whether the rule survives, why]
const siteValues: ReadonlyArray<readonly [string | undefined, boolean, string]> = [
  ['north', true, 'a plain value'],
  ['Nörd 1', true, 'spaces and non-ASCII'],
  ['😀', true, 'a four-byte character'],
  ['x'.repeat(256), true, 'a long value'],
  ['a$', true, "'$' after the first character"],
  [undefined, false, 'a missing claim'],
  ['', false, 'an empty claim'],
  ['+', false, "a claim that is '+'"],
  ['#', false, "a claim that is '#'"],
  ['a+', false, "a claim holding '+'"],
  ['a#', false, "a claim holding '#'"],
  ['a/b', false, "a claim holding '/'"],
  ['/', false, "a claim that is '/'"],
  ['$SYS', false, "a claim starting with '$'"],
  ['a\u0000', false, 'a claim holding NUL'],
  ['a\u0001', false, 'a claim holding a C0 control character'],
  ['a\u0085', false, 'a claim holding a C1 control character'],
  ['a\ufffd', false, 'a claim holding U+FFFD'],
  ['a\ud800', false, 'a claim holding a lone surrogate'],
  ['\uffff', false, 'a noncharacter claim'],
  ['x'.repeat(65535), false, 'a claim that makes the filter longer than 65535 bytes'],
];

describe('placeholder expansion', () => {
  for (const [site, survives, why] of siteValues) {
    const claims: Record<string, string> = site === undefined ? {} : { site };
    const grants = grantsFor(sitePolicy, 'd1', claims);

    it(`${survives ? 'keeps' : 'drops'} a rule for ${why}`, () => {
      const own = `sites/${site}/devices/d1/x`;
      const decision = authorizePublish(grants, own);
      assert.equal(decision.allowed, survives);
      if (survives) assert.equal(decision.rule, allowed);
    });

    it(`never widens a rule for ${why}`, () => {
      for (const topic of [
        'sites/other/devices/d1/x',
        'sites/a/b/devices/d1/x',
        'sites//devices/d1/x',
      ]) {
        if (topic === `sites/${site}/devices/d1/x`) continue;
        assert.equal(authorizePublish(grants, topic).allowed, false, topic);
        assert.equal(authorizeDelivery(grants, topic).allowed, false, topic);
      }
      for (const filter of ['#', 'sites/#', 'sites/+/devices/d1/#', 'sites/+/#']) {
        assert.equal(authorizeSubscribe(grants, filter).allowed, false, filter);
      }
    });
  }

  it('substitutes {device} with the identity id', () => {
    const grants = compileGrants(defaultPolicies, { id: 'sensor-7', claims: {} });
    assert.equal(authorizePublish(grants, 'devices/sensor-7/temp').allowed, true);
    assert.equal(authorizePublish(grants, 'devices/sensor-8/temp').allowed, false);
    assert.equal(authorizeSubscribe(grants, 'devices/sensor-7/#').allowed, true);
    assert.equal(authorizeSubscribe(grants, 'devices/+/#').allowed, false);
  });

  it('takes {device} from the id even when a claim is named device', () => {
    const grants = compileGrants(defaultPolicies, { id: 'd1', claims: { device: 'd2' } });
    assert.equal(authorizePublish(grants, 'devices/d1/x').allowed, true);
    assert.equal(authorizePublish(grants, 'devices/d2/x').allowed, false);
  });

  const badIds = ['', '+', '#', 'a/b', '$d', 'a\u0000'];
  for (const id of badIds) {
    it(`drops {device} rules for the id ${JSON.stringify(id)}`, () => {
      const grants = compileGrants(defaultPolicies, { id, claims: {} });
      assert.equal(authorizeSubscribe(grants, 'devices/#').allowed, false);
      assert.equal(authorizePublish(grants, 'devices/x/y').allowed, false);
      assert.equal(authorizeDelivery(grants, 'devices/x/y').allowed, false);
    });
  }

  it('fills two placeholders in one rule', () => {
    const grants = grantsFor(sitePolicy, 'd1', { site: 'north' });
    assert.equal(authorizePublish(grants, 'sites/north/devices/d1/a/b').allowed, true);
    assert.equal(authorizePublish(grants, 'sites/north/devices/d2/a').allowed, false);
    assert.equal(authorizePublish(grants, 'sites/south/devices/d1/a').allowed, false);
    assert.equal(authorizeSubscribe(grants, 'sites/north/devices/d1/+').allowed, true);
  });

  it('drops a rule when one of its two placeholders is unusable', () => {
    const grants = grantsFor(sitePolicy, 'a/b', { site: 'north' });
    assert.equal(authorizeSubscribe(grants, 'sites/north/#').allowed, false);
    assert.equal(authorizeDelivery(grants, 'sites/north/devices/a/b/x').allowed, false);
  });

  it('drops only the rule whose placeholder is unusable and keeps the others', () => {
    const grants = grantsFor({ publish: ['zones/{zone}/#', 'devices/{device}/#'] }, 'd1');
    assert.equal(authorizePublish(grants, 'devices/d1/x').allowed, true);
    assert.equal(authorizePublish(grants, 'zones/x/y').allowed, false);
  });

  it('reads the same claim in several levels of a rule', () => {
    const grants = grantsFor({ publish: ['{zone}/x/{zone}'] }, 'd1', { zone: 'z' });
    assert.equal(authorizePublish(grants, 'z/x/z').allowed, true);
    assert.equal(authorizePublish(grants, 'z/x/y').allowed, false);
  });

  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    it(`ignores what the object prototype holds under {${name}}`, () => {
      const grants = grantsFor({
        publish: [`x/{${name}}`, 'x/#'],
        deny: { publish: [`x/{${name}}`] },
      });
      assert.equal(authorizePublish(grants, 'x/y').rule, `deny publish x/{${name}}`);
    });
  }

  it('fills the placeholder from a claim named like a prototype property', () => {
    const claims = JSON.parse('{"__proto__": "p", "constructor": "c"}') as Record<string, string>;
    const grants = grantsFor({ publish: ['a/{__proto__}', 'b/{constructor}'] }, 'd1', claims);
    assert.equal(authorizePublish(grants, 'a/p').allowed, true);
    assert.equal(authorizePublish(grants, 'b/c').allowed, true);
  });
});

describe('placeholders in deny rules, where an unusable value denies the whole level', () => {
  const policy = { publish: ['sites/#'], deny: { publish: ['sites/{site}/secret'] } };
  const rule = 'deny publish sites/{site}/secret';

  // [site claim, topic, allowed]
  const cases: ReadonlyArray<readonly [string | undefined, string, boolean]> = [
    ['a', 'sites/a/secret', false],
    ['a', 'sites/b/secret', true],
    ['a', 'sites/a/open', true],
    [undefined, 'sites/a/secret', false],
    [undefined, 'sites/b/secret', false],
    [undefined, 'sites/a/open', true],
    ['', 'sites/a/secret', false],
    ['', 'sites//secret', false],
    ['+', 'sites/a/secret', false],
    ['#', 'sites/a/secret', false],
    ['#', 'sites/a/open', true],
    ['#', 'sites/a/b/secret', true],
    ['x/y', 'sites/a/secret', false],
    ['x\u0000', 'sites/a/secret', false],
  ];

  for (const [site, topic, allowed] of cases) {
    const shown = site === undefined ? 'no site claim' : `site ${JSON.stringify(site)}`;
    it(`${allowed ? 'allows' : 'denies'} ${topic} with ${shown}`, () => {
      const grants = grantsFor(policy, 'd1', site === undefined ? {} : { site });
      const decision = authorizePublish(grants, topic);
      assert.equal(decision.allowed, allowed);
      assert.equal(decision.rule, allowed ? 'allow publish sites/#' : rule);
    });
  }
});
