/**
 * Loads data/ into one typed, deeply frozen Guide. Every problem found — YAML
 * syntax, schema, cross-reference — is collected and reported at once, each as
 * `file: path.to.field: reason`.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import * as S from './schema.js';
import { norm, type Entry, type Guide, type QuizItem } from './model.js';
import { generateQuizItems } from './generated-quiz.js';

export class GuideError extends Error {
  constructor(readonly problems: string[]) {
    super(`The guide data has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'GuideError';
  }
}

/** Where each kind lives under data/: a single file, or a folder of files merged in name order. */
const SOURCES = {
  roles: { path: 'roles.yaml', schema: S.RolesFile },
  salaries: { path: 'salaries.yaml', schema: S.SalariesFile },
  skills: { path: 'skills.yaml', schema: S.SkillsFile },
  glossary: { path: 'glossary.yaml', schema: S.GlossaryFile },
  tracks: { path: 'tracks.yaml', schema: S.TracksFile },
  roadmap: { path: 'roadmap.yaml', schema: S.RoadmapFile },
  dayInLife: { path: 'day-in-life.yaml', schema: S.DayInLifeFile },
  faq: { path: 'faq.yaml', schema: S.FaqFile },
  interview: { path: 'interview-questions', schema: S.InterviewFile },
  quiz: { path: 'quiz', schema: S.QuizFile },
} as const;

type Sources = typeof SOURCES;
type Parsed = { [K in keyof Sources]: { file: string; data: z.infer<Sources[K]['schema']> }[] };

function formatPath(path: readonly PropertyKey[]): string {
  return path.length ? path.map(String).join('.') : '(top level)';
}

export function loadGuide(dataDir: string): Guide {
  const problems: string[] = [];
  const rel = (f: string) => relative(process.cwd(), f) || f;

  const parsed = {} as Parsed;
  for (const [kind, src] of Object.entries(SOURCES) as [keyof Sources, Sources[keyof Sources]][]) {
    const full = join(dataDir, src.path);
    let files: string[];
    if (!existsSync(full)) {
      problems.push(`${rel(full)}: (file): is missing`);
      continue;
    }
    if (statSync(full).isDirectory()) {
      files = readdirSync(full)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => join(full, f));
      if (files.length === 0) problems.push(`${rel(full)}: (folder): has no .yaml files`);
    } else files = [full];

    const list: { file: string; data: unknown }[] = [];
    for (const file of files) {
      const lineCounter = new LineCounter();
      const doc = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: false, uniqueKeys: true, lineCounter });
      if (doc.errors.length) {
        for (const e of doc.errors) {
          const pos = e.linePos?.[0] ?? (e.pos ? lineCounter.linePos(e.pos[0]) : undefined);
          const where = pos ? `line ${pos.line}, column ${pos.col}` : '(yaml)';
          problems.push(`${rel(file)}: ${where}: ${e.message.split('\n')[0]}`);
        }
        continue;
      }
      const res = src.schema.safeParse(doc.toJS());
      if (!res.success) {
        for (const issue of res.error.issues) {
          if (issue.code === 'unrecognized_keys') {
            for (const key of issue.keys) problems.push(`${rel(file)}: ${formatPath([...issue.path, key])}: unknown key`);
          } else {
            problems.push(`${rel(file)}: ${formatPath(issue.path)}: ${issue.message}`);
          }
        }
        continue;
      }
      list.push({ file: rel(file), data: res.data });
    }
    (parsed as Record<string, unknown>)[kind] = list;
  }
  // Even when some files failed, check everything that did parse, so all problems are reported at once.
  const complete = problems.length === 0;
  const guide = build(parsed, problems, complete);
  if (problems.length || !guide) throw new GuideError(problems);
  return deepFreeze(guide);
}

