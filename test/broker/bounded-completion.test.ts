import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completeBounded } from '../../src/broker/bounded-completion.js';

test('a chain of completions that nest without end does not overflow the stack', async () => {
  const LINKS = 200_000;
  let completed = 0;
  const finished = new Promise<void>((resolve) => {
    const step = () => {
      completed += 1;
      if (completed === LINKS) resolve();
      else completeBounded(step);
    };
    completeBounded(step);
  });
  await finished;
  assert.equal(completed, LINKS);
});

test('a shallow completion runs inline, before the caller continues', () => {
  const order: string[] = [];
  completeBounded(() => order.push('done'));
  order.push('after');
  assert.deepEqual(order, ['done', 'after']);
});
