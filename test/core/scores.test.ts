/**
 * Streaks across missed days, and each leaderboard period, played through the
 * real quiz path (the bot, a real SQLite file, a hand-moved clock).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestBot, scope, type TestBot } from '../helpers/bot.js';
import { RecordingPoster } from '../helpers/recording-poster.js';
import { ManualClock } from '../../src/core/clock.js';
import { currentStreak } from '../../src/core/scores.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('currentStreak', () => {
  it('counts a run of consecutive days while it ends today or yesterday, and a missed day ends it', () => {
    const run = { days: 2, lastDay: '2026-11-25' }; // the 24th and 25th; the 23rd was missed
    const at = (day: string) => Date.parse(`${day}T12:00:00Z`);
    expect(currentStreak(run, at('2026-11-25'))).toBe(2); // today and yesterday
    expect(currentStreak(run, at('2026-11-26'))).toBe(2); // not played yet today: the streak survives the day
    expect(currentStreak(run, at('2026-11-27'))).toBe(0); // a whole day missed
    expect(currentStreak({ days: 3, lastDay: '2026-11-22' }, at('2026-11-22'))).toBe(3);
    expect(currentStreak(null, at('2026-11-25'))).toBe(0);
  });
});

describe('leaderboard periods', () => {
  const sc = (user: string) => scope({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', userId: user, userName: user, isAdmin: false });

  async function play(t: TestBot, answers: Record<string, boolean>): Promise<void> {
    await t.bot.runText('/quiz seconds:10', sc('starter'));
    const round = (await t.store.openRounds('slack', 'C1'))[0]!;
    const item = t.bot.guide.quizItem(round.itemId)!;
    const right = round.optionOrder.indexOf(item.options.findIndex((o) => o.correct));
    for (const [user, correct] of Object.entries(answers)) {
      const reply = await t.bot.runAction(`quiz:a:${round.id}:${correct ? right : (right + 1) % round.optionOrder.length}`, sc(user));
      expect(reply.text).toMatch(/^Got it/);
    }
    t.clock.advance(11_000);
    await t.bot.quiz.sweep();
  }

  it('week, month and all count only the answers inside each window, and streaks show on the board', async () => {
    const clock = new ManualClock('2026-10-01T12:00:00Z');
    const t = await makeTestBot({ clock });
    cleanups.push(() => t.cleanup());
    t.bot.attachPoster(new RecordingPoster('slack'));
    const now = new Date('2026-11-25T12:00:00Z').getTime();
    const at = (daysAgo: number) => clock.set(now - daysAgo * 86_400_000);
    at(40);
    await play(t, { ada: true });
    at(10);
    await play(t, { ada: true, bob: false });
    at(2);
    await play(t, { ada: true, bob: true });
    at(1);
    await play(t, { bob: true });
    at(0);
    await play(t, { bob: true, cy: false });
    clock.set(now + 60_000);
    const board = async (period: string) => (await t.bot.runText(`/leaderboard ${period}`, sc('viewer'))).cards[0]!.body!;
    const week = await board('week');
    expect(week).toMatch(/<@ada> — \*\*1\*\* right of 1\b/);
    expect(week).toMatch(/<@bob> — \*\*3\*\* right of 3 · 🔥 3-day streak/);
    expect(week).toMatch(/<@cy> — \*\*0\*\* right of 1\b/);
    const month = await board('month');
    expect(month).toMatch(/<@ada> — \*\*2\*\* right of 2\b/);
    expect(month).toMatch(/<@bob> — \*\*3\*\* right of 4\b/);
    const all = await board('all');
    expect(all).toMatch(/<@ada> — \*\*3\*\* right of 3\b/);
    // Ranks: most right first; a tie (3 and 3 all time) goes to the longer streak.
    expect(all).toMatch(/<@bob> — \*\*3\*\* right of 4 · 🔥 3-day streak/);
    expect(all.indexOf('bob')).toBeLessThan(all.indexOf('ada'));
    expect(week.indexOf('bob')).toBeLessThan(week.indexOf('ada'));
  });
});
