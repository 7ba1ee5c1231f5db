/**
 * Discord at any size, against a fake Discord that shards as Discord does: it
 * recommends one shard per 1,000 guilds in GET /gateway/bot, closes an IDENTIFY
 * with 4011 when a shard would hold more than 2,500 guilds, enforces
 * max_concurrency IDENTIFYs per 5 s, and routes each guild's events to shard
 * (guild_id >> 22) % shard_count.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from './fake-discord/index.js';
import { makeTestBot, type TestBot } from '../helpers/bot.js';
import { startDiscord, type DiscordHandle } from '../../src/adapters/discord/client.js';
import type { DiscordConfig } from '../../src/adapters/discord/config.js';

const GUILDS = 6000;

describe('Discord sharding (6,000 guilds)', () => {
  let fake: FakeDiscord;
  let tb: TestBot;
  const handles: DiscordHandle[] = [];

  // A fresh fake per test: Discord's IDENTIFY window (max_concurrency per 5 s) must not carry over.
  beforeEach(async () => {
    fake = await new FakeDiscord({ guilds: GUILDS, channelsPerGuild: 1, maxConcurrency: 16, checkIdentifyRate: true }).start();
    tb = await makeTestBot();
  });

  afterEach(async () => {
    for (const h of handles.splice(0)) await h.stop();
    await tb?.cleanup();
    await fake?.close();
  });

  const start = async (over: Partial<DiscordConfig>): Promise<DiscordHandle> => {
    const h = await startDiscord(tb.bot, {
      token: fake.token,
      applicationId: fake.applicationId,
      apiUrl: fake.apiUrl,
      log: () => {},
      readyTimeoutMs: 30_000,
      ...over,
    });
    handles.push(h);
    return h;
  };

  /** The first guild on each of `count` shards. */
  const guildPerShard = (count: number): number[] => {
    const out: number[] = [];
    for (let s = 0; s < count; s++) {
      for (let i = 0; i < GUILDS; i++) if (fake.shardOf(fake.guildId(i), count) === s) { out.push(i); break; }
    }
    return out;
  };

  it('GIVEN one shard for 6,000 guilds WHEN the bot connects THEN Discord refuses it with 4011 and start-up fails saying so', async () => {
    await expect(start({ shards: 1, readyTimeoutMs: 10_000 } as Partial<DiscordConfig>)).rejects.toThrow(/shard/i);
    expect(fake.stats.shardingRequired).toBeGreaterThanOrEqual(1);
    handles.pop();
  }, 30_000);

  it('GIVEN DISCORD_SHARDS=auto WHEN the bot starts THEN it runs the recommended shards, every one becomes ready, and a command in a guild of every shard is answered', async () => {
    const h = await start({ shards: 'auto' });
    expect(h.shards.total).toBe(6);
    expect(h.shards.ids).toEqual([0, 1, 2, 3, 4, 5]);
    expect(h.client.ws.shards.size).toBe(6);
    for (const g of guildPerShard(6)) {
      const rec = fake.slash({ member: fake.member({ name: `m${g}` }), name: 'salary', guildId: fake.guildId(g), channelId: fake.channelId(g, 0), options: { role: 'ai' } });
      const a = await fake.answer(rec);
      expect(a.callbackType).toBe(4);
      expect(JSON.stringify(a.message)).toContain('AI Engineer');
    }
    fake.assertNoViolations();
  }, 60_000);

  it('GIVEN two clients splitting 6 shards (0-2 and 3-5) WHEN commands arrive in a guild of every shard THEN each is answered, by the client that holds that shard', async () => {
    const a = await start({ shards: 6, shardIds: [0, 1, 2], registerCommands: true } as Partial<DiscordConfig>);
    const b = await start({ shards: 6, shardIds: [3, 4, 5], registerCommands: false } as Partial<DiscordConfig>);
    expect([...a.client.ws.shards.keys()].sort()).toEqual([0, 1, 2]);
    expect([...b.client.ws.shards.keys()].sort()).toEqual([3, 4, 5]);
    for (const g of guildPerShard(6)) {
      const rec = fake.slash({ member: fake.member({ name: `n${g}` }), name: 'salary', guildId: fake.guildId(g), channelId: fake.channelId(g, 0), options: { role: 'swe' } });
      const ans = await fake.answer(rec);
      expect(ans.callbackType).toBe(4);
    }
    fake.assertNoViolations();
  }, 60_000);

  it('GIVEN max_concurrency 1 WHEN three shards start THEN their IDENTIFYs are 5 s apart (the fake flags any closer), and all become ready', async () => {
    await fake.close();
    fake = await new FakeDiscord({ guilds: 2600, channelsPerGuild: 1, maxConcurrency: 1, checkIdentifyRate: true }).start();
    const h = await start({ shards: 'auto' });
    expect(h.shards.total).toBe(3);
    expect(fake.stats.identifies).toBe(3);
    fake.assertNoViolations();
  }, 60_000);

  it('GIVEN fewer session starts left today than shards WHEN the bot starts THEN it refuses before connecting, saying when the limit resets', async () => {
    await fake.close();
    fake = await new FakeDiscord({ guilds: 3000, channelsPerGuild: 1, sessionStarts: 2 }).start();
    await expect(start({ shards: 'auto' })).rejects.toThrow(/2 more gateway session starts today.*needs 3.*resets in/);
    handles.pop();
    expect(fake.stats.identifies).toBe(0);
  });

  it('GIVEN two processes started with DISCORD_SHARDS=6 and DISCORD_SHARD_IDS=0-2 / 3-5 WHEN commands arrive in a guild of every shard THEN every one is answered', async () => {
    const { freePort, spawnBot, untilReady } = await import('../helpers/net.js');
    const ports = [await freePort(), await freePort()];
    // One shared database, as two processes of one deployment have.
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const db = join(mkdtempSync(join(tmpdir(), 'careerbot-shards-')), 'careerbot.db');
    const procs = ['0-2', '3-5'].map((ids, k) =>
      spawnBot(
        {
          DATABASE_PATH: db,
          DISCORD_TOKEN: fake.token,
          DISCORD_APPLICATION_ID: fake.applicationId,
          DISCORD_API_URL: fake.apiUrl,
          DISCORD_SHARDS: '6',
          DISCORD_SHARD_IDS: ids,
          PORT: String(ports[k]),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
        },
        { stderr: 'inherit' },
      ),
    );
    try {
      for (const port of ports) await untilReady(port);
      expect(fake.stats.identifies).toBe(6);
      for (const g of guildPerShard(6)) {
        const rec = fake.slash({ member: fake.member({ name: `p${g}` }), name: 'salary', guildId: fake.guildId(g), channelId: fake.channelId(g, 0), options: { role: 'ai' } });
        expect((await fake.answer(rec)).callbackType).toBe(4);
      }
      fake.assertNoViolations();
    } finally {
      for (const p of procs) p.kill('SIGKILL');
    }
  }, 90_000);
});
