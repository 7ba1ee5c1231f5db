/**
 * One store contract, run against both backends: SQLite in a temp file and a real
 * PostgreSQL 15 (started by test/helpers/pg-global.ts). Races are run with two
 * separate store instances (two connections or pools), as two processes would.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { openStore } from '../../src/store/open.js';
import { MIGRATIONS, migrationSql, statements } from '../../src/store/migrations.js';
import type { DailySchedule, QuizRound } from '../../src/store/store.js';
import { closeStores, stores, track, type Backend } from '../helpers/stores.js';
import { freshPgUrl } from '../helpers/pg.js';
import { dailySchedule } from '../helpers/schedule.js';

afterEach(closeStores);

const schedule = (over: Partial<DailySchedule> = {}): DailySchedule =>
  dailySchedule({ platform: 'discord', workspaceId: 'g1', channelId: 'c1', timezone: 'Europe/Berlin', days: ['mon', 'tue'], createdBy: 'u1', updatedAt: 1_000, ...over });

function session(id: string, channelId = 'c1', total = 2, now = 1_000): QuizRound[] {
  return Array.from({ length: total }, (_, i) => ({
    id: `${id}:${i + 1}`,
    sessionId: id,
    seq: i + 1,
    total,
    platform: 'slack' as const,
    workspaceId: 'T1',
    channelId,
    itemId: `q${i}`,
    optionOrder: [2, 0, 1, 3],
    seconds: 30,
    startedBy: 'U1',
    state: 'pending' as const,
    openedAt: i === 0 ? now : 8_000_000_000_000_000,
    deadline: 0,
    messageId: null,
    closedAt: null,
    leaseOwner: null,
    leaseUntil: null,
    attempts: 0,
    lastError: null,
  }));
}

describe.each<Backend>(['sqlite', 'postgres'])('store contract on %s', (backend) => {
  it('migrates to the latest version, and again is a no-op', async () => {
    const [s] = await stores(backend);
    const top = Math.max(...MIGRATIONS.map((m) => m.version));
    expect(await s!.migrate()).toBe(top);
    expect(await s!.migrate()).toBe(top);
    expect(s!.kind).toBe(backend);
  });

  it('a failing migration leaves the database as it was', async () => {
    const [s] = await stores(backend);
    const before = await s!.migrate();
    MIGRATIONS.push({ version: 9_999, sql: 'CREATE TABLE half_done (a INTEGER);\nCREATE TABLE broken (;' });
    try {
      await expect(s!.migrate()).rejects.toThrow();
    } finally {
      MIGRATIONS.pop();
    }
    const r = await sql<{ v: number }>`SELECT MAX(version) AS v FROM schema_migrations`.execute(s!.db);
    expect(Number(r.rows[0]!.v)).toBe(before);
    await expect(sql`SELECT * FROM half_done`.execute(s!.db)).rejects.toThrow();
  });

  it('schedules: put (insert then update), get, list by filter, suspend once, delete', async () => {
    const [s] = await stores(backend);
    await s!.putSchedule(schedule());
    await s!.putSchedule(schedule({ id: 'slack:T1:C9', platform: 'slack', workspaceId: 'T1', channelId: 'C9' }));
    await s!.putSchedule(schedule({ time: '10:30', skipDates: ['2026-01-02'], topic: 'rag' }));
    expect(await s!.getSchedule('discord:g1:c1')).toMatchObject({ time: '10:30', skipDates: ['2026-01-02'], topic: 'rag', days: ['mon', 'tue'] });
    expect((await s!.listSchedules({ platform: 'slack' })).map((x) => x.id)).toEqual(['slack:T1:C9']);
    expect((await s!.listSchedules()).length).toBe(2);
    expect(await s!.suspendSchedule('discord:g1:c1', 'no access', 5)).toBe(true);
    expect(await s!.suspendSchedule('discord:g1:c1', 'again', 6)).toBe(false);
    expect((await s!.getSchedule('discord:g1:c1'))!.suspendedReason).toBe('no access');
    expect(await s!.suspendSchedule('discord:g1:c1', null, 7)).toBe(true);
    expect(await s!.deleteSchedule('discord:g1:c1')).toBe(true);
    expect(await s!.deleteSchedule('discord:g1:c1')).toBe(false);
    expect(await s!.getSchedule('discord:g1:c1')).toBeNull();
  });

  it('daily posts: one claim per channel and date across processes, then leased transitions', async () => {
    const [a, b] = await stores(backend, 2);
    const p = { scheduleId: 'discord:g1:c1', platform: 'discord' as const, channelId: 'c1', localDate: '2026-03-02', questionId: 'q1', claimedAt: 100 };
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a! : b!).claimDailyPost(p, `p${i}`, 1_000)));
    const won = claims.filter(Boolean);
    expect(won).toHaveLength(1);
    const post = won[0]!;
    expect(post).toMatchObject({ status: 'claimed', attempts: 1, leaseUntil: 1_000, id: expect.any(Number) });
    const owner = post.leaseOwner!;
    // Nobody takes a live lease; after expiry exactly one of many does.
    expect(await a!.reclaimDailyPost(post.id, 'x', 500, 2_000)).toBeNull();
    const re = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a! : b!).reclaimDailyPost(post.id, `r${i}`, 1_500, 3_000)));
    expect(re.filter(Boolean)).toHaveLength(1);
    const holder = re.find(Boolean)!;
    expect(holder.attempts).toBe(2);
    expect(await a!.markDailyPostPosted(post.id, owner, 'm0')).toBe(false);
    expect(await a!.markDailyPostPosted(post.id, holder.leaseOwner!, 'm1')).toBe(true);
    expect(await b!.markDailyPostSent(post.id, holder.leaseOwner!, 'm1', 2_500)).toBe(true);
    expect(await b!.getDailyPost('discord', 'c1', '2026-03-02')).toMatchObject({ status: 'sent', sentAt: 2_500, messageId: 'm1', leaseOwner: null });
    expect(await a!.reclaimDailyPost(post.id, 'late', 99_999, 100_000)).toBeNull();
    expect(await a!.dailyHistory('discord:g1:c1')).toEqual(['q1']);
  });

  it('daily posts: release hands the lease back until retryAt; fail is final until reclaimed', async () => {
    const [s] = await stores(backend);
    const p = await s!.claimDailyPost({ scheduleId: 's', platform: 'slack', channelId: 'C1', localDate: '2026-03-03', questionId: 'q2', claimedAt: 1 }, 'o', 100);
    expect(await s!.releaseDailyPost(p!.id, 'other', 500, 'x')).toBe(false);
    expect(await s!.releaseDailyPost(p!.id, 'o', 500, '503')).toBe(true);
    expect(await s!.reclaimDailyPost(p!.id, 'n', 400, 900)).toBeNull();
    const again = await s!.reclaimDailyPost(p!.id, 'n', 501, 900);
    expect(again).toMatchObject({ leaseOwner: 'n', lastError: '503' });
    expect(await s!.failDailyPost(p!.id, 'n', 'missing access')).toBe(true);
    expect(await s!.getDailyPost('slack', 'C1', '2026-03-03')).toMatchObject({ status: 'failed', lastError: 'missing access' });
  });

  it('quiz: one active session per channel even when two start at once', async () => {
    const [a, b] = await stores(backend, 2);
    const results = await Promise.all([a!.createSession(session('s1')), b!.createSession(session('s2')), a!.createSession(session('s3'))]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await a!.createSession(session('s4', 'c2'))).toBe(true);
    const active = await b!.activeSession('slack', 'c1');
    expect(active).toHaveLength(2);
    expect(active[0]!.optionOrder).toEqual([2, 0, 1, 3]);
  });

  it('quiz: each transition has exactly one winner across processes', async () => {
    const [a, b] = await stores(backend, 2);
    await a!.createSession(session('s1'));
    expect((await b!.workRounds(1_000, ['slack'])).map((r) => r.id)).toEqual(['s1:1']);
    expect(await b!.workRounds(1_000, ['discord'])).toEqual([]);
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a! : b!).claimRoundPost('s1:1', `p${i}`, 1_000, 5_000)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const owner = claims.find(Boolean)!.leaseOwner!;
    expect(await a!.roundPosted('s1:1', 'nobody', 'm', 1_100, 31_100)).toBe(false);
    expect(await a!.roundPosted('s1:1', owner, 'm1', 1_100, 31_100)).toBe(true);
    expect((await b!.openRounds('slack', 'c1')).map((r) => r.id)).toEqual(['s1:1']);

    const answer = { roundId: 's1:1', platform: 'slack' as const, workspaceId: 'T1', userId: 'U2', userName: 'Ann', choice: 1, correct: true, answeredAt: 2_000 };
    const stored = await Promise.all([a!.recordAnswer(answer), b!.recordAnswer({ ...answer, choice: 2, correct: false }), a!.recordAnswer(answer)]);
    expect(stored.filter((x) => x.stored)).toHaveLength(1);
    // Every caller is told the one answer the database kept (not just the one it sent).
    const kept = await a!.answers('s1:1');
    expect(kept).toHaveLength(1);
    for (const x of stored) expect(x.answer).toEqual(kept[0]);
    expect(await a!.recordAnswer({ ...answer, userId: 'U3', answeredAt: 31_100 })).toEqual({ stored: false });

    const closes = await Promise.all([a!.closeRound('s1:1', 31_200, 3_000), b!.closeRound('s1:1', 31_200, 3_000)]);
    expect(closes.filter(Boolean)).toHaveLength(1);
    expect(await a!.recordAnswer({ ...answer, userId: 'U4', answeredAt: 20_000 })).toEqual({ stored: false });
    expect((await a!.getRound('s1:2'))!.openedAt).toBe(34_200);
    const reveals = await Promise.all([a!.claimReveal('s1:1', 'r1', 31_300, 40_000), b!.claimReveal('s1:1', 'r2', 31_300, 40_000)]);
    expect(reveals.filter(Boolean)).toHaveLength(1);
    const revealer = reveals.find(Boolean)!.leaseOwner!;
    expect(await a!.finishRound('s1:1', revealer, 'revealed')).toBe(true);
    expect((await a!.roundsIn(['revealed'])).map((r) => r.id)).toEqual(['s1:1']);
    expect((await b!.answers('s1:1')).map((x) => x.userId)).toEqual(['U2']);
  });

  it('quiz: a cancelled session frees the channel; a released lease waits for retryAt', async () => {
    const [s] = await stores(backend);
    await s!.createSession(session('s1'));
    const c = await s!.claimRoundPost('s1:1', 'o', 1_000, 5_000);
    expect(await s!.releaseRound(c!.id, 'o', 9_000, '503')).toBe(true);
    expect(await s!.claimRoundPost('s1:1', 'p', 8_000, 20_000)).toBeNull();
    expect(await s!.cancelSession('s1', "can't post")).toBe(2);
    expect(await s!.activeSession('slack', 'c1')).toEqual([]);
    expect(await s!.createSession(session('s2'))).toBe(true);
    expect((await s!.sessionRounds('s1')).map((r) => r.state)).toEqual(['cancelled', 'cancelled']);
  });

  it('scores and streak days come from SQL, per workspace and period; opt-outs and reports', async () => {
    const [s] = await stores(backend);
    await s!.createSession(session('s1', 'c1', 1));
    const c = await s!.claimRoundPost('s1:1', 'o', 1_000, 5_000);
    await s!.roundPosted(c!.id, 'o', 'm', 0, 10 * 86_400_000);
    const day = 86_400_000;
    const rec = (userId: string, correct: boolean, at: number) =>
      s!.recordAnswer({ roundId: 's1:1', platform: 'slack', workspaceId: 'T1', userId, userName: userId.toLowerCase(), choice: 0, correct, answeredAt: at });
    await rec('A', true, 1 * day);
    await rec('B', false, 5 * day);
    await rec('C', true, 5 * day);
    expect(await s!.scores('slack', 'T1', null)).toEqual([
      { userId: 'A', userName: 'a', correct: 1, answered: 1 },
      { userId: 'C', userName: 'c', correct: 1, answered: 1 },
      { userId: 'B', userName: 'b', correct: 0, answered: 1 },
    ]);
    expect((await s!.scores('slack', 'T1', 4 * day)).map((r) => r.userId)).toEqual(['C', 'B']);
    expect(await s!.scores('slack', 'OTHER', null)).toEqual([]);
    expect(await s!.correctDays('slack', 'T1')).toEqual(new Map([['A', ['1970-01-02']], ['C', ['1970-01-06']]]));
    await s!.setOptOut('slack', 'T1', 'A', true);
    await s!.setOptOut('slack', 'T1', 'A', true);
    expect(await s!.optOuts('slack', 'T1')).toEqual(new Set(['A']));
    await s!.setOptOut('slack', 'T1', 'A', false);
    expect(await s!.optOuts('slack', 'T1')).toEqual(new Set());
    const rep = { platform: 'slack' as const, workspaceId: 'T1', userId: 'A', itemKind: 'quiz' as const, itemId: 'q1', reason: 'typo', createdAt: 5 };
    expect(await s!.addReport(rep)).toBe(true);
    expect(await s!.addReport(rep)).toBe(false);
    expect(await s!.reports()).toEqual([rep]);
    // The same Discord user is in many servers: a report in one does not stop (or hide) a report in another.
    const elsewhere = { ...rep, workspaceId: 'T2', createdAt: 6 };
    expect(await s!.addReport(elsewhere)).toBe(true);
    expect(await s!.addReport(elsewhere)).toBe(false);
    expect(await s!.listReports({ platform: 'slack', workspaceId: 'T2' })).toHaveLength(1);
  });

  it('a period starting mid-day counts only that day\'s answers after its start; pruning keeps all-time scores and streak days', async () => {
    const [s] = await stores(backend);
    const day = 86_400_000;
    const rounds = session('s1', 'c1', 1);
    await s!.createSession(rounds);
    await s!.claimRoundPost('s1:1', 'o', 1_000, 5_000);
    await s!.roundPosted('s1:1', 'o', 'm', 1_000, 20 * day);
    const rec = (userId: string, correct: boolean, at: number) =>
      s!.recordAnswer({ roundId: 's1:1', platform: 'slack', workspaceId: 'T1', userId, userName: userId, choice: 0, correct, answeredAt: at });
    await rec('EARLY', true, 3 * day + 1_000); // same UTC day as the window start, but before it
    await rec('LATE', true, 3 * day + 50_000); // same day, after it
    await rec('NEXT', false, 4 * day + 10); // a whole day inside
    const since = 3 * day + 10_000;
    expect((await s!.scores('slack', 'T1', since)).map((r) => [r.userId, r.correct, r.answered])).toEqual([
      ['LATE', 1, 1],
      ['NEXT', 0, 1],
    ]);
    await s!.closeRound('s1:1', 21 * day, 0);
    const c = await s!.claimReveal('s1:1', 'r', 21 * day, 22 * day);
    await s!.finishRound('s1:1', c!.leaseOwner!, 'revealed');
    const board = await s!.scores('slack', 'T1', null);
    const days = await s!.correctDays('slack', 'T1');
    expect(await s!.prune(1_000)).toEqual({ rounds: 0, answers: 0, posts: 0 }); // nothing that old
    expect(await s!.prune(400 * day)).toEqual({ rounds: 1, answers: 3, posts: 0 });
    expect(await s!.answers('s1:1')).toEqual([]);
    expect(await s!.scores('slack', 'T1', null)).toEqual(board);
    expect(board.map((r) => r.userId)).toEqual(['EARLY', 'LATE', 'NEXT']);
    expect(await s!.correctDays('slack', 'T1')).toEqual(days);
  });
});

describe.each<Backend>(['sqlite', 'postgres'])('streak runs on %s', (backend) => {
  it('a correct answer the next day extends the run, a missed day restarts it, a wrong answer or a second one the same day leaves it', async () => {
    const [s] = await stores(backend);
    const day = 86_400_000;
    await s!.createSession(session('s1', 'c1', 1));
    await s!.claimRoundPost('s1:1', 'o', 1_000, 5_000);
    await s!.roundPosted('s1:1', 'o', 'm', 0, 100 * day);
    let n = 0;
    const rec = (userId: string, correct: boolean, at: number) =>
      s!.recordAnswer({ roundId: 's1:1', platform: 'slack', workspaceId: 'T1', userId, userName: userId, choice: 0, correct, answeredAt: at + n++ });
    await rec('A', true, 10 * day);
    const runs1 = await s!.currentRuns('slack', 'T1');
    expect(runs1.get('A')).toEqual({ days: 1, lastDay: '1970-01-11' });
    // More rounds for the same user: new sessions in other channels.
    const answerIn = async (ch: string, userId: string, correct: boolean, at: number) => {
      await s!.createSession(session(ch, ch, 1));
      await s!.claimRoundPost(`${ch}:1`, 'o', 1_000, 5_000);
      await s!.roundPosted(`${ch}:1`, 'o', 'm', 0, 100 * day);
      await s!.recordAnswer({ roundId: `${ch}:1`, platform: 'slack', workspaceId: 'T1', userId, userName: userId, choice: 0, correct, answeredAt: at });
    };
    await answerIn('c2', 'A', true, 11 * day + 5);
    await answerIn('c3', 'A', true, 11 * day + 9); // same day again
    await answerIn('c4', 'A', false, 12 * day); // wrong: no change
    expect((await s!.currentRuns('slack', 'T1')).get('A')).toEqual({ days: 2, lastDay: '1970-01-12' });
    await answerIn('c5', 'A', true, 12 * day + 1);
    expect((await s!.currentRuns('slack', 'T1')).get('A')).toEqual({ days: 3, lastDay: '1970-01-13' });
    await answerIn('c6', 'A', true, 15 * day); // missed two days
    expect((await s!.currentRuns('slack', 'T1')).get('A')).toEqual({ days: 1, lastDay: '1970-01-16' });
  });
});

describe.each<Backend>(['sqlite', 'postgres'])('period boards from the recent-days summary on %s', (backend) => {
  it('week, month and older windows equal the answers summed one by one, late answers included; the backfill builds the same summary', async () => {
    const [s] = await stores(backend);
    const day = 86_400_000;
    const t0 = Date.UTC(2026, 0, 1);
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const recorded: { userId: string; correct: boolean; at: number }[] = [];
    let round = 0;
    const answer = async (userId: string, correct: boolean, at: number) => {
      const id = `r${round++}`;
      await s!.createSession(session(id, id, 1));
      await s!.claimRoundPost(`${id}:1`, 'o', 1_000, 5_000);
      await s!.roundPosted(`${id}:1`, 'o', 'm', 0, t0 + 100 * day);
      const r = await s!.recordAnswer({ roundId: `${id}:1`, platform: 'slack', workspaceId: 'T1', userId, userName: userId.toLowerCase(), choice: 0, correct, answeredAt: at });
      expect(r.stored).toBe(true);
      recorded.push({ userId, correct, at });
    };
    // 45 days of play by three users, each day in time order, plus answers that arrive late (days after their time).
    for (let d = 0; d < 45; d++)
      for (const u of ['U1', 'U2', 'U3']) if (rand() < 0.7) await answer(u, rand() < 0.6, t0 + d * day + Math.floor(rand() * day));
    await answer('U2', true, t0 + 40 * day + 5); // 4 days late: inside the week and the month
    await answer('U3', true, t0 + 20 * day + 5); // 24 days late: inside the month only
    await answer('U1', true, t0 + 2 * day + 5); // 42 days late: older than the summary keeps
    const end = t0 + 44 * day + 12 * 3_600_000;
    const expected = (since: number) =>
      [...new Set(recorded.map((r) => r.userId))]
        .map((userId) => {
          const mine = recorded.filter((r) => r.userId === userId && r.at >= since);
          return { userId, userName: userId.toLowerCase(), correct: mine.filter((r) => r.correct).length, answered: mine.length };
        })
        .filter((r) => r.answered > 0)
        .sort((a, b) => b.correct - a.correct || a.answered - b.answered || (a.userId < b.userId ? -1 : 1));
    // Week and month (as the board asks), a window starting at midnight, and one older than the summary (summed from score_days).
    const windows = [end - 7 * day, end - 30 * day, t0 + 30 * day, end - 40 * day, t0];
    const check = async () => {
      for (const since of windows) expect(await s!.scores('slack', 'T1', since), `since day ${(since - t0) / day}`).toEqual(expected(since));
      const runs = await s!.currentRuns('slack', 'T1');
      for (const since of [null, end - 7 * day]) {
        const ranked = await s!.rankedScores('slack', 'T1', since);
        expect(ranked.map(({ run: _run, ...r }) => r)).toEqual(expected(since ?? Number.NEGATIVE_INFINITY));
        for (const r of ranked) expect(r.run).toEqual(runs.get(r.userId) ?? null);
      }
    };
    await check();
    // Migration 6's backfill, as an upgrade runs it, builds the same summaries from score_days.
    await sql`UPDATE score_totals SET recent = ''`.execute(s!.db);
    const v6 = MIGRATIONS.find((m) => m.version === 6)!;
    const backfill = statements(migrationSql(v6, backend)).filter((x) => x.startsWith('WITH'));
    expect(backfill).toHaveLength(1);
    await sql.raw(backfill[0]!).execute(s!.db);
    await check();
  });
});

describe('upgrading an existing SQLite file', () => {
  it('a version-2 database with answers keeps working: later versions apply and all-time scores are backfilled', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'v2-')), 'old.db');
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(file);
    raw.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    for (const m of MIGRATIONS.filter((x) => x.version <= 2)) {
      raw.exec(m.sql);
      raw.prepare('INSERT INTO schema_migrations VALUES (?, 0)').run(m.version);
    }
    raw.exec(`INSERT INTO quiz_rounds (id, session_id, seq, total, platform, workspace_id, channel_id, item_id, option_order, seconds, started_by, opened_at, deadline, state)
      VALUES ('r1', 's', 1, 1, 'slack', 'T1', 'C', 'q', '0,1', 30, 'U', 0, 1, 'revealed')`);
    raw.exec(`INSERT INTO quiz_answers VALUES ('r1', 'slack', 'T1', 'U1', 'ann', 0, 1, 5, '1970-01-01'), ('r1', 'slack', 'T1', 'U2', 'bob', 1, 0, 6, '1970-01-01')`);
    raw.close();
    const s = openStore({ DATABASE_PATH: file });
    track(s);
    expect(await s.migrate()).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    expect(await s.scores('slack', 'T1', null)).toEqual([
      { userId: 'U1', userName: 'ann', correct: 1, answered: 1 },
      { userId: 'U2', userName: 'bob', correct: 0, answered: 1 },
    ]);
    expect(await s.correctDays('slack', 'T1')).toEqual(new Map([['U1', ['1970-01-01']]]));
    expect(await s.currentRuns('slack', 'T1')).toEqual(new Map([['U1', { days: 1, lastDay: '1970-01-01' }]]));
  });
});

describe('PostgreSQL specifics', () => {
  it('a fresh database gets ids from the database (the v1 SQLite DDL alone would not)', async () => {
    const url = await freshPgUrl();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const [s] = [openStore({ DATABASE_URL: url, DATABASE_PATH: '' })];
      track(s!);
      await s!.migrate();
      const r = await c.query(`SELECT is_identity FROM information_schema.columns WHERE table_name = 'daily_posts' AND column_name = 'id'`);
      expect(r.rows[0].is_identity).toBe('YES');
    } finally {
      await c.end();
    }
  });
});

describe.each<Backend>(['sqlite', 'postgres'])('workspace data on %s (reports, seen questions, Slack installations, uninstall)', (backend) => {
  it('GIVEN reports, seen questions, an installation and a schedule in two workspaces WHEN one is deleted THEN only its rows go', async () => {
    const [s] = await stores(backend);
    const { SqlInstallationRepo } = await import('../../src/store/installations.js');
    const repo = new SqlInstallationRepo(s!.db);
    for (const ws of ['T1', 'T2']) {
      await s!.addReport({ platform: 'slack', workspaceId: ws, userId: `U-${ws}`, itemKind: 'quiz', itemId: 'q1', reason: null, createdAt: 1 });
      await s!.markSeen('slack', ws, 'U1', 'iq-1', 5);
      await repo.save({ team: { id: ws }, isEnterpriseInstall: false, bot: { token: `xoxb-${ws}` } });
      await s!.putSchedule(dailySchedule({ id: `slack:${ws}:C1`, platform: 'slack', workspaceId: ws, channelId: `C-${ws}`, days: ['mon'], createdBy: 'a' }));
    }
    expect(await s!.resolveReports({ platform: 'slack', workspaceId: 'T1', itemKind: 'quiz', itemId: 'q1', by: 'admin', note: 'fixed', at: 9 })).toBe(1);
    expect((await s!.listReports({ platform: 'slack', open: true })).map((r) => r.workspaceId)).toEqual(['T2']);
    expect([...(await s!.seenQuestions('slack', 'T1', 'U1')).keys()]).toEqual(['iq-1']);
    expect((await repo.fetch({ teamId: 'T1' }))?.bot?.token).toBe('xoxb-T1');

    const gone = await s!.deleteWorkspace('slack', 'T1');
    expect(gone.daily_schedules).toBe(1);
    expect(gone.question_reports).toBe(1);
    expect(gone.interview_seen).toBe(1);
    expect(await repo.delete({ teamId: 'T1' })).toBe(true);
    expect(await repo.fetch({ teamId: 'T1' })).toBeUndefined();
    expect((await repo.fetch({ teamId: 'T2' }))?.bot?.token).toBe('xoxb-T2');
    expect((await s!.listSchedules()).map((x) => x.workspaceId)).toEqual(['T2']);
    expect((await s!.seenQuestions('slack', 'T2', 'U1')).size).toBe(1);
  });
});
