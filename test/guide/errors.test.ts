/**
 * One corrupt copy of data/ per kind of error, each with its exact message
 * (`file: path.to.field: reason`), several errors at once, and `src/validate.ts`
 * as a process: non-zero with the problems, zero with `<kind>: <count>` lines.
 *
 * Every fixture is the real data/ copied to a temp dir with one thing broken, so the
 * broken thing is the only problem (asserted with toEqual on the whole list).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadGuide, GuideError } from '../../src/core/guide/load.js';
import { DataCopy, DATA_DIR, ROOT, guide, problemsOf } from './_helpers.js';

type Band = { role: string; level: string; base: { min: number; max: number }; total_comp: { min: number; max: number } };
type Sal = { bands: Band[]; premium: { base: { min: number; max: number } }; market: Record<string, unknown> };
type Sk = { skills: { id: string; name: string; roadmap_steps: string[]; related: string[]; tools: string[] }[] };
type Gl = { terms: { id: string; related: string[] }[] };
type Quiz = { items: { id: string; question: string; options: { text: string; correct?: boolean }[] }[] };
type Iq = { questions: { id: string; question: string }[] };

let copies: DataCopy[] = [];
function copy(): DataCopy {
  const c = new DataCopy();
  copies.push(c);
  return c;
}
afterEach(() => {
  for (const c of copies) c.remove();
  copies = [];
});

const bandIndex = (s: Sal, role: string, level: string) => {
  const i = s.bands.findIndex((b) => b.role === role && b.level === level);
  expect(i, `band ${role}/${level}`).toBeGreaterThanOrEqual(0);
  return i;
};
const skillIndex = (s: Sk, id: string) => {
  const i = s.skills.findIndex((k) => k.id === id);
  expect(i, `skill ${id}`).toBeGreaterThanOrEqual(0);
  return i;
};
/** 1-based line number of the first line equal to `line` in a text. */
const lineOf = (text: string, line: string) => {
  const n = text.split('\n').indexOf(line);
  expect(n, `line ${JSON.stringify(line)}`).toBeGreaterThanOrEqual(0);
  return n + 1;
};

it('the untouched copy loads cleanly (so every problem below comes from the one thing broken)', () => {
  const d = copy();
  expect(problemsOf(d.dir)).toEqual([]);
});

describe('YAML syntax', () => {
  it('a syntax error names the file, the line and the column', () => {
    const d = copy();
    // "name: Junior: entry" — a second ": " on one line is a nested mapping, which YAML forbids here.
    d.replace('salaries.yaml', '    name: Junior\n', '    name: Junior: entry\n');
    const line = lineOf(d.read('salaries.yaml'), '    name: Junior: entry');
    // column 11 is where "Junior: entry" starts (4 spaces + "name: ")
    expect(problemsOf(d.dir)).toEqual([`${d.shown('salaries.yaml')}: line ${line}, column 11: Nested mappings are not allowed in compact mappings`]);
  });

  it('a duplicate key names the file and the line of the second key', () => {
    const d = copy();
    d.replace('salaries.yaml', '  region: US\n', '  region: US\n  region: EU\n');
    const line = lineOf(d.read('salaries.yaml'), '  region: EU');
    expect(problemsOf(d.dir)).toEqual([`${d.shown('salaries.yaml')}: line ${line}, column 3: Map keys must be unique`]);
  });

  it('a syntax error stops that file only from loading: it is reported under its own name', () => {
    const d = copy();
    d.replace('faq.yaml', 'faq:\n', 'faq:\n  - id: [unclosed\n');
    const ps = problemsOf(d.dir);
    expect(ps.length).toBeGreaterThan(0);
    for (const p of ps) expect(p.startsWith(`${d.shown('faq.yaml')}: `), p).toBe(true);
  });
});

