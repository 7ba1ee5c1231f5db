/** Small helpers for tests that start real processes and servers on 127.0.0.1. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Polls `cond` every 50 ms until it gives a truthy value, and returns it; fails after `ms` naming `what`. */
export async function until<T>(cond: () => T | Promise<T>, what: string, ms = 20_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await cond();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The real entry point (src/main.ts) as its own node process — not the tsx
 * wrapper, whose child would outlive a SIGKILL — with the given environment on
 * top of a PATH, a fresh HOME and, unless set, a fresh SQLite file there.
 */
export function spawnBot(env: Record<string, string>, opts: { stderr?: 'pipe' | 'inherit' } = {}): ChildProcess {
  const dir = mkdtempSync(join(tmpdir(), 'careerbot-proc-'));
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { PATH: process.env.PATH!, HOME: dir, DATABASE_PATH: join(dir, 'careerbot.db'), ...env },
    stdio: ['ignore', 'ignore', opts.stderr ?? 'pipe'],
  });
}

/** Waits until the process on `port` answers GET /readyz with 200. */
export async function untilReady(port: number, ms = 60_000): Promise<void> {
  await until(async () => (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200).catch(() => false)), `the process on port ${port} to be ready`, ms);
}
