/**
 * Bad DATABASE_URL configurations stop start-up with a message that names the
 * variable and the problem, never the password and never a stack trace; and the
 * real entry point answers over PostgreSQL when it is right.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freshPgUrl } from '../helpers/pg.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = 'hunter2-s3cret';

function start(env: Record<string, string>, input = '/help\n'): Promise<{ code: number | null; out: string; err: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'careerbot-pgstart-'));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH!, HOME: dir, DATABASE_PATH: join(dir, 'x.db'), ...env },
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

function expectClean(r: { code: number | null; err: string }, pattern: RegExp) {
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/DATABASE_URL/);
  expect(r.err).toMatch(pattern);
  expect(r.err).not.toContain(SECRET);
  expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>, url?: string): Promise<T> {
  const c = new pg.Client({ connectionString: url ?? (await freshPgUrl()) });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe('DATABASE_URL at start-up', () => {
  it('malformed', async () => {
    expectClean(await start({ DATABASE_URL: `mysql://u:${SECRET}@h/db` }), /must be a URL like postgres:/);
  });

  it('unreachable', async () => {
    expectClean(await start({ DATABASE_URL: `postgres://u:${SECRET}@127.0.0.1:1/careerbot` }), /cannot reach the database server at 127\.0\.0\.1:1\/careerbot/);
  });

  it('wrong credentials', async () => {
    const url = new URL(await freshPgUrl());
    url.username = 'nobody_here';
    url.password = SECRET;
    expectClean(await start({ DATABASE_URL: url.toString() }), /refused the credentials/);
  });

  it('a database that refuses the migration, left as it was', async () => {
    const url = new URL(await freshPgUrl());
    const role = `weak_${Date.now()}`;
    await admin((c) => c.query(`CREATE ROLE ${role} LOGIN PASSWORD '${SECRET}'`), url.toString());
    url.username = role;
    url.password = SECRET;
    expectClean(await start({ DATABASE_URL: url.toString() }), /refused the migration/);
    url.username = 'postgres';
    url.password = '';
    const tables = await admin((c) => c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`), url.toString());
    expect(tables.rows).toEqual([]);
  });

  it('a good one: the console answers over PostgreSQL, and the schema is there', async () => {
    const url = await freshPgUrl();
    const r = await start({ DATABASE_URL: url }, '/salary ai senior\n');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Senior AI Engineer');
    const v = await admin((c) => c.query('SELECT MAX(version) AS v FROM schema_migrations'), url);
    expect(Number(v.rows[0].v)).toBeGreaterThanOrEqual(2);
  });
});
