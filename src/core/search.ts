/**
 * Ranked matching shared by /skill, autocomplete, /faq, /career…:
 * exact › alias › prefix › word prefix › substring › fuzzy (edit distance).
 */
import { norm } from './guide/model.js';

export interface Searchable<T> {
  item: T;
  /** Primary names (id, display name): an exact hit on these ranks highest. */
  names: string[];
  /** Alternative names. */
  aliases?: string[];
  /** Extra words that may match by prefix/substring only (keywords, body text). */
  words?: string[];
}

export interface Ranked<T> {
  item: T;
  score: number;
  how: 'exact' | 'alias' | 'prefix' | 'word' | 'substring' | 'fuzzy';
}

interface Indexed<T> {
  item: T;
  names: string[];
  aliases: string[];
  words: string[];
}

export class SearchIndex<T> {
  private readonly rows: Indexed<T>[];
  constructor(items: Searchable<T>[]) {
    this.rows = items.map((s) => ({
      item: s.item,
      names: [...new Set(s.names.map(norm).filter(Boolean))],
      aliases: [...new Set((s.aliases ?? []).map(norm).filter(Boolean))],
      words: [...new Set((s.words ?? []).map(norm).filter(Boolean))],
    }));
  }

  get size(): number {
    return this.rows.length;
  }

  /** All items ranked for a query; an empty query returns everything in index order. */
  rank(query: string, limit = 25): Ranked<T>[] {
    const q = norm(query);
    if (!q) return this.rows.slice(0, limit).map((r) => ({ item: r.item, score: 0, how: 'prefix' as const }));
    const out: Ranked<T>[] = [];
    for (const r of this.rows) {
      const hit = score(r, q);
      if (hit) out.push({ item: r.item, ...hit });
    }
    out.sort((a, b) => b.score - a.score);
    return out.slice(0, limit);
  }
}

function score<T>(r: Indexed<T>, q: string): { score: number; how: Ranked<T>['how'] } | null {
  if (r.names.includes(q)) return { score: 1000, how: 'exact' };
  if (r.aliases.includes(q)) return { score: 900, how: 'alias' };
  const all = [...r.names, ...r.aliases];
  let best = 0;
  for (const n of all) if (n.startsWith(q)) best = Math.max(best, 800 - Math.min(99, n.length - q.length));
  if (best) return { score: best, how: 'prefix' };
  for (const n of [...all, ...r.words])
    for (const w of n.split(' ')) if (w.startsWith(q)) best = Math.max(best, 650 - Math.min(99, w.length - q.length));
  // a multi-word query whose every word prefixes some word of a name
  const qWords = q.split(' ');
  if (qWords.length > 1)
    for (const n of all) {
      const ws = n.split(' ');
      if (qWords.every((qw) => ws.some((w) => w.startsWith(qw)))) best = Math.max(best, 620);
    }
  if (best) return { score: best, how: 'word' };
  for (const n of [...all, ...r.words]) if (n.includes(q)) best = Math.max(best, 500 - Math.min(99, n.length - q.length));
  if (best) return { score: best, how: 'substring' };
  // fuzzy: edit distance against whole names and against same-length prefixes (partial typing)
  const maxDist = q.length <= 3 ? 1 : q.length <= 7 ? 2 : 3;
  let bestDist = Infinity;
  for (const n of all) {
    bestDist = Math.min(bestDist, distance(q, n, maxDist));
    if (n.length > q.length) bestDist = Math.min(bestDist, distance(q, n.slice(0, q.length), maxDist) + 0.5);
    for (const w of n.split(' ')) if (w.length >= 3) bestDist = Math.min(bestDist, distance(q, w, maxDist) + 0.75);
  }
  if (bestDist <= maxDist) return { score: 400 - Math.round(bestDist * 60), how: 'fuzzy' };
  return null;
}

/** Optimal-string-alignment distance with an early exit above `max`. */
export function distance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}
