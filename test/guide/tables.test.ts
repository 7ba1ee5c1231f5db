/**
 * One test group per table / list of the guide. Every expectation here is transcribed
 * from ../shared/guide/ai-engineer-vs-software-engineer-2026.txt. Prose in data/ is in
 * our own words, so sentences are checked for the facts, figures and names they must
 * carry, not for wording; names, steps, times and numbers are checked exactly.
 */
import { describe, expect, it } from 'vitest';
import type { Skill } from '../../src/core/guide/model.js';
import { canon, flat, guide, missing } from './_helpers.js';

const g = guide();
const byName = (name: string): Skill => {
  const hits = g.skills.filter((s) => s.name === name);
  expect(hits, `skill named "${name}"`).toHaveLength(1);
  return hits[0]!;
};
const skillText = (s: Skill) => `${s.name} ${s.summary} ${s.why_it_matters} ${s.ai_adds ?? ''} ${s.role_note ?? ''} ${s.tools.join(' ')}`;

// -------------------------------------------------------------------- section 1: the two roles
describe('roles (section 1 and the side-by-side diagram)', () => {
  it('defines exactly the two roles, SWE deterministic and AI Engineer probabilistic', () => {
    expect(g.roles.map((r) => r.id).sort()).toEqual(['ai', 'swe']);
    expect(g.role('swe')!.name).toBe('Software Engineer');
    expect(g.role('ai')!.name).toBe('AI Engineer');
    expect(g.role('swe')!.nature).toBe('deterministic');
    expect(g.role('ai')!.nature).toBe('probabilistic');
  });

  it('SWE: 5 core responsibilities (specs, code + review, data models/API contracts, tests, production)', () => {
    const r = g.role('swe')!.responsibilities;
    expect(r).toHaveLength(5);
    const all = r.join(' | ');
    expect(missing(all, ['requirements', 'specification', 'review', 'data model', 'API', 'unit', 'integration', 'end-to-end', 'monitoring', 'alerting', 'on-call'])).toEqual([]);
  });

  it('AI Engineer: 7 core responsibilities, naming OpenAI, Anthropic and Google Gemini', () => {
    const r = g.role('ai')!.responsibilities;
    expect(r).toHaveLength(7);
    const all = r.join(' | ');
    expect(
      missing(all, ['RAG', 'system prompts', 'few-shot', 'chain-of-thought', 'OpenAI', 'Anthropic', 'Google Gemini', 'agents', 'tools', 'memory', 'hallucination rate', 'latency', 'cost', 'guardrails', 'content filters', 'output validation']),
    ).toEqual([]);
  });

  it('the probabilistic nature: temperature, prompt wording, retrieved context, sampling → evals, guardrails, fallbacks', () => {
    expect(missing(g.role('ai')!.nature_detail, ['temperature', 'prompt', 'retrieved', 'sampling', 'unit test', 'evaluation pipelines', 'guardrails', 'fallback'])).toEqual([]);
    expect(missing(g.role('swe')!.nature_detail, ['SOLID', 'DRY', 'twelve-factor'])).toEqual([]);
  });

  it('the comparison diagram has 8 points per side, with its key claims', () => {
    const swe = g.role('swe')!.comparison_points;
    const ai = g.role('ai')!.comparison_points;
    expect(swe).toHaveLength(8);
    expect(ai).toHaveLength(8);
    expect(missing(swe.join(' | '), ['APIs', 'deterministic', 'design patterns', 'exact', 'reproduc', 'infra', 'mobile', 'platform', 'probabilistic', 'AI skills'])).toEqual([]);
    expect(missing(ai.join(' | '), ['RAG', 'agent', 'demand', '+$20K–$60K', 'prerequisite', 'evaluation pipelines', 'non-deterministic', 'prompt change'])).toEqual([]);
    // "best practices still evolving rapidly" may be phrased as changing
    expect(flat(ai.join(' '))).toMatch(/evolving|changing/);
  });

  it('"use X when…" guidance and the verdict', () => {
    expect(missing(g.role('swe')!.choose_when, ['backend', 'throughput', 'distributed systems', 'infrastructure', 'scale'])).toEqual([]);
    expect(missing(g.role('ai')!.choose_when, ['language', 'content', 'questions', 'autonomous'])).toEqual([]);
    expect(missing(g.verdict, ['Software Engineer', 'LLM'])).toEqual([]);
  });
});

