import { chmodSync, closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { isWardenError, WardenError } from '../core/index.js';
import {
  assertSchemaNotNewer,
  readSchemaVersion,
  registrySchemaVersion,
  runMigrations,
} from './migrations.js';
import { Registry } from './registry.js';
import type { OpenOptions } from './types.js';

const IN_MEMORY = ':memory:';
/** How long a statement waits for another process's write lock before failing SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;
/** The registry holds no secret, but who is enrolled and what they may do is nobody else's. */
const DATABASE_FILE_MODE = 0o600;

function unavailable(path: string, error: unknown): WardenError {
  const reason = error instanceof Error ? error.message : String(error);
  return new WardenError(
    'ERR_REGISTRY_UNAVAILABLE',
    `registry ${path} cannot be opened: ${reason}`,
    { cause: error },
  );
}

/**
 * Creates the file owner-only before SQLite opens it. SQLite gives the -wal and -shm files the
 * mode of the database file, so they are owner-only too. An existing file keeps its mode.
 */
function createPrivateFile(path: string): void {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'wx', DATABASE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw unavailable(path, error);
  }
  closeSync(descriptor);
  // The umask may have taken away the owner's write bit; put back exactly 0600.
  chmodSync(path, DATABASE_FILE_MODE);
}

function configure(db: Database.Database, readonly: boolean): void {
  if (!readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}

/** A read-only connection cannot migrate, so it needs the schema exactly as this program has it. */
function assertSchemaCurrent(db: Database.Database, path: string): void {
  const version = readSchemaVersion(db);
  assertSchemaNotNewer(version, path);
  if (version === registrySchemaVersion) return;
  throw new WardenError(
    'ERR_REGISTRY_SCHEMA',
    `registry ${path} has schema version ${version}, older than ${registrySchemaVersion}: ` +
      'open it once with write access to migrate it',
  );
}

/**
 * Opens (creating unless told otherwise) the registry at `path`, or ':memory:', and migrates its
 * schema. The parent directory must exist. Throws ERR_REGISTRY_UNAVAILABLE when the file cannot
 * be opened or is not a database, ERR_REGISTRY_SCHEMA when a newer program wrote it.
 */
export function openRegistry(path: string, options: OpenOptions = {}): Registry {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError('openRegistry expects a file path or :memory:');
  }
  const readonly = options.readonly === true;
  const fileMustExist = options.fileMustExist === true;
  if (path !== IN_MEMORY && !readonly && !fileMustExist) createPrivateFile(path);

  let db: Database.Database;
  try {
    db = new Database(path, { readonly, fileMustExist, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    // better-sqlite3 reports a caller's bug, such as a read-only ':memory:', as a TypeError.
    if (error instanceof TypeError) throw error;
    throw unavailable(path, error);
  }

  try {
    configure(db, readonly);
    if (readonly) assertSchemaCurrent(db, path);
    else runMigrations(db, path);
    return new Registry(db, options.now ?? (() => new Date()));
  } catch (error) {
    db.close();
    if (isWardenError(error) || !(error instanceof Database.SqliteError)) throw error;
    throw unavailable(path, error);
  }
}
