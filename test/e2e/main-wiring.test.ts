/**
 * `npm start` wiring, end to end: the real entry point (src/main.ts) started as
 * a process with Discord and Slack credentials pointing at the loopback fakes.
 * Both adapters must come up from the environment alone, answer a command each,
 * and shut down cleanly on SIGTERM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeDiscord } from './fake-discord/index.js';
import { FakeSlack } from './fake-slack/index.js';
import { ALICE, CHANNEL } from './fake-slack/harness.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function until(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm start with Discord and Slack credentials (fakes on 127.0.0.1)', () => {
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let child: ChildProcess;
  let stderr = '';
  let port = 0;

  beforeAll(async () => {
    discord = await new FakeDiscord({ guilds: 1, channelsPerGuild: 2 }).start();
    slack = await FakeSlack.start();
    slack.addUser(ALICE);
    port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'careerbot-wiring-'));
    child = spawn(join(root, 'node_modules/.bin/tsx'), ['src/main.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH!,
        HOME: dir,
        DATABASE_PATH: join(dir, 'careerbot.db'),
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: discord.apiUrl,
        DISCORD_GUILD_ID: discord.guildId(0),
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: slack.signingSecret,
        SLACK_API_URL: slack.apiUrl,
        SLACK_HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdout!.resume();
    await until(() => /slack adapter started/.test(stderr) && /discord adapter started/.test(stderr), 'both adapters to start');
  }, 60_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await discord?.close();
    await slack?.close();
  });

  it('answers /salary on Discord through the real client', async () => {
    const rec = discord.slash({ member: discord.member({ name: 'ada' }), name: 'salary', options: { role: 'ai', level: 'senior' } });
    const a = await discord.answer(rec);
    expect(a.callbackType).toBe(4);
    expect(JSON.stringify(a.message)).toContain('$200K–$260K');
    discord.assertNoViolations();
  });

  it('answers /salary on Slack over signed HTTP', async () => {
    const res = await slack.sendCommand(`http://127.0.0.1:${port}/slack/events`, { command: '/salary', text: 'ai senior', user: ALICE, channel: CHANNEL });
    expect(res.status).toBe(200);
    const posted = await slack.waitForResponse(res.responseUrl);
    expect(JSON.stringify(posted.body)).toContain('$200K–$260K');
    expect(slack.violations).toEqual([]);
  });

  it('logs no secret, and stops cleanly on SIGTERM', async () => {
    expect(stderr).not.toContain(discord.token);
    expect(stderr).not.toContain(slack.botToken);
    expect(stderr).not.toContain(slack.signingSecret);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 20_000);
});
