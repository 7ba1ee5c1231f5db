/**
 * The shape of every file in data/. Parsed once at start-up; nothing else in the
 * code base sees raw YAML. Objects are strict: an unknown key is an error, so a
 * typo in a field name cannot silently drop content.
 */
import { z } from 'zod';

/** Slug ids: stable, lowercase, dash-separated. Referenced by rotation, quiz history and scores. */
export const Id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug like "rag-architecture"')
  .max(48, 'must be at most 48 characters');

/** A non-empty, trimmed piece of prose with an upper bound that fits where it is shown. */
export const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);

export const Alias = z.string().trim().min(1).max(60);

export const RoleId = z.enum(['swe', 'ai']);
export type RoleId = z.infer<typeof RoleId>;

export const Level = z.enum(['junior', 'mid', 'senior', 'staff']);
export type Level = z.infer<typeof Level>;

/** Topics shared by interview questions and quiz items. */
export const Topic = z.enum([
  'llm-basics',
  'rag',
  'embeddings',
  'prompting',
  'agents',
  'evaluation',
  'guardrails',
  'cost',
  'llmops',
  'ai-system-design',
  'swe-fundamentals',
  'career',
]);
export type Topic = z.infer<typeof Topic>;

const Usd = z.number().int('must be a whole number of dollars').positive('must be positive');

const Range = z.strictObject({ min: Usd, max: Usd });
/** A range whose top may be open-ended ("$500K+"): max is then the figure shown with a plus. */
const OpenRange = z.strictObject({ min: Usd, max: Usd, open_ended: z.boolean().default(false) });

// ---------------------------------------------------------------- roles.yaml
export const RolesFile = z.strictObject({
  roles: z
    .array(
      z.strictObject({
        id: RoleId,
        name: Text(60),
        short_name: Text(20),
        aliases: z.array(Alias).default([]),
        tagline: Text(120),
        summary: Text(800),
        nature: z.enum(['deterministic', 'probabilistic']),
        nature_detail: Text(800),
        works_on: z.array(Text(120)).min(1),
        responsibilities: z.array(Text(200)).min(1),
        comparison_points: z.array(Text(200)).min(1),
        choose_when: Text(400),
        day_character: Text(400),
      }),
    )
    .length(2, 'must define exactly the two roles (swe and ai)'),
  contrast: Text(800),
  shared_foundation: Text(600),
  verdict: Text(400),
});

// ------------------------------------------------------------- salaries.yaml
export const SalariesFile = z.strictObject({
  market: z.strictObject({
    region: Text(40),
    year: z.number().int().min(2000).max(2100),
    currency: z.literal('USD'),
    basis: Text(200),
    total_comp_includes: z.array(Text(60)).min(1),
    note: Text(400),
  }),
  levels: z
    .array(
      z.strictObject({
        id: Level,
        order: z.number().int().min(1),
        name: Text(40),
        aliases: z.array(Alias).default([]),
      }),
    )
    .min(1),
  bands: z
    .array(
      z.strictObject({
        role: RoleId,
        level: Level,
        title: Text(60),
        level_codes: z.array(Text(10)).default([]),
        years: z.strictObject({
          min: z.number().int().min(0),
          max: z.number().int().min(0),
        }),
        base: Range,
        total_comp: OpenRange,
      }),
    )
    .min(1),
  premium: z.strictObject({
    base: Range,
    summary: Text(300),
    drivers: z
      .array(z.strictObject({ id: Id, name: Text(60), detail: Text(400) }))
      .min(1),
  }),
});

// --------------------------------------------------------------- skills.yaml
export const Requirement = z.enum([
  'required', // both roles need it day to day
  'interviews', // required for interviews
  'central', // core of the role's day-to-day work
  'peripheral', // less prominent in the role's day-to-day work
  'differentiator', // the AI-specific layer a transitioning SWE adds
  'not-required',
]);
export type Requirement = z.infer<typeof Requirement>;

export const SkillCategory = z.enum(['shared', 'swe-centric', 'ai-differentiator']);
export type SkillCategory = z.infer<typeof SkillCategory>;

export const SkillsFile = z.strictObject({
  skills: z
    .array(
      z.strictObject({
        id: Id,
        name: Text(60),
        aliases: z.array(Alias).default([]),
        category: SkillCategory,
        requirement: z.strictObject({ swe: Requirement, ai: Requirement }),
        /** What the AI role adds on top of a shared skill (e.g. "vector stores"). */
        ai_adds: Text(120).optional(),
        /** Where a role-specific note applies (e.g. "essential for platform/infra engineers"). */
        role_note: Text(200).optional(),
        summary: Text(600),
        why_it_matters: Text(500),
        /** Careerbot's own reasoning about the skill, beyond what the guide says: shown labeled as ours. */
        note: Text(300).optional(),
        tools: z.array(Text(60)).default([]),
        /** Roadmap step ids (roadmap.yaml phases[].items[].id) where this skill is learned. */
        roadmap_steps: z.array(Id).default([]),
        /** Other skill or glossary ids. */
        related: z.array(Id).default([]),
      }),
    )
    .min(1),
});

