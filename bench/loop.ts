/**
 * Event-loop delay in a process answering commands (/leaderboard, quiz answers)
 * while two other processes write to the same PostgreSQL. Target: p99 < 50 ms.
 */
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startPgCluster } from '../test/helpers/pg-global.js';
import { openStore } from '../src/store/open.js';
import { CareerBot } from '../src/core/bot.js';
import { loadGuide } from '../src/core/guide/load.js';
import { below, figure } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const DURATION = 10_000;

export async function run(): Promise<void> {
  console.log('\nevent loop: one process answering commands while two others write to the same PostgreSQL');
  const cluster = await startPgCluster();
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE loop');
    await admin.end();
    const u = new URL(cluster.url);
    u.pathname = '/loop';
    const url = u.toString();
    const store = openStore({ DATABASE_URL: url, DATABASE_PATH: '' });
    await store.migrate();
    const rounds = (id: string) => [
      { id: `${id}:1`, sessionId: id, seq: 1, total: 1, platform: 'slack' as const, workspaceId: 'T1', channelId: id, itemId: 'q', optionOrder: [0, 1, 2, 3], seconds: 30, startedBy: 'U', state: 'pending' as const, openedAt: 0, deadline: 0, messageId: null, closedAt: null, leaseOwner: null, leaseUntil: null, attempts: 0, lastError: null },
    ];
    for (const id of ['w1', 'w2', 'me']) {
      await store.createSession(rounds(id));
      await store.claimRoundPost(`${id}:1`, 'o', 0, 1);
      await store.roundPosted(`${id}:1`, 'o', 'm', 0, Date.now() + 3_600_000);
    }
    const bot = await CareerBot.create({ guide: loadGuide(fileURLToPath(new URL('../data', import.meta.url))), store });
    const writers = ['w1', 'w2'].map(
      (id) =>
        new Promise<number>((resolve) => {
          const p = spawn(process.execPath, ['--import', 'tsx', 'bench/writer.ts'], {
            cwd: root,
            env: { PATH: process.env.PATH!, DATABASE_URL: url, WRITER_ID: id, ROUND_ID: `${id}:1`, DURATION_MS: String(DURATION) },
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          let out = '';
          p.stdout!.on('data', (d) => (out += d));
          p.on('exit', () => resolve(Number(out.trim()) || 0));
        }),
    );
    await new Promise((r) => setTimeout(r, 1_000)); // writers warm up
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const end = Date.now() + DURATION - 2_000;
    let answered = 0;
    const scope = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'me', userId: 'U1', userName: 'me', isAdmin: false };
    while (Date.now() < end) {
      await Promise.all([
        bot.runText('/leaderboard', scope),
        store.recordAnswer({ roundId: 'me:1', platform: 'slack', workspaceId: 'T1', userId: `me-${answered}`, userName: 'me', choice: 0, correct: true, answeredAt: Date.now() }),
      ]);
      answered++;
    }
    h.disable();
    const writes = (await Promise.all(writers)).reduce((a, b) => a + b, 0);
    const p99 = h.percentile(99) / 1e6;
    figure(`event-loop delay (p50 ${(h.percentile(50) / 1e6).toFixed(1)} ms · max ${(h.max / 1e6).toFixed(1)} ms)`, `p99 ${p99.toFixed(1)} ms`, below(p99, 50, ' ms', 'p99'));
    console.log(`  (${answered} command+answer pairs here; ${writes} answer+claim pairs written by the two other processes)`);
    if (!(p99 < 50)) process.exitCode = 1;
    await bot.stop();
    await store.close();
  } finally {
    cluster.stop();
  }
}
