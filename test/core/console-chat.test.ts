/**
 * Issue 10, item 13: the console chat. /as without a name shows its usage; a
 * line without a slash gets a suggestion; output that arrives on its own (a
 * quiz reveal, a daily post) redraws the prompt and what was being typed; piped
 * mode exits non-zero when a command failed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { consoleSession, type ConsoleSession } from '../helpers/console.js';
import { makeTestBot, type TestBot } from '../helpers/bot.js';
import { runConsole } from '../../src/adapters/console/chat.js';

describe('typed lines', () => {
  let s: ConsoleSession;
  beforeEach(async () => {
    s = await consoleSession();
  });
  afterEach(async () => {
    await s.cleanup();
  });

  it('/as without a name shows its usage, and does not change who you are', async () => {
    const out = await s.type('/as');
    expect(out).toMatch(/\/as <name>/);
    expect(out).not.toMatch(/no `?\/as`? command/i);
    expect(s.chat.userName).toBe('ada');
  });

  it('a line without a slash suggests the commands that would answer it', async () => {
    const out = await s.type('what is rag?');
    expect(out).toContain('/skill rag');
    expect(out).toContain('/faq');
    expect(out).not.toMatch(/There is no/);
    const other = await s.type('tell me about vector databases');
    expect(other).toContain('/skill vector databases');
  });

  it('a command name without the slash still runs it', async () => {
    expect(await s.type('salary ai senior')).toContain('Senior AI Engineer');
  });
});

/** Strip terminal control sequences. */
const ESC = String.fromCharCode(27);
const plainText = (t: string) => t.replace(new RegExp(`${ESC}\\[[0-9;]*[A-Za-z]`, 'g'), '').replace(/\r/g, '');

describe('a terminal session', () => {
  let tb: TestBot;
  beforeEach(async () => {
    tb = await makeTestBot();
  });
  afterEach(async () => {
    await tb.cleanup();
  });

  it('output that arrives on its own redraws the prompt and what was being typed', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d) => (out += String(d)));
    const done = runConsole(tb.bot, { input, output, interactive: true, userName: 'ada' });
    input.write('/sal');
    await new Promise((r) => setImmediate(r));
    await tb.bot.poster('console')!.post('console', { visibility: 'public', text: 'A quiz answer was revealed', cards: [{ title: 'Quiz answer: B' }], actions: [] });
    const after = plainText(out.slice(out.lastIndexOf('Quiz answer: B')));
    expect(after.trimEnd().endsWith('ada> /sal')).toBe(true);
    input.end();
    await done;
  });
});

describe('piped', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const run = (stdin: string): Promise<{ code: number | null; out: string }> =>
    new Promise((resolve) => {
      const dir = mkdtempSync(join(tmpdir(), 'careerbot-pipe-'));
      const child = spawn(join(root, 'node_modules/.bin/tsx'), ['src/main.ts'], { cwd: root, env: { PATH: process.env.PATH!, HOME: dir, DATABASE_PATH: join(dir, 'x.db') } });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('close', (code) => resolve({ code, out }));
      child.stdin.end(stdin);
    });

  it('exits 1 when a command failed, after answering every line', async () => {
    const r = await run('/salary wizard\n/help\n');
    expect(r.code).toBe(1);
    expect(r.out).toContain('careerbot: AI Engineer vs Software Engineer');
  }, 30_000);

  it('exits 0 when every command worked', async () => {
    expect((await run('/salary ai senior\n')).code).toBe(0);
  }, 30_000);
});