// -------------------------------------------------------------------- section 2: shared skills table
describe('shared skills table (8 rows, both roles)', () => {
  // Skill Area | Software Engineer | AI Engineer
  const SHARED: { name: string; swe: string; ai: string; aiAdds?: RegExp }[] = [
    { name: 'Python proficiency', swe: 'required', ai: 'required' },
    { name: 'REST API design', swe: 'required', ai: 'required' },
    { name: 'SQL and data modeling', swe: 'required', ai: 'required', aiAdds: /^vector stores$/i },
    { name: 'Git, CI/CD, Docker', swe: 'required', ai: 'required' },
    { name: 'System design fundamentals', swe: 'required', ai: 'required' },
    { name: 'Cloud platforms (AWS/GCP/Azure)', swe: 'required', ai: 'required' },
    { name: 'Testing and observability', swe: 'required', ai: 'required', aiAdds: /^LLM eval(uation)?$/i },
    { name: 'Algorithms and data structures', swe: 'interviews', ai: 'interviews' },
  ];

  it('the shared category holds exactly these 8 skills', () => {
    expect(g.skills.filter((s) => s.category === 'shared').map((s) => s.name).sort()).toEqual(SHARED.map((s) => s.name).sort());
  });

  it.each(SHARED)('$name: SWE $swe, AI $ai', (row) => {
    const s = byName(row.name);
    expect(s.category).toBe('shared');
    expect(s.requirement).toEqual({ swe: row.swe, ai: row.ai });
    if (row.aiAdds) expect(s.ai_adds ?? '').toMatch(row.aiAdds);
    else expect(s.ai_adds).toBeUndefined();
  });

  it('cloud platforms name AWS, GCP and Azure', () => {
    expect([...byName('Cloud platforms (AWS/GCP/Azure)').tools].sort()).toEqual(['AWS', 'Azure', 'GCP']);
  });
});

describe('SWE-centric skills (5, less prominent for AI Engineers)', () => {
  const SWE_CENTRIC: { name: string; mentions: string[] }[] = [
    { name: 'Frontend frameworks', mentions: ['React', 'Vue', 'Angular', 'interfaces'] },
    { name: 'Compiler design / language internals', mentions: ['platform', 'infrastructure'] },
    { name: 'Distributed systems at scale', mentions: ['Kafka', 'consensus', 'scheduler'] },
    { name: 'Low-level optimization', mentions: ['memory management', 'SIMD', 'custom data structures'] },
    { name: 'Mobile development', mentions: ['iOS', 'Android', 'SDK'] },
  ];

  it('the swe-centric category holds exactly these 5 skills', () => {
    expect(g.skills.filter((s) => s.category === 'swe-centric').map((s) => s.name).sort()).toEqual(SWE_CENTRIC.map((s) => s.name).sort());
  });

  it.each(SWE_CENTRIC)('$name: central for SWE, peripheral for AI, mentions $mentions', (row) => {
    const s = byName(row.name);
    expect(s.requirement).toEqual({ swe: 'central', ai: 'peripheral' });
    expect(missing(skillText(s), row.mentions)).toEqual([]);
  });
});

