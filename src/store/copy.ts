/**
 * Copies a SQLite database into an empty PostgreSQL one (`npm run db:copy`), in
 * one PostgreSQL transaction, then compares every table's row count. Both are
 * migrated to the same version first; a target that already holds rows is refused.
 */
import { sql } from 'kysely';
import type { SqlStore } from './sql-store.js';

/** Every data table, parents before children (quiz_answers references quiz_rounds). */
export const TABLES = [
  'daily_schedules', 'daily_posts', 'quiz_sessions', 'quiz_rounds', 'quiz_answers', 'leaderboard_optouts', 'question_reports', 'score_days', 'score_totals',
  'interview_seen', 'slack_installations', 'slack_org_teams',
  'practice_cards', 'practice_reviews', 'mock_attempts', 'mock_grades', 'plan_items', 'nudges', 'nudge_sends',
];
/** Tables whose id the database assigns: the PostgreSQL identity must continue after the copied ids. */
const IDENTITY = ['daily_posts', 'question_reports', 'practice_reviews', 'nudge_sends'];
const BATCH = 500;

export class CopyError extends Error {}

export async function copyDatabase(from: SqlStore, to: SqlStore, log: (line: string) => void = () => {}): Promise<Record<string, number>> {
  if (from.kind !== 'sqlite' || to.kind !== 'postgres') throw new CopyError('db:copy copies a SQLite database into a PostgreSQL one');
  const [vf, vt] = [await from.migrate(), await to.migrate()];
  if (vf !== vt) throw new CopyError(`schema versions differ after migrating (SQLite ${vf}, PostgreSQL ${vt})`);

  const present = (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'`.execute(from.db)).rows.map((r) => r.name);
  const unknown = present.filter((t) => !TABLES.includes(t));
  if (unknown.length) throw new CopyError(`the SQLite database has tables this version does not know how to copy: ${unknown.join(', ')}`);

  for (const t of TABLES) {
    const n = Number((await sql<{ n: string }>`SELECT COUNT(*) AS n FROM ${sql.table(t)}`.execute(to.db)).rows[0]!.n);
    if (n > 0) throw new CopyError(`the PostgreSQL database is not empty (${t} has ${n} rows); db:copy only fills an empty one`);
  }

  const counts: Record<string, number> = {};
  await to.db.transaction().execute(async (trx) => {
    for (const t of TABLES) {
      const rows = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(t)}`.execute(from.db)).rows;
      for (let i = 0; i < rows.length; i += BATCH) {
        const chunk = rows.slice(i, i + BATCH);
        const cols = Object.keys(chunk[0]!);
        const values = chunk.map((r) => sql`(${sql.join(cols.map((c) => sql`${r[c] ?? null}`))})`);
        await sql`INSERT INTO ${sql.table(t)} (${sql.join(cols.map((c) => sql.ref(c)))}) VALUES ${sql.join(values)}`.execute(trx);
      }
      counts[t] = rows.length;
      log(`${t}: ${rows.length} rows`);
    }
    for (const t of IDENTITY)
      await sql`SELECT setval(pg_get_serial_sequence(${t}, 'id'), COALESCE((SELECT MAX(id) FROM ${sql.table(t)}), 0) + 1, false)`.execute(trx);
  });

  for (const t of TABLES) {
    const n = Number((await sql<{ n: string }>`SELECT COUNT(*) AS n FROM ${sql.table(t)}`.execute(to.db)).rows[0]!.n);
    if (n !== counts[t]) throw new CopyError(`row counts differ after the copy: ${t} has ${counts[t]} in SQLite and ${n} in PostgreSQL`);
  }
  return counts;
}
