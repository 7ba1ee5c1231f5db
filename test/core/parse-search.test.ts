import { describe, expect, it } from 'vitest';
import { parseText, tokenize, splitCommandLine } from '../../src/core/parse.js';
import { distance, SearchIndex } from '../../src/core/search.js';
import { findEntry, skillSuggestions } from '../../src/core/lookup.js';
import { parseActionId } from '../../src/core/actions.js';
import { realGuide } from '../helpers/bot.js';
import { loadCommands } from '../../src/core/registry.js';

const guide = realGuide();
const defs = await loadCommands(guide);
const def = (n: string) => defs.find((d) => d.name === n)!;

describe('one free-text parser for Slack and the console', () => {
  it.each([
    ['salary', 'ai senior', { role: 'ai', level: 'senior' }],
    ['salary', 'senior ai', { role: 'ai', level: 'senior' }],
    ['salary', 'level:L5', { level: 'l5' }], // an SWE level code is its own choice (/salary says so for AI rows)
    ['salary', 'AI Engineer STAFF', { role: 'ai', level: 'staff' }],
    ['salary', 'software engineer new grad', { role: 'swe', level: 'junior' }],
    ['salary', 'e4 public', { level: 'l4', public: true }],
    ['skill', 'rag', { name: 'rag' }],
    ['skill', 'retrieval augmented generation', { name: 'retrieval augmented generation' }],
    ['quiz', 'rag questions:3 seconds:20', { topic: 'rag', questions: 3, seconds: 20 }],
    ['quiz', 'vector db 5', { topic: 'embeddings', questions: 5 }],
    ['faq', 'which pays more', { query: 'which pays more' }],
  ])('/%s %s', (cmd, text, want) => {
    const r = parseText(def(cmd), text);
    expect(r.ok && r.input.options).toEqual(want);
  });

  it('/daily set #eng 09:00 Europe/Berlin weekdays, and Slack channel tokens', () => {
    const r = parseText(def('daily'), 'set #eng 09:00 Europe/Berlin weekdays');
    expect(r.ok && r.input).toEqual({ subcommand: 'set', options: { channel: 'eng', time: '09:00', timezone: 'Europe/Berlin', days: 'weekdays' } });
    const s = parseText(def('daily'), 'set <#C024BE91L|eng> 7:30 america/new_york mon,wed,fri @here topic:rag');
    expect(s.ok && s.input.options).toEqual({ channel: 'C024BE91L', time: '7:30', timezone: 'america/new_york', days: 'mon,wed,fri', mention: '@here', topic: 'rag' });
    expect(parseText(def('daily'), '').ok && (parseText(def('daily'), '') as { input: { subcommand: string } }).input.subcommand).toBe('status');
  });

  it('tokenizes quotes and Slack tokens', () => {
    expect(tokenize('a "b c" <#C1|x y>')).toEqual(['a', 'b c', '<#C1|x', 'y>']);
    expect(splitCommandLine('/Salary ai')).toEqual({ name: 'salary', rest: 'ai' });
    expect(splitCommandLine('help')).toEqual({ name: 'help', rest: '' });
  });

  it('rejects what it cannot place, names the problem and gives an example', () => {
    const r = parseText(def('salary'), 'ai wizard');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.text).toContain('wizard');
      expect(r.error.cards[0]!.body).toContain('/salary ai senior');
    }
    const q = parseText(def('quiz'), 'questions:11');
    expect(!q.ok && q.error.text).toMatch(/at most 10/);
    const d = parseText(def('daily'), 'set #eng');
    expect(!d.ok && d.error.text).toMatch(/needs a \*\*time\*\*/);
  });
});

describe('search: exact › alias › prefix › fuzzy', () => {
  const idx = new SearchIndex([
    { item: 'rag', names: ['rag-architecture', 'RAG architecture'], aliases: ['rag'] },
    { item: 'rerank', names: ['reranking', 'Reranking'], aliases: ['rerank'] },
    { item: 'ragas', names: ['ragas', 'RAGAS'] },
  ]);
  it('ranks an exact name above an alias above a prefix', () => {
    expect(idx.rank('ragas').map((r) => [r.item, r.how])[0]).toEqual(['ragas', 'exact']);
    expect(idx.rank('rag')[0]).toMatchObject({ item: 'rag', how: 'alias' });
    expect(idx.rank('rera')[0]).toMatchObject({ item: 'rerank', how: 'prefix' });
    expect(idx.rank('rerankign')[0]).toMatchObject({ item: 'rerank', how: 'fuzzy' });
  });
  it('edit distance counts transpositions as one edit', () => {
    expect(distance('promt', 'prompt')).toBe(1);
    expect(distance('ab', 'ba')).toBe(1);
    expect(distance('kitten', 'sitting')).toBe(3);
  });
  it('/skill lookups on the real guide', () => {
    expect(findEntry(guide, 'rag')).toMatchObject({ kind: 'found', entry: { id: 'rag-architecture' } });
    expect(findEntry(guide, 'LLMOps')).toMatchObject({ kind: 'found', entry: { id: 'llmops' } });
    const miss = findEntry(guide, 'vectr databse');
    expect(miss.kind).not.toBe('found');
    if (miss.kind !== 'found') expect(miss.candidates.map((c) => c.id)).toContain('vector-databases');
  });
  it('autocomplete returns at most 25 ranked suggestions, best first', () => {
    expect(skillSuggestions(guide, '')).toHaveLength(25);
    const s = skillSuggestions(guide, 'emb');
    expect(s.length).toBeGreaterThan(0);
    expect(s.length).toBeLessThanOrEqual(25);
    expect(s[0]!.name.toLowerCase()).toMatch(/^emb/);
    for (const c of skillSuggestions(guide, 'a')) expect(c.name.length).toBeLessThanOrEqual(100);
  });
});

describe('action ids', () => {
  it('parses compact ids and rejects malformed ones', () => {
    expect(parseActionId('quiz:a:abc123:2')).toEqual({ command: 'quiz', verb: 'a', args: ['abc123', '2'] });
    for (const bad of ['', 'quiz', 'Quiz:a', 'quiz:a:<script>', 'x'.repeat(101), 'quiz::1']) expect(parseActionId(bad)).toBeNull();
  });
});
