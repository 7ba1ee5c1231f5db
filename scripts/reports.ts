/**
 * `npm run reports`: export the questions members reported, for the maintainers
 * of the question bank.
 *
 *   npm run reports                 # open reports, grouped by question (a table)
 *   npm run reports -- --all        # resolved ones too
 *   npm run reports -- --json       # one JSON object per report (JSON lines)
 *
 * Reads DATABASE_PATH (default ./var/careerbot.db) and DATA_DIR (default ./data,
 * for the question texts). Nothing is changed except pending schema migrations.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGuide } from '../src/core/guide/load.js';
import { SqliteStore } from '../src/store/sqlite.js';

async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv);
  const dbPath = resolve(process.env.DATABASE_PATH?.trim() || './var/careerbot.db');
  if (!existsSync(dbPath)) {
    console.error(`DATABASE_PATH: there is no database at ${dbPath}; set DATABASE_PATH to the bot's database file.`);
    return 1;
  }
  const guide = loadGuide(resolve(process.env.DATA_DIR?.trim() || fileURLToPath(new URL('../data', import.meta.url))));
  const store = new SqliteStore(dbPath);
  try {
    await store.migrate();
    const reports = await store.listReports({ open: !flags.has('--all') });
    const question = (kind: string, id: string) => (kind === 'interview' ? guide.question(id)?.question : guide.quizItem(id)?.question) ?? '(no longer in the bank)';
    if (flags.has('--json')) {
      for (const r of reports) console.log(JSON.stringify({ ...r, question: question(r.itemKind, r.itemId) }));
      return 0;
    }
    if (!reports.length) {
      console.log(flags.has('--all') ? 'No reports.' : 'No open reports (--all shows resolved ones too).');
      return 0;
    }
    const by = new Map<string, typeof reports>();
    for (const r of reports) by.set(`${r.itemKind}\t${r.itemId}`, [...(by.get(`${r.itemKind}\t${r.itemId}`) ?? []), r]);
    console.log(['reports', 'open', 'kind', 'id', 'workspaces', 'first', 'question'].join('\t'));
    for (const [key, rs] of [...by].sort((a, b) => b[1].length - a[1].length)) {
      const [kind, id] = key.split('\t') as [string, string];
      const workspaces = [...new Set(rs.map((r) => `${r.platform}:${r.workspaceId}`))].join(',');
      const first = new Date(Math.min(...rs.map((r) => r.createdAt))).toISOString().slice(0, 10);
      const open = rs.filter((r) => r.resolvedAt === null).length;
      console.log([rs.length, open, kind, id, workspaces, first, question(kind, id)].join('\t'));
    }
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