function build(p: Parsed, problems: string[], complete: boolean): Guide | null {
  // With complete=false some kinds are missing (they failed to parse): run every check whose inputs exist.
  const one = <K extends keyof Parsed>(k: K) => p[k]?.[0];
  const roles = one('roles');
  const sal = one('salaries');
  const skills = one('skills');
  const glossary = one('glossary');
  const tracks = one('tracks');
  const roadmap = one('roadmap');
  const days = one('dayInLife');
  const faq = one('faq');
  const err = (file: string, path: string, reason: string) => problems.push(`${file}: ${path}: ${reason}`);

  // ---- unique ids (per list)
  const uniqueIds = (file: string, listPath: string, items: readonly { id: string }[]) => {
    const seen = new Map<string, number>();
    items.forEach((it, i) => {
      const prev = seen.get(it.id);
      if (prev !== undefined) err(file, `${listPath}.${i}.id`, `duplicate id "${it.id}" (also at ${listPath}.${prev})`);
      else seen.set(it.id, i);
    });
  };

  // ---- roles
  const roleIds = roles ? roles.data.roles.map((r) => r.id) : ['swe', 'ai'];
  if (roles) {
    for (const want of ['swe', 'ai'] as const)
      if (!roleIds.includes(want)) err(roles.file, 'roles', `role "${want}" is missing`);
    uniqueIds(roles.file, 'roles', roles.data.roles);
  }

  // ---- salaries
  if (sal) {
    const s = sal.data;
    uniqueIds(sal.file, 'levels', s.levels);
    s.levels.forEach((l, i) => {
      if (l.order !== i + 1) err(sal.file, `levels.${i}.order`, `levels must be listed in order 1, 2, 3…; expected ${i + 1}, got ${l.order}`);
    });
    const levelIds = new Set(s.levels.map((l) => l.id));
    const bandKey = new Map<string, number>();
    s.bands.forEach((b, i) => {
      const at = `bands.${i}`;
      if (!levelIds.has(b.level)) err(sal.file, `${at}.level`, `unknown level "${b.level}" (levels: ${[...levelIds].join(', ')})`);
      const key = `${b.role}/${b.level}`;
      if (bandKey.has(key)) err(sal.file, at, `duplicate band for ${key} (also bands.${bandKey.get(key)})`);
      bandKey.set(key, i);
      if (b.base.min > b.base.max) err(sal.file, `${at}.base`, `min ${b.base.min} is greater than max ${b.base.max}`);
      if (b.total_comp.min > b.total_comp.max) err(sal.file, `${at}.total_comp`, `min ${b.total_comp.min} is greater than max ${b.total_comp.max}`);
      if (b.years.min > b.years.max) err(sal.file, `${at}.years`, `min ${b.years.min} is greater than max ${b.years.max}`);
      if (b.total_comp.min < b.base.min) err(sal.file, `${at}.total_comp.min`, `total comp ${b.total_comp.min} is below base ${b.base.min}; total comp includes base`);
    });
    for (const role of roleIds)
      for (const level of levelIds)
        if (!bandKey.has(`${role}/${level}`)) err(sal.file, 'bands', `no band for role "${role}" at level "${level}"`);
    for (const role of roleIds) {
      const ordered = s.levels
        .map((l) => s.bands.findIndex((b) => b.role === role && b.level === l.id))
        .filter((i) => i >= 0);
      for (let k = 1; k < ordered.length; k++) {
        const prev = s.bands[ordered[k - 1]!]!;
        const cur = s.bands[ordered[k]!]!;
        if (cur.base.min < prev.base.min || cur.base.max < prev.base.max)
          err(sal.file, `bands.${ordered[k]}.base`, `${role} ${cur.level} pays less than ${prev.level}; levels must be ordered by pay`);
      }
    }
    if (s.premium.base.min > s.premium.base.max)
      err(sal.file, 'premium.base', `min ${s.premium.base.min} is greater than max ${s.premium.base.max}`);
  }

  // ---- roadmap
  const itemIds = new Map<string, string>();
  if (roadmap) {
    const rm = roadmap.data;
    uniqueIds(roadmap.file, 'phases', rm.phases);
    uniqueIds(roadmap.file, 'plan', rm.plan);
    rm.phases.forEach((ph, i) => {
      if (ph.number !== i + 1) err(roadmap.file, `phases.${i}.number`, `phases must be numbered 1, 2, 3… in order; expected ${i + 1}`);
      if (ph.months.from > ph.months.to) err(roadmap.file, `phases.${i}.months`, `from ${ph.months.from} is after to ${ph.months.to}`);
      const prev = rm.phases[i - 1];
      if (prev && ph.months.from <= prev.months.to) err(roadmap.file, `phases.${i}.months.from`, `overlaps phase ${prev.id} (ends month ${prev.months.to})`);
      ph.items.forEach((it, j) => {
        if (itemIds.has(it.id)) err(roadmap.file, `phases.${i}.items.${j}.id`, `duplicate roadmap item id "${it.id}"`);
        itemIds.set(it.id, ph.id);
      });
    });
    if (rm.duration_months.min > rm.duration_months.max) err(roadmap.file, 'duration_months', 'min is greater than max');
    const phaseIds = new Set(rm.phases.map((x) => x.id));
    rm.plan.forEach((step, i) => {
      if (!phaseIds.has(step.phase)) err(roadmap.file, `plan.${i}.phase`, `unknown phase "${step.phase}" (phases: ${[...phaseIds].join(', ')})`);
    });
  }

  // ---- skills + glossary share one lookup namespace
  const skillList = skills?.data.skills ?? [];
  const termList = glossary?.data.terms ?? [];
  if (skills) uniqueIds(skills.file, 'skills', skillList);
  if (glossary) uniqueIds(glossary.file, 'terms', termList);
  const entries: Entry[] = [
    ...skillList.map((sk) => ({ kind: 'skill' as const, id: sk.id, name: sk.name, aliases: sk.aliases, skill: sk })),
    ...termList.map((t) => ({ kind: 'term' as const, id: t.id, name: t.term, aliases: t.aliases, term: t })),
  ];
  const entryIds = new Set(entries.map((e) => e.id));
  const skillIdSet = new Set(skillList.map((x) => x.id));
  if (glossary && skills)
    termList.forEach((t, i) => {
      if (skillIdSet.has(t.id)) err(glossary.file, `terms.${i}.id`, `"${t.id}" is already a skill id in ${skills.file}`);
    });
  // References are only checked when both sides loaded, so a broken file does not cause false alarms.
  const refsKnown = Boolean(skills && glossary);
  const names = new Map<string, string>();
  const claim = (file: string, path: string, word: string, owner: string) => {
    const k = norm(word);
    if (!k) return;
    const prev = names.get(k);
    if (prev !== undefined && prev !== owner) err(file, path, `"${word}" already names "${prev}"`);
    else names.set(k, owner);
  };
  if (skills) {
    skills.data.skills.forEach((sk, i) => {
      claim(skills.file, `skills.${i}.id`, sk.id, sk.id);
      claim(skills.file, `skills.${i}.name`, sk.name, sk.id);
      sk.aliases.forEach((a, j) => claim(skills.file, `skills.${i}.aliases.${j}`, a, sk.id));
      sk.roadmap_steps.forEach((r, j) => {
        if (roadmap && !itemIds.has(r)) err(skills.file, `skills.${i}.roadmap_steps.${j}`, `unknown roadmap item "${r}"`);
      });
      sk.related.forEach((r, j) => {
        if (refsKnown && !entryIds.has(r)) err(skills.file, `skills.${i}.related.${j}`, `unknown skill or glossary id "${r}"`);
        if (r === sk.id) err(skills.file, `skills.${i}.related.${j}`, 'a skill cannot be related to itself');
      });
    });
  }
  if (glossary) {
    glossary.data.terms.forEach((t, i) => {
      claim(glossary.file, `terms.${i}.id`, t.id, t.id);
      claim(glossary.file, `terms.${i}.term`, t.term, t.id);
      t.aliases.forEach((a, j) => claim(glossary.file, `terms.${i}.aliases.${j}`, a, t.id));
      t.related.forEach((r, j) => {
        if (refsKnown && !entryIds.has(r)) err(glossary.file, `terms.${i}.related.${j}`, `unknown skill or glossary id "${r}"`);
        if (r === t.id) err(glossary.file, `terms.${i}.related.${j}`, 'a term cannot be related to itself');
      });
    });
  }

  // ---- tracks
  if (tracks) {
    uniqueIds(tracks.file, 'tracks', tracks.data.tracks);
    uniqueIds(tracks.file, 'specialisations', tracks.data.specialisations);
    tracks.data.tracks.forEach((t, i) => {
      if (t.kind === 'ladder' && t.steps.length < 2) err(tracks.file, `tracks.${i}.steps`, 'a ladder needs at least 2 steps');
      if (t.kind === 'ladder' && t.leads_to.length) err(tracks.file, `tracks.${i}.leads_to`, 'a ladder lists its steps, not leads_to');
    });
  }

  // ---- day in the life
  if (days) {
    days.data.days.forEach((d, i) => {
      if (days.data.days.findIndex((x) => x.role === d.role) !== i) err(days.file, `days.${i}.role`, `duplicate role "${d.role}"`);
      d.entries.forEach((e, j) => {
        const prev = d.entries[j - 1];
        if (prev && prev.time >= e.time) err(days.file, `days.${i}.entries.${j}.time`, `${e.time} is not after ${prev.time}`);
      });
    });
  }

  // ---- faq
  if (faq) {
    uniqueIds(faq.file, 'faq', faq.data.faq);
  }

  // ---- interview questions (many files)
  const qSeen = new Map<string, string>();
  const qText = new Map<string, string>();
  const interviewQuestions = (p.interview ?? []).flatMap(({ file, data }) =>
    data.questions.map((q, i) => {
      const prev = qSeen.get(q.id);
      if (prev) err(file, `questions.${i}.id`, `duplicate id "${q.id}" (also in ${prev})`);
      qSeen.set(q.id, file);
      const t = norm(q.question);
      const same = qText.get(t);
      if (same) err(file, `questions.${i}.question`, `same question as "${same}"`);
      qText.set(t, q.id);
      return q;
    }),
  );

  // ---- quiz items (many files) + generated
  const quizSeen = new Map<string, string>();
  const quizText = new Map<string, string>();
  const handQuiz: QuizItem[] = (p.quiz ?? []).flatMap(({ file, data }) =>
    data.items.map((it, i) => {
      const at = `items.${i}`;
      const prev = quizSeen.get(it.id);
      if (prev) err(file, `${at}.id`, `duplicate id "${it.id}" (also in ${prev})`);
      quizSeen.set(it.id, file);
      if (it.id.startsWith('gen-')) err(file, `${at}.id`, 'ids starting with "gen-" are reserved for generated items');
      checkQuizItem(it, (path, reason) => err(file, `${at}${path}`, reason));
      const t = norm(it.question);
      const same = quizText.get(t);
      if (same) err(file, `${at}.question`, `same question as "${same}"`);
      quizText.set(t, it.id);
      return { ...it, generated: false };
    }),
  );

  if (!complete || !roles || !sal || !skills || !glossary || !tracks || !roadmap || !days || !faq) return null;
  const s = sal.data;
  const rm = roadmap.data;
  const partial = {
    roles: roles.data.roles,
    salaries: s,
    skills: skills.data.skills,
    roadmap: rm,
    tracks: tracks.data.tracks,
    tracksData: tracks.data,
  };
  const generated = problems.length ? [] : generateQuizItems(partial);
  for (const g of generated) {
    checkQuizItem(g, (path, reason) => err('(generated quiz)', `${g.id}${path}`, reason));
    if (quizSeen.has(g.id)) err('(generated quiz)', g.id, 'duplicate id');
    quizSeen.set(g.id, '(generated)');
  }
  const quizItems = [...handQuiz, ...generated];

  return makeGuide({
    roles: roles.data.roles,
    contrast: roles.data.contrast,
    sharedFoundation: roles.data.shared_foundation,
    verdict: roles.data.verdict,
    salaries: s,
    skills: skills.data.skills,
    glossary: glossary.data.terms,
    entries,
    tracks: tracks.data.tracks,
    tracksData: tracks.data,
    roadmap: rm,
    days: days.data.days,
    faq: faq.data.faq,
    interviewQuestions,
    quizItems,
  });
}

