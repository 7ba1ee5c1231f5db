/**
 * score_totals.recent: one user's answer counts per UTC day for the RECENT_DAYS
 * days ending on the day of their newest answer, newest first:
 * `day:correct:answered,…` with day = whole days since 1970-01-01 (migration 6).
 * A period board of up to RECENT_DAYS - 2 days reads it instead of score_days.
 */
export const RECENT_DAYS = 32;
const DAY = 86_400_000;

export const dayNumber = (ms: number): number => Math.floor(ms / DAY);

/** The summary with one more answer on `day` (a late answer older than the kept days changes nothing). */
export function addToRecent(recent: string, day: number, correct: boolean): string {
  const entries = recent ? recent.split(',').map((e) => e.split(':').map(Number) as [number, number, number]) : [];
  const hit = entries.find((e) => e[0] === day);
  if (hit) {
    hit[1] += correct ? 1 : 0;
    hit[2] += 1;
  } else entries.push([day, correct ? 1 : 0, 1]);
  entries.sort((a, b) => b[0] - a[0]);
  const newest = entries[0]![0];
  return entries
    .filter((e) => newest - e[0] < RECENT_DAYS)
    .map((e) => e.join(':'))
    .join(',');
}

/**
 * The counts of the days after `firstDay` (exclusive); `complete` is false when
 * the summary no longer reaches back to `firstDay` (the window is older than the kept days).
 */
export function sumAfter(recent: string, firstDay: number): { correct: number; answered: number; complete: boolean } {
  let correct = 0;
  let answered = 0;
  let newest: number | null = null;
  let i = 0;
  while (i < recent.length) {
    const a = recent.indexOf(':', i);
    const b = recent.indexOf(':', a + 1);
    let end = recent.indexOf(',', b + 1);
    if (end < 0) end = recent.length;
    const day = Number(recent.slice(i, a));
    newest ??= day;
    if (day <= firstDay) break;
    correct += Number(recent.slice(a + 1, b));
    answered += Number(recent.slice(b + 1, end));
    i = end + 1;
  }
  return { correct, answered, complete: newest === null || newest - firstDay <= RECENT_DAYS };
}