describe('schema errors', () => {
  it('unknown key in a band', () => {
    const d = copy();
    let i = -1;
    d.edit<Sal>('salaries.yaml', (s) => {
      i = bandIndex(s, 'swe', 'junior');
      (s.bands[i] as Record<string, unknown>).bonus = 10_000;
    });
    expect(problemsOf(d.dir)).toEqual([`${d.shown('salaries.yaml')}: bands.${i}.bonus: unknown key`]);
  });

  it('unknown key at the top level and inside a quiz option', () => {
    const d = copy();
    d.edit<Record<string, unknown>>('faq.yaml', (f) => {
      f.faqs = [];
    });
    d.edit<Quiz>('quiz/rag.yaml', (q) => {
      (q.items[0]!.options[0] as Record<string, unknown>).rigth = true;
    });
    expect(problemsOf(d.dir)).toEqual([
      `${d.shown('faq.yaml')}: faqs: unknown key`,
      `${d.shown('quiz/rag.yaml')}: items.0.options.0.rigth: unknown key`,
    ]);
  });

  it('wrong type: a salary written as a string', () => {
    const d = copy();
    let i = -1;
    d.edit<Sal>('salaries.yaml', (s) => {
      i = bandIndex(s, 'swe', 'junior');
      (s.bands[i]!.base as Record<string, unknown>).min = '110K';
    });
    expect(problemsOf(d.dir)).toEqual([`${d.shown('salaries.yaml')}: bands.${i}.base.min: Invalid input: expected number, received string`]);
  });

  it('wrong type: a list written as a string, a bad slug id, a fractional dollar amount, an unknown level', () => {
    const d = copy();
    let bi = -1;
    d.edit<Sal>('salaries.yaml', (s) => {
      bi = bandIndex(s, 'ai', 'mid');
      s.bands[bi]!.total_comp.max = 320_000.5;
      s.bands[bi]!.level = 'intern';
    });
    d.edit<Sk>('skills.yaml', (s) => {
      (s.skills[0] as Record<string, unknown>).tools = 'Pinecone';
      s.skills[1]!.id = 'REST API';
    });
    expect(problemsOf(d.dir)).toEqual([
      `${d.shown('salaries.yaml')}: bands.${bi}.level: Invalid option: expected one of "junior"|"mid"|"senior"|"staff"`,
      `${d.shown('salaries.yaml')}: bands.${bi}.total_comp.max: must be a whole number of dollars`,
      `${d.shown('skills.yaml')}: skills.0.tools: Invalid input: expected array, received string`,
      `${d.shown('skills.yaml')}: skills.1.id: must be a lowercase slug like "rag-architecture"`,
    ]);
  });

  it('a missing required section', () => {
    const d = copy();
    d.edit<Sal>('salaries.yaml', (s) => {
      delete (s as Partial<Sal>).premium;
    });
    expect(problemsOf(d.dir)).toEqual([`${d.shown('salaries.yaml')}: premium: Invalid input: expected object, received undefined`]);
  });
});

describe('salary checks', () => {
  it('base min > max', () => {
    const d = copy();
    let i = -1;
    d.edit<Sal>('salaries.yaml', (s) => {
      i = bandIndex(s, 'swe', 'staff');
      s.bands[i]!.base.min = 270_000; // max stays 260000
    });
    expect(problemsOf(d.dir)).toEqual([`${d.shown('salaries.yaml')}: bands.${i}.base: min 270000 is greater than max 260000`]);
  });

  it('total comp min > max', () => {
    const d = copy();
    let i = -1;
    d.edit<Sal>('salaries.yaml', (s) => {
      i = bandIndex(s, 'ai', 'junior');
      s.bands[i]!.total_comp.min = 215_000; // max stays 210000
    });
    expect(problemsOf(d.dir)).toEqual([`${d.shown('salaries.yaml')}: bands.${i}.total_comp: min 215000 is greater than max 210000`]);
  });

  it('premium min > max', () => {
    const d = copy();
    d.edit<Sal>('salaries.yaml', (s) => {
      s.premium.base.min = 70_000;
    });
    expect(problemsOf(d.dir)).toEqual([`${d.shown('salaries.yaml')}: premium.base: min 70000 is greater than max 60000`]);
  });

  it('a missing band', () => {
    const d = copy();
    d.edit<Sal>('salaries.yaml', (s) => {
      s.bands.splice(bandIndex(s, 'ai', 'staff'), 1);
    });
    expect(problemsOf(d.dir)).toEqual([`${d.shown('salaries.yaml')}: bands: no band for role "ai" at level "staff"`]);
  });
});

