/**
 * Three real bot processes on one PostgreSQL — one Discord-only, one Slack-only,
 * one serving both — against the fakes. A quiz on each platform, answered by
 * several users (one clicking twice), and 100 channels (50 per platform) whose
 * daily post is due in the same minute; the process serving both is killed with
 * SIGKILL mid fan-out. Every channel ends with exactly one post, every round is
 * revealed, every answer is stored once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { dailySchedule } from '../helpers/schedule.js';
import { freePort, until } from '../helpers/net.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeDiscord } from './fake-discord/index.js';
import { FakeSlack } from './fake-slack/index.js';
import { interactiveElements } from './fake-slack/payloads.js';
import { openStore } from '../../src/store/open.js';
import type { DailySchedule } from '../../src/store/store.js';
import { freshPgUrl } from '../helpers/pg.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PER_PLATFORM = 50;

describe('three processes on one PostgreSQL (real processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'careerbot-multi-'));
  let discord: FakeDiscord;
  let slack: FakeSlack;
  const children: ChildProcess[] = [];
  let stderr = '';

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await discord?.close();
    await slack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN a Discord-only, a Slack-only and a both process WHEN quizzes run and 100 daily posts fan out and one process is SIGKILLed THEN every message exactly once, every round revealed, every answer stored once', async () => {
    discord = await new FakeDiscord({ guilds: 2, channelsPerGuild: 26, nonceWindowMs: 0 }).start();
    slack = await FakeSlack.start();
    const url = await freshPgUrl();
    const discordChannels = Array.from({ length: PER_PLATFORM }, (_, i) => discord.channelId(Math.floor(i / 25), i % 25));
    const slackChannels = Array.from({ length: PER_PLATFORM }, (_, i) => `C0MULTI${String(i).padStart(4, '0')}`);
    const quizDiscord = discord.channelId(0, 25);
    const quizSlack = { id: 'C0MULTIQZ1', name: 'quiz' };

    const now = new Date();
    const hhmm = `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}`;
    const store = openStore({ DATABASE_URL: url, DATABASE_PATH: '' });
    await store.migrate();
    const schedule = (platform: 'discord' | 'slack', workspaceId: string, channelId: string): DailySchedule =>
      dailySchedule({ platform, workspaceId, channelId, time: hhmm, updatedAt: now.getTime() });

    discord.latency({ method: 'POST', path: /^\/channels\/\d+\/messages$/, ms: 150 });
    slack.latency('chat.postMessage', 150);
    const discordEnv = {
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_GUILD_ID: discord.guildId(0),
    };
    const slackEnv = (port: number) => ({
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: slack.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      SLACK_HOST: '127.0.0.1',
      PORT: String(port),
    });
    const start = (env: Record<string, string>): ChildProcess => {
      const p = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: root,
        env: { PATH: process.env.PATH!, HOME: dir, DATABASE_URL: url, DATABASE_POOL_MAX: '4', LOG_LEVEL: 'warn', DAILY_LEASE_SECONDS: '5', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      p.stderr!.on('data', (d) => (stderr += d));
      p.stdout!.resume();
      children.push(p);
      return p;
    };
    const slackPort = await freePort();
    const bothPort = await freePort();
    const failWith = (e: unknown) => {
      throw new Error(`${(e as Error).message}; stderr:\n${stderr.slice(-3000)}`);
    };

    // Quizzes first (no schedule is due yet): the Discord one through the gateway, the Slack one over HTTP to the Slack-only process.
    const discordOnly = start(discordEnv);
    const slackOnly = start(slackEnv(slackPort));
    await until(() => discord.guildCommands.get(discord.guildId(0))?.some((c) => c.name === 'quiz'), 'the Discord process registering its commands').catch(failWith);
    const target = `http://127.0.0.1:${slackPort}/slack/events`;
    await until(async () => (await fetch(`http://127.0.0.1:${slackPort}/healthz`).catch(() => undefined))?.status !== undefined, 'the Slack process listening').catch(failWith);
    const ada = discord.member({ name: 'ada', admin: true });
    const members = [discord.member({ name: 'bob' }), discord.member({ name: 'cy' }), discord.member({ name: 'dee' })];
    await discord.answer(discord.slash({ member: ada, name: 'quiz', channelId: quizDiscord, options: { seconds: 10 } }));
    const users = [
      { id: 'U0MBOB001', name: 'bob' },
      { id: 'U0MCY0001', name: 'cy' },
      { id: 'U0MDEE001', name: 'dee' },
    ];
    const q = await slack.sendCommand(target, { command: '/quiz', text: 'questions:1 seconds:10', user: users[0]!, channel: quizSlack });
    expect(q.status).toBe(200);

    const dRound = await until(() => discord.channelMessages(quizDiscord)[0], 'the Discord question').catch(failWith);
    const sRound = await until(() => slack.channelMessages(quizSlack.id)[0], 'the Slack question').catch(failWith);
    // The message exists a moment before its post returns; answers are taken once the round is open.
    await until(async () => (await store.openRounds('discord', quizDiscord)).length > 0 && (await store.openRounds('slack', quizSlack.id)).length > 0, 'both rounds open').catch(failWith);
    const dButtons = discord.buttons(dRound.id).filter((b) => b.customId.startsWith('quiz:a:'));
    await Promise.all(members.map((m, k) => discord.answer(discord.click({ member: m, messageId: dRound.id, customId: dButtons[k % dButtons.length]!.customId }))));
    await discord.answer(discord.click({ member: members[2]!, messageId: dRound.id, customId: dButtons[0]!.customId })); // twice
    const sButtons = interactiveElements(sRound.blocks).filter((e) => String(e.action_id).startsWith('quiz:a') || String(e.value ?? '').startsWith('quiz:a'));
    expect(sButtons.length).toBeGreaterThanOrEqual(2);
    const msg = { ts: sRound.ts, text: sRound.text, blocks: sRound.blocks };
    for (const [k, u] of [...users.entries(), [0, users[2]!] as const]) {
      const r = await slack.sendAction(target, { user: u, channel: quizSlack, message: msg, element: sButtons[k % sButtons.length]! });
      expect(r.status).toBe(200);
      expect(String((await slack.waitForResponse(r.responseUrl)).body.text)).not.toMatch(/already ended/);
    }

    // Now the 100 daily posts come due, and the process serving both joins the fan-out.
    for (const c of discordChannels) await store.putSchedule(schedule('discord', discord.guildId(0), c));
    for (const c of slackChannels) await store.putSchedule(schedule('slack', slack.workspace.teamId, c));
    const both = start({ ...discordEnv, ...slackEnv(bothPort) });
    const posted = (): number =>
      discordChannels.reduce((n, c) => n + discord.channelMessages(c).length, 0) + slackChannels.reduce((n, c) => n + slack.channelMessages(c).length, 0);
    await until(() => posted() >= 20, '20 daily posts').catch(failWith);
    const exited = new Promise((r) => both.once('exit', r));
    both.kill('SIGKILL');
    await exited;
    const atKill = posted();
    expect(atKill).toBeLessThan(2 * PER_PLATFORM);

    // The two survivors finish: the dead process's leases expire and are taken over.
    await until(
      () => discordChannels.every((c) => discord.channelMessages(c).length > 0) && slackChannels.every((c) => slack.channelMessages(c).length > 0),
      'a post in every channel',
      90_000,
    ).catch(failWith);
    const today = now.toISOString().slice(0, 10);
    await until(async () => {
      for (const c of discordChannels) if ((await store.getDailyPost('discord', c, today))?.status !== 'sent') return false;
      for (const c of slackChannels) if ((await store.getDailyPost('slack', c, today))?.status !== 'sent') return false;
      return true;
    }, 'every post marked sent').catch(failWith);
    const dupes = [
      ...discordChannels.filter((c) => discord.channelMessages(c).length !== 1),
      ...slackChannels.filter((c) => slack.channelMessages(c).length !== 1),
    ];
    expect(dupes, 'channels without exactly one post').toEqual([]);

    // Every round revealed (each quiz channel has its one question message, edited into the reveal).
    await until(async () => (await store.roundsIn(['pending', 'posting', 'open', 'closed'])).length === 0, 'every round finished', 60_000).catch(failWith);
    const rounds = await store.roundsIn(['revealed', 'failed', 'cancelled']);
    expect(rounds.map((r) => [r.platform, r.state]).sort()).toEqual([
      ['discord', 'revealed'],
      ['slack', 'revealed'],
    ]);
    expect(discord.channelMessages(quizDiscord)).toHaveLength(1);
    expect(slack.channelMessages(quizSlack.id)).toHaveLength(1);
    for (const r of rounds) {
      const stored = await store.answers(r.id);
      expect(stored.map((a) => a.userName).sort(), `answers in ${r.platform}`).toEqual(['bob', 'cy', 'dee']);
    }

    await store.close();
    for (const p of [discordOnly, slackOnly]) {
      const done = new Promise<number | null>((r) => p.once('exit', (code) => r(code)));
      p.kill('SIGTERM');
      expect(await done).toBe(0);
    }
    discord.assertNoViolations();
    expect(slack.violations).toEqual([]);
  }, 180_000);
});
