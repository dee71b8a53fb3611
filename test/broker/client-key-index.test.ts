import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ClientKeyIndex } from '../../src/broker/client-key-index.js';
import { openStateDb } from '../../src/broker/state-db.js';
import { loadConfig } from '../../src/config/index.js';

test('keys map to the scope of the client they belong to', () => {
  const cases: [string, string | undefined][] = [
    ['subscriptions:dev-1:telemetry/#', 'subscriptions:dev-1:'],
    ['outgoing:dev-1:b1:0000000000000007', 'outgoing:dev-1:'],
    ['outgoing-id:dev-1:0000000000000007', 'outgoing-id:dev-1:'],
    ['incoming:a%3Ab:0000000000000001', 'incoming:a%3Ab:'],
    ['will:dev-1', 'will:dev-1'],
    ['will:', undefined],
    ['subscriptions:', undefined],
    ['subscriptions::x', undefined],
    ['retained:telemetry/dev-1', undefined],
    ['warden:broker-epoch', undefined],
  ];
  for (const [key, scope] of cases) assert.equal(ClientKeyIndex.scopeOf(key), scope, key);
});

test('only a range over exactly one client scope has a scope', () => {
  assert.equal(
    ClientKeyIndex.scopeOfRange({ gte: 'incoming:dev-1:', lt: 'incoming:dev-1;' }),
    'incoming:dev-1:',
  );
  // The library's whole-prefix scans (loading subscriptions, wills) are never skipped.
  assert.equal(ClientKeyIndex.scopeOfRange({ gte: 'will:', lt: 'will;' }), undefined);
  assert.equal(
    ClientKeyIndex.scopeOfRange({ gte: 'subscriptions:', lt: 'subscriptions;' }),
    undefined,
  );
  assert.equal(
    ClientKeyIndex.scopeOfRange({ gte: 'incoming:dev-1:', lt: 'incoming:dev-2' }),
    undefined,
  );
  assert.equal(ClientKeyIndex.scopeOfRange({ gt: 'incoming:dev-1:' } as object), undefined);
});

test('a scope emptied while a new write was issued stays indexed', () => {
  const index = new ClientKeyIndex();
  index.wrote('incoming:dev-1:0000000000000001');
  assert.equal(index.mayHold('incoming:dev-1:'), true);
  assert.equal(index.mayHold('incoming:dev-2:'), false);

  const before = index.mark();
  index.wrote('incoming:dev-1:0000000000000002'); // lands while the clear runs
  index.emptied('incoming:dev-1:', before);
  assert.equal(index.mayHold('incoming:dev-1:'), true);

  index.emptied('incoming:dev-1:', index.mark());
  assert.equal(index.mayHold('incoming:dev-1:'), false);
  assert.equal(index.size, 0);
});

test('the state store answers for clients with nothing stored without losing stored keys', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-index-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const config = loadConfig({ home: dir }, {});
  const first = await openStateDb(config);
  await first.put('will:dev-1', Buffer.from('w'));
  await first.put('incoming:dev-1:0000000000000001', Buffer.from('r'));
  await first.close(1000);

  // A second run learns what the first left from the store itself.
  const db = await openStateDb(config);
  t.after(() => db.close(1000));
  assert.deepEqual(await db.get('will:dev-1'), Buffer.from('w'));
  assert.equal(await db.get('will:dev-2'), undefined);
  const range = { gte: 'incoming:dev-1:', lt: 'incoming:dev-1;' };
  const values = [];
  for await (const value of db.values(range)) values.push(value.toString());
  assert.deepEqual(values, ['r']);

  await db.clear(range);
  assert.equal(db.index.mayHold('incoming:dev-1:'), false);
  assert.equal(await db.raw.get('incoming:dev-1:0000000000000001'), undefined);
  await db.del('will:dev-1');
  assert.equal(db.index.mayHold('will:dev-1'), false);
  assert.equal(await db.raw.get('will:dev-1'), undefined);
});