describe('cross-references', () => {
  it('a skill pointing at an unknown roadmap step', () => {
    const d = copy();
    let k = -1;
    d.edit<Sk>('skills.yaml', (s) => {
      k = skillIndex(s, 'vector-databases');
      s.skills[k]!.roadmap_steps = ['vector-store'];
    });
    expect(problemsOf(d.dir)).toEqual([`${d.shown('skills.yaml')}: skills.${k}.roadmap_steps.0: unknown roadmap item "vector-store"`]);
  });

  it('a skill related to an unknown id', () => {
    const d = copy();
    let k = -1;
    let j = -1;
    d.edit<Sk>('skills.yaml', (s) => {
      k = skillIndex(s, 'rag-architecture');
      j = s.skills[k]!.related.push('quantum-rag') - 1;
    });
    expect(problemsOf(d.dir)).toEqual([`${d.shown('skills.yaml')}: skills.${k}.related.${j}: unknown skill or glossary id "quantum-rag"`]);
  });

  it('a glossary term related to an unknown id', () => {
    const d = copy();
    d.edit<Gl>('glossary.yaml', (gl) => {
      gl.terms[0]!.related = ['no-such-term'];
    });
    expect(problemsOf(d.dir)).toEqual([`${d.shown('glossary.yaml')}: terms.0.related.0: unknown skill or glossary id "no-such-term"`]);
  });

  it('a plan step pointing at an unknown phase', () => {
    const d = copy();
    d.edit<{ plan: { phase: string }[] }>('roadmap.yaml', (r) => {
      r.plan[0]!.phase = 'phase-zero';
    });
    expect(problemsOf(d.dir)).toEqual([`${d.shown('roadmap.yaml')}: plan.0.phase: unknown phase "phase-zero" (phases: foundation, core-patterns, production)`]);
  });
});

describe('duplicates', () => {
  it('duplicate id in one file', () => {
    const d = copy();
    let first = '';
    d.edit<{ faq: { id: string }[] }>('faq.yaml', (f) => {
      first = f.faq[0]!.id;
      f.faq[1]!.id = first;
    });
    expect(problemsOf(d.dir)).toEqual([`${d.shown('faq.yaml')}: faq.1.id: duplicate id "${first}" (also at faq.0)`]);
  });

  it('duplicate interview-question id across files', () => {
    const d = copy();
    let id = '';
    d.edit<Iq>('interview-questions/guide.yaml', (q) => {
      id = q.questions[0]!.id;
    });
    d.edit<Iq>('interview-questions/rag.yaml', (q) => {
      q.questions[0]!.id = id;
    });
    expect(problemsOf(d.dir)).toEqual([
      `${d.shown('interview-questions/rag.yaml')}: questions.0.id: duplicate id "${id}" (also in ${d.shown('interview-questions/guide.yaml')})`,
    ]);
  });

  it('a quiz item with two correct options', () => {
    const d = copy();
    d.edit<Quiz>('quiz/rag.yaml', (q) => {
      const wrong = q.items[0]!.options.find((o) => !o.correct)!;
      wrong.correct = true;
    });
    expect(problemsOf(d.dir)).toEqual([`${d.shown('quiz/rag.yaml')}: items.0.options: must have exactly one correct option, found 2`]);
  });

  it('a quiz item with no correct option', () => {
    const d = copy();
    d.edit<Quiz>('quiz/agents.yaml', (q) => {
      for (const o of q.items[2]!.options) o.correct = false;
    });
    expect(problemsOf(d.dir)).toEqual([`${d.shown('quiz/agents.yaml')}: items.2.options: must have exactly one correct option, found 0`]);
  });

  it('a duplicate option (differing only in case and punctuation)', () => {
    const d = copy();
    d.edit<Quiz>('quiz/rag.yaml', (q) => {
      const o = q.items[0]!.options;
      o[1]!.text = `${o[0]!.text.toUpperCase()}!`;
      // keep exactly one correct option among the four, so the duplicate is the only problem
      o.forEach((x, i) => (x.correct = i === 2));
    });
    expect(problemsOf(d.dir)).toEqual([`${d.shown('quiz/rag.yaml')}: items.0.options.1.text: duplicates option 0`]);
  });

  it('duplicate quiz question text (case and punctuation ignored)', () => {
    const d = copy();
    let id0 = '';
    d.edit<Quiz>('quiz/rag.yaml', (q) => {
      id0 = q.items[0]!.id;
      q.items[1]!.question = `  ${q.items[0]!.question.toUpperCase().replace(/\?$/, ' ?!')}`;
    });
    expect(problemsOf(d.dir)).toEqual([`${d.shown('quiz/rag.yaml')}: items.1.question: same question as "${id0}"`]);
  });

  it('duplicate interview question text across files', () => {
    const d = copy();
    let id = '';
    let text = '';
    d.edit<Iq>('interview-questions/guide.yaml', (q) => {
      id = q.questions[1]!.id;
      text = q.questions[1]!.question;
    });
    d.edit<Iq>('interview-questions/rag.yaml', (q) => {
      q.questions[0]!.question = text.toLowerCase();
    });
    expect(problemsOf(d.dir)).toEqual([`${d.shown('interview-questions/rag.yaml')}: questions.0.question: same question as "${id}"`]);
  });
});

