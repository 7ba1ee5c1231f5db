/**
 * Exactly one daily post per channel and date, across crashes: the real entry
 * point (src/main.ts) as a process, serving Discord and Slack (fakes on
 * 127.0.0.1), with 200 channels on each platform due in the same minute. The
 * process is stopped at three moments of the fan-out — SIGKILL, SIGTERM,
 * SIGKILL, while responses are held back, so some posts exist whose answers
 * never arrived — and restarted each time; Discord's nonce deduplication is off (as after its
 * window), so only finding the earlier message can prevent a duplicate. The
 * last process is stopped with SIGTERM and must exit within 10 seconds.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeDiscord } from './fake-discord/index.js';
import { FakeSlack } from './fake-slack/index.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { dailySchedule } from '../helpers/bot.js';
import { freePort, until as waitUntil } from '../helpers/net.js';

const until = (cond: () => boolean, what: string, ms = 60_000): Promise<boolean> => waitUntil(cond, what, ms);

const root = fileURLToPath(new URL('../..', import.meta.url));
const CHANNELS = 200;

describe('daily fan-out across SIGKILL and restarts (real processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'careerbot-crash-'));
  const dbPath = join(dir, 'careerbot.db');
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let child: ChildProcess | undefined;
  let stderr = '';

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await discord?.close();
    await slack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN 200 channels per platform due in the same minute WHEN the bot is killed three times mid fan-out and restarted THEN every channel has exactly one post, and SIGTERM exits within 10 s', async () => {
    discord = await new FakeDiscord({ guilds: 4, channelsPerGuild: 50, nonceWindowMs: 0 }).start();
    slack = await FakeSlack.start();
    const port = await freePort();
    const discordChannels = Array.from({ length: CHANNELS }, (_, i) => discord.channelId(Math.floor(i / 50), i % 50));
    const slackChannels = Array.from({ length: CHANNELS }, (_, i) => `C0CRASH${String(i).padStart(4, '0')}`);

    // The schedules, due this very minute (UTC), written before the first start.
    const now = new Date();
    const hhmm = `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}`;
    const store = new SqliteStore(dbPath);
    await store.migrate();
    const schedule = (platform: 'discord' | 'slack', workspaceId: string, channelId: string) => dailySchedule({ platform, workspaceId, channelId, time: hhmm, updatedAt: now.getTime() });

    for (const c of discordChannels) await store.putSchedule(schedule('discord', discord.guildId(0), c));
    for (const c of slackChannels) await store.putSchedule(schedule('slack', slack.workspace.teamId, c));
    await store.close();

    // Ordinary latency: each post exists at once, its answer comes 150 ms later.
    discord.latency({ method: 'POST', path: /^\/channels\/\d+\/messages$/, ms: 150 });
    slack.latency('chat.postMessage', 150);

    const start = (): ChildProcess => {
      // node itself (not the tsx wrapper, which would leave its child running when killed).
      const p = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: root,
        env: {
          PATH: process.env.PATH!,
          HOME: dir,
          DATABASE_PATH: dbPath,
          DISCORD_TOKEN: discord.token,
          DISCORD_APPLICATION_ID: discord.applicationId,
          DISCORD_API_URL: discord.apiUrl,
          DISCORD_GUILD_ID: discord.guildId(0),
          SLACK_BOT_TOKEN: slack.botToken,
          SLACK_SIGNING_SECRET: slack.signingSecret,
          SLACK_API_URL: slack.apiUrl,
          SLACK_HOST: '127.0.0.1',
          PORT: String(port),
          LOG_LEVEL: 'warn',
          DAILY_LEASE_SECONDS: '5',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      p.stderr!.on('data', (d) => (stderr += d));
      p.stdout!.resume();
      return p;
    };
    const posted = (): number =>
      discordChannels.reduce((n, c) => n + discord.channelMessages(c).length, 0) + slackChannels.reduce((n, c) => n + slack.channelMessages(c).length, 0);
    const kill = async (p: ChildProcess): Promise<void> => {
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGKILL');
      await exited;
    };

    // Three stops at three moments of the fan-out: SIGKILL early, SIGTERM in the middle (it must
    // exit within 10 s, leaving nothing that will be duplicated), SIGKILL near the end.
    const term = async (p: ChildProcess): Promise<number> => {
      const t0 = Date.now();
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await exited;
      return Date.now() - t0;
    };
    let termMs = 0;
    let threadless = 0;
    const stoppedAt = { termSignal: 0, term: 0 };
    for (const [at, how] of [[20, 'kill'], [150, 'term'], [330, 'kill']] as const) {
      child = start();
      await until(() => posted() >= at, `${at} posts`).catch((e) => {
        throw new Error(`${(e as Error).message}; posted ${posted()}; stderr:\n${stderr.slice(-3000)}`);
      });
      if (how === 'kill') {
        await kill(child);
        // Messages go out before their threads: a kill leaves messages whose thread is still to come.
        threadless = Math.max(threadless, discordChannels.filter((c) => discord.channelMessages(c).some((m) => !m.thread)).length);
      }
      else {
        stoppedAt.termSignal = posted();
        termMs = await term(child);
        stoppedAt.term = posted();
      }
      if (process.env.CRASH_DEBUG) process.stderr.write(`${how} at ${posted()} posts\n`);
    }
    expect(termMs).toBeLessThan(10_000);
    expect(stoppedAt.term).toBeLessThan(stoppedAt.termSignal + 40); // it stopped taking work: at most the posts already in flight
    expect(posted()).toBeLessThan(2 * CHANNELS); // the last kill came before the end

    // The last start finishes the work (taking over expired leases, looking before posting).
    child = start();
    await until(() => discordChannels.every((c) => discord.channelMessages(c).length > 0) && slackChannels.every((c) => slack.channelMessages(c).length > 0), 'a post in every channel', 90_000);
    const check = new SqliteStore(dbPath);
    const pending = async (): Promise<number> => {
      const today = now.toISOString().slice(0, 10);
      let n = 0;
      for (const c of discordChannels) if ((await check.getDailyPost('discord', c, today))?.status !== 'sent') n++;
      for (const c of slackChannels) if ((await check.getDailyPost('slack', c, today))?.status !== 'sent') n++;
      return n;
    };
    for (let i = 0; i < 200 && (await pending()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await pending()).toBe(0);
    await check.close();

    const dupes = [
      ...discordChannels.filter((c) => discord.channelMessages(c).length !== 1),
      ...slackChannels.filter((c) => slack.channelMessages(c).length !== 1),
    ];
    expect(dupes, 'channels without exactly one post').toEqual([]);
    // Each Discord post got its discussion thread after the restart that took it over (Discord allows one per message).
    expect(threadless).toBeGreaterThan(0);
    expect(discordChannels.filter((c) => !discord.channelMessages(c)[0]!.thread), 'Discord posts without a thread').toEqual([]);

    // SIGTERM: the process exits, cleanly and within 10 seconds.
    const t0 = Date.now();
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(stderr).not.toContain(discord.token);
    discord.assertNoViolations();
    expect(slack.violations).toEqual([]);
  }, 180_000);
});
