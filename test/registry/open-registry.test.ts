import assert from 'node:assert/strict';
import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { openRegistry, registrySchemaVersion } from '../../src/registry/index.js';
import { makeTempDir, openForTest, openTempRegistry } from './fixtures.js';

function rawHandle(path: string): Database.Database {
  return new Database(path);
}

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

test('creates the schema at open and records its version', (t) => {
  const { path } = openTempRegistry(t);
  const raw = rawHandle(path);
  t.after(() => raw.close());

  const tables = raw
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .pluck()
    .all();
  assert.deepEqual([...tables].sort(), [
    'audit',
    'certificates',
    'changes',
    'device_keys',
    'devices',
    'issuers',
  ]);
  assert.equal(raw.pragma('user_version', { simple: true }), registrySchemaVersion);
});

test('reopens an existing registry without migrating again and keeps its data', (t) => {
  const path = join(makeTempDir(t), 'warden.db');
  const first = openRegistry(path);
  first.addDevice('sensor-1', { role: 'sensor' });
  first.close();
  const raw = rawHandle(path);
  const countSchema = raw.prepare('SELECT count(*) FROM sqlite_schema').pluck();
  const schemaObjects = countSchema.get();

  const second = openForTest(t, path);
  const third = openForTest(t, path);

  assert.deepEqual(second.getDevice('sensor-1')?.claims, { role: 'sensor' });
  assert.equal(third.readChanges(0).length, 1);
  assert.equal(countSchema.get(), schemaObjects);
  assert.equal(raw.pragma('user_version', { simple: true }), registrySchemaVersion);
  raw.close();
});

test('refuses a database whose schema is newer than the program', (t) => {
  const path = join(makeTempDir(t), 'warden.db');
  openRegistry(path).close();
  const raw = rawHandle(path);
  raw.pragma(`user_version = ${registrySchemaVersion + 1}`);
  raw.close();

  assert.throws(() => openRegistry(path), { code: 'ERR_REGISTRY_SCHEMA' });
  assert.throws(() => openRegistry(path, { readonly: true }), { code: 'ERR_REGISTRY_SCHEMA' });

  const after = rawHandle(path);
  assert.equal(after.pragma('user_version', { simple: true }), registrySchemaVersion + 1);
  after.close();
});

test('refuses read-only access to a database whose schema is older than the program', (t) => {
  const path = join(makeTempDir(t), 'old.db');
  const raw = rawHandle(path);
  raw.exec('CREATE TABLE unrelated (x INTEGER)');
  raw.close();

  assert.throws(() => openRegistry(path, { readonly: true }), { code: 'ERR_REGISTRY_SCHEMA' });
});

test('turns on write-ahead logging', (t) => {
  const { path } = openTempRegistry(t);
  const raw = rawHandle(path);
  t.after(() => raw.close());

  assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
});

test('creates the database and its log readable and writable by the owner only', (t) => {
  const previous = process.umask(0);
  let path: string;
  try {
    path = openTempRegistry(t).path;
  } finally {
    process.umask(previous);
  }

  assert.equal(modeOf(path), 0o600);
  assert.equal(modeOf(`${path}-wal`), 0o600);
});

test('leaves the mode of an existing database file alone', (t) => {
  const path = join(makeTempDir(t), 'warden.db');
  openRegistry(path).close();
  chmodSync(path, 0o640);

  openForTest(t, path);

  assert.equal(modeOf(path), 0o640);
});

test('refuses to create a missing file when fileMustExist is set', (t) => {
  const path = join(makeTempDir(t), 'missing.db');

  assert.throws(() => openRegistry(path, { fileMustExist: true }), {
    code: 'ERR_REGISTRY_UNAVAILABLE',
  });
  assert.equal(existsSync(path), false);
});

test('refuses a path whose directory does not exist', (t) => {
  const path = join(makeTempDir(t), 'no-such-dir', 'warden.db');

  assert.throws(() => openRegistry(path), { code: 'ERR_REGISTRY_UNAVAILABLE' });
});

test('refuses a file that is not a SQLite database', (t) => {
  const path = join(makeTempDir(t), 'notes.db');
  writeFileSync(path, 'these are not the tables you are looking for\n'.repeat(100));

  assert.throws(() => openRegistry(path), { code: 'ERR_REGISTRY_UNAVAILABLE' });
});

test('reads through a read-only registry and refuses its writes', (t) => {
  const { registry, path } = openTempRegistry(t);
  registry.addDevice('sensor-1');

  const reader = openForTest(t, path, { readonly: true });

  assert.equal(reader.getDevice('sensor-1')?.status, 'enabled');
  assert.throws(() => reader.addDevice('sensor-2'), { code: 'SQLITE_READONLY' });
});

test('keeps a registry in memory', (t) => {
  const registry = openForTest(t, ':memory:');

  registry.addDevice('sensor-1');

  assert.deepEqual(
    registry.listDevices().map((device) => device.id),
    ['sensor-1'],
  );
});

test('closes once and refuses every later call with a TypeError', () => {
  const registry = openRegistry(':memory:');
  assert.equal(registry.isOpen, true);

  registry.close();
  registry.close();

  assert.equal(registry.isOpen, false);
  assert.throws(() => registry.getDevice('sensor-1'), TypeError);
});
