/**
 * `npm start` in many-workspace mode (issue 14): the compiled entry point with
 * only the OAuth variables, against the fake Slack. A workspace installs through
 * /slack/install on the one server, its installation lands in the SQLite file
 * next to everything else, survives a restart, and no token, client secret or
 * state secret reaches a log line. Setting both modes stops start-up with a
 * message that names the variables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeSlack } from './fake-slack/index.js';
import { ALICE, CHANNEL } from './fake-slack/harness.js';
import { freePort, until } from '../helpers/net.js';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('../../dist/src/main.js', import.meta.url));

const STATE_SECRET = 'main-state-secret-0123456789abcdef';

describe('the compiled entry point with SLACK_CLIENT_ID/SECRET and SLACK_STATE_SECRET', () => {
  let fake: FakeSlack;
  let child: ChildProcess | undefined;
  let stderr = '';
  let port = 0;
  let env: NodeJS.ProcessEnv;
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;

  async function startBot(): Promise<void> {
    stderr = '';
    const c = spawn(process.execPath, [ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    c.stderr!.on('data', (d) => (stderr += d));
    c.stdout!.resume();
    await until(() => /slack adapter started/.test(stderr) || c.exitCode !== null, 'the slack adapter to start');
    expect(c.exitCode, stderr).toBeNull();
  }
  async function stopBot(): Promise<void> {
    const c = child!;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  }

  beforeAll(async () => {
    fake = await FakeSlack.start();
    fake.addUser(ALICE);
    port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'careerbot-oauth-'));
    env = {
      PATH: process.env.PATH!,
      HOME: dir,
      DATABASE_PATH: join(dir, 'careerbot.db'),
      SLACK_CLIENT_ID: fake.clientId,
      SLACK_CLIENT_SECRET: fake.clientSecret,
      SLACK_STATE_SECRET: STATE_SECRET,
      SLACK_SIGNING_SECRET: fake.signingSecret,
      SLACK_REDIRECT_URI: `http://127.0.0.1:${port}/slack/oauth_redirect`,
      SLACK_API_URL: fake.apiUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'debug',
    };
    await startBot();
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await fake?.close();
  });

  it('GIVEN a workspace installs through /slack/install WHEN the process restarts THEN the installation is still there and commands are answered with it', async () => {
    const team = fake.addTeam({ teamId: 'T0MAIN001', name: 'Main' });
    const page = await fetch(url('/slack/install'));
    expect(page.status).toBe(200);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    const href = /<a href="([^"]+)"/.exec(await page.text())![1]!.replace(/&amp;/g, '&');
    const approved = await fake.approve(href, team.teamId);
    const done = await fetch(approved.location!, { headers: { cookie }, redirect: 'manual' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('installed in <b>Main</b>');

    await stopBot();
    await startBot();
    const res = await fake.sendCommand(url('/slack/events'), { command: '/salary', text: 'ai senior', user: ALICE, channel: CHANNEL, team });
    expect(res.status).toBe(200);
    const answer = await fake.waitForResponse(res.responseUrl, 1, 10_000);
    expect(String(answer.body.text)).toMatch(/Senior AI Engineer/);

    // Every line is JSON, and none holds a token or secret (at debug, where the Web API client logs its requests).
    for (const line of stderr.trim().split('\n')) expect(() => JSON.parse(line), line).not.toThrow();
    for (const s of [...fake.issuedTokens, fake.clientSecret, STATE_SECRET, fake.signingSecret]) expect(stderr.includes(s), 'a secret in the log').toBe(false);
  }, 60_000);

  it('GIVEN SLACK_BOT_TOKEN as well THEN start-up stops with a message naming the conflicting variables, and no stack trace', async () => {
    const c = spawn(process.execPath, [ENTRY], { env: { ...env, PORT: '0', SLACK_BOT_TOKEN: 'xoxb-conflicting-SECRET' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    c.stderr!.on('data', (d) => (err += d));
    c.stdout!.resume();
    const code = await new Promise<number | null>((r) => c.once('exit', r));
    expect(code).toBe(1);
    expect(err).toContain('SLACK_BOT_TOKEN: conflicts with SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET');
    expect(err).not.toMatch(/\n\s+at /);
    expect(err).not.toContain('xoxb-conflicting');
    expect(err).not.toContain(fake.clientSecret);
  }, 30_000);
});
