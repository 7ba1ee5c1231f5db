/**
 * Slack installations and per-workspace deletion on a real SQLite file
 * (issue 14): what Bolt's installationStore and the uninstall handler rely on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { SqliteInstallationRepo } from '../../src/store/installations.js';
import type { DailySchedule, QuizRound } from '../../src/store/store.js';
import { dailySchedule } from '../helpers/schedule.js';

const dirs: string[] = [];
function dbFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'careerbot-inst-'));
  dirs.push(dir);
  return join(dir, 'bot.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const team = (id: string, token: string) => ({ team: { id, name: id }, enterprise: undefined, isEnterpriseInstall: false, bot: { token, userId: 'UB', id: 'B1', scopes: ['commands'] }, authVersion: 'v2' });

describe('SqliteInstallationRepo', () => {
  it('GIVEN two workspaces installed THEN each is fetched by its team id with its own token, and deleting one leaves the other', async () => {
    const path = dbFile();
    const store = new SqliteStore(path);
    await store.migrate();
    const repo = new SqliteInstallationRepo(path);
    await repo.save(team('T1', 'xoxb-one'));
    await repo.save(team('T2', 'xoxb-two'));
    expect((await repo.fetch({ teamId: 'T1' }))?.bot?.token).toBe('xoxb-one');
    expect((await repo.fetch({ teamId: 'T2' }))?.bot?.token).toBe('xoxb-two');
    expect(await repo.fetch({ teamId: 'T3' })).toBeUndefined();
    await repo.save(team('T1', 'xoxb-one-again')); // a reinstall replaces
    expect((await repo.fetch({ teamId: 'T1' }))?.bot?.token).toBe('xoxb-one-again');
    expect(await repo.delete({ teamId: 'T1' })).toBe(true);
    expect(await repo.delete({ teamId: 'T1' })).toBe(false);
    expect(await repo.fetch({ teamId: 'T1' })).toBeUndefined();
    expect((await repo.fetch({ teamId: 'T2' }))?.bot?.token).toBe('xoxb-two');
    await repo.close();
    await store.close();
  });

  it('GIVEN an org-wide install THEN it is found by enterprise id, and by a team once linked; deleting it drops the links', async () => {
    const path = dbFile();
    const store = new SqliteStore(path);
    await store.migrate();
    const repo = new SqliteInstallationRepo(path);
    await repo.save({ team: null, enterprise: { id: 'E1' }, isEnterpriseInstall: true, bot: { token: 'xoxb-org' } });
    expect((await repo.fetch({ enterpriseId: 'E1', teamId: 'T9', isEnterpriseInstall: true }))?.bot?.token).toBe('xoxb-org');
    expect(await repo.fetch({ teamId: 'T9' })).toBeUndefined(); // not known to belong to E1 yet
    await repo.linkTeam('T9', 'E1');
    expect((await repo.fetch({ teamId: 'T9' }))?.bot?.token).toBe('xoxb-org');
    expect(await repo.orgTeams('E1')).toEqual(['T9']);
    expect(await repo.delete({ enterpriseId: 'E1', isEnterpriseInstall: true })).toBe(true);
    expect(await repo.fetch({ teamId: 'T9' })).toBeUndefined();
    expect(await repo.orgTeams('E1')).toEqual([]);
    await repo.close();
    await store.close();
  });
});

describe('Store.deleteWorkspace', () => {
  const schedule = (ws: string, ch: string): DailySchedule =>
    dailySchedule({ platform: 'slack', workspaceId: ws, channelId: ch, days: ['mon'], createdBy: 'U1', updatedAt: 1 });
  const round = (ws: string, ch: string, id: string): QuizRound => ({
    id, sessionId: `s-${id}`, seq: 1, total: 1, platform: 'slack', workspaceId: ws, channelId: ch, itemId: 'q1', optionOrder: [0, 1, 2, 3],
    seconds: 30, startedBy: 'U1', state: 'pending', openedAt: 0, deadline: 0, messageId: null, closedAt: null, leaseOwner: null, leaseUntil: null, attempts: 0, lastError: null,
  });

  it('GIVEN data in two workspaces WHEN one is deleted THEN all of its rows go and none of the other\'s', async () => {
    const store = new SqliteStore(dbFile());
    await store.migrate();
    for (const ws of ['T1', 'T2']) {
      const ch = `C-${ws}`;
      await store.putSchedule(schedule(ws, ch));
      await store.claimDailyPost({ scheduleId: `slack:${ws}:${ch}`, platform: 'slack', channelId: ch, localDate: '2026-03-02', questionId: 'q', claimedAt: 1 }, 'me', 2);
      expect(await store.createSession([round(ws, ch, `r-${ws}`)])).toBe(true);
      await store.claimRoundPost(`r-${ws}`, 'me', 1, 100);
      await store.roundPosted(`r-${ws}`, 'me', 'm1', 1, 10_000);
      await store.recordAnswer({ roundId: `r-${ws}`, platform: 'slack', workspaceId: ws, userId: 'U1', userName: 'u', choice: 0, correct: true, answeredAt: 2 });
      await store.setOptOut('slack', ws, 'U2', true);
      await store.addReport({ platform: 'slack', workspaceId: ws, userId: `U-${ws}`, itemKind: 'quiz', itemId: 'q1', reason: null, createdAt: 1 });
    }
    const gone = await store.deleteWorkspace('slack', 'T1');
    expect(gone).toMatchObject({ daily_schedules: 1, daily_posts: 1, quiz_rounds: 1, quiz_answers: 1, quiz_sessions: 1, leaderboard_optouts: 1, question_reports: 1 });
    expect(await store.listSchedules({ workspaceId: 'T1' })).toEqual([]);
    expect(await store.getRound('r-T1')).toBeNull();
    expect(await store.scores('slack', 'T1', null)).toEqual([]);
    expect(await store.optOuts('slack', 'T1')).toEqual(new Set());
    expect((await store.reports()).map((r) => r.workspaceId)).toEqual(['T2']);
    // The other workspace keeps everything.
    expect(await store.listSchedules({ workspaceId: 'T2' })).toHaveLength(1);
    expect(await store.getDailyPost('slack', 'C-T2', '2026-03-02')).not.toBeNull();
    expect(await store.answers('r-T2')).toHaveLength(1);
    expect(await store.optOuts('slack', 'T2')).toEqual(new Set(['U2']));
    // The channel of the deleted workspace can start a new quiz (its session is gone).
    expect(await store.createSession([round('T1', 'C-T1', 'r-T1b')])).toBe(true);
    await store.close();
  });
});

describe('SqliteStore.migrate with a gap in the numbering', () => {
  it('GIVEN a database that has versions 4 and 5 but not 3 WHEN migration 3 arrives (a branch merged late) THEN it is applied, and no other version runs twice', async () => {
    const path = dbFile();
    expect(MIGRATIONS.some((m) => m.version === 3)).toBe(true);
    // The database as it was before the late branch: 1, 2, 4, 5 (later versions did not exist yet).
    const all = MIGRATIONS.splice(0, MIGRATIONS.length);
    MIGRATIONS.push(...all.filter((m) => m.version !== 3 && m.version <= 5));
    try {
      const store = new SqliteStore(path);
      await store.migrate(); // 1, 2, 4, 5
      await store.close();
    } finally {
      MIGRATIONS.splice(0, MIGRATIONS.length, ...all);
    }
    const again = new SqliteStore(path);
    await again.migrate();
    await again.close();
    const db = new Database(path, { readonly: true });
    const versions = (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
    // Every known version once, 3 included (later versions, such as 7, exist too).
    expect(versions).toEqual(MIGRATIONS.map((m) => m.version).sort((a, b) => a - b));
    expect(versions).toContain(3);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'interview_seen'").get()).toBeDefined();
    db.close();
  });
});
