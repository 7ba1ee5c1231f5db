/**
 * Durable state behind one interface. SQLite is the default; a PostgreSQL
 * implementation can follow, so nothing SQLite-specific leaks through here:
 * times are epoch milliseconds, dates are 'YYYY-MM-DD' strings, and every
 * write that a replayed event could repeat is guarded by a unique key.
 */
import type { Platform } from '../core/command.js';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface DailySchedule {
  /** `${platform}:${workspaceId}:${channelId}` */
  id: string;
  platform: Platform;
  workspaceId: string;
  channelId: string;
  /** Local time 'HH:MM'. */
  time: string;
  /** IANA timezone, e.g. 'Europe/Berlin'. */
  timezone: string;
  days: Weekday[];
  mention: string | null;
  topic: string | null;
  /** No posts before this local date (exclusive pause end): 'YYYY-MM-DD'. */
  pausedUntil: string | null;
  /** Local dates whose post is skipped. */
  skipDates: string[];
  createdBy: string;
  updatedAt: number;
}

export type DailyPostStatus = 'claimed' | 'sent';

export interface DailyPost {
  id: number;
  scheduleId: string;
  platform: Platform;
  channelId: string;
  localDate: string;
  questionId: string;
  status: DailyPostStatus;
  claimedAt: number;
  sentAt: number | null;
  messageId: string | null;
  attempts: number;
}

export interface QuizRound {
  id: string;
  sessionId: string;
  /** 1-based position in its session, and the session's length. */
  seq: number;
  total: number;
  platform: Platform;
  workspaceId: string;
  channelId: string;
  itemId: string;
  /** Display order: optionOrder[displayIndex] = index in the item's options. */
  optionOrder: number[];
  seconds: number;
  startedBy: string;
  openedAt: number;
  deadline: number;
  messageId: string | null;
  closedAt: number | null;
}

export interface QuizAnswer {
  roundId: string;
  platform: Platform;
  workspaceId: string;
  userId: string;
  userName: string;
  /** Display index (0 = A). */
  choice: number;
  correct: boolean;
  answeredAt: number;
}

export interface ScoreRow {
  userId: string;
  userName: string;
  correct: number;
  answered: number;
}

export interface QuestionReport {
  platform: Platform;
  workspaceId: string;
  userId: string;
  itemKind: 'quiz' | 'interview';
  itemId: string;
  reason: string | null;
  createdAt: number;
}

/** A stored report, with its id and whether an admin has dealt with it. */
export interface StoredReport extends QuestionReport {
  id: number;
  resolvedAt: number | null;
  resolvedBy: string | null;
  resolution: string | null;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies pending migrations; returns the schema version. */
  migrate(): Promise<number>;
  close(): Promise<void>;

  putSchedule(s: DailySchedule): Promise<void>;
  getSchedule(id: string): Promise<DailySchedule | null>;
  listSchedules(filter?: { platform?: Platform; workspaceId?: string }): Promise<DailySchedule[]>;
  deleteSchedule(id: string): Promise<boolean>;

  /** Inserts a claim under unique (platform, channel, local date); null when one exists. */
  claimDailyPost(p: Omit<DailyPost, 'id' | 'status' | 'sentAt' | 'messageId' | 'attempts'>): Promise<DailyPost | null>;
  /** Takes over a claim that never became 'sent' and is older than `staleBefore`; null otherwise. */
  reclaimDailyPost(id: number, staleBefore: number, now: number): Promise<DailyPost | null>;
  getDailyPost(platform: Platform, channelId: string, localDate: string): Promise<DailyPost | null>;
  markDailyPostSent(id: number, messageId: string, now: number): Promise<void>;
  /** Question ids posted (or claimed) for a schedule, oldest first. */
  dailyHistory(scheduleId: string): Promise<string[]>;

  createRound(r: QuizRound): Promise<void>;
  setRoundMessage(roundId: string, messageId: string): Promise<void>;
  getRound(id: string): Promise<QuizRound | null>;
  /** First answer wins: returns the stored answer and whether this call stored it. */
  recordAnswer(a: QuizAnswer): Promise<{ stored: boolean; answer: QuizAnswer }>;
  answers(roundId: string): Promise<QuizAnswer[]>;
  /** Marks a round closed; true only for the call that closed it. */
  closeRound(id: string, now: number): Promise<boolean>;
  dueRounds(now: number): Promise<QuizRound[]>;
  openRounds(platform: Platform, channelId: string): Promise<QuizRound[]>;
  /** Open rounds whose time has come but that have no message yet (a session's next question). */
  unpostedRounds(now: number): Promise<QuizRound[]>;

  scores(platform: Platform, workspaceId: string, since: number | null): Promise<ScoreRow[]>;
  /** Distinct UTC days ('YYYY-MM-DD') on which each user answered correctly, newest first. */
  correctDays(platform: Platform, workspaceId: string): Promise<Map<string, string[]>>;
  setOptOut(platform: Platform, workspaceId: string, userId: string, optedOut: boolean): Promise<void>;
  optOuts(platform: Platform, workspaceId: string): Promise<Set<string>>;

  /** Stores a report; false when this user already reported this item. */
  addReport(r: QuestionReport): Promise<boolean>;
  reports(): Promise<QuestionReport[]>;
  /** Reports, oldest first; `open` keeps only the unresolved ones. */
  listReports(filter?: { platform?: Platform; workspaceId?: string; open?: boolean }): Promise<StoredReport[]>;
  /** Marks every open report of an item in a workspace resolved; returns how many. */
  resolveReports(r: {
    platform: Platform;
    workspaceId: string;
    itemKind: QuestionReport['itemKind'];
    itemId: string;
    by: string;
    note: string | null;
    at: number;
  }): Promise<number>;

  /** Records that a user was shown an interview question (the latest time wins). */
  markSeen(platform: Platform, workspaceId: string, userId: string, questionId: string, at: number): Promise<void>;
  /** The interview questions a user has been shown, with when they last saw each. */
  seenQuestions(platform: Platform, workspaceId: string, userId: string): Promise<Map<string, number>>;
}
