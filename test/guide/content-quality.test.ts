/**
 * Issue 3's quality gates on the question banks, quiz items (hand-written and generated)
 * and glossary: sizes, correctness rules, no duplicates, resolvable references, texts
 * that fit where both platforms show them, and generated items that stay true to the data.
 */
import { describe, expect, it } from 'vitest';
import { SHOWN } from '../../src/core/limits.js';
import * as S from '../../src/core/guide/schema.js';
import { canon, guide } from './_helpers.js';

const g = guide();
const hand = g.quizItems.filter((q) => !q.generated);
const gen = g.quizItems.filter((q) => q.generated);

/** Whatever breaks a rule, by id — so a failure names the culprits. */
const offenders = <T extends { id: string }>(items: readonly T[], bad: (t: T) => boolean | string) =>
  items.flatMap((t) => {
    const r = bad(t);
    return r ? [typeof r === 'string' ? `${t.id}: ${r}` : t.id] : [];
  });
const over = (text: string, max: number) => (text.length > max ? `${text.length} > ${max}` : false);
const dupes = (keys: [string, string][]) => {
  const seen = new Map<string, string>();
  const out: string[] = [];
  for (const [id, k] of keys) {
    const prev = seen.get(k);
    if (prev !== undefined) out.push(`${prev} = ${id}`);
    else seen.set(k, id);
  }
  return out;
};

// ---------------------------------------------------------------------------- sizes
describe('bank sizes', () => {
  const c = g.counts();
  it('interview-questions ≥ 120', () => expect(c['interview-questions']).toBeGreaterThanOrEqual(120));
  it('quiz-items ≥ 200', () => expect(c['quiz-items']).toBeGreaterThanOrEqual(200));
  it('quiz-items-generated ≥ 60', () => expect(c['quiz-items-generated']).toBeGreaterThanOrEqual(60));
  it('glossary ≥ 60', () => expect(c.glossary).toBeGreaterThanOrEqual(60));
  it('the counts are the real list sizes', () => {
    expect(g.interviewQuestions.length).toBe(c['interview-questions']);
    expect(g.quizItems.length).toBe(c['quiz-items']);
    expect(gen.length).toBe(c['quiz-items-generated']);
    expect(g.glossary.length).toBe(c.glossary);
  });
});

// ---------------------------------------------------------------------------- quiz rules
describe('quiz items', () => {
  it('every item (hand-written and generated) has 3–4 options and exactly one correct', () => {
    expect(offenders(g.quizItems, (q) => (q.options.length < 3 || q.options.length > 4 ? `${q.options.length} options` : false))).toEqual([]);
    expect(offenders(g.quizItems, (q) => {
      const n = q.options.filter((o) => o.correct).length;
      return n !== 1 && `${n} correct`;
    })).toEqual([]);
  });

  it('no item has two options that are the same after normalising case and punctuation', () => {
    expect(offenders(g.quizItems, (q) => {
      const d = dupes(q.options.map((o, i) => [String(i), canon(o.text)]));
      return d.length > 0 && `options ${d.join(', ')}`;
    })).toEqual([]);
  });

  it('no option is empty, and none is "all/none of the above" (which breaks under shuffling)', () => {
    expect(offenders(g.quizItems, (q) => q.options.some((o) => canon(o.text) === '') && 'empty option')).toEqual([]);
    expect(offenders(g.quizItems, (q) => q.options.some((o) => /\b(all|none|both) of the above\b/i.test(o.text)) && 'X of the above')).toEqual([]);
  });

  it('no two quiz items ask the same question (case and punctuation ignored)', () => {
    expect(dupes(g.quizItems.map((q) => [q.id, canon(q.question)]))).toEqual([]);
  });

  it('ids are unique; "gen-" ids are exactly the generated items', () => {
    expect(dupes(g.quizItems.map((q) => [q.id, q.id]))).toEqual([]);
    expect(offenders(hand, (q) => q.id.startsWith('gen-'))).toEqual([]);
    expect(offenders(gen, (q) => !q.id.startsWith('gen-'))).toEqual([]);
  });

  it('every item has an explanation, a known topic and a difficulty', () => {
    expect(offenders(g.quizItems, (q) => q.explanation.trim().length < 20 && 'explanation too short')).toEqual([]);
    expect(offenders(g.quizItems, (q) => !S.Topic.options.includes(q.topic) && `topic ${q.topic}`)).toEqual([]);
    expect(offenders(g.quizItems, (q) => !['easy', 'medium', 'hard'].includes(q.difficulty) && `difficulty ${q.difficulty}`)).toEqual([]);
  });

  it('generated items obey the same schema as hand-written ones (ids, lengths, option counts)', () => {
    const res = S.QuizFile.safeParse({ items: gen.map(({ generated: _g, ...rest }) => ({ ...rest, options: rest.options.map((o) => ({ ...o })) })) });
    const issues = res.success ? [] : res.error.issues.map((i) => `${gen[i.path[1] as number]?.id ?? '?'} ${i.path.slice(2).join('.')}: ${i.message}`);
    expect(issues).toEqual([]);
  });
});