describe('missing files', () => {
  it('a missing file', () => {
    const d = copy();
    rmSync(d.path('faq.yaml'));
    expect(problemsOf(d.dir)).toEqual([`${d.shown('faq.yaml')}: (file): is missing`]);
  });

  it('a missing folder, and an empty one', () => {
    const d = copy();
    rmSync(d.path('quiz'), { recursive: true });
    for (const f of readdirSync(d.path('interview-questions'))) rmSync(d.path(join('interview-questions', f)));
    expect(problemsOf(d.dir)).toEqual([
      `${d.shown('interview-questions')}: (folder): has no .yaml files`,
      `${d.shown('quiz')}: (file): is missing`,
    ]);
  });

  it('a data dir that does not exist at all reports every source', () => {
    const d = copy();
    const empty = d.path('nothing-here');
    mkdirSync(empty);
    const ps = problemsOf(empty);
    expect(ps).toHaveLength(10);
    for (const f of ['roles.yaml', 'salaries.yaml', 'skills.yaml', 'glossary.yaml', 'tracks.yaml', 'roadmap.yaml', 'day-in-life.yaml', 'faq.yaml', 'interview-questions', 'quiz'])
      expect(ps).toContain(`${relative(process.cwd(), join(empty, f))}: (file): is missing`);
  });
});

