/**
 * Opens the configured store: PostgreSQL when DATABASE_URL is a postgres:// URL
 * (a bounded pool), otherwise the SQLite file at DATABASE_PATH. Both are the same
 * SqlStore on Kysely; the differences live in the two small Dialects here.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { MIGRATIONS, migrationSql, statements } from './migrations.js';
import { SqlStore, type Db, type Dialect } from './sql-store.js';

const latest = () => MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);

export function sqliteDialect(raw: Database.Database): Dialect {
  return {
    kind: 'sqlite',
    begin: 'BEGIN IMMEDIATE',
    lockShared: sql``,
    async migrate() {
      // better-sqlite3 directly: synchronous, so nothing else runs on this connection meanwhile.
      raw.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
      const apply = raw.transaction(() => {
        const done = new Set((raw.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
        const current = Math.max(0, ...done);
        // Every version not applied yet, in order (a version merged late is still applied).
        for (const m of [...MIGRATIONS].sort((a, b) => a.version - b.version))
          if (!done.has(m.version)) {
            raw.exec(migrationSql(m, 'sqlite'));
            raw.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, Date.now());
          }
        return Math.max(current, latest());
      });
      return apply.immediate();
    },
    async destroy(db: Db) {
      await db.destroy();
    },
  };
}

/** One better-sqlite3 connection (WAL, 5 s busy timeout) under Kysely's SqliteDialect. */
export function sqliteParts(path: string): { db: Db; dialect: Dialect } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('foreign_keys = ON');
  raw.pragma('synchronous = NORMAL');
  return { db: new Kysely({ dialect: new SqliteDialect({ database: raw }) }), dialect: sqliteDialect(raw) };
}

export function openSqlite(path: string): SqlStore {
  const { db, dialect } = sqliteParts(path);
  return new SqlStore(db, dialect);
}

export const postgresDialect: Dialect = {
  kind: 'postgres',
  begin: 'BEGIN',
  lockShared: sql`FOR SHARE`,
  async migrate(db: Db) {
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`.execute(db);
    // One transaction for all pending versions: processes starting together queue on the table lock,
    // and the later ones find nothing left to do.
    return db.transaction().execute(async (trx) => {
      await sql`LOCK TABLE schema_migrations IN EXCLUSIVE MODE`.execute(trx);
      const r = await sql<{ version: number }>`SELECT version FROM schema_migrations`.execute(trx);
      const done = new Set(r.rows.map((x) => Number(x.version)));
      const current = Math.max(0, ...done);
      for (const m of [...MIGRATIONS].sort((a, b) => a.version - b.version))
        if (!done.has(m.version)) {
          for (const s of statements(migrationSql(m, 'postgres'))) await sql.raw(s).execute(trx);
          await sql`INSERT INTO schema_migrations (version, applied_at) VALUES (${m.version}, ${Date.now()})`.execute(trx);
        }
      return Math.max(current, latest());
    });
  },
  async destroy(db: Db) {
    await db.destroy();
  },
};

export interface PostgresOptions {
  url: string;
  poolMax?: number;
  /** Called with pool-level errors (a connection dropped while idle); they must not crash the process. */
  onError?: (e: Error) => void;
}

export function openPostgres(o: PostgresOptions): SqlStore {
  const pool = new pg.Pool({ connectionString: o.url, max: o.poolMax ?? 10, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  pool.on('error', (e) => o.onError?.(e));
  // A connection that drops while checked out emits 'error' on its client too; without a listener
  // that would crash the process. The query itself fails (and the caller says "try again").
  pool.on('connect', (client) => client.on('error', (e) => o.onError?.(e)));
  const db: Db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return new SqlStore(db, postgresDialect);
}

export interface StoreConfig {
  DATABASE_URL?: string | undefined;
  DATABASE_PATH: string;
  DATABASE_POOL_MAX?: number;
}

/** PostgreSQL when DATABASE_URL is set, else SQLite at DATABASE_PATH. */
export function openStore(c: StoreConfig, onError?: (e: Error) => void): SqlStore {
  return c.DATABASE_URL ? openPostgres({ url: c.DATABASE_URL, poolMax: c.DATABASE_POOL_MAX, onError }) : openSqlite(c.DATABASE_PATH);
}
