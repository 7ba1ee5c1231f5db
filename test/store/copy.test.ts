/** `npm run db:copy`: SQLite into an empty PostgreSQL, counts verified, ids continue; a non-empty target is refused. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPostgres, openSqlite } from '../../src/store/open.js';
import { freshPgUrl } from '../helpers/pg.js';
import { dailySchedule } from '../helpers/schedule.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const copy = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/db-copy.ts', ...args], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH! } });

describe('db:copy', () => {
  it('copies every row, verifies the counts, and the PostgreSQL ids continue after the copied ones', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'copy-')), 'src.db');
    const s = openSqlite(file);
    await s.migrate();
    await s.putSchedule(dailySchedule({ platform: 'slack', workspaceId: 'T', channelId: 'C', days: ['mon'], createdBy: 'U', updatedAt: 1 }));
    for (let i = 0; i < 3; i++) await s.claimDailyPost({ scheduleId: 'slack:T:C', platform: 'slack', channelId: 'C', localDate: `2026-01-0${i + 1}`, questionId: `q${i}`, claimedAt: i }, 'o', 10);
    await s.addReport({ platform: 'slack', workspaceId: 'T', userId: 'U', itemKind: 'quiz', itemId: 'q1', reason: null, createdAt: 1 });
    await s.close();

    const url = await freshPgUrl();
    const r = copy(['--from', file, '--to', url]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/copied 5 rows .* row counts verified/s);

    const pg = openPostgres({ url });
    try {
      expect(await pg.dailyHistory('slack:T:C')).toEqual(['q0', 'q1', 'q2']);
      const next = await pg.claimDailyPost({ scheduleId: 'slack:T:C', platform: 'slack', channelId: 'C', localDate: '2026-01-09', questionId: 'q9', claimedAt: 9 }, 'o', 10);
      expect(next!.id).toBe(4);
    } finally {
      await pg.close();
    }

    const again = copy(['--from', file, '--to', url]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/not empty/);
  });

  it('names the problem with a bad target, without the password', () => {
    const r = copy(['--to', 'postgres://u:topsecret@127.0.0.1:1/x', '--from', '/nonexistent.db']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no SQLite database/);
    expect(r.stderr).not.toContain('topsecret');
  });
});
