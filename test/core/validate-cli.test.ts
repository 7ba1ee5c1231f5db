/** Issue 10, item 5: `npm run validate` checks the directory the bot would load (DATA_DIR), or the one given. */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function validate(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(join(root, 'node_modules/.bin/tsx'), ['src/validate.ts', ...args], { cwd: root, env: { PATH: process.env.PATH!, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

function brokenCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'careerbot-validate-'));
  cpSync(join(root, 'data'), dir, { recursive: true });
  writeFileSync(join(dir, 'faq.yaml'), 'faq:\n  - id: Not A Slug\n    question: q\n    answer: a\n');
  return dir;
}

describe('npm run validate', () => {
  it('checks DATA_DIR when it is set, as the bot would', async () => {
    const r = await validate([], { DATA_DIR: brokenCopy() });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/faq\.yaml: faq\.0\.id: must be a lowercase slug/);
    expect(r.out).not.toMatch(/skills: \d+/);
  }, 30_000);

  it('checks a directory given as an argument (over DATA_DIR)', async () => {
    const r = await validate([brokenCopy()], { DATA_DIR: 'data' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/faq\.yaml/);
  }, 30_000);

  it('checks data/ by default and prints the counts', async () => {
    const r = await validate([]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/skills: \d+/);
  }, 30_000);

  it('a directory that does not exist is named, without a stack trace', async () => {
    const r = await validate([join(tmpdir(), 'careerbot-no-such-dir')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/careerbot-no-such-dir/);
    expect(r.err).not.toMatch(/\n\s+at /);
  }, 30_000);
});
