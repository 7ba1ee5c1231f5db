import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { consoleSession, type ConsoleSession } from '../helpers/console.js';
import { makeTestBot, scope, type TestBot } from '../helpers/bot.js';
import { RecordingPoster } from '../helpers/recording-poster.js';
import { ManualClock } from '../../src/core/clock.js';

const run = promisify(execFile);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function session(): Promise<ConsoleSession> {
  const s = await consoleSession();
  cleanups.push(() => s.cleanup());
  return s;
}

describe('a quiz round in the console, played by three users', () => {
  it('first answer counts, a second click is refused, the reveal shows the answer, tallies and who was right', async () => {
    const s = await session();
    const started = await s.type('/quiz rag seconds:20');
    expect(started).toContain('Started a quiz question');
    expect(started).toMatch(/Quiz · RAG and retrieval/);
    for (const l of ['A', 'B', 'C']) expect(started).toMatch(new RegExp(`\\[\\d+\\] ${l}\\b`));

    const round = (await s.store.openRounds('console', 'console'))[0]!;
    const item = s.bot.guide.quizItem(round.itemId)!;
    const correctLetter = 'ABCD'[round.optionOrder.indexOf(item.options.findIndex((o) => o.correct))]!;
    const wrongLetter = 'ABCD'.split('').find((l, i) => l !== correctLetter && i < round.optionOrder.length)!;

    const ada = await s.type(s.button(started, correctLetter));
    expect(ada).toContain(`you answered ${correctLetter}`);
    expect(ada).not.toMatch(/correct|wrong/i); // right or wrong is told at the reveal
    const again = await s.type(s.button(started, wrongLetter));
    expect(again).toContain(`You already answered ${correctLetter}`);

    await s.type('/as bob');
    await s.type(s.button(started, wrongLetter));
    await s.type('/as cy');
    await s.type(s.button(started, correctLetter));

    s.clock.advance(19_000);
    await s.bot.tick();
    expect(s.drain()).toBe(''); // not yet
    s.clock.advance(1_000);
    await s.bot.tick();
    const reveal = s.drain().replace(/\s+/g, ' ');
    expect(reveal).toContain('updated message');
    expect(reveal).toContain(`answer ${correctLetter}`);
    expect(reveal).toContain(item.explanation.replace(/\s+/g, ' ').slice(0, 40));
    expect(reveal).toMatch(/Right \(2\/3\)/);
    expect(reveal).toContain('@ada');
    expect(reveal).toContain('@cy');
    expect(reveal).not.toContain('@bob');
    expect(reveal).toMatch(/— 2 votes/);
    expect(reveal).toMatch(/— 1 vote\b/);

    const late = await s.type(s.button(started, correctLetter));
    expect(late).toMatch(/already ended/);

    const board = await s.type('/leaderboard');
    expect(board).toMatch(/🥇 @(ada|cy) — 1 right of 1/);
    expect(board).toMatch(/@bob — 0 right of 1/);
  });

  it('a 3-question session posts the next question after each reveal', async () => {
    const s = await session();
    await s.type('/quiz questions:3 seconds:10');
    for (let k = 1; k <= 3; k++) {
      s.clock.advance(10_000);
      await s.bot.tick();
      const out = s.drain();
      expect(out).toContain(`Quiz ${k}/3`);
      s.clock.advance(3_000);
      await s.bot.tick();
      const next = s.drain();
      if (k < 3) expect(next).toContain(`Quiz ${k + 1}/3`);
      else expect(next).toBe('');
    }
    expect(await s.store.openRounds('console', 'console')).toHaveLength(0);
  });

  it('refuses a second quiz while one runs in the channel', async () => {
    const s = await session();
    await s.type('/quiz');
    expect(await s.type('/quiz')).toMatch(/already running/);
  });

  it('opting out hides a player from the board; reporting a question stores one report', async () => {
    const s = await session();
    const started = await s.type('/quiz');
    await s.type(s.button(started, 'A'));
    s.clock.advance(31_000);
    await s.bot.tick();
    const reveal = s.drain();
    expect(await s.type('/leaderboard me:optout')).toMatch(/hidden/);
    const board = await s.type('/leaderboard all');
    expect(board).not.toContain('@ada');
    expect(board).toContain('1 player opted out');
    await s.type('/leaderboard me:optin');
    expect(await s.type('/leaderboard all')).toContain('@ada');

    const n = s.button(reveal, 'Report this question');
    expect(await s.type(n)).toMatch(/report is stored/);
    expect(await s.type(n)).toMatch(/already reported/);
    expect(await s.store.reports()).toHaveLength(1);
  });

  it('streaks count consecutive days with a right answer', async () => {
    const s = await session();
    for (let day = 0; day < 3; day++) {
      const started = await s.type('/quiz');
      const round = (await s.store.openRounds('console', 'console'))[0]!;
      const item = s.bot.guide.quizItem(round.itemId)!;
      const letter = 'ABCD'[round.optionOrder.indexOf(item.options.findIndex((o) => o.correct))]!;
      await s.type(s.button(started, letter));
      s.clock.advance(31_000);
      await s.bot.tick();
      s.clock.advance(86_400_000 - 31_000);
    }
    s.clock.advance(-86_400_000 + 3600_000); // still on the last day
    expect(await s.type('/leaderboard')).toContain('3-day streak');
  });
});

