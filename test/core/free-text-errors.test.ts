/**
 * Issue 10, item 4: free-text errors are specific and short. One line that says
 * what was wrong (with "did you mean" where a value is close), one working
 * example, and a pointer to /help — never a wall of every option.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestBot, scope, type TestBot } from '../helpers/bot.js';
import type { Reply } from '../../src/core/reply.js';

let tb: TestBot;
beforeAll(async () => {
  tb = await makeTestBot();
});
afterAll(async () => {
  await tb.cleanup();
});

const run = (line: string): Promise<Reply> => tb.bot.runText(line, scope());
const body = (r: Reply): string => r.cards[0]?.body ?? r.text;

describe('specific problems', () => {
  it.each([
    ['/daily set #eng 9am Europe/Berlin', '“9am” is not a time: use 24-hour HH:MM, e.g. 09:00'],
    ['/daily set #eng 9pm Europe/Berlin', '“9pm” is not a time: use 24-hour HH:MM, e.g. 21:00'],
    ['/daily set #eng 25:00 Europe/Berlin', '“25:00” is not a time: use 24-hour HH:MM, e.g. 09:00'],
    ['/daily set #eng 09:00 berlin', '“berlin” is not a timezone. Did you mean Europe/Berlin?'],
    ['/daily set #eng 09:00 new_yrok', 'Did you mean America/New_York?'],
    ['/daily set #eng 09:00 Mars/Olympus', '“Mars/Olympus” is not a timezone'],
    ['/daily set #eng 09:00 UTC mon-fryday', '“mon-fryday” is not a set of days'],
    ['/salary ai senior junior', 'You gave the level twice (“senior” and “junior”)'],
    ['/salary ai swe', 'You gave the role twice (“ai” and “swe”)'],
    ['/salary senoir', '“senoir” is not a level. Did you mean senior?'],
    ['/salary level:senoir', '“senoir” is not a level. Did you mean senior?'],
    ['/quiz ragg', '“ragg” is not a topic. Did you mean rag?'],
    ['/interview agnets', 'Did you mean agents?'],
    ['/daily stauts', 'Did you mean status?'],
  ])('%s → %s', async (line, problem) => {
    const r = await run(line);
    expect(r.error).toBe(true);
    expect(body(r)).toContain(problem);
  });

  it('the same message reaches a typed (Discord) option', async () => {
    const r = await tb.bot.runCommand('daily', { subcommand: 'set', options: { channel: '222222222222222222', time: '9am', timezone: 'Europe/Berlin' } }, scope({ platform: 'discord' }));
    expect(body(r)).toContain('“9am” is not a time: use 24-hour HH:MM, e.g. 09:00');
    const tz = await tb.bot.runCommand('daily', { subcommand: 'set', options: { channel: '222222222222222222', time: '09:00', timezone: 'berlin' } }, scope({ platform: 'discord' }));
    expect(body(tz)).toContain('Did you mean Europe/Berlin?');
  });
});

describe('short errors', () => {
  it.each([
    '/salary wizard',
    '/salary senoir',
    '/salary ai senior junior',
    '/quiz ragg',
    '/quiz nonsense-topic',
    '/daily set #eng 9am Europe/Berlin',
    '/daily set #eng 09:00 Mars/Olympus',
    '/leaderboard forever',
    '/career astronaut',
    '/interview rag wizard',
  ])('%s: one line, one example, and see /help', async (line) => {
    const r = await run(line);
    const text = body(r);
    const name = line.split(' ')[0]!.slice(1);
    expect(text).toContain(`/help ${name}`);
    expect(text.match(/Try/g) ?? []).toHaveLength(1);
    expect(text).not.toMatch(/It accepts|Choose one of/);
    expect(text.split('\n').filter((l) => l.trim()).length).toBeLessThanOrEqual(2);
    expect(text.length).toBeLessThan(240);
  });
});
