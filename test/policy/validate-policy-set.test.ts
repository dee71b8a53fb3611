import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultPolicies, validatePolicySet } from '../../src/policy/index.js';

// [what the configuration holds, text the message must quote, why it is refused]
const refusals: ReadonlyArray<readonly [unknown, readonly string[], string]> = [
  [null, ['policies'], 'null instead of a map'],
  [['device'], ['policies'], 'a list instead of a map'],
  ['device', ['policies'], 'a string instead of a map'],
  [{ device: null }, ['"device"'], 'a policy that is null'],
  [{ device: ['a/#'] }, ['"device"'], 'a policy that is a list'],
  [{ device: { publish: 'a/#' } }, ['"device"', 'publish'], 'rules that are not a list'],
  [{ device: { publish: null } }, ['"device"', 'publish'], 'rules that are null'],
  [{ device: { pub: ['a'] } }, ['"device"', '"pub"'], 'an unknown key in a policy'],
  [{ device: { deny: { sub: ['a'] } } }, ['"device"', '"sub"'], 'an unknown key under deny'],
  [{ device: { deny: ['a'] } }, ['"device"', 'deny'], 'deny that is a list'],
  [{ device: { deny: null } }, ['"device"', 'deny'], 'deny that is null'],
  [{ device: { publish: [42] } }, ['"device"', 'publish'], 'a rule that is a number'],
  [{ device: { subscribe: [null] } }, ['"device"', 'subscribe'], 'a rule that is null'],
  [{ d: { publish: ['a+/b'] } }, ['"d"', '"a+/b"', '[MQTT-4.7.1-3]'], "'+' beside text"],
  [{ d: { publish: ['a/#/b'] } }, ['"d"', '"a/#/b"', '[MQTT-4.7.1-2]'], "'#' not last"],
  [{ d: { subscribe: [''] } }, ['"d"', '""', '[MQTT-4.7.3-1]'], 'an empty rule'],
  [{ d: { publish: ['a\u0000'] } }, ['"d"', 'U+0000'], 'a rule holding NUL'],
  [{ d: { publish: ['a\ufffd'] } }, ['"d"', 'U+FFFD'], 'a rule holding U+FFFD'],
  [{ d: { publish: ['a/\u0007'] } }, ['"d"', 'U+0007'], 'a rule holding a control character'],
  [{ d: { publish: ['x'.repeat(65536)] } }, ['"d"', '65535'], 'a rule that is too long'],
  [{ d: { publish: ['{unclosed'] } }, ['"d"', '"{unclosed"', 'whole'], 'an unclosed brace'],
  [{ d: { publish: ['a}/b'] } }, ['"d"', '"a}/b"'], 'a stray closing brace'],
  [{ d: { publish: ['a/{x}y'] } }, ['"d"', '"a/{x}y"', 'whole'], 'a placeholder before text'],
  [
    { d: { publish: ['dev-{device}'] } },
    ['"d"', 'dev-{device}', 'whole'],
    'a prefixed placeholder',
  ],
  [{ d: { publish: ['{a}{b}'] } }, ['"d"', '{a}{b}'], 'two placeholders in one level'],
  [{ d: { publish: ['{{a}}'] } }, ['"d"', '{{a}}'], 'nested braces'],
  [{ d: { publish: ['a/{}'] } }, ['"d"', '"a/{}"'], 'a placeholder without a name'],
  [{ d: { publish: ['a/{1x}'] } }, ['"d"', '"1x"'], 'a placeholder name starting with a digit'],
  [{ d: { publish: ['a/{x y}'] } }, ['"d"', '"x y"'], 'a placeholder name with a space'],
  [{ d: { publish: ['a/{x/y}'] } }, ['"d"', 'a/{x/y}'], 'a placeholder name with a slash'],
  [{ d: { publish: ['a/{+}'] } }, ['"d"', '"+"'], 'a placeholder name that is a wildcard'],
  [{ d: { publish: ['$SYS/#'] } }, ['"d"', '"$SYS/#"', '$'], "a rule for the broker's $ topics"],
  [{ d: { deny: { subscribe: ['$SYS'] } } }, ['"d"', 'deny.subscribe'], 'a deny rule for $ topics'],
  [{ d: { deny: { publish: ['a+'] } } }, ['"d"', 'deny.publish', '"a+"'], 'an invalid deny rule'],
  [{ '': {} }, ['""'], 'an empty policy name'],
  [{ 'a b': {} }, ['"a b"'], 'a policy name with a space'],
  [{ 'a/b': {} }, ['"a/b"'], 'a policy name with a slash'],
  [{ ['x'.repeat(65)]: {} }, ['xxxx'], 'a policy name longer than 64 characters'],
];

