/**
 * Lifecycle guarantees of the core that need no platform: one bad schedule
 * never blocks the others, a process only sweeps the platforms it serves, and
 * hostile input cannot grow memory.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS, dailySchedule, makeTestBot, scope } from '../helpers/bot.js';
import { RecordingPoster } from '../helpers/recording-poster.js';
import { ManualClock } from '../../src/core/clock.js';
import { canonicalTimeZone, formatterCacheSize } from '../../src/core/time.js';
import type { DailySchedule } from '../../src/store/store.js';
import { Metrics } from '../../src/server/metrics.js';
import { PostError, type MessageRef, type PostOptions } from '../../src/core/poster.js';
import type { Reply } from '../../src/core/reply.js';
import { until } from '../helpers/net.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const schedule = (over: Partial<DailySchedule>): DailySchedule => dailySchedule({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', createdBy: 'U1', ...over });

describe('daily tick', () => {
  it('GIVEN a schedule whose stored timezone no longer exists, sorted first WHEN the tick runs THEN the schedules after it still post', async () => {
    const t = await makeTestBot({ clock: new ManualClock('2026-11-25T09:00:30Z') });
    cleanups.push(() => t.cleanup());
    const poster = new RecordingPoster('slack');
    t.bot.attachPoster(poster);
    await t.store.putSchedule(schedule({ id: 'slack:T1:A-broken', channelId: 'A-broken', timezone: 'Mars/Olympus_Mons' }));
    await t.store.putSchedule(schedule({ id: 'slack:T1:B-fine', channelId: 'B-fine' }));
    await t.bot.daily.tick();
    expect(poster.posts.map((p) => p.channelId)).toEqual(['B-fine']);
  });
});

describe.each(BACKENDS)('a process sweeps only the platforms it serves, on %s', (backend) => {
  it('GIVEN a Discord quiz and a Slack-only process on the same database WHEN the Slack process sweeps past the deadline THEN the round is still revealed by the Discord process', async () => {
    const discordSide = await makeTestBot({ backend });
    const discordPoster = new RecordingPoster('discord');
    discordSide.bot.attachPoster(discordPoster);
    const slackSide = await makeTestBot({ dbPath: discordSide.dbPath, databaseUrl: discordSide.databaseUrl, clock: discordSide.clock });
    slackSide.bot.attachPoster(new RecordingPoster('slack'));
    cleanups.push(async () => {
      await slackSide.cleanup();
      await discordSide.cleanup();
    });
    await discordSide.bot.runText('/quiz seconds:10', scope({ platform: 'discord', workspaceId: 'G1', channelId: 'D1' }));
    expect(discordPoster.posts).toHaveLength(1);
    discordSide.clock.advance(11_000);
    await slackSide.bot.quiz.sweep();
    await discordSide.bot.quiz.sweep();
    expect(discordPoster.edits).toHaveLength(1);
    expect(discordPoster.edits[0]!.reply.text).toMatch(/^Quiz answer/);
  });
});

describe('bounded memory', () => {
  it('GIVEN 20,000 case variants of one timezone WHEN they are looked up THEN the formatter cache holds one entry for it', () => {
    const before = formatterCacheSize();
    const base = 'america/argentina/buenos_aires';
    const expected = canonicalTimeZone(base);
    expect(expected).not.toBeNull();
    for (let i = 0; i < 20_000; i++) {
      const variant = base
        .split('')
        .map((ch, k) => ((i >> (k % 15)) & 1 ? ch.toUpperCase() : ch))
        .join('');
      expect(canonicalTimeZone(variant)).toBe(expected);
    }
    expect(formatterCacheSize() - before).toBeLessThanOrEqual(1);
    expect(formatterCacheSize()).toBeLessThanOrEqual(512);
  });
});

describe('lifecycle metrics', () => {
  it('GIVEN a quiz and three daily schedules WHEN posts go out, fail and meet a dead channel THEN the Prometheus counters say so', async () => {
    const metrics = new Metrics();
    const t = await makeTestBot({ clock: new ManualClock('2026-11-25T09:00:30Z'), metrics });
    cleanups.push(() => t.cleanup());
    const poster = new RecordingPoster('slack');
    t.bot.attachPoster(poster);
    await t.bot.runText('/quiz seconds:10', scope({ platform: 'slack', workspaceId: 'T1', channelId: 'Q1' }));
    t.clock.advance(11_000);
    await t.bot.quiz.sweep();
    t.clock.set('2026-11-25T09:00:30Z');
    await t.store.putSchedule(schedule({ id: 'slack:T1:A', channelId: 'A' }));
    await t.bot.daily.tick(); // sent
    await t.store.putSchedule(schedule({ id: 'slack:T1:B', channelId: 'B' }));
    poster.failNext = 1;
    await t.bot.daily.tick(); // B fails transiently
    await t.store.putSchedule(schedule({ id: 'slack:T1:C', channelId: 'C' }));
    poster.failNext = 2;
    poster.failWith = new PostError('permanent', "I can't post in <#C>: the channel is archived.", 'is_archived');
    t.clock.advance(15 * 60_000);
    await t.bot.daily.tick(); // B and C both meet the permanent error: both pause themselves
    const text = await metrics.registry.metrics();
    const value = (name: string, labels: string): number => Number(new RegExp(`^${name}\\{${labels}\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
    expect(value('careerbot_quiz_rounds_total', 'platform="slack",event="posted"')).toBe(1);
    expect(value('careerbot_quiz_rounds_total', 'platform="slack",event="revealed"')).toBe(1);
    expect(value('careerbot_daily_posts_total', 'platform="slack",outcome="sent"')).toBe(1);
    expect(value('careerbot_daily_posts_total', 'platform="slack",outcome="failed"')).toBe(1);
    expect(value('careerbot_daily_posts_total', 'platform="slack",outcome="suspended"')).toBe(2);
  });
});

describe.each(BACKENDS)('a click while the question is still being posted, on %s', (backend) => {
  it('GIVEN a question message that is visible but whose post has not returned yet WHEN a member clicks an answer THEN the answer is taken and counted at the reveal', async () => {
    const t = await makeTestBot({ backend });
    cleanups.push(() => t.cleanup());
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let visible: Reply | undefined;
    // The platform has the message (members see it) but its response is slow: the round is still 'posting'.
    class SlowPoster extends RecordingPoster {
      override async post(channelId: string, reply: Reply, key?: string, opts?: PostOptions): Promise<MessageRef> {
        visible ??= reply;
        if (visible === reply) await gate;
        return super.post(channelId, reply, key, opts);
      }
    }
    const poster = new SlowPoster('discord');
    t.bot.attachPoster(poster);
    const where = { platform: 'discord' as const, workspaceId: 'G1', channelId: 'D1' };
    const started = t.bot.runText('/quiz seconds:10', scope(where));
    await until(() => visible !== undefined, 'the question to be visible');
    expect((await t.store.roundsIn(['posting'])).length).toBe(1);
    const button = visible!.actions.flat().find((a) => a.kind === 'button' && a.id.startsWith('quiz:a:'))!;
    const answered = await t.bot.runAction(button.id, scope({ ...where, userId: 'U9', userName: 'nine' }));
    expect(answered.error).toBeFalsy();
    expect(answered.text).toMatch(/^Got it: you answered A\. .*in about 10 s/);
    release();
    await started;
    const [round] = await t.store.roundsIn(['open']);
    expect(await t.store.answers(round!.id)).toHaveLength(1);
    t.clock.advance(11_000);
    await t.bot.quiz.sweep();
    expect(poster.edits.at(-1)!.reply.text).toMatch(/^Quiz answer/);
    expect(poster.edits.at(-1)!.reply.cards[0]!.fields!.map((f) => f.label)).toContainEqual(expect.stringMatching(/^Right \([01]\/1\)$/));
  });
});
