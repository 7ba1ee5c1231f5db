/**
 * Core benchmarks (in process): /skill autocomplete over the whole glossary,
 * /salary and /skill handling latency, and quiz-answer writes per second with
 * concurrent users on the SQLite store. Medians of p50/p99 over repeated runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadGuide } from '../src/core/guide/load.js';
import { skillSuggestions } from '../src/core/lookup.js';
import { CareerBot } from '../src/core/bot.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { Poster } from '../src/core/poster.js';
import type { Scope } from '../src/core/command.js';
import { atLeast, below, figure, fmt, median, percentile, timeEach } from './stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

export async function run(): Promise<void> {
  const guide = loadGuide(fileURLToPath(new URL('../data', import.meta.url)));
  console.log(`\ncore (in process; ${RUNS} runs, medians of per-run percentiles)`);

  // Every prefix of every skill and glossary name and alias, plus a typo of each name.
  const queries: string[] = [];
  for (const e of guide.entries) {
    for (const name of [e.name, ...e.aliases]) for (let i = 1; i <= name.length; i++) queries.push(name.slice(0, i));
    if (e.name.length > 4) queries.push(e.name.slice(0, 2) + e.name[3] + e.name[2] + e.name.slice(4));
  }
  const ac = { p50: [] as number[], p99: [] as number[], max: [] as number[] };
  for (let r = 0; r < RUNS; r++) {
    const t = await timeEach(queries, (q) => skillSuggestions(guide, q));
    ac.p50.push(percentile(t, 50));
    ac.p99.push(percentile(t, 99));
    ac.max.push(t[t.length - 1]!);
  }
  figure(`/skill autocomplete (${guide.entries.length} entries, ${queries.length} partials)`, `p50 ${fmt(median(ac.p50))} · p99 ${fmt(median(ac.p99))} · max ${fmt(median(ac.max))}`, below(median(ac.p99), 2, ' ms', 'p99'));

  const dir = mkdtempSync(join(tmpdir(), 'careerbot-bench-'));
  const store = new SqliteStore(join(dir, 'bench.db'));
  await store.migrate();
  let n = 0;
  const poster: Poster = { platform: 'slack', post: async (channelId) => ({ channelId, messageId: `m${++n}` }), edit: async () => {} };
  const bot = await CareerBot.create({ guide, store });
  bot.attachPoster(poster);
  const scope = (u: string, ch = 'C1'): Scope => ({ platform: 'slack', workspaceId: 'T1', channelId: ch, userId: u, userName: u, isAdmin: false });

  // Targets: well inside the 3 s both platforms allow, leaving the budget to the network and the platform.
  for (const [label, cmd, texts, p99Max] of [
    ['/salary handling', 'salary', ['ai senior', 'level:L5', 'swe', '', 'staff ai', 'jr swe'], 1],
    ['/skill handling (hits, aliases and misspellings)', 'skill', ['rag', 'vector databases', 'top p', 'promt enginering', 'bm25', 'llm ops', 'cosine'], 2],
  ] as const) {
    const inputs = Array.from({ length: 500 }, (_, i) => texts[i % texts.length]!);
    const p50: number[] = [];
    const p99: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t = await timeEach(inputs, (x) => bot.runCommandText(cmd, x, scope('U1')));
      p50.push(percentile(t, 50));
      p99.push(percentile(t, 99));
    }
    figure(label, `p50 ${fmt(median(p50))} · p99 ${fmt(median(p99))}`, below(median(p99), p99Max, ' ms', 'p99'));
  }

  // Quiz answers: N users click at once on one round (plus a duplicate click each).
  for (const users of [100, 1000]) {
    const rates: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const ch = `C-${users}-${r}`;
      await bot.runCommandText('quiz', 'seconds:300', scope('starter', ch));
      const round = (await store.openRounds('slack', ch))[0]!;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: users }, (_, i) => [
          bot.runAction(`quiz:a:${round.id}:${i % 3}`, scope(`U${i}`, ch)),
          bot.runAction(`quiz:a:${round.id}:${(i + 1) % 3}`, scope(`U${i}`, ch)),
        ]).flat(),
      );
      const secs = (performance.now() - t0) / 1000;
      const stored = (await store.answers(round.id)).length;
      if (stored !== users) throw new Error(`lost answers: ${stored}/${users}`);
      rates.push(users / secs);
    }
    // Target: a full 1,000-person round is stored within a second.
    figure(`quiz answers, ${users} concurrent users (+1 duplicate click each)`, `${Math.round(median(rates)).toLocaleString('en-US')} stored answers/s (SQLite file, WAL)`, atLeast(median(rates), 1000, ' answers/s'));
  }
  await bot.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
