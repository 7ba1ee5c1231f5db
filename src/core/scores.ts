/** Leaderboard and streaks, from the store's maintained aggregates (updated in the same transaction as each answer). */
import type { Platform } from './command.js';
import type { Store } from '../store/store.js';
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

/**
 * The streak a user's latest run of correct UTC days (the store's maintained run) counts for at `now`:
 * its length while it ends today or yesterday (a streak survives until a whole day is missed), else 0.
 */
export function currentStreak(run: { days: number; lastDay: string } | null | undefined, now: number): number {
  const today = new Date(now).toISOString().slice(0, 10);
  return run && (run.lastDay === today || run.lastDay === addDays(today, -1)) ? run.days : 0;
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
  const rows = scores
    .filter((s) => !optOuts.has(s.userId))
    .map(({ userId, userName, correct, answered, run }) => ({ userId, userName, correct, answered, streak: currentStreak(run, now) }))
    .filter((s) => s.answered > 0)
    .sort((a, b) => b.correct - a.correct || b.streak - a.streak || a.answered - b.answered || byName(a.userName, b.userName));
  return { rows, hidden: scores.filter((s) => optOuts.has(s.userId)).length };
}
