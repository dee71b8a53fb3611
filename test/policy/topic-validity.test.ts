import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidTopicFilter, isValidTopicName } from '../../src/policy/index.js';

const MAX_BYTES = 65535;

// [text, valid as a topic name, valid as a topic filter, what it shows]
const cases: ReadonlyArray<readonly [string, boolean, boolean, string]> = [
  ['a', true, true, 'one level'],
  ['a/b/c', true, true, 'several levels'],
  ['/', true, true, 'two empty levels'],
  ['/a', true, true, 'a leading empty level'],
  ['a/', true, true, 'a trailing empty level'],
  ['a//b', true, true, 'an empty level in the middle'],
  ['$SYS/broker', true, true, 'a $ topic is well-formed'],
  ['a b/ü/日本/😀', true, true, 'spaces and multi-byte characters'],
  ['\ufeffa', true, true, 'U+FEFF, which MQTT keeps as is'],
  ['', false, false, 'the empty string [MQTT-4.7.3-1]'],
  ['#', false, true, "'#' alone"],
  ['+', false, true, "'+' alone"],
  ['a/#', false, true, "'#' as the last level"],
  ['a/+/b', false, true, "'+' as a middle level"],
  ['+/+', false, true, "'+' in every level"],
  ['+/#', false, true, "'+' then '#'"],
  ['/#', false, true, "'#' after an empty level"],
  ['a+/b', false, false, "'+' joined to text before it"],
  ['a/b+', false, false, "'+' joined to text after it"],
  ['+a', false, false, "'+' leading a level"],
  ['a/++', false, false, "two '+' in one level"],
  ['a/#/b', false, false, "'#' before another level"],
  ['a#', false, false, "'#' joined to text"],
  ['a/#b', false, false, "'#' leading a level"],
  ['#/', false, false, "'#' followed by an empty level"],
  ['##', false, false, "two '#' in one level"],
  ['a/\u0000', false, false, 'NUL [MQTT-4.7.3-2]'],
  ['\u0001', false, false, 'U+0001'],
  ['a\tb', false, false, 'a tab'],
  ['a\nb', false, false, 'a newline'],
  ['\u001f', false, false, 'U+001F'],
  ['\u007f', false, false, 'DEL'],
  ['\u0080', false, false, 'U+0080'],
  ['\u009f', false, false, 'U+009F'],
  ['\u00a0', true, true, 'U+00A0, the first character after the C1 controls'],
  ['a\ufffdb', false, false, 'U+FFFD, what aedes makes of invalid UTF-8'],
  ['\ufdd0', false, false, 'the noncharacter U+FDD0'],
  ['\ufffe', false, false, 'the noncharacter U+FFFE'],
  ['\uffff', false, false, 'the noncharacter U+FFFF'],
  ['\u{1fffe}', false, false, 'the noncharacter U+1FFFE'],
  ['\u{10ffff}', false, false, 'the noncharacter U+10FFFF'],
  ['\u{10fffd}', true, true, 'U+10FFFD, the last character'],
  ['a\ud800', false, false, 'a lone high surrogate at the end'],
  ['\ud800a', false, false, 'a lone high surrogate before a letter'],
  ['\udc00', false, false, 'a lone low surrogate'],
  ['\udc00\ud800', false, false, 'surrogates in the wrong order'],
  ['x'.repeat(MAX_BYTES), true, true, 'exactly 65535 bytes [MQTT-4.7.3-3]'],
  ['x'.repeat(MAX_BYTES + 1), false, false, '65536 bytes'],
  ['é'.repeat(32767) + 'x', true, true, '65535 bytes of two-byte characters and one more'],
  ['é'.repeat(32768), false, false, '65536 bytes in 32768 characters'],
  ['€'.repeat(21845), true, true, '65535 bytes of three-byte characters'],
  ['€'.repeat(21845) + 'x', false, false, 'one byte over in three-byte characters'],
  ['😀'.repeat(16383) + 'xxx', true, true, '65535 bytes with four-byte characters'],
  ['😀'.repeat(16384), false, false, '65536 bytes of four-byte characters'],
  ['x'.repeat(MAX_BYTES - 1) + '/#', false, false, "a 65536-byte filter ending in '/#'"],
  ['x'.repeat(MAX_BYTES - 2) + '/#', false, true, "a 65535-byte filter ending in '/#'"],
];

describe('topic name validity', () => {
  for (const [text, name, , shows] of cases) {
    it(`${name ? 'accepts' : 'refuses'} ${shows}`, () => {
      assert.equal(isValidTopicName(text), name);
    });
  }

  it('refuses a value that is not a string', () => {
    for (const value of [undefined, null, 1, ['a'], { toString: () => 'a' }]) {
      assert.equal(isValidTopicName(value as unknown as string), false);
    }
  });

  it('refuses every C0 and C1 control character and accepts the printable ones between', () => {
    for (let code = 0; code <= 0xa0; code++) {
      const text = `a/${String.fromCharCode(code)}`;
      const control = code <= 0x1f || (code >= 0x7f && code <= 0x9f);
      const wildcard = code === 0x23 || code === 0x2b;
      assert.equal(isValidTopicName(text), !control && !wildcard, `U+${code.toString(16)}`);
    }
  });
});

describe('topic filter validity', () => {
  for (const [text, , filter, shows] of cases) {
    it(`${filter ? 'accepts' : 'refuses'} ${shows}`, () => {
      assert.equal(isValidTopicFilter(text), filter);
    });
  }

  it('refuses a value that is not a string', () => {
    for (const value of [undefined, null, 1, ['#']]) {
      assert.equal(isValidTopicFilter(value as unknown as string), false);
    }
  });
});
