/**
 * compose.yaml's topology without Docker: the compiled bot with DISCORD_API_URL
 * pointing at `npm run rest-proxy` (dist/scripts/rest-proxy.js), which forwards
 * to the fake Discord. The bot logs in, registers its commands and answers a
 * command through the proxy; the bot's own token is forwarded, the proxy holds
 * none; the proxy answers /healthz and stops on SIGTERM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeDiscord } from './fake-discord/index.js';
import { freePort, until } from '../helpers/net.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the bot behind the Discord REST proxy (fake Discord on 127.0.0.1)', () => {
  let discord: FakeDiscord;
  let proxy: ChildProcess;
  let bot: ChildProcess;
  let proxyLog = '';
  let botLog = '';
  let proxyPort = 0;

  beforeAll(async () => {
    discord = await new FakeDiscord({ guilds: 1, channelsPerGuild: 1 }).start();
    proxyPort = await freePort();
    const env = { PATH: process.env.PATH!, LOG_LEVEL: 'debug' };
    proxy = spawn(process.execPath, ['dist/scripts/rest-proxy.js'], {
      cwd: root,
      env: { ...env, PROXY_PORT: String(proxyPort), DISCORD_API_URL: discord.apiUrl },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    proxy.stderr!.on('data', (d) => (proxyLog += d));
    await until(() => /rest proxy listening/.test(proxyLog), 'the proxy to listen');
    const dir = mkdtempSync(join(tmpdir(), 'careerbot-proxy-'));
    bot = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: root,
      env: {
        ...env,
        HOME: dir,
        DATABASE_PATH: join(dir, 'careerbot.db'),
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: `http://127.0.0.1:${proxyPort}/api`,
        DISCORD_GUILD_ID: discord.guildId(0),
        HOST: '127.0.0.1',
        PORT: String(await freePort()),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    bot.stderr!.on('data', (d) => (botLog += d));
    await until(() => /discord adapter started/.test(botLog), 'the bot to start');
  }, 60_000);

  afterAll(async () => {
    for (const c of [bot, proxy]) if (c && c.exitCode === null) c.kill('SIGKILL');
    await discord?.close();
  });

  it('answers the health check', async () => {
    const res = await fetch(`http://127.0.0.1:${proxyPort}/healthz`);
    expect(res.status).toBe(200);
  });

  it('carries the bot: commands registered and a command answered through the proxy, with the bot token forwarded', async () => {
    const a = await discord.answer(discord.slash({ member: discord.member(), name: 'salary', options: { role: 'ai', level: 'senior' } }));
    expect(JSON.stringify(a.message)).toContain('$200K–$260K');
    const puts = discord.requestsTo('PUT', /\/commands$/);
    expect(puts.length).toBeGreaterThan(0);
    expect(puts.every((r) => r.authorized)).toBe(true);
    expect(proxyLog).toMatch(/"msg":"proxied"/);
    expect(proxyLog).not.toContain(discord.token);
    discord.assertNoViolations();
  });

  it('both processes log JSON lines only, with no token', () => {
    for (const l of [...proxyLog.split('\n'), ...botLog.split('\n')].filter((x) => x.trim())) expect(() => JSON.parse(l), l).not.toThrow();
    expect(proxyLog + botLog).not.toContain(discord.token);
  });

  it('stops on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => proxy.once('exit', (code) => r(code)));
    proxy.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 15_000);
});
