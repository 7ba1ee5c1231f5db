/**
 * `/practice` picking the next items for a member with 5,000 reviews stored
 * (all 243-ish bank items carded, due times spread over two months), beside
 * 200 other members' cards in the same workspace. Measured in process through
 * the real store and picker (memberStatus + pickNext), on SQLite and PostgreSQL.
 * Target: p99 < 5 ms. The whole /practice command (which also stores the shown
 * question) is printed as a baseline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { openStore } from '../src/store/open.js';
import type { SqlStore } from '../src/store/sql-store.js';
import { loadGuide } from '../src/core/guide/load.js';
import { CareerBot } from '../src/core/bot.js';
import { ManualClock } from '../src/core/clock.js';
import { memberStatus, pickNext } from '../src/core/practice.js';
import { startPgCluster } from '../test/helpers/pg-global.js';
import { below, figure, fmt, percentile, timeEach } from './stats.js';

const REVIEWS = 5_000;
const OTHERS = 200;
const NOW = Date.UTC(2026, 4, 10, 12);
const DAY = 86_400_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 500);

async function insertMany(s: SqlStore, table: string, cols: string[], rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const values = chunk.map((r) => sql`(${sql.join(r.map((v) => sql`${v}`))})`);
    await sql`INSERT INTO ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}) VALUES ${sql.join(values)}`.execute(s.db);
  }
}

async function fill(s: SqlStore, items: string[]): Promise<void> {
  const cardCols = ['platform', 'workspace_id', 'user_id', 'item_id', 'due', 'state', 'reps', 'lapses', 'fsrs', 'version', 'updated_at'];
  // A card's scheduler JSON as ts-fsrs writes it (about 250 bytes), so rows are their real size.
  const json = JSON.stringify({ due: new Date(NOW).toISOString(), stability: 12.3456789, difficulty: 5.4321, elapsed_days: 3, scheduled_days: 9, reps: 20, lapses: 2, learning_steps: 0, state: 2, last_review: new Date(NOW - DAY).toISOString() });
  const cards: unknown[][] = [];
  for (let u = 0; u <= OTHERS; u++)
    for (let i = 0; i < items.length; i++) {
      if (u > 0 && i % 4) continue; // other members carded a quarter of the bank
      cards.push(['slack', 'T1', `U${u}`, items[i], NOW - 30 * DAY + ((i * 7919 + u * 104729) % (60 * DAY)), 2, 20, 2, json, 20, NOW - DAY]);
    }
  await insertMany(s, 'practice_cards', cardCols, cards);
  const revCols = ['platform', 'workspace_id', 'user_id', 'item_id', 'source', 'source_key', 'option_order', 'shown_at', 'choice', 'correct', 'rating', 'reviewed_at'];
  const reviews: unknown[][] = [];
  for (let k = 0; k < REVIEWS; k++) {
    const t = NOW - 90 * DAY + k * Math.floor((90 * DAY) / REVIEWS);
    reviews.push(['slack', 'T1', 'U0', items[k % items.length], k % 3 ? 'practice' : 'quiz', `p:${k}`, '0,1,2,3', t, 0, k % 4 ? 1 : 0, k % 4 ? 3 : 1, t]);
  }
  await insertMany(s, 'practice_reviews', revCols, reviews);
  await sql`ANALYZE`.execute(s.db);
}

async function measure(s: SqlStore, label: string): Promise<void> {
  const guide = loadGuide(fileURLToPath(new URL('../data', import.meta.url)));
  await s.migrate();
  const t0 = Date.now();
  await fill(s, guide.quizItems.map((q) => q.id));
  console.log(`  (${label}: ${REVIEWS.toLocaleString('en')} reviews for one member, ${OTHERS} other members, filled in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const clock = new ManualClock(NOW);
  const ctx = { guide, store: s, clock };
  const m = { platform: 'slack' as const, workspaceId: 'T1', userId: 'U0' };
  let random = 1;
  const rnd = () => ((random = (random * 16807) % 2147483647) / 2147483647);
  const pick = async () => pickNext(guide, await memberStatus(ctx, m), undefined, 0, rnd);
  for (let i = 0; i < 100; i++) await pick();
  const t = await timeEach(Array.from({ length: RUNS }), pick);
  const p99 = percentile(t, 99);
  figure(`/practice next-item pick, 5,000 reviews (${label})`, `p50 ${fmt(percentile(t, 50))} · p99 ${fmt(p99)}`, below(p99, 5, ' ms', 'p99'));

  const bot = await CareerBot.create({ guide, store: s, clock, random: rnd });
  const scope = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1', userId: 'U0', userName: 'u0', isAdmin: false };
  for (let i = 0; i < 10; i++) await bot.runCommand('practice', { options: {} }, scope);
  const c = await timeEach(Array.from({ length: Math.min(RUNS, 200) }), () => bot.runCommand('practice', { options: {} }, scope));
  figure(`whole /practice command, shows and stores one (${label})`, `p50 ${fmt(percentile(c, 50))} · p99 ${fmt(percentile(c, 99))}`, null);
}

export async function run(): Promise<void> {
  console.log('\npractice: picking the next items for a member with 5,000 reviews stored');
  const dir = mkdtempSync(join(tmpdir(), 'bench-practice-'));
  const sqlite = openStore({ DATABASE_PATH: join(dir, 'bench.db') });
  try {
    await measure(sqlite, 'SQLite');
  } finally {
    await sqlite.close();
  }
  if (process.env.BENCH_NO_PG) return void rmSync(dir, { recursive: true, force: true });
  const cluster = await startPgCluster();
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE bench_practice');
    await admin.end();
    const u = new URL(cluster.url);
    u.pathname = '/bench_practice';
    const s = openStore({ DATABASE_URL: u.toString(), DATABASE_PATH: '' });
    try {
      await measure(s, 'PostgreSQL');
    } finally {
      await s.close();
    }
  } finally {
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
