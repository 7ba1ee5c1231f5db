/** Leaderboard and streaks, from the store's maintained aggregates (updated in the same transaction as each answer). */
import type { Platform } from './command.js';
import type { RankedRow, Store } from '../store/store.js';
import { addDays } from './time.js';

/** The same order as String.prototype.localeCompare without arguments, built once (a collator per call is slow). */
const byName = new Intl.Collator().compare;

export type Period = 'week' | 'month' | 'all';
export const PERIOD_DAYS: Record<Period, number | null> = { week: 7, month: 30, all: null };

export interface BoardRow {
  userId: string;
  userName: string;
  correct: number;
  answered: number;
  streak: number;
}

/** Consecutive UTC days with a correct answer, ending today or yesterday (a streak survives until a day is missed). */
export function streakOf(daysNewestFirst: readonly string[], today: string): number {
  if (!daysNewestFirst.length) return 0;
  let expect = daysNewestFirst[0] === today ? today : addDays(today, -1);
  if (daysNewestFirst[0] !== expect) return 0;
  let n = 0;
  for (const d of daysNewestFirst) {
    if (d !== expect) break;
    n++;
    expect = addDays(expect, -1);
  }
  return n;
}

export async function leaderboard(
  store: Store,
  platform: Platform,
  workspaceId: string,
  period: Period,
  now: number,
): Promise<{ rows: BoardRow[]; hidden: number }> {
  const days = PERIOD_DAYS[period];
  const since = days === null ? null : now - days * 86_400_000;
  const [scores, optOuts] = await Promise.all([store.rankedScores(platform, workspaceId, since), store.optOuts(platform, workspaceId)]);
  const today = new Date(now).toISOString().slice(0, 10);
  const yesterday = addDays(today, -1);
  // A run still counts while it ends today or yesterday (the same rule as streakOf).
  const streak = (run: RankedRow['run']) => (run && (run.lastDay === today || run.lastDay === yesterday) ? run.days : 0);
  const rows = scores
    .filter((s) => !optOuts.has(s.userId))
    .map(({ userId, userName, correct, answered, run }) => ({ userId, userName, correct, answered, streak: streak(run) }))
    .filter((s) => s.answered > 0)
    .sort((a, b) => b.correct - a.correct || b.streak - a.streak || a.answered - b.answered || byName(a.userName, b.userName));
  return { rows, hidden: scores.filter((s) => optOuts.has(s.userId)).length };
}