describe('AI differentiators (9, with why they matter and the tools the guide names)', () => {
  const AI: { name: string; tools: string[]; why: string[] }[] = [
    { name: 'Prompt engineering', tools: [], why: ['wording', 'output'] },
    { name: 'RAG architecture', tools: [], why: ['production', 'ground'] },
    { name: 'Vector databases', tools: ['Pinecone', 'Weaviate', 'pgvector'], why: ['semantic search'] },
    { name: 'LLM evaluation', tools: ['RAGAS', 'LangSmith'], why: ['quality', 'probabilistic'] },
    { name: 'Agent orchestration', tools: ['LangGraph', 'CrewAI', 'AutoGen'], why: ['multi-step', 'autonomous'] },
    { name: 'Embedding models', tools: [], why: ['text', 'images', 'vector'] },
    { name: 'Token economics', tools: [], why: ['context window', 'cost', 'caching'] },
    { name: 'Hallucination mitigation', tools: [], why: ['grounding', 'citation', 'confidence'] },
    { name: 'LLMOps', tools: [], why: ['versioning', 'A/B', 'monitoring'] },
  ];

  it('the ai-differentiator category holds exactly these 9 skills (22 skills in all)', () => {
    expect(g.skills.filter((s) => s.category === 'ai-differentiator').map((s) => s.name).sort()).toEqual(AI.map((s) => s.name).sort());
    expect(g.skills).toHaveLength(22);
  });

  it.each(AI)('$name: an AI differentiator; tools include $tools', (row) => {
    const s = byName(row.name);
    expect(s.requirement).toEqual({ swe: 'not-required', ai: 'differentiator' });
    for (const t of row.tools) expect(s.tools, `${row.name} tools`).toContain(t);
    expect(missing(`${s.summary} ${s.why_it_matters}`, row.why)).toEqual([]);
  });

  it('each differentiator points to the roadmap step where it is learned, where the roadmap has one', () => {
    const where: Record<string, string> = {
      'Prompt engineering': 'Prompt Engineering Basics',
      'RAG architecture': 'RAG Architecture',
      'Vector databases': 'Vector Databases',
      'LLM evaluation': 'LLM Evaluation',
      'Agent orchestration': 'Agent Frameworks',
      LLMOps: 'Production Deployment',
    };
    for (const [skill, step] of Object.entries(where)) {
      const names = byName(skill).roadmap_steps.map((id) => g.roadmapItem(id)?.item.name);
      expect(names, skill).toContain(step);
    }
  });
});

// -------------------------------------------------------------------- section 7: career tracks
describe('career ladders and tracks (section 7)', () => {
  it('SWE IC ladder, step by step', () => {
    expect([...g.track('swe-ic')!.steps]).toEqual(['Senior SWE', 'Staff SWE', 'Principal SWE', 'Distinguished Engineer / Fellow']);
    expect(g.track('swe-ic')!.role).toBe('swe');
  });

  it('SWE EM ladder, step by step', () => {
    expect([...g.track('swe-em')!.steps]).toEqual(['Senior SWE', 'Engineering Manager', 'Senior EM', 'Director of Engineering', 'VP of Engineering']);
    expect(missing(g.track('swe-em')!.summary, ['hiring', 'culture', 'coding'])).toEqual([]);
  });

  it('both ladders branch at Senior', () => {
    expect(missing(g.tracksData.ladder_note, ['Senior'])).toEqual([]);
  });

  it('three AI tracks and where they lead', () => {
    const ai = g.tracks.filter((t) => t.role === 'ai');
    expect(ai.map((t) => t.name).sort()).toEqual(['AI Infrastructure track', 'Product AI track', 'Research-adjacent track']);
    expect(ai.every((t) => t.kind === 'track' && t.steps.length === 0)).toBe(true);

    const product = ai.find((t) => t.name === 'Product AI track')!;
    expect([...product.leads_to].map(canon).sort()).toEqual(['ai product management', 'founding a startup', 'ml platform']);

    const research = ai.find((t) => t.name === 'Research-adjacent track')!;
    expect([...research.leads_to].sort()).toEqual(['Applied Scientist', 'Research Engineer']);
    expect(missing(`${research.summary} ${research.requirements ?? ''}`, ['AI labs', 'research', 'fundamentals', 'graduate degree'])).toEqual([]);

    const infra = ai.find((t) => t.name === 'AI Infrastructure track')!;
    // The guide names no destinations for it, only what it builds.
    expect(infra.leads_to).toEqual([]);
    expect(missing(infra.summary, ['fine-tuning', 'evaluation frameworks', 'model serving', 'prompt management'])).toEqual([]);
  });

  it('exactly 5 tracks: 2 SWE ladders + 3 AI tracks', () => {
    expect(g.tracks.filter((t) => t.kind === 'ladder').map((t) => t.role)).toEqual(['swe', 'swe']);
    expect(g.tracks).toHaveLength(5);
  });

  it('the four fast-growing specialisations and their focus', () => {
    const sp = g.tracksData.specialisations;
    expect(sp.map((s) => s.name)).toEqual(['LLMOps / AI Platform', 'Agentic Systems', 'AI Safety / Red-teaming', 'Multimodal AI']);
    expect(missing(sp[0]!.focus, ['monitoring', 'tooling'])).toEqual([]);
    expect(flat(sp[0]!.focus)).toMatch(/serv(ing|es) models|model serving/);
    expect(missing(sp[1]!.focus, ['agents', 'complex task'])).toEqual([]);
    expect(missing(sp[2]!.focus, ['robust', 'guardrails'])).toEqual([]);
    expect(missing(sp[3]!.focus, ['vision-language', 'audio', 'video'])).toEqual([]);
  });
});

