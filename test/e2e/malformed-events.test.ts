/**
 * One bad event never takes the process down. Payloads Discord and Slack should
 * never send, but a proxy, a platform bug or an API change can: each goes
 * through the real client (discord.js over the fake gateway, Bolt's receiver
 * over signed HTTP), is logged and counted, and the next command is answered.
 * Without the guards these throw inside discord.js / Bolt as unhandled
 * rejections, which vitest reports as failures (and which exit a real process).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { FakeDiscord, type FakeMember } from './fake-discord/index.js';
import { MEMBER_PERMS } from './fake-discord/server.js';
import { makeTestBot, type TestBot } from '../helpers/bot.js';
import { startDiscord, type DiscordHandle } from '../../src/adapters/discord/client.js';
import { Metrics } from '../../src/server/metrics.js';
import { startHarness, ALICE, type Harness } from './fake-slack/harness.js';
import { signSlackRequest } from './fake-slack/signing.js';
import { until } from '../helpers/net.js';

type LogLine = { level: string; msg: string; extra?: Record<string, unknown> };

async function counter(metrics: Metrics, platform: string): Promise<number> {
  const m = await metrics.malformedEvents.get();
  return m.values.filter((v) => v.labels.platform === platform).reduce((a, v) => a + v.value, 0);
}

describe('Discord: a malformed gateway dispatch is dropped, logged and counted; the next command is answered', () => {
  let fake: FakeDiscord;
  let tb: TestBot;
  let handle: DiscordHandle;
  let ada: FakeMember;
  const logs: LogLine[] = [];
  const metrics = new Metrics({ defaultMetrics: false });

  beforeAll(async () => {
    fake = await new FakeDiscord({ guilds: 1, channelsPerGuild: 2 }).start();
    tb = await makeTestBot();
    handle = await startDiscord(tb.bot, {
      token: fake.token,
      applicationId: fake.applicationId,
      apiUrl: fake.apiUrl,
      guildId: fake.guildId(0),
      metrics,
      log: (level, msg, extra) => logs.push({ level, msg, extra }),
    });
    ada = fake.member({ name: 'ada' });
  }, 30_000);

  afterAll(async () => {
    await handle?.stop();
    await fake?.close();
    await tb?.cleanup();
  });

  /** A well-formed interaction body for the guild, as Discord sends it; each case breaks one part. */
  const base = (type: 2 | 3 | 4): Record<string, unknown> => ({
    id: fake.snowflake(),
    application_id: fake.applicationId,
    type,
    token: `aW50ZXJhY3Rpb24${randomBytes(24).toString('base64url')}`,
    version: 1,
    guild_id: fake.guildId(0),
    channel_id: fake.channelId(0, 0),
    channel: { id: fake.channelId(0, 0), type: 0, guild_id: fake.guildId(0), name: 'general', permissions: MEMBER_PERMS.toString() },
    member: { user: ada.user, roles: [], permissions: MEMBER_PERMS.toString(), joined_at: '2024-01-01T00:00:00.000000+00:00', deaf: false, mute: false, flags: 0 },
    app_permissions: MEMBER_PERMS.toString(),
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: {},
    context: 0,
    attachment_size_limit: 10_485_760,
    data: type === 3 ? { custom_id: 'help:show', component_type: 2 } : { id: fake.snowflake(), name: 'salary', type: 1, options: [] },
    ...(type === 3 ? { message: { id: fake.snowflake(), channel_id: fake.channelId(0, 0), author: fake.member().user, content: '', embeds: [], components: [], attachments: [], timestamp: new Date().toISOString(), edited_timestamp: null, flags: 0, type: 0, tts: false, mention_everyone: false, mentions: [], mention_roles: [], pinned: false } } : {}),
  });

  const cases: [string, () => Record<string, unknown>][] = [
    ['a command with no member and no user', () => ({ ...base(2), member: undefined })],
    ['a member without a user', () => ({ ...base(2), member: { roles: [], permissions: '0' } })],
    ['data.options that is not an array', () => ({ ...base(2), data: { id: fake.snowflake(), name: 'salary', type: 1, options: 'role=ai' } })],
    ['a command with no data', () => ({ ...base(2), data: undefined })],
    ['member permissions that are not a number', () => ({ ...base(2), member: { ...(base(2).member as object), permissions: 'lots' } })],
    ['a button click without message', () => ({ ...base(3), message: undefined })],
    ['a button click with no data', () => ({ ...base(3), data: undefined })],
    ['an autocomplete with no data', () => ({ ...base(4), data: undefined })],
  ];

  for (const [name, payload] of cases) {
    it(`survives ${name}`, async () => {
      const before = await counter(metrics, 'discord');
      const logged = logs.length;
      fake.dispatch(fake.guildId(0), 'INTERACTION_CREATE', payload());
      await until(async () => (await counter(metrics, 'discord')) > before, 'the malformed event to be counted');
      const line = logs.slice(logged).find((l) => /discord event dropped/.test(l.msg));
      expect(line?.level).toBe('error');
      expect(line?.extra?.event).toBe('INTERACTION_CREATE');
      expect(JSON.stringify(line)).not.toMatch(/aW50ZXJhY3Rpb24/); // the interaction token is never logged

      const rec = fake.slash({ member: ada, name: 'salary', options: { role: 'ai', level: 'senior' } });
      const a = await fake.answer(rec);
      expect(JSON.stringify(a.message)).toContain('$200K–$260K');
    });
  }

  it('leaves no protocol violations', () => fake.assertNoViolations());
});