describe('several errors at once', () => {
  it('file-level errors in different files are all reported together', () => {
    const d = copy();
    let i = -1;
    d.edit<Sal>('salaries.yaml', (s) => {
      i = bandIndex(s, 'swe', 'mid');
      (s.bands[i] as Record<string, unknown>).bonus = 1;
      (s.bands[i]!.base as Record<string, unknown>).max = 'a lot';
    });
    d.edit<Sk>('skills.yaml', (s) => {
      s.skills[0]!.name = '';
    });
    rmSync(d.path('tracks.yaml'));
    expect(problemsOf(d.dir).sort()).toEqual([
      `${d.shown('salaries.yaml')}: bands.${i}.bonus: unknown key`,
      `${d.shown('salaries.yaml')}: bands.${i}.base.max: Invalid input: expected number, received string`,
      `${d.shown('skills.yaml')}: skills.0.name: must not be empty`,
      `${d.shown('tracks.yaml')}: (file): is missing`,
    ].sort());
  });

  it('cross-reference errors in different files are all reported together, in one GuideError', () => {
    const d = copy();
    let bi = -1;
    let k = -1;
    d.edit<Sal>('salaries.yaml', (s) => {
      bi = bandIndex(s, 'swe', 'staff');
      s.bands[bi]!.base.min = 270_000;
      s.bands.splice(bandIndex(s, 'ai', 'staff'), 1);
    });
    d.edit<Sk>('skills.yaml', (s) => {
      k = skillIndex(s, 'vector-databases');
      s.skills[k]!.roadmap_steps = ['nowhere'];
    });
    d.edit<Quiz>('quiz/rag.yaml', (q) => {
      q.items[0]!.options.forEach((o) => (o.correct = true));
    });
    let err: unknown;
    try {
      loadGuide(d.dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GuideError);
    const want = [
      `${d.shown('salaries.yaml')}: bands.${bi}.base: min 270000 is greater than max 260000`,
      `${d.shown('salaries.yaml')}: bands: no band for role "ai" at level "staff"`,
      `${d.shown('skills.yaml')}: skills.${k}.roadmap_steps.0: unknown roadmap item "nowhere"`,
      `${d.shown('quiz/rag.yaml')}: items.0.options: must have exactly one correct option, found 4`,
    ];
    const ge = err as GuideError;
    expect([...ge.problems].sort()).toEqual([...want].sort());
    expect(ge.message).toBe(`The guide data has 4 problems:\n${ge.problems.map((p) => `  ${p}`).join('\n')}`);
  });
});

describe('a broken file does not hide problems in other files', () => {
  it('a YAML syntax error in one file and a cross-check failure in another are reported together', () => {
    const d = copy();
    let bi = -1;
    d.replace('faq.yaml', 'faq:\n', 'faq:\n  - id: [unclosed\n');
    d.edit<Sal>('salaries.yaml', (s) => {
      bi = bandIndex(s, 'swe', 'staff');
      s.bands[bi]!.base.min = 270_000;
    });
    const problems = problemsOf(d.dir);
    expect(problems.some((p) => p.startsWith(`${d.shown('faq.yaml')}: line `))).toBe(true);
    expect(problems).toContain(`${d.shown('salaries.yaml')}: bands.${bi}.base: min 270000 is greater than max 260000`);
  });
});

// ---------------------------------------------------------------- validate as a process
describe('npx tsx src/validate.ts', () => {
  const run = (dir: string) =>
    spawnSync('npx', ['tsx', 'src/validate.ts', dir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

  it('exits non-zero and prints every problem as `file: path: reason`', () => {
    const d = copy();
    let i = -1;
    d.edit<Sal>('salaries.yaml', (s) => {
      i = bandIndex(s, 'swe', 'staff');
      s.bands[i]!.base.min = 270_000;
    });
    d.edit<{ faq: { id: string }[] }>('faq.yaml', (f) => {
      f.faq[1]!.id = f.faq[0]!.id;
    });
    const r = run(d.dir);
    expect(r.status).not.toBe(0);
    expect(r.status).not.toBeNull();
    const file = (f: string) => relative(ROOT, d.path(f));
    const lines = r.stderr.split('\n').map((l) => l.trim());
    expect(lines).toContain(`${file('salaries.yaml')}: bands.${i}.base: min 270000 is greater than max 260000`);
    expect(lines.some((l) => l.startsWith(`${file('faq.yaml')}: faq.1.id: duplicate id "`))).toBe(true);
    expect(r.stdout).not.toMatch(/^salary-levels: /m);
  });

  it('exits non-zero on a YAML syntax error too', () => {
    const d = copy();
    d.replace('salaries.yaml', '    name: Junior\n', '    name: Junior: entry\n');
    const r = run(d.dir);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`${relative(ROOT, d.path('salaries.yaml'))}: `);
  });

  it('exits 0 on the real data and prints `<kind>: <count>` for every kind', () => {
    const r = run(DATA_DIR);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    for (const l of lines) expect(l).toMatch(/^[a-z][a-z-]*: \d+$/);
    const got = Object.fromEntries(lines.map((l) => l.split(': ')).map(([k, v]) => [k, Number(v)]));
    for (const k of ['salary-levels', 'skills', 'tracks', 'roadmap-phases', 'interview-questions', 'quiz-items', 'quiz-items-generated', 'glossary', 'faq'])
      expect(got, k).toHaveProperty(k);
    expect(got['salary-levels']).toBe(4);
    expect(got.skills).toBe(22);
    expect(got.tracks).toBe(5);
    expect(got['roadmap-phases']).toBe(3);
    expect(got.faq).toBe(10);
    expect(got).toEqual(guide().counts());
  });
});