/** Exactly one correct option, no duplicate options. */
export function checkQuizItem(
  it: { options: readonly { text: string; correct: boolean }[] },
  err: (path: string, reason: string) => void,
): void {
  const correct = it.options.filter((o) => o.correct).length;
  if (correct !== 1) err('.options', `must have exactly one correct option, found ${correct}`);
  const seen = new Map<string, number>();
  it.options.forEach((o, j) => {
    const k = norm(o.text);
    if (seen.has(k)) err(`.options.${j}.text`, `duplicates option ${seen.get(k)}`);
    seen.set(k, j);
  });
}

type GuideParts = Omit<
  Guide,
  'role' | 'level' | 'band' | 'entry' | 'skill' | 'track' | 'phase' | 'roadmapItem' | 'question' | 'quizItem' | 'counts'
>;

function makeGuide(parts: GuideParts): Guide {
  const byAlias = <T>(items: readonly T[], keys: (t: T) => readonly string[]) => {
    const m = new Map<string, T>();
    for (const it of items) for (const k of keys(it)) if (!m.has(norm(k))) m.set(norm(k), it);
    return m;
  };
  const roleMap = byAlias(parts.roles, (r) => [r.id, r.name, r.short_name, ...r.aliases]);
  const levelMap = byAlias(parts.salaries.levels, (l) => [l.id, l.name, ...l.aliases]);
  const entryMap = new Map(parts.entries.map((e) => [e.id, e]));
  const trackMap = byAlias(parts.tracks, (t) => [t.id, t.name, ...t.aliases]);
  const phaseMap = byAlias(parts.roadmap.phases, (p) => [p.id, p.name, String(p.number), `phase ${p.number}`]);
  const itemMap = new Map(parts.roadmap.phases.flatMap((phase) => phase.items.map((item) => [item.id, { phase, item }] as const)));
  const qMap = new Map(parts.interviewQuestions.map((q) => [q.id, q]));
  const quizMap = new Map(parts.quizItems.map((q) => [q.id, q]));

  return {
    ...parts,
    role: (x) => roleMap.get(norm(x)),
    level: (x) => levelMap.get(norm(x)),
    band(role, level) {
      const b = parts.salaries.bands.find((x) => x.role === role && x.level === level);
      if (!b) throw new Error(`no salary band for ${role}/${level}`);
      return b;
    },
    entry: (id) => entryMap.get(id),
    skill: (id) => parts.skills.find((s) => s.id === id),
    track: (x) => trackMap.get(norm(x)),
    phase: (x) => phaseMap.get(norm(x)),
    roadmapItem: (id) => itemMap.get(id),
    question: (id) => qMap.get(id),
    quizItem: (id) => quizMap.get(id),
    counts: () => ({
      'salary-levels': parts.salaries.levels.length,
      'salary-bands': parts.salaries.bands.length,
      roles: parts.roles.length,
      skills: parts.skills.length,
      tracks: parts.tracks.length,
      specialisations: parts.tracksData.specialisations.length,
      'roadmap-phases': parts.roadmap.phases.length,
      'roadmap-steps': parts.roadmap.plan.length,
      'day-in-life-entries': parts.days.reduce((n, d) => n + d.entries.length, 0),
      'interview-questions': parts.interviewQuestions.length,
      'interview-questions-guide': parts.interviewQuestions.filter((q) => q.source === 'guide').length,
      'quiz-items': parts.quizItems.length,
      'quiz-items-generated': parts.quizItems.filter((q) => q.generated).length,
      glossary: parts.glossary.length,
      faq: parts.faq.length,
    }),
  };
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}