// ---------------------------------------------------------------------------- interview questions
describe('interview questions', () => {
  const qs = g.interviewQuestions;

  it('no two questions are the same after normalising case and punctuation', () => {
    expect(dupes(qs.map((q) => [q.id, canon(q.question)]))).toEqual([]);
    expect(dupes(qs.map((q) => [q.id, q.id]))).toEqual([]);
  });

  it('each has 3–7 outline points, at least one pitfall, a topic and a level', () => {
    expect(offenders(qs, (q) => (q.outline.length < 3 || q.outline.length > 7) && `${q.outline.length} outline points`)).toEqual([]);
    expect(offenders(qs, (q) => q.pitfalls.length < 1 && 'no pitfalls')).toEqual([]);
    expect(offenders(qs, (q) => !S.Topic.options.includes(q.topic) && `topic ${q.topic}`)).toEqual([]);
    expect(offenders(qs, (q) => !['junior', 'mid', 'senior', 'staff'].includes(q.level) && `level ${q.level}`)).toEqual([]);
    expect(offenders(qs, (q) => q.tests.trim().length < 20 && 'what it tests is missing')).toEqual([]);
  });

  it('topics are spread: every topic has at least 8 questions', () => {
    const per = new Map<string, number>(S.Topic.options.map((t) => [t, 0]));
    for (const q of qs) per.set(q.topic, (per.get(q.topic) ?? 0) + 1);
    const thin = [...per].filter(([, n]) => n < 8).map(([t, n]) => `${t}: ${n}`);
    expect(thin).toEqual([]);
  });

  it('issue 3’s areas are all covered by topics', () => {
    const topics = new Set(qs.map((q) => q.topic));
    // RAG, vector DBs/embeddings, prompting, agents, evaluation, guardrails, cost, LLMOps, system design, SWE fundamentals, career
    for (const t of ['rag', 'embeddings', 'prompting', 'agents', 'evaluation', 'guardrails', 'cost', 'llmops', 'ai-system-design', 'swe-fundamentals', 'career'])
      expect(topics, t).toContain(t);
  });

  it('levels are spread too (each level used)', () => {
    const levels = new Set(qs.map((q) => q.level));
    expect([...levels].sort()).toEqual(['junior', 'mid', 'senior', 'staff']);
  });

  it('exactly the four guide questions are marked source: guide; the rest are the bank', () => {
    expect(qs.filter((q) => q.source === 'guide')).toHaveLength(4);
    expect(qs.filter((q) => q.source !== 'guide' && q.source !== 'bank')).toEqual([]);
  });
});

