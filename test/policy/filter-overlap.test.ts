import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filtersOverlap } from '../../src/policy/index.js';

// [a, b, some topic matches both]
const cases: ReadonlyArray<readonly [string, string, boolean]> = [
  ['a', 'a', true],
  ['a', 'b', false],
  ['a/b', 'a', false],
  ['a/+', 'a/b', true],
  ['a/+', '+/b', true],
  ['a/+', 'b/+', false],
  ['+/+', 'a/b', true],
  ['+', 'a/b', false],
  ['+', '+', true],
  ['#', 'a/b/c', true],
  ['#', '#', true],
  ['#', '+/+/+', true],
  ['a/#', 'a', true],
  ['a/#', 'a/b/c', true],
  ['a/#', 'b/#', false],
  ['a/#', '+/b', true],
  ['a/#', '+', true],
  ['a/b/#', 'a', false],
  ['a/b/#', 'a/+', true],
  ['a/b/#', 'a/c/#', false],
  ['a/+/#', 'a', false],
  ['a/+/#', 'a/#', true],
  ['a/+/c', 'a/b/+', true],
  ['a/+/c', 'a/b/d', false],
  ['a//b', 'a/+/b', true],
  ['/#', '+/a', true],
  ['#', '$x', false],
  ['#', '$x/#', false],
  ['+/#', '$x/a', false],
  ['+', '$x', false],
  ['$x/#', '$x/a', true],
  ['$x/#', '$y/#', false],
  ['$x/+', '$x/a', true],
  ['a/+', 'a/$x', true],
  ['a+', 'a+', false],
  ['#', 'a/#/b', false],
  ['', '#', false],
];

describe('filter overlap', () => {
  for (const [a, b, overlaps] of cases) {
    const shown = `${JSON.stringify(a)} and ${JSON.stringify(b)}`;
    it(`${overlaps ? 'finds a topic shared by' : 'finds no topic shared by'} ${shown}`, () => {
      assert.equal(filtersOverlap(a, b), overlaps);
      assert.equal(filtersOverlap(b, a), overlaps, 'overlap is symmetric');
    });
  }
});
