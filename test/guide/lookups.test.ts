/**
 * Lookups by id and alias, deep immutability, and the counts `npm run validate` prints.
 */
import { describe, expect, it } from 'vitest';
import { guide } from './_helpers.js';

const g = guide();

describe('level aliases', () => {
  it.each([
    ['L5', 'senior'],
    ['l5', 'senior'],
    ['E5', 'senior'],
    ['e3', 'junior'],
    ['E3', 'junior'],
    ['L3', 'junior'],
    ['L4', 'mid'],
    ['e4', 'mid'],
    ['L6', 'staff'],
    ['E6', 'staff'],
    ['sr', 'senior'],
    ['SR', 'senior'],
    ['jr', 'junior'],
    ['junior', 'junior'],
    ['mid', 'mid'],
    ['mid-level', 'mid'],
    ['Mid Level', 'mid'],
    ['senior', 'senior'],
    ['staff', 'staff'],
    ['Staff / Principal', 'staff'],
    ['  senior  ', 'senior'],
  ])('level(%j) → %s', (alias, id) => {
    expect(g.level(alias)?.id).toBe(id);
  });

  // Principal is not a level of its own in the guide's tables: the SWE row stops at Staff, and only
  // the AI row is "Staff / Principal". /salary explains which band it shows (issue 10, item 17).
  it.each(['L7', 'E2', 'wizard', '', 'senior staff', 'principal'])('level(%j) is undefined', (x) => {
    expect(g.level(x)).toBeUndefined();
  });

  it('a resolved level leads to its bands for both roles', () => {
    const lvl = g.level('L5')!;
    expect(g.band('swe', lvl.id).title).toBe('Senior SWE (L5/E5)');
    expect(g.band('ai', lvl.id).title).toBe('Senior AI Engineer');
    expect(g.band('ai', g.level('staff/principal')!.id).title).toBe('Staff / Principal AI Engineer');
  });
});

describe('role aliases', () => {
  it.each([
    ['ai engineer', 'ai'],
    ['AI Engineer', 'ai'],
    ['ai', 'ai'],
    ['llm engineer', 'ai'],
    ['genai engineer', 'ai'],
    ['software engineer', 'swe'],
    ['Software Engineer', 'swe'],
    ['swe', 'swe'],
    ['SWE', 'swe'],
    ['developer', 'swe'],
  ])('role(%j) → %s', (alias, id) => {
    expect(g.role(alias)?.id).toBe(id);
  });

  it.each(['data scientist', 'pm', ''])('role(%j) is undefined', (x) => {
    expect(g.role(x)).toBeUndefined();
  });
});

describe('entries, phases, tracks, items, questions', () => {
  it('entry(id) finds skills and glossary terms by id and says which it is', () => {
    const rag = g.entry('rag-architecture');
    expect(rag?.kind).toBe('skill');
    expect(rag?.name).toBe('RAG architecture');
    const vdb = g.entry('vector-databases');
    expect(vdb?.kind === 'skill' && vdb.skill.tools).toContain('pgvector');
    const token = g.entry('token');
    expect(token?.kind).toBe('term');
    expect(g.entry('no-such-entry')).toBeUndefined();
    expect(g.skill('llmops')?.name).toBe('LLMOps');
    expect(g.skill('token')).toBeUndefined(); // a term, not a skill
  });

  it('every skill and every glossary term is reachable through entry(id)', () => {
    for (const s of g.skills) expect(g.entry(s.id)?.kind, s.id).toBe('skill');
    for (const t of g.glossary) expect(g.entry(t.id)?.kind, t.id).toBe('term');
    expect(g.entries).toHaveLength(g.skills.length + g.glossary.length);
  });

  it.each([
    ['1', 'Foundation'],
    ['2', 'Core Patterns'],
    ['3', 'Production'],
    ['phase 2', 'Core Patterns'],
    ['Phase 3', 'Production'],
    ['core patterns', 'Core Patterns'],
    ['foundation', 'Foundation'],
  ])('phase(%j) → %s', (x, name) => {
    expect(g.phase(x)?.name).toBe(name);
  });

  it('phase("2") is months 2–3; phase("4") does not exist', () => {
    expect(g.phase('2')?.months).toEqual({ from: 2, to: 3 });
    expect(g.phase('4')).toBeUndefined();
    expect(g.phase('0')).toBeUndefined();
  });

  it.each([
    ['ic', 'Individual Contributor (IC) track'],
    ['IC', 'Individual Contributor (IC) track'],
    ['em', 'Engineering Management (EM) track'],
    ['management', 'Engineering Management (EM) track'],
    ['product ai', 'Product AI track'],
    ['research', 'Research-adjacent track'],
    ['ai infrastructure', 'AI Infrastructure track'],
  ])('track(%j) → %s', (x, name) => {
    expect(g.track(x)?.name).toBe(name);
  });

  it('track("ic") is the SWE IC ladder ending at Distinguished Engineer / Fellow', () => {
    const t = g.track('ic')!;
    expect(t.role).toBe('swe');
    expect(t.kind).toBe('ladder');
    expect(t.steps.at(-1)).toBe('Distinguished Engineer / Fellow');
    expect(g.track('astronaut')).toBeUndefined();
  });

  it('roadmapItem(id) returns the item with its phase', () => {
    const hit = g.roadmapItem('vector-stores');
    expect(hit?.item.name).toBe('Vector Databases');
    expect(hit?.phase.number).toBe(2);
    expect(g.roadmapItem('nope')).toBeUndefined();
  });

  it('question(id) and quizItem(id) find by id; generated items are flagged', () => {
    for (const q of g.interviewQuestions) expect(g.question(q.id)).toBe(q);
    for (const q of g.quizItems) expect(g.quizItem(q.id)).toBe(q);
    expect(g.quizItem('gen-salary-base-ai-senior')?.generated).toBe(true);
    expect(g.quizItems.find((q) => !q.id.startsWith('gen-'))?.generated).toBe(false);
    expect(g.question('nope')).toBeUndefined();
    expect(g.quizItem('nope')).toBeUndefined();
  });

  it('band() throws for a role/level that does not exist', () => {
    expect(() => g.band('ai', 'principal' as never)).toThrow(/no salary band/);
  });
});

