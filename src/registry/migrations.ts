import type BetterSqlite3 from 'better-sqlite3';
import { WardenError } from '../core/index.js';

interface Migration {
  readonly version: number;
  readonly sql: string;
}

/**
 * The schema as forward-only steps; `PRAGMA user_version` records the last one applied. A step is
 * never edited once released: a change is a new step.
 */
const migrations: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE devices (
        id TEXT PRIMARY KEY NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('enabled', 'disabled')),
        claims TEXT NOT NULL CHECK (json_type(claims) = 'object'),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- No foreign key to devices: a certificate row outlives its device, revoked, so the CRL
      -- keeps listing it and its serial is never recorded twice.
      CREATE TABLE certificates (
        serial TEXT PRIMARY KEY NOT NULL,
        device_id TEXT NOT NULL,
        fingerprint TEXT NOT NULL UNIQUE,
        not_before INTEGER NOT NULL,
        not_after INTEGER NOT NULL,
        issued_at INTEGER NOT NULL,
        revoked_at INTEGER,
        revocation_reason TEXT,
        CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL)),
        CHECK (not_after > not_before)
      ) STRICT;
      CREATE INDEX certificates_by_device ON certificates (device_id);
      CREATE INDEX certificates_revoked ON certificates (revoked_at, serial)
        WHERE revoked_at IS NOT NULL;

      CREATE TABLE device_keys (
        device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
        kid TEXT NOT NULL,
        alg TEXT NOT NULL,
        jwk TEXT NOT NULL CHECK (json_type(jwk) = 'object'),
        created_at INTEGER NOT NULL,
        PRIMARY KEY (device_id, kid)
      ) STRICT;

      CREATE TABLE issuers (
        name TEXT PRIMARY KEY NOT NULL,
        issuer TEXT NOT NULL,
        jwks_uri TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- No foreign key to devices: the trail of a device outlives it.
      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        device_id TEXT,
        detail TEXT NOT NULL CHECK (json_type(detail) = 'object')
      ) STRICT;
      CREATE INDEX audit_by_device ON audit (device_id, seq);
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

      -- AUTOINCREMENT: a seq is never handed out twice, so a follower's position stays meaningful.
      CREATE TABLE changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN (
          'device.added', 'device.disabled', 'device.enabled', 'device.removed', 'device.claims',
          'certificate.issued', 'certificate.revoked', 'key.added', 'key.removed'
        )),
        device_id TEXT NOT NULL,
        serial TEXT,
        kid TEXT
      ) STRICT;
      CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes
        BEGIN SELECT RAISE(ABORT, 'the change feed is append-only'); END;
      CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes
        BEGIN SELECT RAISE(ABORT, 'the change feed is append-only'); END;
    `,
  },
];

/** The schema version this program writes and understands. */
export const registrySchemaVersion = migrations.at(-1)?.version ?? 0;

export function readSchemaVersion(db: BetterSqlite3.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Throws ERR_REGISTRY_SCHEMA when the database was written by a newer program. */
export function assertSchemaNotNewer(version: number, path: string): void {
  if (version <= registrySchemaVersion) return;
  throw new WardenError(
    'ERR_REGISTRY_SCHEMA',
    `registry ${path} has schema version ${version}; ` +
      `this program knows versions up to ${registrySchemaVersion}`,
  );
}

/**
 * Applies every pending step in one immediate transaction. The version is read again under the
 * write lock, so two processes opening a fresh file at once apply each step exactly once; a
 * current schema is recognised without taking the lock.
 */
export function runMigrations(db: BetterSqlite3.Database, path: string): void {
  if (readSchemaVersion(db) === registrySchemaVersion) return;

  const migrate = db.transaction(() => {
    const current = readSchemaVersion(db);
    assertSchemaNotNewer(current, path);

    for (const migration of migrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  });
  migrate.immediate();
}
