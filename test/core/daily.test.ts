import { afterEach, describe, expect, it } from 'vitest';
import { addDays, localDate, parseDays, weekdayOf, zonedInstant } from '../../src/core/time.js';
import { dueSlots, nextSlot } from '../../src/core/daily.js';
import type { DailySchedule } from '../../src/store/store.js';
import { makeTestBot, scope, type TestBot } from '../helpers/bot.js';
import { RecordingPoster } from '../helpers/recording-poster.js';
import { ManualClock } from '../../src/core/clock.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('local time → instant, across timezones and DST', () => {
  it.each([
    // zone, local date, local time, expected UTC
    ['UTC', '2026-06-01', '09:00', '2026-06-01T09:00:00.000Z'],
    ['Europe/Berlin', '2026-01-15', '09:00', '2026-01-15T08:00:00.000Z'], // CET +1
    ['Europe/Berlin', '2026-07-15', '09:00', '2026-07-15T07:00:00.000Z'], // CEST +2
    ['America/New_York', '2026-01-15', '09:00', '2026-01-15T14:00:00.000Z'], // EST -5
    ['America/New_York', '2026-07-15', '09:00', '2026-07-15T13:00:00.000Z'], // EDT -4
    ['Asia/Kolkata', '2026-03-10', '09:00', '2026-03-10T03:30:00.000Z'], // +5:30, no DST
    ['Australia/Sydney', '2026-01-15', '09:00', '2026-01-14T22:00:00.000Z'], // AEDT +11 (southern summer)
    // Spring forward: 02:30 does not exist in Berlin on 2026-03-29 → moves forward to 03:30 CEST.
    ['Europe/Berlin', '2026-03-29', '02:30', '2026-03-29T01:30:00.000Z'],
    // Fall back: 02:30 happens twice in Berlin on 2026-10-25 → the first (CEST) occurrence.
    ['Europe/Berlin', '2026-10-25', '02:30', '2026-10-25T00:30:00.000Z'],
    // New York: 02:30 skipped on 2026-03-08; 01:30 repeated on 2026-11-01 (first = EDT).
    ['America/New_York', '2026-03-08', '02:30', '2026-03-08T07:30:00.000Z'],
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z'],
    // Lord Howe shifts by 30 minutes: 02:15 skipped on 2026-10-04 → 02:45 (+11).
    ['Australia/Lord_Howe', '2026-10-04', '02:15', '2026-10-03T15:45:00.000Z'],
  ])('%s %s %s → %s', (tz, date, time, want) => {
    expect(iso(zonedInstant(date, time, tz))).toBe(want);
  });

  it('09:00 Berlin is 8:00Z the day before the switch and 7:00Z the day after', () => {
    expect(iso(zonedInstant('2026-03-28', '09:00', 'Europe/Berlin'))).toBe('2026-03-28T08:00:00.000Z');
    expect(iso(zonedInstant('2026-03-30', '09:00', 'Europe/Berlin'))).toBe('2026-03-30T07:00:00.000Z');
  });

  it('local dates and weekdays', () => {
    expect(localDate(Date.parse('2026-11-25T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-11-26');
    expect(localDate(Date.parse('2026-11-25T03:00:00Z'), 'America/Los_Angeles')).toBe('2026-11-24');
    expect(weekdayOf('2026-11-25')).toBe('wed');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(parseDays('mon,wed,fri')).toEqual(['mon', 'wed', 'fri']);
    expect(parseDays('weekdays')).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    expect(parseDays('tue-thu')).toEqual(['tue', 'wed', 'thu']);
    expect(parseDays('funday')).toBeNull();
  });
});

const base: DailySchedule = {
  id: 'slack:T1:C1',
  platform: 'slack',
  workspaceId: 'T1',
  channelId: 'C1',
  time: '09:00',
  timezone: 'Europe/Berlin',
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  mention: null,
  topic: null,
  pausedUntil: null,
  skipDates: [],
  createdBy: 'U1',
  updatedAt: 0,
    suspendedReason: null,
};

describe('which slots are due', () => {
  it('due from the minute, within the catch-up window, on enabled days only', () => {
    const at = Date.parse('2026-11-25T08:00:00Z'); // Wed 09:00 Berlin
    expect(dueSlots(base, at - 60_000, 360)).toEqual([]);
    expect(dueSlots(base, at, 360)).toEqual([{ localDate: '2026-11-25', at }]);
    expect(dueSlots(base, at + 359 * 60_000, 360)).toHaveLength(1);
    expect(dueSlots(base, at + 360 * 60_000, 360)).toEqual([]);
    expect(dueSlots(base, Date.parse('2026-11-28T08:00:00Z'), 360)).toEqual([]); // Saturday
  });

  it('a 23:30 post missed until 00:30 is still due for the previous local date', () => {
    const late = { ...base, time: '23:30', days: parseDays('daily')! };
    const slots = dueSlots(late, Date.parse('2026-11-25T23:30:00Z'), 360); // 00:30 Thu in Berlin
    expect(slots.map((s) => s.localDate)).toEqual(['2026-11-25']);
  });

  it('pause and skip', () => {
    const paused = { ...base, pausedUntil: '2026-11-27' };
    expect(dueSlots(paused, Date.parse('2026-11-25T08:00:00Z'), 360)).toEqual([]);
    expect(nextSlot(paused, Date.parse('2026-11-25T08:00:00Z'))!.localDate).toBe('2026-11-27');
    const skipped = { ...base, skipDates: ['2026-11-25'] };
    expect(nextSlot(skipped, Date.parse('2026-11-25T07:00:00Z'))!.localDate).toBe('2026-11-26');
  });
});

