/**
 * `npm start` wiring, end to end: the shipped entry point (the compiled
 * dist/src/main.js, built by test/global-setup.ts as `npm run build` does)
 * started as a process with Discord and Slack credentials pointing at the
 * loopback fakes, at LOG_LEVEL=debug. Both adapters come up from the
 * environment alone and answer through the one HTTP server on PORT, which also
 * serves /healthz, /readyz and /metrics; every log line is JSON and holds no
 * secret; a malformed event is survived; SIGTERM stops it cleanly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeDiscord } from './fake-discord/index.js';
import { FakeSlack } from './fake-slack/index.js';
import { ALICE, CHANNEL } from './fake-slack/harness.js';
import { signSlackRequest } from './fake-slack/signing.js';
import { freePort, until } from '../helpers/net.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const ENTRY = join(root, 'dist/src/main.js');

/** The value of one sample in Prometheus text (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{') && line.split(' ')[0] !== name) continue;
    const inner = /\{(.*)\}/.exec(line)?.[1] ?? '';
    if (want.every((w) => inner.split(',').includes(w))) return Number(line.split(' ').pop());
  }
  return 0;
}

describe('the compiled entry point with Discord and Slack credentials (fakes on 127.0.0.1, LOG_LEVEL=debug)', () => {
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let child: ChildProcess;
  let stderr = '';
  let port = 0;
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  const metrics = async () => (await fetch(url('/metrics'))).text();

  beforeAll(async () => {
    discord = await new FakeDiscord({ guilds: 1, channelsPerGuild: 2 }).start();
    slack = await FakeSlack.start();
    slack.addUser(ALICE);
    port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'careerbot-wiring-'));
    child = spawn(process.execPath, [ENTRY], {
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
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'debug',
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

  it('GET /healthz answers 200', async () => {
    const res = await fetch(url('/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 once the store, every Discord shard and Slack are ready', async () => {
    let body: { ready?: boolean; checks?: Record<string, boolean> } = {};
    await until(async () => {
      const res = await fetch(url('/readyz'));
      body = (await res.json()) as typeof body;
      return res.status === 200;
    }, '/readyz to be 200');
    expect(body).toEqual({ ready: true, checks: { store: true, discord: true, slack: true }, notReady: [] });
  });

  it('answers /salary on Discord through the real client, and the interaction counters move', async () => {
    const labels = { platform: 'discord', kind: 'command', command: 'salary', outcome: 'ok' };
    const before = sample(await metrics(), 'careerbot_interactions_total', labels);
    const rec = discord.slash({ member: discord.member({ name: 'ada' }), name: 'salary', options: { role: 'ai', level: 'senior' } });
    const a = await discord.answer(rec);
    expect(a.callbackType).toBe(4);
    expect(JSON.stringify(a.message)).toContain('$200K–$260K');
    discord.assertNoViolations();
    await until(async () => sample(await metrics(), 'careerbot_interactions_total', labels) === before + 1, 'the counter to move');
    const text = await metrics();
    expect(sample(text, 'careerbot_interaction_duration_seconds_count', { platform: 'discord', kind: 'command', command: 'salary' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'careerbot_discord_shard_status', { shard: '0', status: 'ready' })).toBe(1);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('answers /salary on Slack over signed HTTP on the same server', async () => {
    const labels = { platform: 'slack', kind: 'command', command: 'salary', outcome: 'ok' };
    const before = sample(await metrics(), 'careerbot_interactions_total', labels);
    const res = await slack.sendCommand(url('/slack/events'), { command: '/salary', text: 'ai senior', user: ALICE, channel: CHANNEL });
    expect(res.status).toBe(200);
    const posted = await slack.waitForResponse(res.responseUrl);
    expect(JSON.stringify(posted.body)).toContain('$200K–$260K');
    expect(slack.violations).toEqual([]);
    await until(async () => sample(await metrics(), 'careerbot_interactions_total', labels) === before + 1, 'the counter to move');
  });

  it('counts a REST 5xx by platform when a quiz post has to be retried', async () => {
    const before = sample(await metrics(), 'careerbot_rest_errors_total', { platform: 'discord', status: '5xx' });
    discord.fault({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 502, times: 1 });
    const channelId = discord.channelId(0, 1);
    const rec = discord.slash({ member: discord.member({ name: 'quizzer' }), name: 'quiz', channelId, options: { seconds: 10 } });
    await discord.answer(rec);
    await discord.until(() => discord.channelMessages(channelId)[0], { what: 'the quiz round message', timeoutMs: 10_000 });
    await until(async () => sample(await metrics(), 'careerbot_rest_errors_total', { platform: 'discord', status: '5xx' }) > before, 'the 5xx counter to move');
  });

  it('survives a malformed gateway dispatch and a signed null Slack body, counts both, and keeps answering', async () => {
    discord.dispatch(discord.guildId(0), 'INTERACTION_CREATE', { id: discord.snowflake(), type: 2, token: 'x', version: 1, guild_id: discord.guildId(0), channel_id: discord.channelId(0, 0), data: { id: discord.snowflake(), name: 'salary', type: 1 } });
    await until(async () => sample(await metrics(), 'careerbot_malformed_events_total', { platform: 'discord', kind: 'INTERACTION_CREATE' }) === 1, 'the dropped event to be counted');

    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(url('/slack/events'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signSlackRequest(slack.signingSecret, ts, 'null') },
      body: 'null',
    });
    expect(res.status).toBe(400);
    expect(sample(await metrics(), 'careerbot_malformed_events_total', { platform: 'slack', kind: 'body' })).toBe(1);

    const a = await discord.answer(discord.slash({ member: discord.member(), name: 'salary', options: { role: 'ai', level: 'senior' } }));
    expect(JSON.stringify(a.message)).toContain('$200K–$260K');
    const s = await slack.sendCommand(url('/slack/events'), { command: '/salary', text: 'ai senior', user: ALICE, channel: CHANNEL });
    expect(JSON.stringify((await slack.waitForResponse(s.responseUrl)).body)).toContain('$200K–$260K');
  });

  it('at LOG_LEVEL=debug every line is JSON, shows routes, API calls and timings, and holds no secret', () => {
    const lines = stderr.split('\n').filter((l) => l.trim() !== '');
    const parsed = lines.map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON log line: ${l}`);
      }
    });
    for (const secret of [discord.token, slack.botToken, slack.signingSecret]) expect(stderr).not.toContain(secret);
    expect(stderr).not.toMatch(/aW50ZXJhY3Rpb24/); // interaction tokens (the fake's prefix)
    const has = (pred: (o: Record<string, unknown>) => boolean) => parsed.some(pred);
    expect(has((o) => o.msg === 'discord interaction' && o.route === '/salary' && typeof o.ms === 'number' && o.platform === 'discord')).toBe(true);
    expect(has((o) => o.msg === 'slack interaction' && o.route === '/salary' && typeof o.ms === 'number' && o.platform === 'slack')).toBe(true);
    expect(has((o) => o.msg === 'discord api call' && typeof o.status === 'number' && typeof o.ms === 'number')).toBe(true);
    expect(has((o) => o.msg === 'slack api call' && typeof o.status === 'number' && typeof o.ms === 'number')).toBe(true);
    // Bolt's own debug lines keep coming after start-up (it no longer resets the level to INFO).
    const started = parsed.findIndex((o) => o.msg === 'slack adapter started');
    expect(parsed.slice(started + 1).some((o) => o.platform === 'slack' && o.level === 'debug' && /ack\(\) call begins/.test(String(o.msg)))).toBe(true);
    expect(parsed.every((o) => typeof o.time === 'string' && typeof o.level === 'string')).toBe(true);
  });

  it('GET /readyz answers 503 naming the shard when the Discord gateway is gone for good', async () => {
    discord.dropGateway({ code: 4004 }); // authentication failed: not resumable, discord.js does not reconnect
    let body: { ready?: boolean; notReady?: string[] } = {};
    await until(async () => {
      const res = await fetch(url('/readyz'));
      body = (await res.json()) as typeof body;
      return res.status === 503;
    }, '/readyz to be 503');
    expect(body.ready).toBe(false);
    expect(body.notReady?.join(' ')).toMatch(/discord: shard 0 disconnected/);
    expect(sample(await metrics(), 'careerbot_discord_shard_status', { shard: '0', status: 'disconnected' })).toBe(1);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('"msg":"shutting down"');
  }, 20_000);
});


describe('the compiled entry point with Slack in Socket Mode', () => {
  let slack: FakeSlack;
  let child: ChildProcess;
  let stderr = '';
  let port = 0;
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;

  beforeAll(async () => {
    slack = await FakeSlack.start();
    slack.addUser(ALICE);
    port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'careerbot-socket-'));
    child = spawn(process.execPath, [ENTRY], {
      cwd: root,
      env: {
        PATH: process.env.PATH!,
        HOME: dir,
        DATABASE_PATH: join(dir, 'careerbot.db'),
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_APP_TOKEN: slack.appToken,
        SLACK_API_URL: slack.apiUrl,
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdout!.resume();
    await until(() => /slack adapter started/.test(stderr), 'the Slack adapter to start');
  }, 60_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await slack?.close();
  });

  it('serves the HTTP server in Socket Mode too: ready with the socket open, and no /slack/events route', async () => {
    const res = await fetch(url('/readyz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ready: true, checks: { store: true, slack: true }, notReady: [] });
    expect((await fetch(url('/slack/events'), { method: 'POST', body: '{}' })).status).toBe(404);
    const { responseUrl } = await slack.socketCommand({ command: '/salary', text: 'ai senior', user: ALICE, channel: CHANNEL });
    expect(JSON.stringify((await slack.waitForResponse(responseUrl)).body)).toContain('$200K–$260K');
  });

  it('answers 503 naming Slack when the socket is gone, and every line is JSON without a secret', async () => {
    await slack.close(); // Slack unreachable: the socket closes and cannot reopen
    let body: { notReady?: string[] } = {};
    await until(async () => {
      const res = await fetch(url('/readyz'));
      body = (await res.json()) as typeof body;
      return res.status === 503;
    }, '/readyz to be 503');
    expect(body.notReady).toEqual(['slack: socket not open']);
    for (const l of stderr.split('\n').filter((x) => x.trim())) expect(() => JSON.parse(l), l).not.toThrow();
    for (const secret of [slack.botToken, slack.appToken]) expect(stderr).not.toContain(secret);
  });
});
