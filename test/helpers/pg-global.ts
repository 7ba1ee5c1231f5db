/**
 * vitest globalSetup: a throwaway PostgreSQL 15 cluster for the whole run, on a
 * loopback port, in a temp dir, as the `postgres` user (the server refuses root).
 * Tests get its URL with inject('pgUrl') and make their own database in it
 * (test/helpers/pg.ts). CAREERBOT_TEST_PG_URL uses an existing server instead.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { freePort } from './net.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

function pgBin(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(':')) if (existsSync(join(dir, name))) return join(dir, name);
  const base = '/usr/lib/postgresql';
  if (existsSync(base))
    for (const v of readdirSync(base).sort().reverse()) if (existsSync(join(base, v, 'bin', name))) return join(base, v, 'bin', name);
  throw new Error(`PostgreSQL's ${name} is not installed (apt-get install postgresql-15); the store contract tests need it`);
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Starts a throwaway cluster as `postgres` on a free loopback port; returns its admin URL and a stop function. */
export async function startPgCluster(): Promise<{ url: string; stop: () => void }> {
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'careerbot-pg-'));
  const data = join(dir, 'data');
  const run = (bin: string, args: string[]) => {
    const cmd = [pgBin(bin), ...args].map(quote).join(' ');
    if (root) execFileSync('su', ['postgres', '-c', cmd], { stdio: 'pipe' });
    else execFileSync('sh', ['-c', cmd], { stdio: 'pipe' });
  };
  if (root) {
    const { uid, gid } = userIds('postgres');
    chownSync(dir, uid, gid);
  }
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  run('pg_ctl', ['-D', data, '-w', '-l', join(dir, 'log'), '-o', `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=300`, 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export default async function setup(project: TestProject): Promise<() => void> {
  const existing = process.env.CAREERBOT_TEST_PG_URL;
  if (existing) {
    project.provide('pgUrl', existing);
    return () => {};
  }
  const cluster = await startPgCluster();
  project.provide('pgUrl', cluster.url);
  return cluster.stop;
}

function userIds(name: string): { uid: number; gid: number } {
  const out = execFileSync('id', [name], { encoding: 'utf8' });
  return { uid: Number(/uid=(\d+)/.exec(out)?.[1]), gid: Number(/gid=(\d+)/.exec(out)?.[1]) };
}
