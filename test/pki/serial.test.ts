import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeSerial } from '../../src/pki/index.js';

const cases: [string, string][] = [
  ['4ED5FAE4A3CBD29207C7E9ADF0FFEE97', '4ed5fae4a3cbd29207c7e9adf0ffee97'],
  ['4e:d5:fa:e4', '4ed5fae4'],
  ['00FF01', 'ff01'],
  ['0000ab', 'ab'],
  ['0A11', '0a11'],
  ['a11', '0a11'],
  ['0', '00'],
  ['0000', '00'],
];

for (const [input, expected] of cases) {
  test(`spells serial ${input} as ${expected}`, () => {
    assert.equal(normalizeSerial(input), expected);
  });
}

test('refuses a serial that is not hex', () => {
  for (const input of ['', ':', 'xyz', '12 34', '-01', '0x12']) {
    assert.throws(() => normalizeSerial(input), RangeError);
  }
});
