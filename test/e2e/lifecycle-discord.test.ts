/**
 * The quiz and daily-post promises under ordinary latency and faults, through
 * the real discord.js client against the fake Discord, with the production
 * defaults (deferral after 2 s, the adapter's own backoff) and the bot's
 * background scheduler running (the 1-second quiz sweeper and the daily tick).
 *
 * Promises: one message per quiz question, every question revealed, exactly one
 * daily post per channel and local date, and a dead channel that stops itself.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeDiscord, type FakeMember, type StoredMessage } from './fake-discord/index.js';
import { BACKENDS, makeTestBot, type TestBot } from '../helpers/bot.js';
import { startDiscord, type DiscordHandle } from '../../src/adapters/discord/client.js';
import type { PostError } from '../../src/core/poster.js';

const MESSAGES = /^\/channels\/\d+\/messages$/;
const ONE_MESSAGE = /^\/channels\/\d+\/messages\/\d+$/;

const isQuestion = (m: StoredMessage): boolean => JSON.stringify(m.embeds).includes('❓');
const isRevealed = (m: StoredMessage): boolean => JSON.stringify(m.embeds).includes('— answer ');
const plain = (rec: { message?: StoredMessage }): string => JSON.stringify([rec.message?.content, rec.message?.embeds]);

describe.each(BACKENDS)('Discord: quiz and daily lifecycle under latency, faults and restarts, on %s', (backend) => {
  let fake: FakeDiscord;
  let tb: TestBot;
  let discord: DiscordHandle;
  let ada: FakeMember;

  const start = async (opts: { nonceWindowMs?: number } = {}): Promise<void> => {
    fake = await new FakeDiscord({ guilds: 1, channelsPerGuild: 60, nonceWindowMs: opts.nonceWindowMs }).start();
    tb = await makeTestBot({ clock: undefined, backend });
    discord = await startDiscord(tb.bot, {
      token: fake.token,
      applicationId: fake.applicationId,
      apiUrl: fake.apiUrl,
      guildId: fake.guildId(0),
      log: () => {},
    });
    ada = fake.member({ name: 'ada', admin: true });
  };

  beforeEach(async () => {
    await start();
  });

  afterEach(async () => {
    await tb?.bot.stop();
    await discord?.stop();
    await tb?.cleanup();
    await fake?.close();
    fake?.assertNoViolations();
  });

  const channels = (n: number): string[] => Array.from({ length: n }, (_, i) => fake.channelId(0, 10 + i));

  for (const latencyMs of [250, 1500]) {
    it(`GIVEN ${latencyMs} ms posting latency and the sweeper running WHEN 50 quizzes start at once THEN each channel gets exactly one question message, and every one is revealed`, async () => {
      fake.latency({ method: 'POST', path: MESSAGES, ms: latencyMs });
      fake.latency({ method: 'PATCH', path: ONE_MESSAGE, ms: latencyMs });
      tb.bot.start();
      const chans = channels(50);
      const recs = chans.map((channelId) =>
        fake.slash({ member: ada, name: 'quiz', channelId, options: { questions: 1, seconds: 10 } }),
      );
      const answers = await Promise.all(recs.map((r) => fake.answer(r, 10_000)));
      for (const a of answers) expect(plain(a)).toContain('Started');
      await fake.until(() => chans.every((c) => fake.channelMessages(c).some(isQuestion)), { timeoutMs: 20_000, what: 'a question in every channel' });
      tb.clock.advance(11_000);
      await fake.until(() => chans.every((c) => fake.channelMessages(c).some(isRevealed)), { timeoutMs: 40_000, what: 'a reveal in every channel' });
      // Let any post still in flight land, then count: no channel may hold a second, unrevealed question.
      await tb.bot.stop();
      for (const c of chans) {
        const msgs = fake.channelMessages(c);
        expect(msgs, `messages in ${c}`).toHaveLength(1);
        expect(isRevealed(msgs[0]!)).toBe(true);
      }
      expect(await tb.store.roundsIn(['open', 'closed', 'posting', 'pending'])).toEqual([]);
    }, 90_000);
  }

  it('GIVEN a channel where the bot lacks Send Messages WHEN /quiz starts THEN the starter is told why, nothing is retried, and the next /quiz is not blocked', async () => {
    const channelId = fake.channelId(0, 3);
    fake.deny(channelId, 50013);
    const a = await fake.answer(fake.slash({ member: ada, name: 'quiz', channelId, options: { questions: 3, seconds: 10 } }));
    expect(a.message?.flags ?? 0).toBe(64); // private
    expect(plain(a)).toMatch(/can.t post in <#\d+>/);
    expect(plain(a)).toContain('Send Messages');
    const posts = () => fake.requestsTo('POST', `/channels/${channelId}/messages`).length;
    expect(posts()).toBe(1);
    // Sweeps over the whole length of the session: nothing is retried, no later round appears.
    for (let i = 0; i < 6; i++) {
      tb.clock.advance(15_000);
      await tb.bot.quiz.sweep();
    }
    expect(posts()).toBe(1);
    // The permission is fixed: a new quiz starts (it is not "already running").
    fake.allow(channelId);
    const b = await fake.answer(fake.slash({ member: ada, name: 'quiz', channelId, options: { questions: 1, seconds: 10 } }));
    expect(plain(b)).toContain('Started');
    expect(fake.channelMessages(channelId).filter(isQuestion)).toHaveLength(1);
  });

  it('GIVEN Discord failing every edit for a while WHEN a round ends THEN the reveal is retried until it lands, and a late clicker hears the round is over', async () => {
    const channelId = fake.channelId(0, 4);
    await fake.answer(fake.slash({ member: ada, name: 'quiz', channelId, options: { questions: 1, seconds: 10 } }));
    const msg = await fake.until(() => fake.channelMessages(channelId)[0], { what: 'question' });
    fake.fault({ method: 'PATCH', path: ONE_MESSAGE, status: 503, times: 4 }); // every attempt of the first reveal
    tb.clock.advance(11_000);
    await tb.bot.quiz.sweep(); // the poster's own attempts all fail
    expect(isRevealed(fake.messages.get(msg.id)!)).toBe(false);
    const late = await fake.answer(fake.click({ member: fake.member({ name: 'late' }), messageId: msg.id, customId: fake.buttons(msg.id)[0]!.customId }));
    expect(plain(late)).toMatch(/ended/);
    for (let i = 0; i < 20 && !isRevealed(fake.messages.get(msg.id)!); i++) {
      tb.clock.advance(60_000);
      await tb.bot.quiz.sweep();
    }
    expect(isRevealed(fake.messages.get(msg.id)!)).toBe(true);
  });

  it('GIVEN a daily post whose response is lost after Discord created it, and no nonce deduplication left WHEN the bot retries THEN the channel still has exactly one post', async () => {
    await tb.bot.stop();
    await discord.stop();
    await tb.cleanup();
    await fake.close();
    await start({ nonceWindowMs: 0 }); // as if the retry came after Discord's nonce window
    const channelId = fake.channelId(0, 5);
    tb.clock.set('2026-11-25T08:59:00Z');
    const set = await fake.answer(fake.slash({ member: ada, name: 'daily', subcommand: 'set', channelId, options: { channel: channelId, time: '09:00', timezone: 'UTC' } }));
    expect(plain(set)).not.toMatch(/only admins/i);
    fake.fault({ method: 'POST', path: `/channels/${channelId}/messages`, status: 500, passThrough: true });
    tb.clock.set('2026-11-25T09:00:10Z');
    await tb.bot.daily.tick();
    for (let i = 0; i < 5; i++) {
      tb.clock.advance(10 * 60_000);
      await tb.bot.daily.tick();
    }
    expect(fake.channelMessages(channelId)).toHaveLength(1);
    expect((await tb.store.getDailyPost('discord', channelId, '2026-11-25'))?.status).toBe('sent');
  });

  it('GIVEN the thread request failing after the daily message went out, or its response lost WHEN the bot retries THEN the post stays posted until its thread exists, and each message gets exactly one thread', async () => {
    const [failing, lost] = [fake.channelId(0, 8), fake.channelId(0, 9)];
    tb.clock.set('2026-11-25T08:59:00Z');
    for (const c of [failing, lost])
      await fake.answer(fake.slash({ member: ada, name: 'daily', subcommand: 'set', channelId: c, options: { channel: c, time: '09:00', timezone: 'UTC' } }));
    const threadCalls = (c: string) => fake.requestsTo('POST', new RegExp(`^/channels/${c}/messages/\\d+/threads$`));
    const state = async (c: string) => (await tb.store.getDailyPost('discord', c, '2026-11-25'))?.status;
    // In one channel every attempt of the first tick fails: the message is out, the thread is not.
    fake.fault({ method: 'POST', path: new RegExp(`^/channels/${failing}/messages/\\d+/threads$`), status: 503, times: 4 });
    // In the other the thread is opened at Discord but the answer is lost (500): the retry meets "thread already exists".
    fake.fault({ method: 'POST', path: new RegExp(`^/channels/${lost}/messages/\\d+/threads$`), status: 500, passThrough: true });
    tb.clock.set('2026-11-25T09:00:10Z');
    await tb.bot.daily.tick();
    expect(fake.channelMessages(failing)).toHaveLength(1);
    expect(fake.channelMessages(failing)[0]!.thread).toBeUndefined();
    expect(threadCalls(failing).length).toBeGreaterThan(0);
    expect(await state(failing)).toBe('posted');
    expect(await state(lost)).toBe('sent');
    // A later tick takes the posted message over and opens its thread; nothing is posted twice.
    for (let i = 0; i < 2; i++) {
      tb.clock.advance(10 * 60_000);
      await tb.bot.daily.tick();
    }
    expect(await state(failing)).toBe('sent');
    for (const c of [failing, lost]) {
      const [post, ...more] = fake.channelMessages(c);
      expect(more).toEqual([]);
      expect(post!.thread).toBeDefined();
      // One thread request went through at Discord (the failed ones did not reach it; later ones met the thread: 400, 160004).
      expect(threadCalls(c).filter((r) => r.status === 201 || r.status === 500).length, c).toBe(1);
    }
    expect(threadCalls(lost).filter((r) => r.status === 400)).toHaveLength(1);
  }, 30_000);

  it('GIVEN a daily schedule in a channel the bot cannot post to WHEN it comes due THEN it pauses itself after the first permanent error and says why', async () => {
    const channelId = fake.channelId(0, 6);
    const other = fake.channelId(0, 7);
    tb.clock.set('2026-11-25T08:59:00Z');
    for (const c of [channelId, other])
      await fake.answer(fake.slash({ member: ada, name: 'daily', subcommand: 'set', channelId: c, options: { channel: c, time: '09:00', timezone: 'UTC' } }));
    fake.deny(channelId, 50001);
    tb.clock.set('2026-11-25T09:00:10Z');
    await tb.bot.daily.tick();
    const posts = () => fake.requestsTo('POST', `/channels/${channelId}/messages`).length;
    expect(posts()).toBe(1);
    expect(fake.channelMessages(other)).toHaveLength(1); // the other schedule is not held up
    for (let i = 0; i < 3; i++) {
      tb.clock.advance(24 * 3600_000);
      await tb.bot.daily.tick();
    }
    expect(posts()).toBe(1);
    const status = await fake.answer(fake.slash({ member: ada, name: 'daily', subcommand: 'status', channelId }));
    expect(plain(status)).toMatch(/paused/i);
    expect(plain(status)).toMatch(/can.t post in <#\d+>/);
    expect(plain(status)).toContain('/daily resume');
  });
});

describe('Discord: one broken channel does not slow the others (per-channel circuit breaker)', () => {
  it('GIVEN a channel whose posts keep failing with 5xx WHEN posting there again and again THEN after 5 failures in a row its calls fail at once without a request, and another channel posts normally', async () => {
    const fake = await new FakeDiscord({ guilds: 1, channelsPerGuild: 4 }).start();
    const tb = await makeTestBot();
    const discord = await startDiscord(tb.bot, { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, guildId: fake.guildId(0), log: () => {}, backoff: { baseMs: 10, maxMs: 20 } });
    try {
      const broken = fake.channelId(0, 1);
      const fine = fake.channelId(0, 2);
      fake.fault({ method: 'POST', path: `/channels/${broken}/messages`, status: 503, times: 1000 });
      const reply = { visibility: 'public' as const, text: 'x', cards: [], actions: [] };
      const first = await discord.poster.post(broken, reply).catch((e: unknown) => e);
      expect((first as PostError).kind).toBe('transient');
      expect(fake.requestsTo('POST', `/channels/${broken}/messages`)).toHaveLength(4);
      const second = await discord.poster.post(broken, reply).catch((e: unknown) => e);
      expect((second as PostError).kind).toBe('transient');
      const sent = fake.requestsTo('POST', `/channels/${broken}/messages`).length;
      expect(sent).toBe(5); // the fifth failure in a row opened the breaker
      const t0 = Date.now();
      const third = await discord.poster.post(broken, reply).catch((e: unknown) => e);
      expect((third as PostError).kind).toBe('transient');
      expect((third as PostError).reason).toMatch(/too many failures/);
      expect(Date.now() - t0).toBeLessThan(1_000);
      expect(fake.requestsTo('POST', `/channels/${broken}/messages`)).toHaveLength(sent);
      const ok = await discord.poster.post(fine, reply);
      expect(fake.channelMessages(fine).map((m) => m.id)).toEqual([ok.messageId]);
    } finally {
      await discord.stop();
      await tb.cleanup();
      await fake.close();
    }
  });
});
