/**
 * Issue 10, item 18: the project's own content is current for late 2026, and
 * generated items use the right article ("an AI Engineer").
 */
import { describe, expect, it } from 'vitest';
import { guide } from './_helpers.js';

const g = guide();
const term = (id: string) => {
  const t = g.glossary.find((x) => x.id === id);
  expect(t, id).toBeDefined();
  return `${t!.definition} ${t!.why_it_matters} ${t!.example}`;
};
const question = (id: string) => {
  const q = g.question(id);
  expect(q, id).toBeDefined();
  return [q!.question, q!.tests, ...q!.outline, ...q!.pitfalls, ...q!.follow_ups].join(' ');
};

describe('current facts', () => {
  it('AutoGen is in maintenance mode, and Microsoft points new users to the Microsoft Agent Framework', () => {
    for (const text of [term('autogen'), g.quizItem('q-agents-autogen-concept')!.explanation, question('agents-multi-agent-tradeoffs')]) {
      expect(text).toMatch(/maintenance mode/);
      expect(text).toMatch(/Microsoft Agent Framework/);
    }
    expect(g.skill('agent-orchestration')!.note).toMatch(/Microsoft Agent Framework/);
  });

  it('pgvector 0.8 and later has iterative index scans for filtered ANN search', () => {
    for (const text of [term('pgvector'), question('embeddings-filtered-ann-search'), term('metadata-filtering')]) {
      expect(text).toMatch(/iterative index scans?/);
    }
    expect(question('embeddings-filtered-ann-search')).toMatch(/0\.8/);
  });

  it('many reasoning models ignore or reject temperature and top_p', () => {
    for (const id of ['temperature', 'top-p']) expect(term(id)).toMatch(/reasoning models .*(ignore|reject)/);
  });

  it('the reasoning-token cost is part of estimating a request’s cost', () => {
    expect(question('cost-estimate-per-request')).toMatch(/reasoning tokens/);
    expect(question('cost-input-vs-output-tokens')).not.toMatch(/reasoning tokens/);
  });
});

describe('articles', () => {
  const texts = (): [string, string][] => [
    ...g.quizItems.flatMap((q) => [[q.id, q.question], [q.id, q.explanation], ...q.options.map((o) => [q.id, o.text] as [string, string])] as [string, string][]),
    ...g.interviewQuestions.flatMap((q) => [q.question, q.tests, ...q.outline, ...q.pitfalls, ...q.follow_ups].map((t) => [q.id, t] as [string, string])),
    ...g.glossary.flatMap((t) => [t.definition, t.why_it_matters, t.example].map((x) => [t.id, x] as [string, string])),
  ];
  /** Acronyms read as words, so their article follows the word's sound ("a RAG pipeline", "a REST API"). */
  const READ_AS_WORDS = new Set(['RAG', 'RAGAS', 'REST', 'README', 'JSON', 'SQL', 'SaaS', 'LoRA', 'NASA', 'ReAct']);
  /** "a" before a vowel sound, "an" before a consonant sound (other acronyms are read letter by letter). */
  const wrongArticle = (t: string): string[] => {
    const bad: string[] = [];
    for (const m of t.matchAll(/\b([Aa]n?) ([A-Za-z][\w-]*)/g)) {
      const [, art, word] = m as unknown as [string, string, string];
      if (READ_AS_WORDS.has(word) || (art === 'a' && /^(and|or)$/.test(word))) continue; // "a and b": a variable
      const acronym = /^[A-Z]{2,}/.test(word);
      const vowelSound = acronym
        ? /^[AEFHILMNORSX]/.test(word)
        : /^(?:one|once)\b/i.test(word) || /^u-/i.test(word)
          ? false
          : /^(?:[aeio]|u(?!s[aeiu]|ni|ti|rl|ser|sab|sag|biq)|hour|honest|heir)/i.test(word);
      if (art.toLowerCase() === 'a' && vowelSound) bad.push(m[0]);
      if (art.toLowerCase() === 'an' && !vowelSound) bad.push(m[0]);
    }
    return bad;
  };

  it('generated items say "an AI Engineer", not "a AI Engineer"', () => {
    expect(g.quizItems.filter((q) => q.generated).flatMap((q) => wrongArticle(`${q.question} ${q.explanation}`).map((w) => `${q.id}: ${w}`))).toEqual([]);
  });

  it('and so does the rest of the content', () => {
    expect(texts().flatMap(([id, t]) => wrongArticle(t).map((w) => `${id}: ${w}`))).toEqual([]);
  });
});
