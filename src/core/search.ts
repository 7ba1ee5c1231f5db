/**
 * Ranked matching shared by /skill, autocomplete, /faq and command names:
 * exact › alias › prefix › word prefix › substring › fuzzy (edit distance).
 * Everything that can be is normalised once, when the index is built; the
 * fuzzy pass only runs when the cheap passes found fewer results than asked.
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
  order: number;
  names: string[];
  aliases: string[];
  /** names + aliases */
  all: string[];
  /** every word of names, aliases and extra words */
  tokens: string[];
  /** names + aliases + extra words, for substring matches */
  haystack: string[];
  /** fuzzy candidates: whole names/aliases and their words of 3+ letters */
  fuzzy: { text: string; penalty: number }[];
}

export class SearchIndex<T> {
  private readonly rows: Indexed<T>[];
  constructor(items: Searchable<T>[]) {
    this.rows = items.map((s, order) => {
      const names = uniq(s.names.map(norm));
      const aliases = uniq((s.aliases ?? []).map(norm));
      const words = uniq((s.words ?? []).map(norm));
      const all = uniq([...names, ...aliases]);
      const tokens = uniq([...all, ...words].flatMap((n) => n.split(' ')));
      const fuzzy = [
        ...all.map((text) => ({ text, penalty: 0 })),
        ...uniq(all.flatMap((n) => n.split(' ')).filter((w) => w.length >= 3)).map((text) => ({ text, penalty: 0.75 })),
      ];
      return { item: s.item, order, names, aliases, all, tokens, haystack: uniq([...all, ...words]), fuzzy };
    });
  }

  get size(): number {
    return this.rows.length;
  }

  /** Items ranked for a query; an empty query returns everything in index order. */
  rank(query: string, limit = 25): Ranked<T>[] {
    const q = norm(query);
    if (!q) return this.rows.slice(0, limit).map((r) => ({ item: r.item, score: 0, how: 'prefix' as const }));
    const hits: (Ranked<T> & { order: number })[] = [];
    const missed: Indexed<T>[] = [];
    for (const r of this.rows) {
      const hit = cheapScore(r, q);
      if (hit) hits.push({ item: r.item, order: r.order, ...hit });
      else missed.push(r);
    }
    if (hits.length < limit) {
      const maxDist = q.length <= 3 ? 1 : q.length <= 7 ? 2 : 3;
      for (const r of missed) {
        const d = fuzzyDistance(r, q, maxDist);
        if (d <= maxDist) hits.push({ item: r.item, order: r.order, score: 400 - Math.round(d * 60), how: 'fuzzy' });
      }
    }
    hits.sort((a, b) => b.score - a.score || a.order - b.order);
    return hits.slice(0, limit).map(({ item, score, how }) => ({ item, score, how }));
  }
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs.filter(Boolean))];
}

function cheapScore<T>(r: Indexed<T>, q: string): { score: number; how: Ranked<T>['how'] } | null {
  if (r.names.includes(q)) return { score: 1000, how: 'exact' };
  if (r.aliases.includes(q)) return { score: 900, how: 'alias' };
  let best = 0;
  for (const n of r.all) if (n.startsWith(q)) best = Math.max(best, 800 - Math.min(99, n.length - q.length));
  if (best) return { score: best, how: 'prefix' };
  for (const w of r.tokens) if (w.startsWith(q)) best = Math.max(best, 650 - Math.min(99, w.length - q.length));
  if (q.includes(' ')) {
    // a multi-word query whose every word prefixes some word of a name
    const qWords = q.split(' ');
    for (const n of r.all) {
      const ws = n.split(' ');
      if (qWords.every((qw) => ws.some((w) => w.startsWith(qw)))) best = Math.max(best, 620);
    }
  }
  if (best) return { score: best, how: 'word' };
  for (const n of r.haystack) if (n.includes(q)) best = Math.max(best, 500 - Math.min(99, n.length - q.length));
  if (best) return { score: best, how: 'substring' };
  return null;
}

/** Best edit distance of the query to a whole name, a same-length prefix (partial typing) or a word. */
function fuzzyDistance<T>(r: Indexed<T>, q: string, max: number): number {
  let best = Infinity;
  for (const { text, penalty } of r.fuzzy) {
    if (penalty === 0 && text.length > q.length) best = Math.min(best, distance(q, text.slice(0, q.length), max) + 0.5);
    if (Math.abs(text.length - q.length) <= max) best = Math.min(best, distance(q, text, max) + penalty);
    if (best === 0) break;
  }
  return best;
}

const rowA = new Int32Array(128);
const rowB = new Int32Array(128);
const rowC = new Int32Array(128);

/** Optimal-string-alignment distance with an early exit above `max`; no allocation for short strings. */
export function distance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const m = a.length;
  const n = b.length;
  if (n >= rowA.length) return slowDistance(a, b);
  let prev2 = rowC;
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[n]!;
}

function slowDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}