describe('policy set validation', () => {
  for (const [value, quoted, why] of refusals) {
    it(`refuses ${why}, naming the policy and the rule`, () => {
      assert.throws(
        () => validatePolicySet(value),
        (error: unknown) => {
          assert.ok(error instanceof Error);
          assert.equal((error as { code?: string }).code, 'ERR_CONFIG_INVALID');
          for (const text of quoted) assert.ok(error.message.includes(text), error.message);
          return true;
        },
      );
    });
  }

  // [policy, why it is accepted]
  const acceptances: ReadonlyArray<readonly [unknown, string]> = [
    [{}, 'an empty policy, which allows nothing'],
    [{ publish: [], subscribe: [], deny: {} }, 'empty lists'],
    [{ publish: ['#', '+/+', 'a//b', '/'] }, 'wildcards and empty levels'],
    [{ publish: ['{device}', '{a}/{b}/{a}', '{_x.y-z}/#'] }, 'whole-level placeholders'],
    [{ publish: ['a/{device}/$x'] }, "'$' after the first level"],
    [{ deny: { publish: ['a/{site}'], subscribe: ['#'] } }, 'deny rules alone'],
    [{ subscribe: ['ü/日本/😀'] }, 'non-ASCII levels'],
  ];
  for (const [policy, why] of acceptances) {
    it(`accepts ${why}`, () => {
      const set = validatePolicySet({ p: policy });
      assert.ok(Object.hasOwn(set, 'p'));
    });
  }

  it('keeps the message one readable line for an absurdly long rule', () => {
    const rule = `${'x'.repeat(70000)}+`;
    assert.throws(
      () => validatePolicySet({ d: { publish: [rule] } }),
      (error: unknown) => error instanceof Error && error.message.length < 500,
    );
  });

  it('accepts an empty set, which denies everything', () => {
    assert.deepEqual(validatePolicySet({}), {});
  });

  it('accepts the built-in default policies unchanged', () => {
    const set = validatePolicySet(defaultPolicies);
    assert.deepEqual(set.device?.publish, ['devices/{device}/#']);
    assert.deepEqual(set.device?.subscribe, ['devices/{device}/#']);
  });

  it('returns a frozen copy that later changes to the input cannot reach', () => {
    const input = { device: { publish: ['a/#'], deny: { publish: ['a/b'] } } };
    const set = validatePolicySet(input);
    input.device.publish.push('#');
    input.device.deny.publish.push('#');

    assert.deepEqual(set.device?.publish, ['a/#']);
    assert.deepEqual(set.device?.deny?.publish, ['a/b']);
    assert.equal(Object.isFrozen(set), true);
    assert.equal(Object.isFrozen(set.device), true);
    assert.equal(Object.isFrozen(set.device?.publish), true);
    assert.equal(Object.isFrozen(set.device?.deny), true);
  });

  it('keeps a policy named __proto__ as an ordinary entry', () => {
    const set = validatePolicySet(JSON.parse('{"__proto__": {"publish": ["a"]}}'));
    assert.ok(Object.hasOwn(set, '__proto__'));
    assert.equal(Object.getPrototypeOf(set), Object.prototype);
  });

  it('keeps the built-in default policies frozen', () => {
    assert.equal(Object.isFrozen(defaultPolicies), true);
    assert.equal(Object.isFrozen(defaultPolicies.device), true);
    assert.equal(Object.isFrozen(defaultPolicies.device?.publish), true);
  });
});
