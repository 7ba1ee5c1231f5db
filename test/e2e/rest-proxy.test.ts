/**
 * One REST rate limit across processes: three bot processes sharing one token
 * (and one SQLite file) fan out 600 daily posts against a fake Discord that
 * enforces the global limit of 50 requests/s per token. Through one
 * @discordjs/proxy (`npm run rest-proxy`) they never hit it; each on its own,
 * every process keeps its own 50/s budget and together they do.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeDiscord } from './fake-discord/index.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { dailySchedule } from '../helpers/bot.js';
import { freePort, until as waitUntil } from '../helpers/net.js';

const until = (cond: () => boolean | Promise<boolean>, what: string, ms = 90_000): Promise<boolean> => waitUntil(cond, what, ms);

const root = fileURLToPath(new URL('../..', import.meta.url));
const POSTS = 600;

describe('three processes, one token, one REST rate limit', () => {
  const children: ChildProcess[] = [];
  let fake: FakeDiscord | undefined;
  let dir = '';
  let stderr = '';

  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const spawnNode = (args: string[], env: Record<string, string>): ChildProcess => {
    const p = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env: { PATH: process.env.PATH!, HOME: dir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    p.stderr!.on('data', (d) => (stderr += d));
    p.stdout!.resume();
    children.push(p);
    return p;
  };

  async function fanOut(viaProxy: boolean): Promise<{ channels: string[]; fake: FakeDiscord }> {
    fake = await new FakeDiscord({ guilds: 12, channelsPerGuild: 50, globalPerSecond: 50 }).start();
    dir = mkdtempSync(join(tmpdir(), 'careerbot-proxy-'));
    const dbPath = join(dir, 'careerbot.db');
    const channels = Array.from({ length: POSTS }, (_, i) => fake!.channelId(Math.floor(i / 50), i % 50));
    const now = new Date();
    const hhmm = `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}`;
    const store = new SqliteStore(dbPath);
    await store.migrate();
    for (const c of channels) await store.putSchedule(dailySchedule({ platform: 'discord', workspaceId: fake.guildId(0), channelId: c, time: hhmm }));
    let api = fake.apiUrl;
    if (viaProxy) {
      const port = await freePort();
      spawnNode(['scripts/rest-proxy.ts'], { PROXY_PORT: String(port), PROXY_HOST: '127.0.0.1', DISCORD_API_URL: fake.apiUrl });
      await until(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok).catch(() => false)), 'the proxy');
      api = `http://127.0.0.1:${port}/api`;
    }
    for (let i = 0; i < 3; i++) {
      spawnNode(['src/main.ts'], {
        DATABASE_PATH: dbPath,
        DISCORD_TOKEN: fake.token,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: api,
        DISCORD_GUILD_ID: fake.guildId(0),
        DISCORD_SHARDS: '1',
        PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
      });
    }
    const f = fake;
    await until(() => channels.every((c) => f.channelMessages(c).length > 0), 'a post in every channel', 120_000);
    return { channels, fake: f };
  }

  it('GIVEN the three processes route REST through npm run rest-proxy WHEN 600 posts fan out THEN Discord never answers a global 429, and every post goes out once', async () => {
    const { channels, fake: f } = await fanOut(true);
    expect(f.stats.globalRateLimited).toBe(0);
    expect(channels.filter((c) => f.channelMessages(c).length !== 1)).toEqual([]);
    f.assertNoViolations();
  }, 180_000);

  it('GIVEN the same three processes each calling Discord directly WHEN 600 posts fan out THEN they exceed the per-token global limit (the 429s the proxy prevents)', async () => {
    const { channels, fake: f } = await fanOut(false);
    expect(f.stats.globalRateLimited).toBeGreaterThan(0);
    expect(channels.filter((c) => f.channelMessages(c).length !== 1)).toEqual([]);
  }, 180_000);
});