describe('Slack: a signed body that parses to null is turned away with 400, logged and counted', () => {
  let h: Harness;
  const metrics = new Metrics({ defaultMetrics: false });

  beforeAll(async () => {
    h = await startHarness('http', { slack: { metrics } });
  }, 30_000);
  afterAll(async () => h?.close());

  const post = async (body: string, contentType: string): Promise<number> => {
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(`http://127.0.0.1:${h.handle.port}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signSlackRequest(h.fake.signingSecret, ts, body) },
      body,
    });
    await res.arrayBuffer();
    return res.status;
  };

  for (const [name, body, type] of [
    ['a JSON body of null', 'null', 'application/json'],
    ['an interactive payload of null', 'payload=null', 'application/x-www-form-urlencoded'],
    ['a JSON body that is a number', '42', 'application/json'],
  ] as const) {
    it(`survives ${name}`, async () => {
      const before = await counter(metrics, 'slack');
      expect(await post(body, type)).toBe(400);
      expect(await counter(metrics, 'slack')).toBe(before + 1);
      expect(h.logger.lines.some((l) => l.level === 'warn' && /slack request dropped/.test(l.msg))).toBe(true);
      const reply = await h.ask(ALICE, '/salary', 'ai senior');
      expect(JSON.stringify(reply)).toContain('$200K–$260K');
    });
  }
});

describe('Slack Socket Mode: an envelope whose payload is null is acknowledged, dropped, logged and counted', () => {
  let h: Harness;
  const metrics = new Metrics({ defaultMetrics: false });

  beforeAll(async () => {
    h = await startHarness('socket', { slack: { metrics } });
  }, 30_000);
  afterAll(async () => h?.close());

  for (const type of ['slash_commands', 'interactive', 'events_api'] as const) {
    it(`survives a ${type} envelope with a null payload`, async () => {
      const before = await counter(metrics, 'slack');
      await h.fake.sendEnvelope(type, null as unknown as Record<string, unknown>); // resolves on the ack
      expect(await counter(metrics, 'slack')).toBe(before + 1);
      expect(h.logger.lines.some((l) => l.level === 'warn' && /slack socket message dropped/.test(l.msg))).toBe(true);
      const reply = await h.ask(ALICE, '/salary', 'ai senior');
      expect(JSON.stringify(reply)).toContain('$200K–$260K');
    });
  }

  it('survives an events_api envelope without its event', async () => {
    const before = await counter(metrics, 'slack');
    await h.fake.sendEnvelope('events_api', { type: 'event_callback' });
    expect(await counter(metrics, 'slack')).toBe(before + 1);
    const reply = await h.ask(ALICE, '/salary', 'ai senior');
    expect(JSON.stringify(reply)).toContain('$200K–$260K');
  });
});
