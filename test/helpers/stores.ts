/** Stores on a fresh database for the store contract suites, as several processes would have them. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open.js';
import type { SqlStore } from '../../src/store/sql-store.js';
import { freshPgUrl } from './pg.js';

export type Backend = 'sqlite' | 'postgres';

const opened: SqlStore[] = [];

/** Closes this store with the others after the test. */
export function track(s: SqlStore): void {
  opened.push(s);
}

/** Closes every store `stores()` opened (call it in afterEach). */
export async function closeStores(): Promise<void> {
  await Promise.all(opened.splice(0).map((s) => s.close().catch(() => {})));
}

/**
 * n stores on one fresh, migrated database, as n processes would have. On SQLite a process has
 * one connection and its synchronous lock wait would block the other connection's
 * commit in the same event loop, so there the racers share one store (Kysely's
 * connection mutex serializes them); cross-process SQLite is the crash test's job.
 */
export async function stores(backend: Backend, n = 1): Promise<SqlStore[]> {
  const cfg =
    backend === 'postgres'
      ? { DATABASE_URL: await freshPgUrl(), DATABASE_PATH: '' }
      : { DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'contract-')), 'c.db') };
  const out: SqlStore[] = [];
  for (let i = 0; i < n; i++) {
    if (backend === 'sqlite' && out[0]) {
      out.push(out[0]);
      continue;
    }
    const s = openStore({ ...cfg, DATABASE_POOL_MAX: 5 });
    opened.push(s);
    await s.migrate();
    out.push(s);
  }
  return out;
}
