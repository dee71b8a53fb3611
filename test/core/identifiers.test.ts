import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  assertClaims,
  assertDeviceId,
  isDeviceId,
  isWardenError,
  parseClaimAssignment,
  parseDurationSeconds,
} from '../../src/core/index.js';

test('accepts device ids of 1 to 128 characters from the allowed set', () => {
  for (const id of ['a', 'sensor-1', 'A.b_c:d-9', 'x'.repeat(128)]) {
    assert.equal(isDeviceId(id), true, id);
  }
});

test('refuses device ids that could reach a topic, path or log unsafely', () => {
  const bad = [
    '',
    'x'.repeat(129),
    'a/b',
    'a+',
    '#',
    '$SYS',
    'a b',
    'a\u0000b',
    'é',
    '../x',
    'a\nb',
  ];
  for (const id of bad) {
    assert.equal(isDeviceId(id), false, JSON.stringify(id));
    assert.throws(
      () => assertDeviceId(id),
      (error) => isWardenError(error, 'ERR_INVALID_DEVICE_ID'),
    );
  }
  assert.equal(isDeviceId(42), false);
});

test('claims are a flat map of printable strings under identifier keys', () => {
  assert.deepEqual(assertClaims({ role: 'sensor', site: 'north' }), {
    role: 'sensor',
    site: 'north',
  });
  const bad: unknown[] = [
    null,
    [],
    'role=sensor',
    { role: 1 },
    { '9lives': 'x' },
    { 'a/b': 'x' },
    { role: 'a\u0000b' },
    { role: 'x'.repeat(257) },
    { role: '\ud800' },
  ];
  for (const claims of bad) {
    assert.throws(
      () => assertClaims(claims),
      (error) => isWardenError(error, 'ERR_INVALID_CLAIM'),
    );
  }
});

test('parses KEY=VALUE claim assignments, keeping = inside the value', () => {
  assert.deepEqual(parseClaimAssignment('site=north'), ['site', 'north']);
  assert.deepEqual(parseClaimAssignment('expr=a=b'), ['expr', 'a=b']);
  assert.deepEqual(parseClaimAssignment('empty='), ['empty', '']);
  for (const text of ['site', '=north', 'bad key=x']) {
    assert.throws(
      () => parseClaimAssignment(text),
      (error) => isWardenError(error, 'ERR_INVALID_CLAIM'),
    );
  }
});

test('parses durations in s, m, h and d into seconds and refuses anything else', () => {
  const cases: [string, number][] = [
    ['30s', 30],
    ['10m', 600],
    ['24h', 86_400],
    ['365d', 31_536_000],
  ];
  for (const [text, seconds] of cases) assert.equal(parseDurationSeconds(text), seconds);
  for (const text of ['', '0s', '10', '1.5h', '-1h', '10 minutes', '1w']) {
    assert.throws(
      () => parseDurationSeconds(text),
      (error) => isWardenError(error, 'ERR_INVALID_DURATION'),
    );
  }
});