describe('the daily post: exactly once per channel per local date', () => {
  let t: TestBot;
  let poster: RecordingPoster;
  afterEach(async () => {
    await t.cleanup();
  });
  const admin = scope({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', isAdmin: true });

  async function setup(clockAt: string, line = '/daily set <#C1|eng> 09:00 Europe/Berlin weekdays', config = {}) {
    t = await makeTestBot({ clock: new ManualClock(clockAt), config });
    poster = new RecordingPoster('slack');
    t.bot.attachPoster(poster);
    const r = await t.bot.runText(line, admin);
    expect(r.text).toMatch(/set up/);
  }

  it('posts at 09:00 Berlin once, not before, not twice, then again the next weekday', async () => {
    await setup('2026-11-25T07:58:00Z');
    t.clock.set('2026-11-25T07:59:00Z');
    await t.bot.tick();
    expect(poster.posts).toHaveLength(0);
    t.clock.set('2026-11-25T08:00:00Z');
    await t.bot.tick();
    await t.bot.tick();
    t.clock.set('2026-11-25T08:01:00Z');
    await t.bot.tick();
    expect(poster.posts).toHaveLength(1);
    const post = poster.posts[0]!;
    expect(post.channelId).toBe('C1');
    expect(post.key).toBe('daily:slack:T1:C1:2026-11-25');
    expect(post.reply.thread).toBeDefined();
    expect(post.reply.actions[0]![0]).toMatchObject({ kind: 'button', label: 'Show strong answer' });
    const sent = await t.store.getDailyPost('slack', 'C1', '2026-11-25');
    expect(sent).toMatchObject({ status: 'sent', messageId: post.ref.messageId });
    // Thursday, Friday post; the weekend does not.
    for (const d of ['2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30']) {
      t.clock.set(`${d}T08:00:00Z`);
      await t.bot.tick();
    }
    expect(poster.posts.map((p) => p.key!.slice(-10))).toEqual(['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30']);
  });

  it('two ticks racing at the same minute post once', async () => {
    await setup('2026-11-25T08:00:00Z');
    await Promise.all([t.bot.daily.tick(), t.bot.daily.tick(), t.bot.daily.tick()]);
    expect(poster.posts).toHaveLength(1);
  });

  it('a post missed while the bot was down is sent late inside the catch-up window, not after it', async () => {
    await setup('2026-11-24T12:00:00Z');
    t.clock.set('2026-11-25T13:59:00Z'); // back up at 14:59 Berlin: 5 h 59 min late
    await t.bot.tick();
    expect(poster.posts).toHaveLength(1);
    t.clock.set('2026-11-26T14:00:00Z'); // next day, 6 h late: too late
    await t.bot.tick();
    expect(poster.posts).toHaveLength(1);
  });

  it('a post that failed transiently is retried after a backoff, with the same key, looking for the earlier post first', async () => {
    await setup('2026-11-25T08:00:00Z');
    poster.failNext = 1;
    const first = await t.bot.daily.tick();
    expect(first.failed).toHaveLength(1);
    expect(first.retryAt).not.toBeNull();
    const claim = await t.store.getDailyPost('slack', 'C1', '2026-11-25');
    expect(claim?.status).toBe('claimed');
    t.clock.advance(10_000);
    await t.bot.tick();
    expect(poster.posts).toHaveLength(0); // not before its backoff ends
    t.clock.set(first.retryAt! + 1);
    await t.bot.tick();
    expect(poster.posts).toHaveLength(1);
    expect(poster.posts[0]!.opts?.mayExist).toBe(true);
    expect(poster.posts[0]!.key).toBe('daily:slack:T1:C1:2026-11-25');
    expect(poster.posts[0]!.reply.text).toContain(t.bot.guide.question(claim!.questionId)!.question.slice(0, 50));
    expect((await t.store.getDailyPost('slack', 'C1', '2026-11-25'))?.attempts).toBe(2);
  });

  it('a restart between claim and post is finished by the next process', async () => {
    await setup('2026-11-25T08:00:00Z');
    poster.failNext = 1;
    await t.bot.tick();
    await t.bot.stop();
    await t.store.close();
    const second = await makeTestBot({ dbPath: t.dbPath, clock: new ManualClock('2026-11-25T08:10:00Z') });
    const poster2 = new RecordingPoster('slack');
    second.bot.attachPoster(poster2);
    await second.bot.tick();
    await second.bot.tick();
    expect(poster2.posts).toHaveLength(1);
    await second.cleanup();
    t = await makeTestBot(); // for afterEach
  });

  it('rotates through the bank with no repeat until every question has been used', async () => {
    await setup('2026-11-25T08:00:00Z', '/daily set <#C1|eng> 09:00 UTC daily topic:cost');
    const bank = t.bot.guide.interviewQuestions.filter((q) => q.topic === 'cost').map((q) => q.id);
    expect(bank.length).toBeGreaterThanOrEqual(5);
    for (let d = 0; d <= bank.length; d++) {
      t.clock.set(Date.parse('2026-11-25T09:00:00Z') + d * 86_400_000);
      await t.bot.tick();
    }
    const ids = poster.posts.map((p) => p.reply.actions[0]![0]!.id.split(':')[2]);
    expect(ids).toHaveLength(bank.length + 1);
    expect(new Set(ids.slice(0, bank.length))).toEqual(new Set(bank));
    expect(bank).toContain(ids[bank.length]);
  });

  it('two channels get different orders', async () => {
    await setup('2026-11-25T08:00:00Z', '/daily set <#C1|eng> 09:00 UTC daily');
    await t.bot.runText('/daily set <#C2|ml> 09:00 UTC daily', { ...admin, channelId: 'C2' });
    t.clock.set('2026-11-25T09:00:00Z');
    await t.bot.tick();
    t.clock.set('2026-11-26T09:00:00Z');
    await t.bot.tick();
    const by = (ch: string) => poster.posts.filter((p) => p.channelId === ch).map((p) => p.reply.text);
    expect(by('C1')).toHaveLength(2);
    expect(by('C1')).not.toEqual(by('C2'));
  });

  it('/daily now previews without using up a question; skip and pause move the next post; off stops it', async () => {
    await setup('2026-11-25T07:00:00Z');
    const preview = await t.bot.runText('/daily now', admin);
    expect(preview.visibility).toBe('private');
    expect(preview.cards[0]!.title).toMatch(/Preview/);
    t.clock.set('2026-11-25T08:00:00Z');
    await t.bot.tick();
    expect(poster.posts[0]!.reply.text).toContain(preview.cards[0]!.body!.replace(/\*\*/g, '').slice(0, 60));

    const skip = await t.bot.runText('/daily skip', admin);
    expect(skip.text).toContain('2026-11-26');
    t.clock.set('2026-11-26T08:00:00Z');
    await t.bot.tick();
    expect(poster.posts).toHaveLength(1);

    const pause = await t.bot.runText('/daily pause 2026-12-01', admin);
    expect(pause.text).toContain('2026-12-01');
    t.clock.set('2026-11-27T08:00:00Z');
    await t.bot.tick();
    expect(poster.posts).toHaveLength(1);
    t.clock.set('2026-12-01T08:00:00Z');
    await t.bot.tick();
    expect(poster.posts).toHaveLength(2);

    const status = await t.bot.runText('/daily', admin);
    expect(status.cards[0]!.body).toContain('Europe/Berlin');
    expect((await t.bot.runText('/daily off', admin)).text).toMatch(/is off/);
    t.clock.set('2026-12-02T08:00:00Z');
    await t.bot.tick();
    expect(poster.posts).toHaveLength(2);
  });
});

describe('background work', () => {
  it('start-up posts a due daily question at once, and a post stuck on a slow platform does not hold up quiz reveals', async () => {
    const t = await makeTestBot({ clock: new ManualClock('2026-11-25T08:00:00Z') });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const edits: string[] = [];
    const dailyAttempts: string[] = [];
    let n = 0;
    t.bot.attachPoster({
      platform: 'slack',
      async post(channelId, _reply, key) {
        if (key?.startsWith('daily:')) {
          dailyAttempts.push(key);
          await gate; // the platform hangs on this one
        }
        return { channelId, messageId: `m${++n}` };
      },
      async edit(ref) {
        edits.push(ref.messageId);
      },
    });
    const admin = scope({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', isAdmin: true });
    await t.bot.runText('/daily set <#C1|eng> 09:00 Europe/Berlin daily', admin);
    await t.bot.runText('/quiz seconds:10', { ...admin, channelId: 'C2' });
    t.bot.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(dailyAttempts).toEqual(['daily:slack:T1:C1:2026-11-25']); // due at start-up: posted without waiting for the next minute
    t.clock.advance(11_000); // now the quiz is overdue too
    await new Promise((r) => setTimeout(r, 1_500));
    expect(edits).toHaveLength(1); // revealed while the daily post still hangs
    release();
    await t.cleanup();
  });
});
