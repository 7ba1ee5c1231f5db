/**
 * `npm run db:copy -- --to postgres://…`: copies the SQLite database at DATABASE_PATH
 * (or --from FILE) into an empty PostgreSQL database and verifies the row counts.
 * Stop the bot first so nothing is written meanwhile; then start it with DATABASE_URL.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { copyDatabase, CopyError } from '../src/store/copy.js';
import { describeDatabaseUrl, explainStartupError } from '../src/store/errors.js';
import { openPostgres, openSqlite } from '../src/store/open.js';

function fail(message: string): never {
  process.stderr.write(`db:copy: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({ options: { to: { type: 'string' }, from: { type: 'string' } } }).values;
  } catch (e) {
    fail(`${(e as Error).message}\nusage: npm run db:copy -- --to postgres://user:password@host:5432/db [--from ./var/careerbot.db]`);
  }
  const to = args.to ?? '';
  if (!describeDatabaseUrl(to)) fail('--to must be a URL like postgres://user:password@host:5432/careerbot');
  const from = resolve(args.from ?? process.env.DATABASE_PATH ?? './var/careerbot.db');
  if (!existsSync(from)) fail(`no SQLite database at ${from} (set --from or DATABASE_PATH)`);
  const src = openSqlite(from);
  const dst = openPostgres({ url: to, poolMax: 2 });
  try {
    const counts = await copyDatabase(src, dst, (line) => process.stdout.write(`  ${line}\n`));
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    process.stdout.write(`copied ${total} rows from ${from} to ${describeDatabaseUrl(to)}; row counts verified.\nNow start the bot with DATABASE_URL set to that URL.\n`);
  } catch (e) {
    process.exitCode = 1;
    process.stderr.write(`db:copy: ${e instanceof CopyError ? e.message : explainStartupError(e, to).replace(/^DATABASE_URL/, '--to')}\n`);
  } finally {
    await src.close().catch(() => {});
    await dst.close().catch(() => {});
  }
}

void main();