// -------------------------------------------------------------------- section 8: roadmap
describe('transition roadmap (section 8)', () => {
  const rm = g.roadmap;

  it('takes 3–6 months in three phases', () => {
    expect(rm.duration_months).toEqual({ min: 3, max: 6 });
    expect(rm.phases).toHaveLength(3);
  });

  const PHASES = [
    {
      n: 1, name: 'Foundation', months: { from: 1, to: 1 },
      items: [
        ['LLM Fundamentals', ['tokens', 'context windows', 'temperature']],
        ['OpenAI / Anthropic API', ['chat completions', 'streaming', 'tool calling']],
        ['Prompt Engineering Basics', ['system prompts', 'few-shot', 'chain-of-thought']],
        ['First App', ['document', 'questions']],
      ],
    },
    {
      n: 2, name: 'Core Patterns', months: { from: 2, to: 3 },
      items: [
        ['RAG Architecture', ['chunking', 'embeddings', 'vector search', 'reranking']],
        ['Vector Databases', ['Pinecone', 'pgvector', 'Weaviate']],
        ['Agent Frameworks', ['LangGraph', 'CrewAI', 'tool use', 'memory']],
        ['LLM Evaluation', ['RAGAS', 'LangSmith']],
      ],
    },
    {
      n: 3, name: 'Production', months: { from: 4, to: 6 },
      items: [
        ['Production Deployment', ['LLMOps', 'observability', 'cost']],
        ['Portfolio Projects', ['production-quality', 'GitHub']],
        ['Interview Prep', ['system design', 'technical questions']],
        ['Job Applications', ['AI-first', 'AI']],
      ],
    },
  ] as const;

  it.each(PHASES)('phase $n: $name', (want) => {
    const ph = g.phase(String(want.n))!;
    expect(ph.number).toBe(want.n);
    expect(ph.name).toBe(want.name);
    expect(ph.months).toEqual(want.months);
    expect(ph.items.map((i) => i.name)).toEqual(want.items.map(([name]) => name));
    want.items.forEach(([name, facts], i) => {
      expect(missing(ph.items[i]!.detail, facts), name).toEqual([]);
    });
  });

  it('portfolio projects: 2–3 of them', () => {
    const d = flat(g.phase('3')!.items.find((i) => i.name === 'Portfolio Projects')!.detail);
    expect(d).toMatch(/\b2-3\b|two or three/);
  });

  const PLAN = [
    { when: /^weeks 1-2$/, phase: 'Foundation', facts: ['token', 'context window', 'temperature', 'top-p', 'OpenAI', 'Anthropic', 'call'] },
    { when: /^weeks 3-4$/, phase: 'Foundation', facts: ['zero-shot', 'few-shot', 'chain-of-thought', 'system prompt', 'chatbot', 'persona'] },
    { when: /^month 2$/, phase: 'Core Patterns', facts: ['RAG', 'from scratch', 'chunks', 'embed', 'Chroma', 'pgvector', 'semantic'] },
    { when: /^month 3$/, phase: 'Core Patterns', facts: ['LangGraph', 'CrewAI', 'web search', 'calculator', 'database', 'tool calling', 'ReAct', 'memory', 'fail'] },
    { when: /^months 4-6$/, phase: 'Production', facts: ['portfolio', 'evaluation', 'Vercel', 'Railway', 'Hugging Face Spaces', 'README'] },
  ];

  it('the week/month plan has the guide’s 5 steps in order', () => {
    expect(rm.plan).toHaveLength(5);
    rm.plan.forEach((step, i) => {
      const want = PLAN[i]!;
      expect(flat(step.when)).toMatch(want.when);
      expect(g.phase(step.phase)?.name, step.when).toBe(want.phase);
      expect(missing(step.summary, want.facts), step.when).toEqual([]);
    });
    expect(flat(rm.plan[4]!.summary)).toMatch(/\b2-3\b|two or three/);
  });

  it('evaluation is non-optional by the end of Month 3 (RAGAS or a custom harness)', () => {
    expect(missing(rm.evaluation_note, ['Month 3', 'evaluation set', 'RAGAS', 'harness'])).toEqual([]);
  });

  it('portfolio criteria (4), target titles and interview emphasis', () => {
    expect(rm.portfolio_criteria).toHaveLength(4);
    expect(missing(rm.portfolio_criteria.join(' | '), ['use case', 'evaluation', 'Vercel', 'Railway', 'Hugging Face Spaces', 'README', 'architecture'])).toEqual([]);
    for (const t of ['AI Engineer', 'LLM Engineer', 'ML Engineer (Applications)', 'GenAI Engineer']) expect(rm.target_titles).toContain(t);
    expect(missing(rm.interview_emphasis.join(' | '), ['production', 'CI/CD', 'testing', 'monitoring', 'system design', 'RAG'])).toEqual([]);
  });
});

