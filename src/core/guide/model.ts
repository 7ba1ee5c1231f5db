/** The typed, immutable guide every feature reads. Built once by loadGuide(). */
import type * as S from './schema.js';

export type RoleId = S.RoleId;
export type LevelId = S.Level;
export type Topic = S.Topic;
export type Role = S.RolesData['roles'][number];
export type LevelDef = S.SalariesData['levels'][number];
export type Band = S.SalariesData['bands'][number];
export type Skill = S.SkillsData['skills'][number];
export type Term = S.GlossaryData['terms'][number];
export type Track = S.TracksData['tracks'][number];
export type Specialisation = S.TracksData['specialisations'][number];
export type Phase = S.RoadmapData['phases'][number];
export type RoadmapItem = Phase['items'][number];
export type FaqEntry = S.FaqData['faq'][number];
export type InterviewQuestion = S.InterviewData['questions'][number];
export type Day = S.DayInLifeData['days'][number];

export interface QuizItem {
  id: string;
  topic: Topic;
  difficulty: 'easy' | 'medium' | 'hard';
  question: string;
  options: readonly { text: string; correct: boolean }[];
  explanation: string;
  /** True when built by code from the typed data (stays true when the data changes). */
  generated: boolean;
}

/** A skill or glossary term: what /skill looks up. */
export type Entry =
  | { kind: 'skill'; id: string; name: string; aliases: readonly string[]; skill: Skill }
  | { kind: 'term'; id: string; name: string; aliases: readonly string[]; term: Term };

export interface Guide {
  readonly roles: readonly Role[];
  readonly contrast: string;
  readonly sharedFoundation: string;
  readonly verdict: string;
  readonly salaries: S.SalariesData;
  readonly skills: readonly Skill[];
  readonly glossary: readonly Term[];
  readonly entries: readonly Entry[];
  readonly tracks: readonly Track[];
  readonly tracksData: S.TracksData;
  readonly roadmap: S.RoadmapData;
  readonly days: readonly Day[];
  readonly faq: readonly FaqEntry[];
  readonly interviewQuestions: readonly InterviewQuestion[];
  readonly quizItems: readonly QuizItem[];

  role(idOrAlias: string): Role | undefined;
  level(idOrAlias: string): LevelDef | undefined;
  band(role: RoleId, level: LevelId): Band;
  entry(id: string): Entry | undefined;
  skill(id: string): Skill | undefined;
  track(idOrAlias: string): Track | undefined;
  phase(idOrNumber: string): Phase | undefined;
  roadmapItem(id: string): { phase: Phase; item: RoadmapItem } | undefined;
  question(id: string): InterviewQuestion | undefined;
  quizItem(id: string): QuizItem | undefined;
  counts(): Record<string, number>;
}

/** Lowercase, unify dashes/underscores/slashes to spaces, drop other punctuation, collapse spaces. */
export function norm(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\p{Pd}_/]+/gu, ' ')
    .replace(/[^\p{L}\p{N}+#. ]+/gu, '')
    .replace(/\.(?!\d)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function usd(n: number, openEnded = false): string {
  const k = n / 1000;
  const s = Number.isInteger(k) ? `$${k}K` : `$${k.toFixed(1)}K`;
  return openEnded ? `${s}+` : s;
}

export function usdRange(r: { min: number; max: number; open_ended?: boolean }): string {
  return `${usd(r.min)}–${usd(r.max, r.open_ended)}`;
}
