/** `npm start` as a script would run it: piped stdin, plain text out, exit at end of input; bad config stops start-up. */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');

function start(input: string, env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'careerbot-main-'));
  return new Promise((resolve) => {
    const child = spawn(tsx, ['src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? dir, DATABASE_PATH: join(dir, 'db', 'careerbot.db'), ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(input);
  });
}

describe('the console chat when piped', () => {
  it('answers one command per line in order, as plain text, and exits 0 at end of input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'careerbot-main-'));
    const db = join(dir, 'nested', 'careerbot.db');
    const r = await start('/salary ai senior\n/skill rag\n\n/help\n', { DATABASE_PATH: db });
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const a = r.out.indexOf('Senior AI Engineer');
    const b = r.out.indexOf('RAG architecture');
    const c = r.out.indexOf('careerbot: AI Engineer vs Software Engineer');
    expect(a).toBeGreaterThan(-1);
    expect(b).toBeGreaterThan(a);
    expect(c).toBeGreaterThan(b);
    expect(r.out).not.toContain("**"); // no markdown markers
    expect(r.out).not.toContain(String.fromCharCode(27)); // no colour codes
    expect(existsSync(db)).toBe(true); // the database file is created on first start
  }, 30_000);
});

describe('bad configuration stops start-up with a clear message and a non-zero exit', () => {
  it('names the environment variable and what is wrong', async () => {
    const r = await start('', { DAILY_CATCHUP_MINUTES: 'soon' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('DAILY_CATCHUP_MINUTES: must be a number');
  }, 30_000);

  it('reports a broken data file with file, path and reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'careerbot-data-'));
    cpSync(join(root, 'data'), dir, { recursive: true });
    writeFileSync(join(dir, 'faq.yaml'), 'faq:\n  - id: Not A Slug\n    question: q\n    answer: a\n');
    const r = await start('', { DATA_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/faq\.yaml: faq\.0\.id: must be a lowercase slug/);
  }, 30_000);

  it('a malformed Slack token is named without printing it', async () => {
    const r = await start('', { SLACK_BOT_TOKEN: 'not-a-token-SECRET123', SLACK_SIGNING_SECRET: 'x'.repeat(32) });
    expect(r.code).toBe(1);
    expect(r.err).toContain('SLACK_BOT_TOKEN');
    expect(r.err).not.toContain('SECRET123');
  }, 30_000);
});
