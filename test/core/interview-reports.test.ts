/**
 * Issue 10, items 10 and 12: "Another question" never repeats a question while
 * the user has unseen ones, and says when they have seen them all; "Report this
 * question" leads somewhere: admins list and resolve reports with /reports,
 * and maintainers export them with `npm run reports`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consoleSession, type ConsoleSession } from '../helpers/console.js';
import { scope } from '../helpers/bot.js';
import type { Reply } from '../../src/core/reply.js';

let s: ConsoleSession;
const flat = (t: string) => t.replace(/\s+/g, ' ');
beforeEach(async () => {
  s = await consoleSession();
});
afterEach(async () => {
  await s.cleanup();
});

const questionOf = (r: Reply): string => r.actions.flat().find((a) => a.id.startsWith('interview:reveal:'))!.id.split(':')[2]!;
const another = (r: Reply): string => r.actions.flat().find((a) => a.kind === 'button' && a.label === 'Another question')!.id;

describe('Another question (item 10)', () => {
  it('shows every question of a topic and level once before any repeats, then says so', async () => {
    const pool = s.bot.guide.interviewQuestions.filter((q) => q.topic === 'rag' && q.level === 'mid').map((q) => q.id);
    const user = s.chat.scope();
    let r = await s.bot.runText('/interview rag mid', user);
    const seen = [questionOf(r)];
    for (let i = 1; i < pool.length; i++) {
      s.clock.advance(60_000);
      r = await s.bot.runAction(another(r), user);
      seen.push(questionOf(r));
      expect(JSON.stringify(r)).not.toMatch(/seen all/);
    }
    expect([...seen].sort()).toEqual([...pool].sort());
    s.clock.advance(60_000);
    r = await s.bot.runAction(another(r), user);
    expect(flat(r.lead ?? '')).toMatch(/You have seen all 4 RAG and retrieval questions at mid-level/);
    expect(pool).toContain(questionOf(r));
    expect(questionOf(r)).toBe(seen[0]); // the one seen longest ago
  });

  it('is per user: someone else clicking the same button still gets questions they have not seen', async () => {
    const ada = s.chat.scope();
    const bob = { ...ada, userId: 'bob', userName: 'bob' };
    const r = await s.bot.runText('/interview rag staff', ada);
    const first = questionOf(r);
    const b = await s.bot.runAction(another(r), bob);
    expect(questionOf(b)).toBeDefined();
    const a2 = await s.bot.runAction(another(r), ada);
    expect(questionOf(a2)).not.toBe(first);
  });
});

describe('reports (item 12)', () => {
  const admin = scope({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', isAdmin: true, userId: 'UADMIN' });
  const bob = scope({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', isAdmin: false, userId: 'UBOB', userName: 'bob' });
  const cy = { ...bob, userId: 'UCY', userName: 'cy' };

  it('the reporter is told what happens next', async () => {
    const r = await s.bot.runAction('interview:report:guide-agent-vs-rag', bob);
    expect(r.text).toMatch(/admins .*\/reports/i);
    const again = await s.bot.runAction('interview:report:guide-agent-vs-rag', bob);
    expect(again.text).toMatch(/already reported/i);
  });

  it('admins list open reports by question, resolve them, and the list empties; others are refused', async () => {
    await s.bot.runAction('interview:report:guide-agent-vs-rag', bob);
    await s.bot.runAction('interview:report:guide-agent-vs-rag', cy);
    const quizId = s.bot.guide.quizItems[0]!.id;
    await s.bot.runAction(`quiz:report:${quizId}`, cy);

    expect((await s.bot.runText('/reports', bob)).text).toMatch(/Only admins/);

    const list = await s.bot.runText('/reports', admin);
    const body = JSON.stringify(list.cards);
    expect(body).toContain('guide-agent-vs-rag');
    expect(body).toMatch(/2 reports/);
    expect(body).toContain(quizId);
    const resolveBtn = list.actions.flat().find((a) => a.id === 'reports:resolve:interview:guide-agent-vs-rag');
    expect(resolveBtn).toBeDefined();

    // Buttons are checked too: a non-admin cannot resolve.
    expect((await s.bot.runAction(resolveBtn!.id, bob)).error).toBe(true);
    const done = await s.bot.runAction(resolveBtn!.id, admin);
    expect(done.text).toMatch(/Resolved 2 reports/);

    const viaCommand = await s.bot.runText(`/reports resolve ${quizId} fixed the wording`, admin);
    expect(viaCommand.text).toMatch(/Resolved 1 report/);
    const stored = await s.store.listReports({ workspaceId: 'T1' });
    expect(stored.find((x) => x.itemId === quizId)?.resolution).toBe('fixed the wording');

    const empty = await s.bot.runText('/reports', admin);
    expect(empty.text).toMatch(/No open reports/);
  });

  it('reports stay in their workspace', async () => {
    await s.bot.runAction('interview:report:guide-agent-vs-rag', bob);
    const other = await s.bot.runText('/reports', { ...admin, workspaceId: 'T2' });
    expect(other.text).toMatch(/No open reports/);
  });
});

describe('npm run reports (item 12)', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const run = (args: string[]): Promise<{ code: number | null; out: string; err: string }> =>
    new Promise((resolve) => {
      const child = spawn(join(root, 'node_modules/.bin/tsx'), ['scripts/reports.ts', ...args], { cwd: root, env: { PATH: process.env.PATH!, DATABASE_PATH: s.dbPath } });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.on('close', (code) => resolve({ code, out, err }));
    });

  it('exports every open report with its question, and --json gives one object per report', async () => {
    const bob = scope({ platform: 'discord', workspaceId: 'G1', userId: 'U9', isAdmin: false });
    await s.bot.runAction('interview:report:guide-evaluate-llm-system', bob);
    const table = await run([]);
    expect(table.code).toBe(0);
    expect(table.out).toContain('guide-evaluate-llm-system');
    expect(table.out).toContain('How would you evaluate a system built on an LLM?');
    const json = await run(['--json']);
    const rows = json.out.trim().split('\n').map((l) => JSON.parse(l) as { itemId: string; platform: string; question: string });
    expect(rows).toEqual([expect.objectContaining({ itemId: 'guide-evaluate-llm-system', platform: 'discord' })]);
  }, 30_000);
});

describe('migration 3', () => {
  it('a database from before it keeps its reports, now open, and gains the seen-questions table', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const Database = (await import('better-sqlite3')).default;
    const { MIGRATIONS } = await import('../../src/store/migrations.js');
    const { SqliteStore } = await import('../../src/store/sqlite.js');
    const file = join(mkdtempSync(join(tmpdir(), 'careerbot-mig-')), 'old.db');
    const db = new Database(file);
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    db.exec(MIGRATIONS.find((m) => m.version === 1)!.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (1, 0)').run();
    db.prepare(`INSERT INTO question_reports (platform, workspace_id, user_id, item_kind, item_id, created_at) VALUES ('slack', 'T1', 'U1', 'quiz', 'q1', 5)`).run();
    db.close();
    const store = new SqliteStore(file);
    expect(await store.migrate()).toBeGreaterThanOrEqual(3);
    expect(await store.listReports({ open: true })).toEqual([expect.objectContaining({ itemId: 'q1', resolvedAt: null })]);
    await store.markSeen('slack', 'T1', 'U1', 'x', 1);
    expect(await store.seenQuestions('slack', 'T1', 'U1')).toEqual(new Map([['x', 1]]));
    await store.close();
  });
});
