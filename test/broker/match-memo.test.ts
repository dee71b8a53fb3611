import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MatchMemo } from '../../src/broker/match-memo.js';

/** A match that counts its calls and answers from a table the test changes. */
function countingMatch(table: Map<string, string[]>) {
  const calls: string[] = [];
  const match = (topic: string) => {
    calls.push(topic);
    return Promise.resolve([...(table.get(topic) ?? [])]);
  };
  return { calls, match };
}

test('answers a topic asked again from memory', async () => {
  const table = new Map([['a/b', ['dev-1']]]);
  const { calls, match } = countingMatch(table);
  const memo = new MatchMemo<string[]>(16);
  assert.deepEqual(await memo.lookup('a/b', match), ['dev-1']);
  assert.deepEqual(await memo.lookup('a/b', match), ['dev-1']);
  assert.deepEqual(await memo.lookup('a/c', match), []);
  assert.deepEqual(calls, ['a/b', 'a/c']);
});

test('forgets every answer when a change begins and when it ends', async () => {
  const table = new Map<string, string[]>();
  const { calls, match } = countingMatch(table);
  const memo = new MatchMemo<string[]>(16);
  assert.deepEqual(await memo.lookup('a/b', match), []);

  let finish = () => {};
  const change = memo.changing(
    () =>
      new Promise<void>((resolve) => {
        finish = () => {
          table.set('a/b', ['dev-1']);
          resolve();
        };
      }),
  );
  // While the change is under way every lookup asks the store and nothing is kept.
  assert.deepEqual(await memo.lookup('a/b', match), []);
  assert.equal(memo.size, 0);
  finish();
  await change;
  assert.deepEqual(await memo.lookup('a/b', match), ['dev-1'], 'the change is seen');
  assert.deepEqual(calls, ['a/b', 'a/b', 'a/b']);
});

test('a change that fails still forgets, and its error reaches the caller', async () => {
  const table = new Map<string, string[]>();
  const { calls, match } = countingMatch(table);
  const memo = new MatchMemo<string[]>(16);
  await memo.lookup('a/b', match);
  await assert.rejects(
    memo.changing(async () => {
      table.set('a/b', ['half-written']);
      throw new Error('store failed');
    }),
    /store failed/,
  );
  assert.deepEqual(await memo.lookup('a/b', match), ['half-written']);
  assert.equal(calls.length, 2);
});

test('a failed lookup is not remembered', async () => {
  const memo = new MatchMemo<string[]>(16);
  let fail = true;
  const match = () => (fail ? Promise.reject(new Error('trie gone')) : Promise.resolve(['dev-1']));
  await assert.rejects(memo.lookup('a/b', match), /trie gone/);
  fail = false;
  assert.deepEqual(await memo.lookup('a/b', match), ['dev-1']);
});

test('remembers at most its bound of topics', async () => {
  const { calls, match } = countingMatch(new Map());
  const memo = new MatchMemo<string[]>(4);
  for (let index = 0; index < 10; index += 1) {
    await memo.lookup(`t/${index}`, match);
    assert.ok(memo.size <= 4, `size ${memo.size} after ${index + 1} topics`);
  }
  await memo.lookup('t/9', match);
  assert.equal(calls.length, 10, 'the latest topic is still remembered');
});
