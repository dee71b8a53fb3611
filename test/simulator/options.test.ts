import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultOptions, resolveOptions } from '../../simulator/options.js';

describe('simulation options', () => {
  it('fills the defaults, keeps what is given, and draws a seed when none is given', () => {
    const options = resolveOptions({ home: '/h', qos: 0, seed: 9, url: undefined });
    assert.equal(options.connectRate, defaultOptions.connectRate);
    assert.equal(options.qos, 0);
    assert.equal(options.seed, 9);
    assert.equal('url' in options, false, 'an undefined value does not hide a default');

    const seeded = resolveOptions({ home: '/h' });
    assert.ok(Number.isInteger(seeded.seed) && seeded.seed >= 0 && seeded.seed <= 0xffff_ffff);
  });

  const bad: [string, Record<string, unknown>][] = [
    ['connectRate', { connectRate: 0 }],
    ['intervalMs', { intervalMs: -1 }],
    ['jitter', { jitter: 1.5 }],
    ['qos', { qos: 2 }],
    ['devices', { devices: 0.5 }],
    ['roguePercent', { roguePercent: 101 }],
    ['tokenTtlSeconds', { tokenTtlSeconds: 0 }],
    ['seed', { seed: -1 }],
  ];
  for (const [name, input] of bad) {
    it(`throws RangeError for ${name} out of range`, () => {
      assert.throws(() => resolveOptions({ home: '/h', ...input }), {
        name: 'RangeError',
        message: new RegExp(name),
      });
    });
  }
});
