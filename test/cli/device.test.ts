import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { registrySnapshot } from '../fleet/fixtures.js';
import { createCliHome } from './home.js';
import { assertFailure } from './run-cli.js';

test('device add, list and show print records as text or JSON', async (t) => {
  const home = await createCliHome(t);

  const added = await home.run(
    'device',
    'add',
    'sensor-1',
    '--claim',
    'role=sensor',
    '--claim',
    'site=north',
  );
  await home.run('device', 'add', 'sensor-2');
  const table = await home.run('device', 'list');
  const json = await home.run('device', 'list', '--json');
  const shown = await home.run('device', 'show', 'sensor-1');

  assert.equal(added.status, 0);
  assert.equal(added.stdout, 'added device sensor-1\n');
  assert.deepEqual(table.stdout.split('\n'), [
    'ID        STATUS   CLAIMS',
    'sensor-1  enabled  role=sensor,site=north',
    'sensor-2  enabled  -',
    '',
  ]);
  const records = JSON.parse(json.stdout);
  assert.deepEqual(
    records.map((device: { id: string; claims: object }) => [device.id, device.claims]),
    [
      ['sensor-1', { role: 'sensor', site: 'north' }],
      ['sensor-2', {}],
    ],
  );
  assert.match(shown.stdout, /^id\s+sensor-1$/m);
  assert.match(shown.stdout, /^certificates \(0\)$/m);
});

test('device disable, enable, claims and remove change the device', async (t) => {
  const home = await createCliHome(t);
  await home.run('device', 'add', 'gw-1', '--claim', 'role=gateway', '--claim', 'zone=a');

  const disabled = await home.run('device', 'disable', 'gw-1');
  const shown = await home.run('device', 'show', 'gw-1', '--json');
  const enabled = await home.run('device', 'enable', 'gw-1');
  const claims = await home.run(
    'device',
    'claims',
    'gw-1',
    '--set',
    'site=south',
    '--unset',
    'zone',
  );
  const readBack = await home.run('device', 'claims', 'gw-1', '--json');
  const removed = await home.run('device', 'remove', 'gw-1');

  assert.equal(disabled.stdout, 'disabled device gw-1\n');
  assert.equal(JSON.parse(shown.stdout).status, 'disabled');
  assert.equal(enabled.stdout, 'enabled device gw-1\n');
  assert.equal(claims.stdout, 'role=gateway,site=south\n');
  assert.deepEqual(JSON.parse(readBack.stdout), { role: 'gateway', site: 'south' });
  assert.equal(removed.stdout, 'removed device gw-1\n');
  assert.equal((await home.run('device', 'list', '--json')).stdout, '[]\n');
});

test('bad ids, duplicates, bad claims, unknown devices: one line, nothing changed', async (t) => {
  const home = await createCliHome(t);
  await home.run('device', 'add', 'dup-1');
  const database = join(home.dir, 'data', 'warden.db');
  const before = registrySnapshot(database);
  const cases: [string[], RegExp][] = [
    [['device', 'add', 'a/b'], /invalid device id "a\/b"/],
    [['device', 'add', '#'], /invalid device id "#"/],
    [['device', 'add', ''], /invalid device id ""/],
    [['device', 'add', 'dup-1'], /device dup-1 already exists/],
    [['device', 'add', 'ok-1', '--claim', 'novalue'], /invalid claim "novalue": write KEY=VALUE/],
    [['device', 'add', 'ok-1', '--claim', 'bad key=v'], /invalid claim key/],
    [['device', 'show', 'ghost'], /device ghost not found/],
    [['device', 'disable', 'ghost'], /device ghost not found/],
    [['device', 'enable', 'a/b'], /invalid device id/],
    [['device', 'remove', 'ghost'], /device ghost not found/],
    [['device', 'claims', 'ghost', '--set', 'a=b'], /device ghost not found/],
    [['cert', 'list', '--device', 'ghost'], /device ghost not found/],
  ];

  for (const [argv, pattern] of cases) {
    assertFailure(await home.run(...argv), pattern);
  }

  assert.deepEqual(registrySnapshot(database), before);
});

test('init refuses a second time, and --force says it kept the registry', async (t) => {
  const home = await createCliHome(t);
  await home.run('device', 'add', 'kept-1');

  const again = await home.run('init');
  const forced = await home.run('init', '--force', '--san', 'broker.example.com');
  const badType = await home.run('init', '--force', '--key-type', 'dsa');

  assertFailure(again, /already holds a CA .* use --force/);
  assert.equal(forced.status, 0, forced.stderr);
  assert.match(forced.stdout, /^replaced the CA in /);
  assert.match(forced.stdout, /registry\s+data\/warden\.db \(kept as it was\)/);
  assert.match(forced.stdout, /broker\.example\.com/);
  assertFailure(badType, /unsupported key type "dsa"/);
  assert.match((await home.run('device', 'list')).stdout, /kept-1/);
});