// ------------------------------------------------------------- glossary.yaml
export const GlossaryFile = z.strictObject({
  terms: z
    .array(
      z.strictObject({
        id: Id,
        term: Text(60),
        aliases: z.array(Alias).default([]),
        definition: Text(600),
        why_it_matters: Text(500),
        example: Text(400),
        /** Skill or glossary ids. */
        related: z.array(Id).default([]),
        roles: z.array(RoleId).min(1),
      }),
    )
    .min(1),
});

// --------------------------------------------------------------- tracks.yaml
export const TracksFile = z.strictObject({
  tracks: z
    .array(
      z.strictObject({
        id: Id,
        role: RoleId,
        kind: z.enum(['ladder', 'track']),
        name: Text(60),
        aliases: z.array(Alias).default([]),
        summary: Text(500),
        /** Ladder steps in order (ladders) — empty for AI tracks. */
        steps: z.array(Text(60)).default([]),
        /** Where the track leads (AI tracks). */
        leads_to: z.array(Text(60)).default([]),
        requirements: Text(300).optional(),
      }),
    )
    .min(1),
  ladder_note: Text(400),
  ai_ladder_note: Text(400),
  specialisations: z
    .array(z.strictObject({ id: Id, name: Text(60), aliases: z.array(Alias).default([]), focus: Text(300) }))
    .min(1),
});

// -------------------------------------------------------------- roadmap.yaml
export const RoadmapFile = z.strictObject({
  duration_months: z.strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) }),
  summary: Text(500),
  phases: z
    .array(
      z.strictObject({
        id: Id,
        number: z.number().int().min(1),
        name: Text(60),
        /** Other names for the phase that /roadmap accepts (the guide calls phase 3 "Portfolio and Job Search" too). */
        aliases: z.array(Alias).default([]),
        months: z.strictObject({ from: z.number().int().min(1), to: z.number().int().min(1) }),
        goal: Text(400),
        /** The guide states a goal for Phase 1 only; the others are careerbot's summary of their items. */
        goal_by: z.enum(['guide', 'careerbot']),
        items: z
          .array(z.strictObject({ id: Id, name: Text(60), detail: Text(200) }))
          .min(1),
      }),
    )
    .min(1),
  plan: z
    .array(
      z.strictObject({
        id: Id,
        when: Text(40),
        phase: Id,
        summary: Text(700),
      }),
    )
    .min(1),
  evaluation_note: Text(400),
  portfolio_criteria: z.array(Text(200)).min(1),
  target_titles: z.array(Text(60)).min(1),
  title_note: Text(400),
  interview_emphasis: z.array(Text(200)).min(1),
});

// ---------------------------------------------------------- day-in-life.yaml
export const DayInLifeFile = z.strictObject({
  days: z
    .array(
      z.strictObject({
        role: RoleId,
        entries: z
          .array(
            z.strictObject({
              time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time like "09:00"'),
              title: Text(80),
              detail: Text(500),
            }),
          )
          .min(1),
        summary: Text(400),
      }),
    )
    .length(2, 'must describe exactly the two roles (swe and ai)'),
});

// ------------------------------------------------------------------ faq.yaml
export const FaqFile = z.strictObject({
  faq: z
    .array(
      z.strictObject({
        id: Id,
        question: Text(200),
        answer: Text(1500),
        keywords: z.array(Alias).default([]),
      }),
    )
    .min(1),
});

// ------------------------------------------------ interview-questions/*.yaml
export const InterviewFile = z.strictObject({
  questions: z
    .array(
      z.strictObject({
        id: Id,
        topic: Topic,
        level: Level,
        question: Text(400),
        tests: Text(300),
        outline: z.array(Text(300)).min(3, 'needs at least 3 points').max(7, 'allows at most 7 points'),
        pitfalls: z.array(Text(250)).min(1),
        follow_ups: z.array(Text(250)).default([]),
        /** "guide" marks the guide's own questions; "bank" is ours. */
        source: z.enum(['guide', 'bank']),
        /** For a guide question: the parts careerbot wrote (the guide gives the question and the outline). */
        ours: z.array(z.enum(['tests', 'pitfalls', 'follow_ups'])).default([]),
      }),
    )
    .min(1),
});

// --------------------------------------------------------------- quiz/*.yaml
export const QuizFile = z.strictObject({
  items: z
    .array(
      z.strictObject({
        id: Id,
        topic: Topic,
        difficulty: z.enum(['easy', 'medium', 'hard']),
        question: Text(300),
        options: z
          .array(z.strictObject({ text: Text(150), correct: z.boolean().default(false) }))
          .min(3, 'needs 3 or 4 options')
          .max(4, 'needs 3 or 4 options'),
        explanation: Text(700),
      }),
    )
    .min(1),
});

export type RolesData = z.infer<typeof RolesFile>;
export type SalariesData = z.infer<typeof SalariesFile>;
export type SkillsData = z.infer<typeof SkillsFile>;
export type GlossaryData = z.infer<typeof GlossaryFile>;
export type TracksData = z.infer<typeof TracksFile>;
export type RoadmapData = z.infer<typeof RoadmapFile>;
export type DayInLifeData = z.infer<typeof DayInLifeFile>;
export type FaqData = z.infer<typeof FaqFile>;
export type InterviewData = z.infer<typeof InterviewFile>;
export type QuizData = z.infer<typeof QuizFile>;
