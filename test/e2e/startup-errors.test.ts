/**
 * Issue 10, item 6: start-up failures name the variable and what to fix, exit 1,
 * and print no stack trace: the real entry point, started as a process against
 * the fake Discord and Slack (or nothing) on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeDiscord } from './fake-discord/index.js';
import { FakeSlack } from './fake-slack/index.js';
import { SqliteStore } from '../../src/store/sqlite.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Permission checks do not apply to root: run the bot as "nobody" then. */
const unprivileged = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
/** A port nothing listens on. */
const DEAD = 'http://127.0.0.1:9';

function start(env: Record<string, string>, opts: { asNobody?: boolean } = {}): Promise<{ code: number | null; err: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'careerbot-start-'));
  chmodSync(dir, 0o777);
  return new Promise((resolve) => {
    const child = spawn(join(root, 'node_modules/.bin/tsx'), ['src/main.ts'], {
      cwd: root,
      // PORT 0 unless a case sets it: the default 3000 may be taken by a test running beside this one.
      env: { PATH: process.env.PATH!, HOME: dir, DATABASE_PATH: join(dir, 'careerbot.db'), PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['pipe', 'ignore', 'pipe'],
      ...(opts.asNobody ? unprivileged : {}),
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const kill = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('close', (code) => {
      clearTimeout(kill);
      resolve({ code, err });
    });
    child.stdin.end('/help\n');
  });
}

function expectClear(r: { code: number | null; err: string }, variable: string, what: RegExp): void {
  expect(r.code, r.err).toBe(1);
  expect(r.err).toContain(variable);
  expect(r.err).toMatch(what);
  expect(r.err, 'no stack trace').not.toMatch(/^\s+at /m);
  expect(r.err).not.toMatch(/DiscordjsError \[|SqliteError:|failed to start/);
  // The last thing printed is the message that names the variable.
  expect(r.err.trim().split('\n').at(-1)).toContain(variable);
}

describe('DATABASE_PATH', () => {
  it('under a file (EEXIST)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'careerbot-db-'));
    writeFileSync(join(dir, 'afile'), 'x');
    expectClear(await start({ DATABASE_PATH: join(dir, 'afile', 'careerbot.db') }), 'DATABASE_PATH', /is a file, not a folder/);
  }, 60_000);

  it('in a folder that cannot be created or written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'careerbot-db-'));
    chmodSync(dir, 0o555);
    expectClear(await start({ DATABASE_PATH: join(dir, 'sub', 'careerbot.db') }, { asNobody: true }), 'DATABASE_PATH', /permission/i);
  }, 60_000);

  it('a read-only database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'careerbot-db-'));
    chmodSync(dir, 0o777);
    const file = join(dir, 'careerbot.db');
    const store = new SqliteStore(file);
    await store.migrate();
    await store.close();
    chmodSync(file, 0o444);
    expectClear(await start({ DATABASE_PATH: file }, { asNobody: true }), 'DATABASE_PATH', /read-only|permission/i);
  }, 60_000);

  it('a file that is not a database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'careerbot-db-'));
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'these are my notes, not a database '.repeat(100));
    expectClear(await start({ DATABASE_PATH: file }), 'DATABASE_PATH', /not a SQLite database/);
  }, 60_000);
});

describe('platform credentials and URLs', () => {
  let discord: FakeDiscord;
  let slack: FakeSlack;
  beforeAll(async () => {
    discord = await new FakeDiscord({ guilds: 1, channelsPerGuild: 1 }).start();
    slack = await FakeSlack.start();
  });
  afterAll(async () => {
    await discord?.close();
    await slack?.close();
  });

  it('a DISCORD_TOKEN that Discord rejects', async () => {
    const r = await start({ DISCORD_TOKEN: 'MTIz.NDU2.not-the-token', DISCORD_APPLICATION_ID: discord.applicationId, DISCORD_API_URL: discord.apiUrl, PORT: '0', HOST: '127.0.0.1' });
    expectClear(r, 'DISCORD_TOKEN', /rejected/);
    expect(r.err).not.toContain('not-the-token');
  }, 60_000);

  it('an unreachable DISCORD_API_URL', async () => {
    const r = await start({ DISCORD_TOKEN: discord.token, DISCORD_APPLICATION_ID: discord.applicationId, DISCORD_API_URL: `${DEAD}/api`, PORT: '0', HOST: '127.0.0.1' });
    expectClear(r, 'DISCORD_API_URL', /could not reach Discord/);
  }, 60_000);

  it('a SLACK_BOT_TOKEN that Slack rejects', async () => {
    const r = await start({ SLACK_BOT_TOKEN: 'xoxb-not-the-token', SLACK_SIGNING_SECRET: 'x'.repeat(32), SLACK_API_URL: slack.apiUrl, PORT: '0', SLACK_HOST: '127.0.0.1' });
    expectClear(r, 'SLACK_BOT_TOKEN', /rejected/);
    expect(r.err).not.toContain('not-the-token');
  }, 60_000);

  it('a SLACK_APP_TOKEN that Slack rejects', async () => {
    const r = await start({ SLACK_BOT_TOKEN: slack.botToken, SLACK_APP_TOKEN: 'xapp-not-the-token', SLACK_API_URL: slack.apiUrl });
    expectClear(r, 'SLACK_APP_TOKEN', /rejected/);
    expect(r.err).not.toContain('not-the-token');
  }, 60_000);

  it('an unreachable SLACK_API_URL', async () => {
    const r = await start({ SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: 'x'.repeat(32), SLACK_API_URL: `${DEAD}/api/`, PORT: '0', SLACK_HOST: '127.0.0.1' });
    expectClear(r, 'SLACK_API_URL', /could not reach Slack/);
  }, 60_000);
});