describe('many users answering one round at once', () => {
  it('stores every first answer exactly once (in-process, interleaved duplicates)', async () => {
    const t = await makeTestBot();
    cleanups.push(() => t.cleanup());
    const poster = new RecordingPoster('slack');
    t.bot.attachPoster(poster);
    await t.bot.runText('/quiz seconds:60', scope({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' }));
    const round = (await t.store.openRounds('slack', 'C1'))[0]!;
    const users = Array.from({ length: 200 }, (_, i) => `U${i}`);
    const clicks = users.flatMap((u, i) => [
      t.bot.runAction(`quiz:a:${round.id}:${i % 3}`, scope({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', userId: u, userName: u })),
      t.bot.runAction(`quiz:a:${round.id}:${(i + 1) % 3}`, scope({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', userId: u, userName: u })),
    ]);
    const replies = await Promise.all(clicks);
    expect(replies.filter((r) => r.text.startsWith('Got it'))).toHaveLength(200);
    expect(replies.filter((r) => r.text.startsWith('You already answered'))).toHaveLength(200);
    const answers = await t.store.answers(round.id);
    expect(answers).toHaveLength(200);
    answers.forEach((a) => expect(a.choice).toBe(Number(a.userId.slice(1)) % 3));
  });

  it('four processes racing on one SQLite file lose nothing and double nothing', async () => {
    const t = await makeTestBot();
    cleanups.push(() => t.cleanup());
    t.bot.attachPoster(new RecordingPoster('slack'));
    await t.bot.runText('/quiz seconds:60', scope({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' }));
    const round = (await t.store.openRounds('slack', 'C1'))[0]!;
    const worker = fileURLToPath(new URL('../helpers/answer-worker.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    // Overlapping user ranges: users 50–149 are answered by two processes each.
    const ranges = [[0, 100, 0], [50, 150, 1], [100, 200, 2], [150, 250, 0]] as const;
    const results = await Promise.all(
      ranges.map(([a, b, c]) => run(tsx, [worker, t.dbPath, round.id, String(a), String(b), String(c), String(t.clock.now().getTime())]).then((r) => JSON.parse(r.stdout).stored as number)),
    );
    expect(results.reduce((x, y) => x + y, 0)).toBe(250);
    const answers = await t.store.answers(round.id);
    expect(answers).toHaveLength(250);
    expect(new Set(answers.map((a) => a.userId)).size).toBe(250);
  }, 60_000);
});

describe('restarts', () => {
  it('a round overdue at start-up is closed and revealed by the new process', async () => {
    const first: TestBot = await makeTestBot();
    const poster1 = new RecordingPoster('slack');
    first.bot.attachPoster(poster1);
    const sc = scope({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' });
    await first.bot.runText('/quiz seconds:30', sc);
    const round = (await first.store.openRounds('slack', 'C1'))[0]!;
    await first.bot.runAction(`quiz:a:${round.id}:1`, { ...sc, userId: 'U9', userName: 'nine' });
    await first.bot.stop();
    await first.store.close(); // the process dies here, mid-round

    const clock = new ManualClock(first.clock.now().getTime() + 5 * 60_000);
    const second = await makeTestBot({ dbPath: first.dbPath, clock });
    cleanups.push(async () => {
      await second.cleanup();
      await first.cleanup().catch(() => {});
    });
    const poster2 = new RecordingPoster('slack');
    second.bot.attachPoster(poster2);
    second.bot.start(); // start-up sweep closes overdue rounds
    await new Promise((r) => setTimeout(r, 200));
    await second.bot.stop();
    expect(poster2.edits).toHaveLength(1);
    expect(poster2.edits[0]!.ref.messageId).toBe(poster1.posts[0]!.ref.messageId);
    expect(poster2.edits[0]!.reply.cards[0]!.fields!.some((f) => /Right \(\d\/1\)/.test(f.label))).toBe(true);
    expect((await second.store.getRound(round.id))!.closedAt).not.toBeNull();
  });
});