// -------------------------------------------------------------------- section 4: day in the life
describe('day in the life (section 4)', () => {
  const TIMES = ['09:00', '10:30', '12:00', '14:00', '16:00'];
  const day = (role: 'swe' | 'ai') => g.days.find((d) => d.role === role)!;
  const text = (e: { title: string; detail: string }) => `${e.title} ${e.detail}`;

  it('both timelines run 09:00, 10:30, 12:00, 14:00, 16:00', () => {
    expect(g.days.map((d) => d.role).sort()).toEqual(['ai', 'swe']);
    expect(day('swe').entries.map((e) => e.time)).toEqual(TIMES);
    expect(day('ai').entries.map((e) => e.time)).toEqual(TIMES);
  });

  it('SWE day: PR review, architecture review, incident, pagination, 1:1', () => {
    const want = [
      ['pull request', 'payments', 'error', 'edge case'],
      ['microservice', 'event-driven', 'RPC', 'ADR'],
      ['incident', 'query', 'load', 'index', 'post-mortem'],
      ['pagination', 'REST', 'unit', 'integration', 'OpenAPI'],
      ['manager', 'promotion', 'Q2'],
    ];
    day('swe').entries.forEach((e, i) => expect(missing(text(e), want[i]!), e.time).toEqual([]));
    expect(missing(day('swe').summary, ['deterministic', 'binary'])).toEqual([]);
  });

  it('AI day: A/B test 3.2%→1.8% +200ms, hybrid search, agent tool, jailbreak 3 of 50, 128K', () => {
    const want = [
      ['A/B', 'prompt', 'customer support', 'hallucination', '3.2%', '1.8%', '200ms', 'tradeoff'],
      ['RAG', 'hybrid search', 'BM25', 'embeddings', 'rerank'],
      ['agent tool', 'knowledge base', 'edge case', 'malformed arguments'],
      ['safety audit', 'jailbreak', 'content filter', '3 of 50', 'guardrails'],
      ['context window', 'document analysis', '400-page', '128K', 'chunking', 'summari'],
    ];
    day('ai').entries.forEach((e, i) => expect(missing(text(e), want[i]!), e.time).toEqual([]));
    // hallucination went down from 3.2% to 1.8% (not the other way round)
    expect(flat(day('ai').entries[0]!.detail)).toMatch(/3\.2%.{0,12}1\.8%/);
    expect(missing(day('ai').summary, ['probabilistic', 'test set', 'percentages', 'distributions'])).toEqual([]);
  });
});

