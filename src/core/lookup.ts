/** Search indexes over the guide, built once per guide and cached. */
import type { Entry, FaqEntry, Guide } from './guide/model.js';
import { SearchIndex } from './search.js';
import type { Choice } from './command.js';
import { truncate, SHOWN } from './limits.js';

const entryCache = new WeakMap<Guide, SearchIndex<Entry>>();
const faqCache = new WeakMap<Guide, SearchIndex<FaqEntry>>();

export function entryIndex(guide: Guide): SearchIndex<Entry> {
  let idx = entryCache.get(guide);
  if (!idx) {
    idx = new SearchIndex(
      guide.entries.map((e) => ({
        item: e,
        names: [e.id, e.name],
        aliases: [...e.aliases],
        words: e.kind === 'skill' ? [...e.skill.tools] : [],
      })),
    );
    entryCache.set(guide, idx);
  }
  return idx;
}

export function faqIndex(guide: Guide): SearchIndex<FaqEntry> {
  let idx = faqCache.get(guide);
  if (!idx) {
    idx = new SearchIndex(
      guide.faq.map((f) => ({ item: f, names: [f.id, f.question], aliases: [...f.keywords], words: [f.question, f.answer] })),
    );
    faqCache.set(guide, idx);
  }
  return idx;
}

/** Ranked /skill suggestions for autocomplete: ≤ 25, names within Discord's choice limit. */
export function skillSuggestions(guide: Guide, partial: string, limit = 25): Choice[] {
  return entryIndex(guide)
    .rank(partial, limit)
    .map((r) => ({
      name: truncate(`${r.item.name}${r.item.kind === 'skill' ? ' · skill' : ''}`, SHOWN.choiceName),
      value: r.item.id,
    }));
}

export type EntryLookup =
  | { kind: 'found'; entry: Entry }
  | { kind: 'ambiguous'; candidates: Entry[] }
  | { kind: 'none'; candidates: Entry[] };

/** exact › alias › unique prefix → found; several prefixes or a fuzzy hit → "did you mean". */
export function findEntry(guide: Guide, query: string): EntryLookup {
  const direct = guide.entry(query.trim().toLowerCase());
  if (direct) return { kind: 'found', entry: direct };
  const ranked = entryIndex(guide).rank(query, 8);
  const top = ranked[0];
  if (!top) return { kind: 'none', candidates: [] };
  if (top.how === 'exact' || top.how === 'alias') return { kind: 'found', entry: top.item };
  const prefixes = ranked.filter((r) => r.how === 'prefix');
  if (prefixes.length === 1 && top.how === 'prefix') return { kind: 'found', entry: top.item };
  if (top.how === 'fuzzy') return { kind: 'none', candidates: ranked.slice(0, 5).map((r) => r.item) };
  return { kind: 'ambiguous', candidates: ranked.slice(0, 5).map((r) => r.item) };
}

/**
 * Commands that would answer a line typed without a slash ("what is rag?"):
 * /skill for a skill or term named in it (longest name first), then /faq.
 */
export function suggestCommands(guide: Guide, line: string): string[] {
  const words = line.toLowerCase().replace(/[^\p{L}\p{N}\s+#.-]/gu, ' ').split(/\s+/).filter(Boolean);
  const out: string[] = [];
  found: for (let len = Math.min(3, words.length); len >= 1; len--)
    for (let i = 0; i + len <= words.length; i++) {
      const phrase = words.slice(i, i + len).join(' ');
      if (phrase.length < 2) continue;
      const top = entryIndex(guide).rank(phrase, 1)[0];
      if (top && (top.how === 'exact' || top.how === 'alias')) {
        out.push(`/skill ${phrase}`);
        break found;
      }
    }
  const query = words.filter((w) => w.length > 2).slice(0, 8).join(' ');
  out.push(query ? `/faq ${query}` : '/faq');
  return out;
}
