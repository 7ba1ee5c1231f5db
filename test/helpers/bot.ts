/**
 * A real bot on the real guide data and a real database — a SQLite file in a temp dir,
 * or a fresh PostgreSQL database (backend: 'postgres') — with a hand-moved clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CareerBot } from '../../src/core/bot.js';
import { ManualClock } from '../../src/core/clock.js';
import { loadGuide } from '../../src/core/guide/load.js';
import type { Guide } from '../../src/core/guide/model.js';
import type { CommandDef, Scope } from '../../src/core/command.js';
import { loadCommands } from '../../src/core/registry.js';
import { openStore } from '../../src/store/open.js';
import type { SqlStore } from '../../src/store/sql-store.js';
import { freshPgUrl } from './pg.js';
import type { CoreConfig } from '../../src/core/command.js';
import type { CoreMetrics } from '../../src/core/metrics.js';

let cachedGuide: Guide | null = null;
export function realGuide(): Guide {
  cachedGuide ??= loadGuide(fileURLToPath(new URL('../../data', import.meta.url)));
  return cachedGuide;
}

/** A seeded PRNG (mulberry32) so quiz shuffles and picks are repeatable. */
export function seeded(seed = 42): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TestBot {
  bot: CareerBot;
  store: SqlStore;
  clock: ManualClock;
  dbPath: string;
  /** Set on PostgreSQL: pass it to another makeTestBot to share the database. */
  databaseUrl?: string;
  dir: string;
  cleanup(): Promise<void>;
}

export type Backend = 'sqlite' | 'postgres';
export const BACKENDS: Backend[] = ['sqlite', 'postgres'];

export async function makeTestBot(
  opts: {
    clock?: ManualClock;
    dbPath?: string;
    databaseUrl?: string;
    backend?: Backend;
    config?: Partial<CoreConfig>;
    seed?: number;
    metrics?: CoreMetrics;
    /** Test commands beside those of commands/ (one of the same name replaces it): exercise an adapter, not our commands. */
    commands?: CommandDef[];
  } = {},
): Promise<TestBot> {
  const dir = mkdtempSync(join(tmpdir(), 'careerbot-test-'));
  const dbPath = opts.dbPath ?? join(dir, 'careerbot.db');
  const databaseUrl = opts.databaseUrl ?? (opts.backend === 'postgres' ? await freshPgUrl() : undefined);
  const store = openStore({ DATABASE_URL: databaseUrl, DATABASE_PATH: dbPath, DATABASE_POOL_MAX: 5 });
  await store.migrate();
  const clock = opts.clock ?? new ManualClock('2026-11-25T09:00:00Z');
  const extra = opts.commands ?? [];
  const commands = extra.length ? [...(await loadCommands(realGuide())).filter((c) => !extra.some((e) => e.name === c.name)), ...extra] : undefined;
  const bot = await CareerBot.create({ guide: realGuide(), store, clock, random: seeded(opts.seed), config: opts.config, metrics: opts.metrics, commands });
  return {
    bot,
    store,
    clock,
    dbPath,
    databaseUrl,
    dir,
    async cleanup() {
      await bot.stop();
      await store.close();
      if (!opts.dbPath) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function scope(over: Partial<Scope> = {}): Scope {
  return {
    platform: 'console',
    workspaceId: 'console',
    channelId: 'general',
    userId: 'u1',
    userName: 'ada',
    isAdmin: true,
    ...over,
  };
}

/**
 * An answer stored the way a click stores it: a one-question session in its own
 * channel, open until a minute from now, and the answer recorded into it.
 */
export async function seedAnswer(
  t: { store: SqlStore; clock: ManualClock; bot: CareerBot },
  a: { platform: Scope['platform']; workspaceId: string; round: string; userId: string; userName: string; correct: boolean },
): Promise<void> {
  const now = t.clock.now().getTime();
  const ok = await t.store.createSession([
    {
      id: a.round, sessionId: `s-${a.round}`, seq: 1, total: 1, platform: a.platform, workspaceId: a.workspaceId, channelId: `ch-${a.round}`,
      itemId: t.bot.guide.quizItems[0]!.id, optionOrder: [0, 1, 2], seconds: 60, startedBy: 'seed', state: 'open', openedAt: now, deadline: now + 60_000,
      messageId: 'm', closedAt: null, leaseOwner: null, leaseUntil: null, attempts: 0, lastError: null,
    },
  ]);
  if (!ok) throw new Error(`seedAnswer: session for ${a.round} not created`);
  const r = await t.store.recordAnswer({ roundId: a.round, platform: a.platform, workspaceId: a.workspaceId, userId: a.userId, userName: a.userName, choice: 0, correct: a.correct, answeredAt: now });
  if (!r.stored) throw new Error(`seedAnswer: answer for ${a.round} not stored`);
}

export { dailySchedule } from './schedule.js';