// -------------------------------------------------------------------- section 9: guide interview questions
describe("the guide's four interview questions", () => {
  const guideQs = g.interviewQuestions.filter((q) => q.source === 'guide');
  const find = (re: RegExp) => {
    const hits = guideQs.filter((q) => re.test(flat(q.question)));
    expect(hits, String(re)).toHaveLength(1);
    return hits[0]!;
  };
  const all = (q: (typeof guideQs)[number]) => `${q.question} ${q.tests} ${q.outline.join(' ')}`;

  it('exactly four are marked source: guide', () => {
    expect(guideQs).toHaveLength(4);
  });

  it('Q1 document Q&A over 10,000 documents: 512 tokens, 50-token overlap, k=5–10, cross-encoder', () => {
    const q = find(/document q&a.*10,000/);
    expect(
      missing(all(q), [
        'RAG', 'system design', 'production',
        '512 tokens', '50-token overlap', 'text-embedding-3-small', 'Pinecone', 'pgvector',
        'top-k', '5-10', 'cross-encoder', 'citations',
        're-embed', 'stale', 'RAGAS', 'faithfulness', 'answer relevance', 'context precision',
        'cache embeddings', 'smaller',
      ]),
    ).toEqual([]);
    expect(flat(all(q))).toMatch(/k (=|of about|of) ?5-10/);
  });

  it('Q2 agent vs RAG pipeline: fixed linear flow vs LLM-driven loop', () => {
    const q = find(/agent.*rag pipeline|rag pipeline.*agent/);
    expect(missing(all(q), ['fixed', 'linear', 'loop', 'tool', 'sub-agent', 'final answer', 'test', 'predictable', 'multi-step reasoning', 'real-world actions'])).toEqual([]);
    expect(flat(all(q))).toMatch(/expensive|cost/);
  });

  it('Q3 evaluating an LLM system: several dimensions, 50–200 queries, drift, tools', () => {
    const q = find(/evaluat.*llm/);
    expect(
      missing(all(q), ['single metric', 'faithfulness', 'answer relevance', 'context precision', 'latency', 'cost', 'human', '50-200', 'drift', 'RAGAS', 'LangSmith', 'Promptfoo']),
    ).toEqual([]);
  });

  it('Q4 a SWE joining an AI team: deterministic → probabilistic, 1–3 months', () => {
    const q = find(/software engineer.*ai team/);
    expect(
      missing(all(q), ['deterministic', 'probabilistic', 'X%', 'context windows', 'token limits', 'streaming', 'prompt', 'RAG', 'evaluat', 'Python', 'APIs', 'databases', 'testing', 'system design', '1-3 months']),
    ).toEqual([]);
  });
});

// -------------------------------------------------------------------- FAQ
describe('FAQ: all ten questions of the guide', () => {
  // Each guide question, and what its data counterpart must ask about and answer with.
  const FAQ: { guide: string; asks: RegExp; answer: string[] }[] = [
    { guide: 'What is the difference between an AI Engineer and a Software Engineer?', asks: /differ/, answer: ['deterministic', 'probabilistic', 'RAG', 'evaluation', 'guardrails'] },
    { guide: 'Do AI Engineers need to know software engineering?', asks: /need.*software engineering/, answer: ['yes', 'Python', 'CI/CD', 'system design', '3-6 months'] },
    { guide: 'Which pays more: AI Engineer or Software Engineer?', asks: /pays more|earns more|paid more/, answer: ['$200K-$260K', '$180K-$220K', 'premium'] },
    { guide: 'How do I transition from Software Engineer to AI Engineer?', asks: /transition|move into|switch/, answer: ['LangGraph', 'CrewAI', '2-3', 'portfolio', '3-6 months'] },
    { guide: 'What does an AI Engineer do on a daily basis?', asks: /daily|typical (work)?day|day to day/, answer: ['A/B', 'RAG', 'agent', 'safety', 'context window', 'percentages'] },
    { guide: 'Which has better job prospects: AI Engineer or Software Engineer?', asks: /job prospects/, answer: ['supply', 'demand', 'larger', 'fewer', 'both'] },
    { guide: 'What education do you need to become an AI Engineer?', asks: /education|degree/, answer: ['computer science', 'not strictly required', 'portfolio'] },
    { guide: 'How much do AI Engineer and Software Engineer skills overlap?', asks: /overlap/, answer: ['Python', 'REST API', 'SQL', 'CI/CD', 'cloud', 'testing', 'token economics'] },
    { guide: 'What is the future outlook for AI Engineers vs Software Engineers?', asks: /future|outlook/, answer: ['job descriptions', 'hybrid'] },
    { guide: 'Are there hybrid AI and Software Engineer roles?', asks: /hybrid/, answer: ['yes', 'AI/ML', 'Full-Stack AI Engineer', 'rare'] },
  ];

  it('has exactly ten entries', () => {
    expect(g.faq).toHaveLength(10);
  });

  it('each guide question maps to exactly one FAQ entry, and no two to the same one', () => {
    const matched = FAQ.map((f) => {
      const hits = g.faq.filter((x) => f.asks.test(flat(x.question)));
      expect(hits.map((h) => h.question), f.guide).toHaveLength(1);
      return hits[0]!.id;
    });
    expect(new Set(matched).size).toBe(10);
  });

  it.each(FAQ)('$guide — the answer carries the guide’s facts', (f) => {
    const hit = g.faq.find((x) => f.asks.test(flat(x.question)))!;
    expect(hit).toBeDefined();
    expect(missing(hit.answer, f.answer)).toEqual([]);
  });
});
