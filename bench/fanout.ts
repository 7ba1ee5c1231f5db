/**
 * Daily fan-out across processes: 1,000 Discord channels due in the same minute,
 * three Discord processes (the real entry point) on one PostgreSQL, the fake
 * Discord enforcing a global 50 requests/s. Floor: 1,000 posts / 50 per s = 20 s.
 * Reports the time from the first post to the last against the floor (target
 * <= 1.1x), and duplicates and misses (target 0 and 0).
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
    const now = new Date();
    const hhmm = `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}`;
    for (const c of channels)
      await store.putSchedule({
        id: `discord:${c.guild}:${c.id}`,
        platform: 'discord',
        workspaceId: c.guild,
        channelId: c.id,
        time: hhmm,
        timezone: 'UTC',
        days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        mention: null,
        topic: null,
        pausedUntil: null,
        skipDates: [],
        createdBy: 'admin',
        updatedAt: now.getTime(),
        suspendedReason: null,
      });
    await store.close();

    let stderr = '';
    for (let i = 0; i < 3; i++) {
      const p = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: root,
        env: {
          PATH: process.env.PATH!,
          HOME: dir,
          DATABASE_URL: url,
          LOG_LEVEL: 'error',
          DISCORD_TOKEN: discord.token,
          DISCORD_APPLICATION_ID: discord.applicationId,
          DISCORD_API_URL: discord.apiUrl,
          DISCORD_GUILD_ID: discord.guildId(0),
          // Three processes share the token's 50 requests/s.
          DISCORD_REQUESTS_PER_SECOND: String(Math.floor(RATE / 3)),
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      p.stderr!.on('data', (d) => (stderr += d));
      children.push(p);
    }
    const posted = () => channels.reduce((n, c) => n + (discord.channelMessages(c.id).length > 0 ? 1 : 0), 0);
    let first = 0;
    let last = 0;
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      const n = posted();
      if (n > 0 && !first) first = Date.now();
      if (n >= CHANNELS) {
        last = Date.now();
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    // Let any late duplicate arrive before counting.
    await new Promise((r) => setTimeout(r, 3_000));
    const dupes = channels.filter((c) => discord.channelMessages(c.id).length > 1).length;
    const misses = channels.filter((c) => discord.channelMessages(c.id).length === 0).length;
    const floor = (CHANNELS / RATE) * 1000;
    // Each daily post is two requests (the message, then its discussion thread): the rate allows no better than this.
    const requestFloor = ((2 * CHANNELS) / RATE) * 1000;
    const total = last ? last - first : NaN;
    const ratio = total / floor;
    const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
    console.log(`  total ${(total / 1000).toFixed(1)} s vs floor ${(floor / 1000).toFixed(0)} s (1 request per post) → ${ratio.toFixed(2)}x  (target <= 1.1x) ${pass(ratio <= 1.1)}`);
    console.log(`  total vs ${(requestFloor / 1000).toFixed(0)} s (2 requests per post: message + thread, at ${RATE}/s) → ${(total / requestFloor).toFixed(2)}x`);
    console.log(`  duplicates ${dupes} (target 0) ${pass(dupes === 0)} · misses ${misses} (target 0) ${pass(misses === 0)} · global 429s ${discord.stats.globalRateLimited}`);
    if (!(ratio <= 1.1) || dupes || misses) process.exitCode = 1;
    if (stderr.trim()) console.log(`  stderr (last 500 chars): ${stderr.slice(-500)}`);
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await discord.close();
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