// ---------------------------------------------------------------------------- references
describe('references resolve', () => {
  it('every related id of a skill or glossary term names a skill or term (and not itself, nor twice)', () => {
    const bad: string[] = [];
    for (const e of g.entries) {
      const related = e.kind === 'skill' ? e.skill.related : e.term.related;
      related.forEach((r) => {
        if (!g.entry(r)) bad.push(`${e.id} → ${r} (unknown)`);
        if (r === e.id) bad.push(`${e.id} → itself`);
      });
      if (new Set(related).size !== related.length) bad.push(`${e.id}: repeated related id`);
    }
    expect(bad).toEqual([]);
  });

  it('every roadmap step of a skill exists; every plan step names a phase', () => {
    expect(g.skills.flatMap((s) => s.roadmap_steps.filter((r) => !g.roadmapItem(r)).map((r) => `${s.id} → ${r}`))).toEqual([]);
    expect(g.roadmap.plan.filter((p) => !g.phase(p.phase)).map((p) => p.id)).toEqual([]);
  });

  it('glossary terms, skills and their aliases do not collide (one name, one entry)', () => {
    const keys: [string, string][] = [];
    for (const e of g.entries) for (const k of new Set([e.id, e.name, ...e.aliases].map(canon))) keys.push([e.id, k]);
    expect(dupes(keys)).toEqual([]);
  });

  it('the glossary covers the terms issue 3 lists (found by name or alias)', () => {
    const names = new Set(g.entries.flatMap((e) => [e.id, e.name, ...e.aliases].map(canon)));
    const want: string[][] = [
      ['token', 'tokens'], ['context window', 'context windows'], ['temperature'], ['top p', 'nucleus sampling'],
      ['chunking'], ['chunk overlap', 'overlap'], ['embeddings', 'embedding'], ['cosine similarity'], ['bm25'],
      ['hybrid search'], ['reranking', 'reranker', 're ranking'], ['cross encoder', 'cross encoders'], ['react'],
      ['tool calling', 'function calling'], ['agent memory'], ['guardrails', 'guardrail'], ['faithfulness'],
      ['answer relevance', 'answer relevancy'], ['context precision'], ['ragas'], ['langsmith'], ['promptfoo'],
      ['pgvector'], ['pinecone'], ['weaviate'], ['chroma', 'chromadb'], ['langgraph'], ['crewai'], ['autogen'],
      ['llmops'], ['prompt a b tests', 'prompt a b testing', 'prompt a b test'], ['prompt caching'], ['semantic caching', 'semantic cache'],
      ['drift monitoring', 'drift'], ['red teaming', 'red team'], ['jailbreak', 'jailbreaks'], ['structured output', 'structured outputs'],
    ];
    expect(want.filter((alts) => !alts.some((a) => names.has(canon(a)))).map((alts) => alts[0])).toEqual([]);
  });

  it('every glossary term says which roles need it', () => {
    expect(offenders(g.glossary, (t) => (t.roles.length === 0 || t.roles.some((r) => r !== 'swe' && r !== 'ai')) && `roles ${t.roles.join(',')}`)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------- fits where shown
describe('texts fit where they are shown (tightest of Discord and Slack)', () => {
  const L = 'ABCD';

  it('quiz: question + options fit a card body (round and reveal form)', () => {
    expect(offenders(g.quizItems, (q) => {
      const round = `**${q.question}**\n\n${q.options.map((o, i) => `**${L[i]}.** ${o.text}`).join('\n')}`;
      const reveal = `**${q.question}**\n\n${q.options.map((o, i) => `✅ **${L[i]}.** ${o.text} — 9999 votes`).join('\n')}`;
      return over(round, SHOWN.cardBody) || over(reveal, SHOWN.cardBody);
    })).toEqual([]);
  });

  it('quiz: each option and the explanation fit a field value', () => {
    expect(offenders(g.quizItems, (q) => q.options.map((o) => over(o.text, SHOWN.fieldValue)).find(Boolean) ?? false)).toEqual([]);
    expect(offenders(g.quizItems, (q) => over(q.explanation, SHOWN.fieldValue))).toEqual([]);
  });

  it('interview: the question with its numbered outline fits a card body', () => {
    expect(offenders(g.interviewQuestions, (q) => over(`**${q.question}**\n\n${q.outline.map((p, i) => `${i + 1}. ${p}`).join('\n')}`, SHOWN.cardBody))).toEqual([]);
  });

  it('interview: what it tests, the pitfalls and the follow-ups each fit a field value', () => {
    const list = (xs: readonly string[]) => xs.map((x) => `- ${x}`).join('\n');
    expect(offenders(g.interviewQuestions, (q) => over(q.tests, SHOWN.fieldValue))).toEqual([]);
    expect(offenders(g.interviewQuestions, (q) => over(list(q.pitfalls), SHOWN.fieldValue))).toEqual([]);
    expect(offenders(g.interviewQuestions, (q) => over(list(q.follow_ups), SHOWN.fieldValue))).toEqual([]);
  });

  it('skill and term names fit a card title and a button label', () => {
    expect(offenders(g.entries, (e) => over(e.name, SHOWN.cardTitle) || over(e.name, SHOWN.buttonLabel))).toEqual([]);
  });

  it('glossary definition, why-it-matters and example each fit a field value', () => {
    expect(offenders(g.glossary, (t) => over(t.definition, SHOWN.fieldValue) || over(t.why_it_matters, SHOWN.fieldValue) || over(t.example, SHOWN.fieldValue))).toEqual([]);
  });

  it('skill summary and why-it-matters each fit a field value', () => {
    expect(offenders(g.skills, (s) => over(s.summary, SHOWN.fieldValue) || over(s.why_it_matters, SHOWN.fieldValue))).toEqual([]);
  });

  it('FAQ: the question fits a card title (with its icon) and the answer a card body', () => {
    expect(offenders(g.faq, (f) => over(`❔ ${f.question}`, SHOWN.cardTitle))).toEqual([]);
    expect(offenders(g.faq, (f) => over(f.answer, SHOWN.cardBody))).toEqual([]);
  });

  it('autocomplete choice names fit in 100 characters (entries and FAQ questions)', () => {
    expect(SHOWN.choiceName).toBeLessThanOrEqual(100);
    expect(offenders(g.entries, (e) => over(`${e.name}${e.kind === 'skill' ? ' · skill' : ''}`, 100))).toEqual([]);
    expect(offenders(g.faq, (f) => over(f.question, 100))).toEqual([]);
  });

  it('aliases fit an autocomplete value, and tools a button', () => {
    expect(offenders(g.entries, (e) => e.aliases.map((a) => over(a, 100)).find(Boolean) ?? false)).toEqual([]);
    expect(offenders(g.skills, (s) => s.tools.map((t) => over(t, SHOWN.buttonLabel)).find(Boolean) ?? false)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------- generated items stay true
describe('generated quiz items stay true to the guide', () => {
  const correct = (id: string) => {
    const q = g.quizItem(id);
    expect(q, id).toBeDefined();
    expect(q!.generated).toBe(true);
    return q!.options.find((o) => o.correct)!.text;
  };
  const k = (n: number) => `$${n / 1000}K`;
  const range = (r: { min: number; max: number; open_ended?: boolean }) => `${k(r.min)}–${k(r.max)}${r.open_ended ? '+' : ''}`;

  it('salary cells, as the guide prints them', () => {
    expect(correct('gen-salary-base-ai-senior')).toBe('$200K–$260K');
    expect(correct('gen-salary-base-swe-senior')).toBe('$180K–$220K');
    expect(correct('gen-salary-base-swe-junior')).toBe('$110K–$145K');
    expect(correct('gen-salary-base-ai-staff')).toBe('$240K–$320K');
    expect(correct('gen-salary-tc-swe-staff')).toBe('$320K–$500K+');
    expect(correct('gen-salary-tc-ai-staff')).toBe('$400K–$650K+');
    expect(correct('gen-salary-tc-ai-mid')).toBe('$210K–$320K');
    expect(correct('gen-premium-range')).toBe('$20K–$60K');
  });

  it('every band has a base and a total-comp item whose answer is that band', () => {
    const bad: string[] = [];
    for (const b of g.salaries.bands) {
      const base = correct(`gen-salary-base-${b.role}-${b.level}`);
      const tc = correct(`gen-salary-tc-${b.role}-${b.level}`);
      if (base !== range(b.base)) bad.push(`${b.role}/${b.level} base ${base}`);
      if (tc !== range(b.total_comp)) bad.push(`${b.role}/${b.level} tc ${tc}`);
    }
    expect(bad).toEqual([]);
  });

  it('salary distractors are real bands of other rows, never this row’s own cell', () => {
    const cells = new Set(g.salaries.bands.flatMap((b) => [range(b.base), range(b.total_comp)]));
    for (const b of g.salaries.bands)
      for (const id of [`gen-salary-base-${b.role}-${b.level}`, `gen-salary-tc-${b.role}-${b.level}`]) {
        const q = g.quizItem(id)!;
        for (const o of q.options.filter((x) => !x.correct)) expect(cells.has(o.text), `${id}: ${o.text}`).toBe(true);
      }
  });

  it('years per level and the plan duration', () => {
    expect(correct('gen-years-junior')).toBe('0–2 years');
    expect(correct('gen-years-mid')).toBe('2–5 years');
    expect(correct('gen-years-senior')).toBe('5–10 years');
    expect(correct('gen-years-staff')).toBe('8–15 years');
    expect(correct('gen-roadmap-duration')).toBe('3–6 months');
  });

  it('the premium driver item names one of the guide’s three drivers', () => {
    expect(['Supply-demand imbalance', 'Specialized knowledge barrier', 'Business impact multiplier']).toContain(correct('gen-premium-driver'));
  });

  it('which skills each role requires matches the guide’s three tables', () => {
    const want: Record<string, RegExp> = { shared: /required in both/i, 'swe-centric': /central to swe/i, 'ai-differentiator': /ai-specific differentiator/i };
    const bad = g.skills.flatMap((s) => {
      const c = correct(`gen-skill-${s.id}`);
      const re = s.name === 'Algorithms and data structures' ? /required for interviews in both/i : want[s.category]!;
      return re.test(c) ? [] : [`${s.name}: ${c}`];
    });
    expect(bad).toEqual([]);
  });

  it('which phase covers each roadmap item', () => {
    const phaseOf: Record<string, number> = {
      'LLM Fundamentals': 1, 'OpenAI / Anthropic API': 1, 'Prompt Engineering Basics': 1, 'First App': 1,
      'RAG Architecture': 2, 'Vector Databases': 2, 'Agent Frameworks': 2, 'LLM Evaluation': 2,
      'Production Deployment': 3, 'Portfolio Projects': 3, 'Interview Prep': 3, 'Job Applications': 3,
    };
    const months: Record<number, string> = { 1: 'month 1', 2: 'months 2–3', 3: 'months 4–6' };
    const bad: string[] = [];
    for (const ph of g.roadmap.phases)
      for (const it of ph.items) {
        const n = phaseOf[it.name];
        const c = correct(`gen-roadmap-${it.id}`);
        if (!n || !c.startsWith(`Phase ${n}:`) || !c.includes(months[n]!)) bad.push(`${it.name}: ${c}`);
      }
    expect(bad).toEqual([]);
  });

  it('where the AI tracks lead, and no distractor also leads there', () => {
    const leads: Record<string, string> = {
      'ML Platform': 'Product AI track',
      'AI Product Management': 'Product AI track',
      'Founding a startup': 'Product AI track',
      'Research Engineer': 'Research-adjacent track',
      'Applied Scientist': 'Research-adjacent track',
    };
    const items = gen.filter((q) => q.id.startsWith('gen-track-'));
    expect(items.length).toBe(Object.keys(leads).length);
    for (const q of items) {
      const dest = Object.keys(leads).find((d) => canon(q.question).includes(canon(d)));
      expect(dest, q.id).toBeDefined();
      expect(q.options.find((o) => o.correct)!.text, q.id).toBe(leads[dest!]);
      for (const o of q.options.filter((x) => !x.correct)) expect(o.text, q.id).not.toBe(leads[dest!]);
    }
  });

  it('ladder steps follow the guide’s ladders', () => {
    const ladders: Record<string, string[]> = {
      'swe-ic': ['Senior SWE', 'Staff SWE', 'Principal SWE', 'Distinguished Engineer / Fellow'],
      'swe-em': ['Senior SWE', 'Engineering Manager', 'Senior EM', 'Director of Engineering', 'VP of Engineering'],
    };
    for (const [id, steps] of Object.entries(ladders))
      for (let i = 0; i < steps.length - 1; i++) {
        const q = g.quizItem(`gen-ladder-${id}-${i + 1}`);
        expect(q, `gen-ladder-${id}-${i + 1}`).toBeDefined();
        expect(q!.question).toContain(steps[i]!);
        expect(correct(q!.id)).toBe(steps[i + 1]);
      }
  });

  it('specialisations and the nature of each role', () => {
    const names = ['LLMOps / AI Platform', 'Agentic Systems', 'AI Safety / Red-teaming', 'Multimodal AI'];
    const spec = gen.filter((q) => q.id.startsWith('gen-specialisation-'));
    expect(spec.map((q) => q.options.find((o) => o.correct)!.text).sort()).toEqual([...names].sort());
    expect(correct('gen-nature-ai')).toMatch(/^probabilistic/i);
    expect(correct('gen-nature-swe')).toMatch(/^deterministic/i);
  });
});
