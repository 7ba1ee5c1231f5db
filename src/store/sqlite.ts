/** The default store: one SQLite file (better-sqlite3 under Kysely), the same SqlStore as PostgreSQL. */
import { SqlStore } from './sql-store.js';
import { sqliteParts } from './open.js';

export class SqliteStore extends SqlStore {
  constructor(readonly path: string) {
    const { db, dialect } = sqliteParts(path);
    super(db, dialect);
  }
}