describe('deep freeze', () => {
  // Test files are ES modules, so strict mode: writing to a frozen object throws a TypeError.
  const writable = g as unknown as Record<string, any>;

  it.each([
    ['a top-level list', () => (writable.skills as unknown[]).push({})],
    ['a top-level property', () => { writable.verdict = 'changed'; }],
    ['a salary figure', () => { writable.salaries.bands[0].base.min = 1; }],
    ['an open-ended flag', () => { writable.salaries.bands[3].total_comp.open_ended = false; }],
    ['the premium', () => { writable.salaries.premium.base.max = 1; }],
    ['level aliases via a lookup result', () => { (g.level('L5')!.aliases as string[]).push('x'); }],
    ['a skill tool list', () => { (g.skill('vector-databases')!.tools as string[])[0] = 'x'; }],
    ['a roadmap item name', () => { (g.phase('1')!.items[0] as { name: string }).name = 'x'; }],
    ['a ladder step', () => { (g.track('ic')!.steps as string[]).reverse(); }],
    ['a day-in-the-life time', () => { (g.days[0]!.entries[0] as { time: string }).time = '08:00'; }],
    ['a generated quiz option', () => { (g.quizItem('gen-salary-base-ai-senior')!.options[0] as { correct: boolean }).correct = true; }],
    ['an interview outline', () => { (g.interviewQuestions[0]!.outline as string[]).pop(); }],
    ['a FAQ answer', () => { (g.faq[0] as { answer: string }).answer = 'x'; }],
    ['deleting a property', () => { delete writable.salaries.market; }],
    ['adding a property', () => { writable.salaries.extra = 1; }],
  ])('mutating %s throws', (_what, mutate) => {
    expect(mutate).toThrow(TypeError);
  });

  it('nothing was changed by the attempts above', () => {
    expect(g.salaries.bands[0]!.base.min).toBe(110_000);
    expect(g.salaries.premium.base.max).toBe(60_000);
    expect(g.skill('vector-databases')!.tools).toContain('Pinecone');
    expect(g.track('ic')!.steps[0]).toBe('Senior SWE');
    expect(g.salaries.market.region).toBe('US');
  });

  it('every nested object and array is frozen', () => {
    const unfrozen: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (!v || typeof v !== 'object') return;
      if (!Object.isFrozen(v)) unfrozen.push(path);
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    };
    walk(g, 'guide');
    expect(unfrozen).toEqual([]);
  });
});

describe('counts', () => {
  const c = g.counts();

  it('has a line for every kind validate must print', () => {
    for (const k of ['salary-levels', 'skills', 'tracks', 'roadmap-phases', 'interview-questions', 'quiz-items', 'quiz-items-generated', 'glossary', 'faq'])
      expect(c, k).toHaveProperty(k);
  });

  it('the fixed tables of the guide have the guide’s sizes', () => {
    expect(c['salary-levels']).toBe(4);
    expect(c['salary-bands']).toBe(8);
    expect(c.roles).toBe(2);
    expect(c.skills).toBe(22); // 8 shared + 5 SWE-centric + 9 AI differentiators
    expect(c.tracks).toBe(5); // IC, EM, Product AI, Research-adjacent, AI Infrastructure
    expect(c.specialisations).toBe(4);
    expect(c['roadmap-phases']).toBe(3);
    expect(c['roadmap-steps']).toBe(5); // weeks 1–2, weeks 3–4, month 2, month 3, months 4–6
    expect(c['day-in-life-entries']).toBe(10); // 5 per role
    expect(c['interview-questions-guide']).toBe(4);
    expect(c.faq).toBe(10);
  });

  it('bank counts match what is actually loaded', () => {
    expect(c['interview-questions']).toBe(g.interviewQuestions.length);
    expect(c['quiz-items']).toBe(g.quizItems.length);
    expect(c['quiz-items-generated']).toBe(g.quizItems.filter((q) => q.id.startsWith('gen-')).length);
    expect(c.glossary).toBe(g.glossary.length);
    expect(c['quiz-items-generated']).toBeGreaterThan(0);
    expect(c['quiz-items-generated']).toBeLessThan(c['quiz-items']!);
  });
});
