/**
 * Daily fan-out across processes: 1,000 Discord channels due in the same minute,
 * three Discord processes (the real entry point) on one PostgreSQL, already
 * running when the minute comes, the fake Discord enforcing a global 50
 * requests/s. Every message goes out before the threads (one request per post
 * first), so the floor for all questions is 1,000 / 50 per s = 20 s (target
 * <= 1.1x); the threads follow, against the two-request floor of 40 s.
 * Duplicates, misses and posts left without a thread: target 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { FakeDiscord } from '../test/e2e/fake-discord/index.js';
import { startPgCluster } from '../test/helpers/pg-global.js';
import { openStore } from '../src/store/open.js';
import { freePort, untilReady } from '../test/helpers/net.js';
import { dailySchedule } from '../test/helpers/schedule.js';
import { atMost, figure } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const CHANNELS = 1_000;
const PER_GUILD = 50;
const RATE = 50;

export async function run(): Promise<void> {
  console.log(`\nfan-out: ${CHANNELS} Discord channels due at once, 3 processes on PostgreSQL, fake Discord at ${RATE} req/s global`);
  const cluster = await startPgCluster();
  const dir = mkdtempSync(join(tmpdir(), 'bench-fanout-'));
  const discord = await new FakeDiscord({ guilds: CHANNELS / PER_GUILD, channelsPerGuild: PER_GUILD, record: false, globalPerSecond: RATE }).start();
  const children: ChildProcess[] = [];
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE fanout');
    await admin.end();
    const u = new URL(cluster.url);
    u.pathname = '/fanout';
    const url = u.toString();
    const store = openStore({ DATABASE_URL: url, DATABASE_PATH: '' });
    await store.migrate();
    const channels = Array.from({ length: CHANNELS }, (_, i) => ({ guild: discord.guildId(Math.floor(i / PER_GUILD)), id: discord.channelId(Math.floor(i / PER_GUILD), i % PER_GUILD) }));

    // Three processes, started and ready before the schedules come due (each on its own free port).
    let stderr = '';
    const ports: number[] = [];
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      ports.push(port);
      const p = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: root,
        env: {
          PATH: process.env.PATH!,
          HOME: dir,
          PORT: String(port),
          DATABASE_URL: url,
          LOG_LEVEL: 'error',
          DISCORD_TOKEN: discord.token,
          DISCORD_APPLICATION_ID: discord.applicationId,
          DISCORD_API_URL: discord.apiUrl,
          DISCORD_GUILD_ID: discord.guildId(0),
          // Three processes share the token's 50 requests/s: 17 + 17 + 16.
          DISCORD_REQUESTS_PER_SECOND: String(Math.floor(RATE / 3) + (i < RATE % 3 ? 1 : 0)),
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      p.stderr!.on('data', (d) => (stderr += d));
      children.push(p);
    }
    for (const port of ports) await untilReady(port, 120_000);

    // 1,000 schedules due at the next minute (at least 10 s away), when the minute cron fires in all three at once.
    let due = Math.ceil((Date.now() + 10_000) / 60_000) * 60_000;
    const at = new Date(due);
    const hhmm = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
    for (const c of channels)
      await store.putSchedule(dailySchedule({ platform: 'discord', workspaceId: c.guild, channelId: c.id, time: hhmm, updatedAt: Date.now() }));
    await store.close();
    if (Date.now() > due) due = NaN; // written too slowly: the figures below would not be a same-minute fan-out

    const first = (c: { id: string }) => discord.channelMessages(c.id)[0];
    const posted = () => channels.reduce((n, c) => n + (first(c) ? 1 : 0), 0);
    const threaded = () => channels.reduce((n, c) => n + (first(c)?.thread ? 1 : 0), 0);
    let start = 0;
    let allPosted = 0;
    let allThreaded = 0;
    const deadline = due + 180_000;
    while (Date.now() < deadline) {
      if (!start && posted() > 0) start = Date.now();
      if (!allPosted && posted() >= CHANNELS) allPosted = Date.now();
      if (allPosted && threaded() >= CHANNELS) {
        allThreaded = Date.now();
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    // Let any late duplicate arrive before counting.
    await new Promise((r) => setTimeout(r, 3_000));
    const dupes = channels.filter((c) => discord.channelMessages(c.id).length > 1).length;
    const misses = channels.filter((c) => discord.channelMessages(c.id).length === 0).length;
    const noThread = channels.filter((c) => !first(c)?.thread).length;
    const floor = (CHANNELS / RATE) * 1000;
    // Each daily post is two requests (the message, then its discussion thread): threads can all exist no sooner than this.
    const threadFloor = ((2 * CHANNELS) / RATE) * 1000;
    const questions = allPosted ? allPosted - start : NaN;
    const threads = allThreaded ? allThreaded - start : NaN;
    const s1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    figure(`all ${CHANNELS} questions posted (first to last) vs ${s1(floor)} floor`, `${s1(questions)} = ${(questions / floor).toFixed(2)}x`, atMost(questions / floor, 1.1, 'x'));
    figure(`all ${CHANNELS} threads opened (first question to last thread) vs ${s1(threadFloor)}`, `${s1(threads)} = ${(threads / threadFloor).toFixed(2)}x`, null);
    figure('channels with a duplicate post', String(dupes), atMost(dupes, 0, ''));
    figure('channels without a post', String(misses), atMost(misses, 0, ''));
    figure('posts without their thread', String(noThread), atMost(noThread, 0, ''));
    console.log(`  (global 429s from the fake: ${discord.stats.globalRateLimited}; cron fired at ${new Date(due).toISOString()}, first post ${start ? start - due : NaN} ms after)`);
    if (!(questions / floor <= 1.1) || dupes || misses || noThread) process.exitCode = 1;
    if (stderr.trim()) console.log(`  stderr (last 500 chars): ${stderr.slice(-500)}`);
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await discord.close();
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
