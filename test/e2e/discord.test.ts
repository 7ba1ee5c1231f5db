/**
 * The real discord.js client, wired to the real core (SQLite, real guide data,
 * a ManualClock), driven through a fake Discord on 127.0.0.1. The fake checks
 * every payload against Discord's limits; any violation fails the test.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeDiscord, MEMBER_PERMS, PERMS, type FakeMember, type StoredMessage } from './fake-discord/index.js';
import { makeTestBot, type TestBot } from '../helpers/bot.js';
import { startDiscord, type DiscordHandle } from '../../src/adapters/discord/client.js';
import type { DiscordBot } from '../../src/adapters/discord/interactions.js';
import type { Reply } from '../../src/core/reply.js';
import { PostError } from '../../src/core/poster.js';
import { LogSink } from '../helpers/log-sink.js';

type LogLine = { level: string; msg: string; extra?: Record<string, unknown> };

const text = (m: StoredMessage | undefined): string =>
  JSON.stringify([m?.content, (m?.embeds ?? []) as unknown[]]);

describe('Discord adapter end to end (fake Discord on 127.0.0.1)', () => {
  let fake: FakeDiscord;
  let tb: TestBot;
  let discord: DiscordHandle;
  const logs: LogLine[] = [];
  /** The same lines through the real JSON logger at debug: checked for JSON and secrets at the end. */
  const sink = new LogSink();
  /** Knobs on the core as the adapter sees it: slow, failing or canned answers. */
  const knobs: { delayMs: number; throwOn?: string; cannedReply?: Reply } = { delayMs: 0 };
  const actionCalls: { id: string; value?: string }[] = [];
  let ada: FakeMember; // the admin
  let bob: FakeMember;
  let cy: FakeMember;
  let dee: FakeMember;

  /** The real core, as the adapter sees it. */
  const plainCore = (): DiscordBot => ({
    commands: () => tb.bot.commands(),
    attachPoster: (p) => tb.bot.attachPoster(p),
    autocomplete: (...a) => tb.bot.autocomplete(...a),
    runAction: (...a) => tb.bot.runAction(...a),
    runCommand: (...a) => tb.bot.runCommand(...a),
  });

  const startClient = (core: DiscordBot): Promise<DiscordHandle> =>
    startDiscord(core, {
      token: fake.token,
      applicationId: fake.applicationId,
      apiUrl: fake.apiUrl,
      guildId: fake.guildId(0),
      deferAfterMs: 400,
      backoff: { baseMs: 100, maxMs: 400, attempts: 4 },
      log: (level, msg, extra) => {
        logs.push({ level, msg, extra });
        sink.log(level, msg, extra);
      },
    });

  beforeAll(async () => {
    fake = await new FakeDiscord({ guilds: 3, channelsPerGuild: 12 }).start();
    tb = await makeTestBot();
    const bot = tb.bot;
    const core: DiscordBot = {
      commands: () => bot.commands(),
      attachPoster: (p) => bot.attachPoster(p),
      autocomplete: (...a) => bot.autocomplete(...a),
      runAction: (id, scope, value) => {
        actionCalls.push({ id, value });
        return bot.runAction(id, scope, value);
      },
      runCommand: async (name, input, scope) => {
        if (knobs.delayMs) await sleep(knobs.delayMs);
        if (knobs.throwOn === name) throw new Error(`boom in /${name}`);
        if (knobs.cannedReply) return knobs.cannedReply;
        return bot.runCommand(name, input, scope);
      },
    };
    discord = await startClient(core);
    ada = fake.member({ name: 'ada', admin: true, permissions: MEMBER_PERMS | PERMS.MentionEveryone });
    bob = fake.member({ name: 'bob' });
    cy = fake.member({ name: 'cy' });
    dee = fake.member({ name: 'dee' });
  });

  afterEach(() => {
    knobs.delayMs = 0;
    knobs.throwOn = undefined;
    knobs.cannedReply = undefined;
    fake.assertNoViolations();
  });

  afterAll(async () => {
    await discord?.stop();
    await tb?.cleanup();
    await fake?.close();
  });

  afterAll(() => sink.assertClean([fake.token, 'aW50ZXJhY3Rpb24'])); // the bot token; the fake's interaction-token prefix

  it('GIVEN a fresh application WHEN the client starts THEN it registers guild commands once, and a second start sends no PUT', async () => {
    expect(discord.registration?.written).toBe(true);
    expect(fake.requestsTo('PUT', /\/guilds\/\d+\/commands$/)).toHaveLength(1);
    const cmds = fake.guildCommands.get(fake.guildId(0)) ?? [];
    expect(cmds.map((c) => c.name)).toEqual(expect.arrayContaining(['salary', 'skill', 'quiz', 'daily', 'help']));
    const daily = cmds.find((c) => c.name === 'daily')!;
    expect(daily.default_member_permissions).toBe('32');
    const skill = cmds.find((c) => c.name === 'skill')!;
    expect((skill.options as { name: string; autocomplete?: boolean }[]).find((o) => o.name === 'name')?.autocomplete).toBe(true);

    // A second process starting with the same commands (its poster is not attached: the first client keeps posting).
    const second = await startClient({ ...plainCore(), attachPoster: () => undefined });
    try {
      expect(second.registration?.written).toBe(false);
      expect(second.registration?.changed).toBe(false);
      expect(fake.requestsTo('PUT', /\/commands$/)).toHaveLength(1);
      expect(fake.requestsTo('GET', /\/guilds\/\d+\/commands$/).length).toBeGreaterThanOrEqual(2);
    } finally {
      await second.stop();
    }
    // No intents, and nothing per guild is kept: READY listed 3 guilds, none is cached.
    expect(discord.client.options.intents.bitfield).toBe(0);
    expect(discord.client.guilds.cache.size).toBe(0);
    expect(discord.client.users.cache.size).toBeLessThanOrEqual(1);
    // The client identified once per start.
    expect(fake.stats.identifies).toBe(2);
  });

  it('GIVEN /salary WHEN a member runs it THEN the answer comes at once as a private embed with a share button', async () => {
    const rec = fake.slash({ member: bob, name: 'salary', options: { role: 'ai' } });
    const a = await fake.answer(rec);
    expect(a.callbackType).toBe(4);
    expect(a.deferred).toBe(false);
    expect(a.message!.flags & 64).toBe(64);
    expect(text(a.message)).toMatch(/salary/i);
    expect(rec.latencyMs).toBeLessThan(1000);
    const share = fake.buttons(a.message!.id).find((b) => /post to channel/i.test(b.label));
    expect(share).toBeDefined();

    // "Post to channel" answers publicly, through the permanent custom_id route.
    const click = fake.click({ member: bob, messageId: a.message!.id, customId: share!.customId });
    const shared = await fake.answer(click);
    expect(shared.callbackType).toBe(4);
    expect(shared.message!.flags & 64).toBe(0);
    expect(text(shared.message)).toMatch(/salary/i);
  });

  it('GIVEN /skill WHEN the member types part of a name THEN autocomplete offers ≤ 25 choices in time, and the chosen skill is explained', async () => {
    const ac = fake.autocomplete({ member: bob, name: 'skill', focused: 'name', value: 'rag' });
    const a = await fake.answer(ac);
    expect(a.callbackType).toBe(8);
    const choices = a.choices as { name: string; value: string }[];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(ac.latencyMs).toBeLessThan(3000);

    const empty = await fake.answer(fake.autocomplete({ member: bob, name: 'skill', focused: 'name', value: '' }));
    expect((empty.choices as unknown[]).length).toBeLessThanOrEqual(25);

    const run = fake.slash({ member: bob, name: 'skill', options: { name: choices[0]!.value } });
    const answer = await fake.answer(run);
    expect(answer.callbackType).toBe(4);
    expect(answer.message!.embeds.length).toBeGreaterThan(0);
  });

  it('GIVEN a quiz round WHEN three members click (one twice) and the deadline passes THEN each gets private feedback and the message is edited with the reveal', async () => {
    const channelId = fake.channelId(0, 3);
    const start = fake.slash({ member: ada, name: 'quiz', channelId, options: { seconds: 10 } });
    const started = await fake.answer(start);
    expect(started.message!.flags & 64).toBe(64);
    const round = await fake.until(() => fake.channelMessages(channelId)[0], { what: 'the quiz round message' });
    const buttons = fake.buttons(round.id).filter((b) => b.customId.startsWith('quiz:a:'));
    expect(buttons.length).toBeGreaterThanOrEqual(2);

    const answers = await Promise.all(
      [bob, cy, dee].map((m, k) => fake.answer(fake.click({ member: m, messageId: round.id, customId: buttons[k % buttons.length]!.customId }))),
    );
    for (const a of answers) {
      expect(a.callbackType).toBe(4);
      expect(a.message!.flags & 64).toBe(64);
      expect(a.message!.content).toMatch(/you answered/i);
    }
    const again = await fake.answer(fake.click({ member: dee, messageId: round.id, customId: buttons[0]!.customId }));
    expect(again.message!.flags & 64).toBe(64);
    expect(again.message!.content).toMatch(/already answered/i);

    tb.clock.advance(11_000);
    await tb.bot.tick();
    const revealed = await fake.until(() => {
      const m = fake.messages.get(round.id);
      return m && m.edits > 0 ? m : undefined;
    }, { what: 'the reveal edit' });
    expect(text(revealed)).toMatch(/answer [A-D]/);
    expect(text(revealed)).toMatch(/Right \(\d\/3\)/);
    expect(fake.requestsTo('PATCH', `/channels/${channelId}/messages/${round.id}`)).toHaveLength(1);
  });

  it('GIVEN /daily set WHEN an admin runs it THEN it is stored; WHEN a non-admin runs it THEN Discord hides it and, if a server override lets them, the bot refuses and says why', async () => {
    const channelId = fake.channelId(0, 5);
    const ok = await fake.answer(
      fake.slash({ member: ada, name: 'daily', subcommand: 'set', options: { channel: channelId, time: '10:05', timezone: 'Europe/Berlin', days: 'daily', mention: '@here' } }),
    );
    expect(ok.message!.flags & 64).toBe(64);
    expect(text(ok.message)).toMatch(/10:05/);

    expect(() => fake.slash({ member: bob, name: 'daily', subcommand: 'set', options: { channel: channelId, time: '10:05', timezone: 'UTC' } })).toThrow(/cannot see \/daily/);
    const refused = await fake.answer(
      fake.slash({ member: bob, name: 'daily', subcommand: 'set', permissionOverride: true, options: { channel: channelId, time: '11:00', timezone: 'UTC' } }),
    );
    expect(refused.message!.flags & 64).toBe(64);
    expect(text(refused.message)).toMatch(/Manage Server/);

    // Administrator implies Manage Server.
    const owner = fake.member({ name: 'owner', administrator: true });
    const status = await fake.answer(fake.slash({ member: owner, name: 'daily', subcommand: 'status' }));
    expect(text(status.message)).toMatch(/10:05/);
  });

  it('GIVEN a manager without Mention Everyone WHEN /daily set pings @everyone or a role nobody may mention THEN it is refused with the reason; a mentionable role is fine', async () => {
    const manager = fake.member({ name: 'max', admin: true });
    const channelId = fake.channelId(0, 10);
    const set = (mention: string) =>
      fake.answer(fake.slash({ member: manager, name: 'daily', subcommand: 'set', channelId, options: { channel: channelId, time: '11:00', timezone: 'UTC', mention } }));

    const everyone = await set('@everyone');
    expect(everyone.message!.flags & 64).toBe(64);
    expect(text(everyone.message)).toMatch(/Mention Everyone/);

    const [, modRole, studyRole] = fake.roles(fake.guildId(0)); // role-0: not mentionable; role-1: mentionable
    const mods = await set(`<@&${modRole!.id}>`);
    expect(text(mods.message)).toMatch(/role-0\*\* is not mentionable/);
    expect(fake.requestsTo('GET', `/guilds/${fake.guildId(0)}/roles`).length).toBeGreaterThan(0);
    expect(await tb.store.getSchedule(`discord:${fake.guildId(0)}:${channelId}`)).toBeNull();

    const study = await set(`<@&${studyRole!.id}>`);
    expect(text(study.message)).toMatch(/11:00/);
    const stored = await tb.store.getSchedule(`discord:${fake.guildId(0)}:${channelId}`);
    expect(stored?.mention).toBe(`<@&${studyRole!.id}>`);
    await tb.store.deleteSchedule(stored!.id);
  });

  it('GIVEN a scheduled daily question WHEN the injected clock reaches its time THEN one message is posted with nonce + enforce_nonce, pinging @here, with a thread; a retry returns the same message', async () => {
    const channelId = fake.channelId(0, 5);
    tb.clock.set('2026-11-25T09:06:00Z'); // 10:06 in Berlin
    await tb.bot.tick();
    const posts = fake.requestsTo('POST', `/channels/${channelId}/messages`);
    expect(posts).toHaveLength(1);
    const body = posts[0]!.body as { nonce: string; enforce_nonce: boolean; content: string; allowed_mentions: { parse: string[] } };
    expect(body.enforce_nonce).toBe(true);
    expect(body.nonce.length).toBeLessThanOrEqual(25);
    expect(body.content).toBe('@here');
    expect(body.allowed_mentions.parse).toEqual(['everyone']);
    const [post] = fake.channelMessages(channelId);
    expect(post!.thread).toBeDefined();
    expect(fake.requestsTo('POST', `/channels/${channelId}/messages/${post!.id}/threads`)).toHaveLength(1);

    // The same tick again posts nothing; the Poster replaying the same key gets the same message back.
    await tb.bot.tick();
    expect(fake.requestsTo('POST', `/channels/${channelId}/messages`)).toHaveLength(1);
    const key = `daily:discord:${fake.guildId(0)}:${channelId}:2026-11-25`;
    const a = await discord.poster.post(channelId, { visibility: 'public', text: 'x', cards: [{ title: 'x' }], actions: [] }, key);
    const b = await discord.poster.post(channelId, { visibility: 'public', text: 'x', cards: [{ title: 'x' }], actions: [] }, key);
    expect(a.messageId).toBe(b.messageId);
    expect(fake.stats.nonceHits).toBeGreaterThanOrEqual(1);
  });

  it('GIVEN the gateway connection drops WHEN an interaction is dispatched meanwhile THEN the client resumes (no new IDENTIFY), gets the replay, and answers', async () => {
    const identifies = fake.stats.identifies;
    const resumes = fake.stats.resumes;
    expect(fake.dropGateway()).toBe(1);
    const rec = fake.slash({ member: cy, name: 'help' });
    const a = await fake.answer(rec, 10_000);
    expect(a.callbackType).toBe(4);
    expect(fake.stats.resumes).toBe(resumes + 1);
    expect(fake.stats.identifies).toBe(identifies);
    // And it keeps answering on the resumed connection.
    const after = await fake.answer(fake.slash({ member: cy, name: 'salary' }));
    expect(after.callbackType).toBe(4);
    expect(logs.some((l) => l.msg === 'discord gateway resumed')).toBe(true);
  });

  it('GIVEN a 429 with Retry-After WHEN the bot posts or answers THEN it waits and succeeds without extra requests', async () => {
    const channelId = fake.channelId(0, 7);
    fake.fault({ method: 'POST', path: `/channels/${channelId}/messages`, status: 429, retryAfter: 1 });
    const t0 = Date.now();
    const ref = await discord.poster.post(channelId, { visibility: 'public', text: 'rate limited post', cards: [], actions: [] });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    const reqs = fake.requestsTo('POST', `/channels/${channelId}/messages`);
    expect(reqs.map((r) => r.status)).toEqual([429, 200]);
    expect(fake.channelMessages(channelId).map((m) => m.id)).toEqual([ref.messageId]);

    fake.fault({ method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/, status: 429, retryAfter: 1 });
    const rec = fake.slash({ member: cy, name: 'help' });
    const a = await fake.answer(rec);
    expect(a.callbackType).toBe(4);
    expect(rec.latencyMs).toBeGreaterThanOrEqual(950);
    expect(rec.latencyMs).toBeLessThan(3000);
  });

  it('GIVEN 5xx answers WHEN the bot posts THEN it backs off between retries, sends at most 4 requests per post, and a response lost after the write does not duplicate the post', async () => {
    const channelId = fake.channelId(0, 8);
    // No blind retries inside the REST client: every retry is ours, after a backoff.
    fake.fault({ method: 'POST', path: `/channels/${channelId}/messages`, status: 503, times: 3 });
    const ref = await discord.poster.post(channelId, { visibility: 'public', text: 'after an outage', cards: [], actions: [] });
    const reqs = fake.requestsTo('POST', `/channels/${channelId}/messages`);
    expect(reqs.map((r) => r.status)).toEqual([503, 503, 503, 200]);
    for (let i = 1; i < reqs.length; i++) expect(reqs[i]!.at - reqs[i - 1]!.at).toBeGreaterThanOrEqual(70); // backoff, not an immediate retry
    expect(fake.channelMessages(channelId).map((m) => m.id)).toEqual([ref.messageId]);
    expect(logs.some((l) => l.msg === 'discord post failed; retrying')).toBe(true);

    // A longer outage: 4 requests in all, then a transient PostError for the core to retry later.
    const outage = fake.channelId(0, 10);
    fake.fault({ method: 'POST', path: `/channels/${outage}/messages`, status: 503, times: 10 });
    const failed = await discord.poster.post(outage, { visibility: 'public', text: 'x', cards: [], actions: [] }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(PostError);
    expect((failed as PostError).kind).toBe('transient');
    expect(fake.requestsTo('POST', `/channels/${outage}/messages`)).toHaveLength(4);

    // 502 after the message was created: the retry carries the same nonce and gets the same message.
    const channel2 = fake.channelId(0, 9);
    fake.fault({ method: 'POST', path: `/channels/${channel2}/messages`, status: 502, times: 2, passThrough: true });
    const ref2 = await discord.poster.post(channel2, { visibility: 'public', text: 'exactly once', cards: [], actions: [] });
    expect(fake.channelMessages(channel2).map((m) => m.id)).toEqual([ref2.messageId]);

    // Edits back off too.
    fake.fault({ method: 'PATCH', path: `/channels/${channelId}/messages/${ref.messageId}`, status: 500, times: 3 });
    await discord.poster.edit(ref, { visibility: 'public', text: 'edited', cards: [], actions: [] });
    expect(fake.messages.get(ref.messageId)!.content).toBe('edited');

    // A 4xx is not retried: it is a permanent error that says what is wrong.
    const gone = await discord.poster.edit({ channelId, messageId: '1234567890123456789' }, { visibility: 'public', text: 'x', cards: [], actions: [] }).catch((e: unknown) => e);
    expect((gone as PostError).kind).toBe('permanent');
    expect((gone as PostError).reason).toMatch(/no longer exists/);
  });

  it('GIVEN slow work WHEN it takes longer than the deferral threshold THEN the bot defers privately and then edits (private) or follows up (public)', async () => {
    knobs.delayMs = 900;
    const priv = fake.slash({ member: bob, name: 'salary', options: { role: 'swe' } });
    const a = await fake.answer(priv);
    expect(a.callbackType).toBe(5);
    expect(a.deferred).toBe(true);
    expect(priv.latencyMs).toBeLessThan(900);
    expect(a.message!.flags & 64).toBe(64);
    expect(text(a.message)).toMatch(/salary/i);

    const pub = fake.slash({ member: bob, name: 'salary', options: { role: 'swe', public: true } });
    await fake.until(() => pub.followupIds.length > 0, { what: 'the public follow-up' });
    const original = fake.messages.get(pub.originalId!)!;
    expect(original.flags & 64).toBe(64);
    expect(original.content).toMatch(/posted in the channel/i);
    const followup = fake.messages.get(pub.followupIds[0]!)!;
    expect(followup.flags & 64).toBe(0);
    expect(text(followup)).toMatch(/salary/i);
  });

  it('GIVEN the core throws WHEN a command runs THEN one wrapper answers privately and logs command, user and guild', async () => {
    knobs.throwOn = 'help';
    const rec = fake.slash({ member: dee, name: 'help' });
    const a = await fake.answer(rec);
    expect(a.message!.flags & 64).toBe(64);
    expect(text(a.message)).toMatch(/went wrong/i);
    const line = logs.find((l) => l.msg === 'discord interaction failed');
    expect(line?.extra).toMatchObject({ command: '/help', user: dee.user.id, guild: fake.guildId(0) });
    expect(JSON.stringify(logs)).not.toContain(fake.token);

    // Failing after a deferral: the deferred (private) answer is edited with the error.
    knobs.delayMs = 600;
    const slow = fake.slash({ member: dee, name: 'help' });
    const b = await fake.answer(slow);
    expect(b.callbackType).toBe(5);
    expect(text(b.message)).toMatch(/went wrong/i);
  });

  it('GIVEN an oversized reply WHEN it is rendered through the real client THEN Discord limits hold, and a select choice reaches runAction as the value', async () => {
    const long = 'x'.repeat(5000);
    // Everything too long at once: one card over every per-part limit and the 6000 total.
    knobs.cannedReply = {
      visibility: 'public',
      text: long,
      cards: [
        {
          title: `Card ${long}`,
          body: long,
          fields: Array.from({ length: 30 }, (_, j) => ({ label: `f${j} ${long}`, value: long, inline: j % 2 === 0 })),
          footer: long,
          accent: 'ai',
        },
      ],
      actions: [
        Array.from({ length: 7 }, (_, k) => ({ kind: 'button' as const, id: `help:x:${k}`, label: `Button ${k} ${long}` })),
        [{ kind: 'select', id: 'faq:pick', placeholder: long, options: Array.from({ length: 30 }, (_, k) => ({ label: `${k} ${long}`, value: `v${k}`, description: long })) }],
        [{ kind: 'button', id: 'y'.repeat(101), label: 'too long an id' }],
        ...Array.from({ length: 6 }, (_, r) => [{ kind: 'button' as const, id: `help:row:${r}`, label: `row ${r}` }]),
      ],
    };
    const rec = fake.slash({ member: bob, name: 'help' });
    const a = await fake.answer(rec);
    expect(a.callbackType).toBe(4);
    expect(a.message!.embeds.length).toBe(1);
    expect(a.message!.components.length).toBe(5);

    // Too many cards: ten embeds at most, and the text is not repeated as content.
    knobs.cannedReply = { visibility: 'private', text: long, cards: Array.from({ length: 12 }, (_, k) => ({ title: `Card ${k}`, body: long.slice(0, 400) })), actions: [] };
    const many = await fake.answer(fake.slash({ member: bob, name: 'help' }));
    expect(many.message!.embeds.length).toBe(10);
    expect(many.message!.content).toBe('');
    knobs.cannedReply = undefined;

    const select = fake.click({ member: bob, messageId: a.message!.id, customId: 'faq:pick', values: ['v3'] });
    await fake.answer(select);
    expect(actionCalls.at(-1)).toEqual({ id: 'faq:pick', value: 'v3' });
  });

  it('GIVEN a button from before a restart WHEN it is clicked THEN the permanent route answers (no collectors)', async () => {
    const interview = await fake.answer(fake.slash({ member: cy, name: 'interview', options: { public: true } }));
    const reveal = fake.buttons(interview.message!.id).find((b) => b.customId.startsWith('interview:reveal:'));
    expect(reveal).toBeDefined();
    // A fresh client (as after a restart) answers the old message's button.
    await discord.stop();
    discord = await startClient(plainCore());
    const a = await fake.answer(fake.click({ member: dee, messageId: interview.message!.id, customId: reveal!.customId }));
    expect([4, 7]).toContain(a.callbackType);
    expect(text(a.message)).not.toMatch(/recogni[sz]e/);
  });
});
