/**
 * Durable state behind one interface, implemented once (sql-store.ts, on Kysely)
 * for SQLite (the default) and PostgreSQL, so nothing backend-specific leaks here:
 * times are epoch milliseconds, dates are 'YYYY-MM-DD' strings, and every
 * write that a replayed event could repeat is guarded by a unique key.
 */
import type { Platform, Weekday } from '../domain/types.js';

export type { Platform, Weekday } from '../domain/types.js';

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
  /**
   * Set by the bot when posting hit a permanent error (no access, channel gone):
   * the schedule stops until an admin runs `/daily resume` (or `set` again).
   */
  suspendedReason: string | null;
}

/**
 * A daily post's lifecycle: claimed (leased) -> posted (the message exists; its thread, if the
 * platform opens one, may not yet) -> sent (message and thread both exist);
 * or failed (a permanent error; the schedule is suspended).
 */
export type DailyPostStatus = 'claimed' | 'posted' | 'sent' | 'failed';

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
  /** The process holding the claim, and until when (epoch ms); after that anyone may take it over. */
  leaseOwner: string | null;
  leaseUntil: number | null;
  lastError: string | null;
}

/**
 * A quiz round's lifecycle. Every move is a conditional update one process wins:
 * pending -> posting (leased) -> open -> closed -> revealed (leased while revealing);
 * a session whose first question cannot be posted is cancelled; a reveal that meets
 * a permanent error ends as failed.
 */
export type RoundState = 'pending' | 'posting' | 'open' | 'closed' | 'revealed' | 'cancelled' | 'failed';

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
  state: RoundState;
  /** Pending: the earliest time it may be posted (WAITING until the previous round closes). Open: when it was posted. */
  openedAt: number;
  /** Set when the round is posted: openedAt + seconds (0 before). */
  deadline: number;
  messageId: string | null;
  closedAt: number | null;
  leaseOwner: string | null;
  leaseUntil: number | null;
  /** Posting or reveal attempts so far (reset when the round opens). */
  attempts: number;
  lastError: string | null;
}

/** openedAt of a session round that waits for the previous one. */
export const WAITING = 8_000_000_000_000_000;

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

/** A board row with the user's current run of correct days (as currentRuns gives it; null without one). */
export interface RankedRow extends ScoreRow {
  run: { days: number; lastDay: string } | null;
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

/** One member in one workspace: the owner of personal data (practice, mock answers, plan, nudge). */
export interface MemberKey {
  platform: Platform;
  workspaceId: string;
  userId: string;
}

/** A member's spaced-repetition card for one quiz item (the scheduler's card as JSON in `fsrs`). */
export interface PracticeCard {
  itemId: string;
  due: number;
  /** The scheduler's state (ts-fsrs State: 0 new, 1 learning, 2 review, 3 relearning). */
  state: number;
  reps: number;
  lapses: number;
  fsrs: string;
  /** Bumped by every update: a card is only written over the version it was computed from. */
  version: number;
  updatedAt: number;
}

/** A card as the picker reads it: when it is due (the scheduler's JSON stays in the store). */
export type CardDue = Omit<PracticeCard, 'fsrs'>;

/** What the scheduler computed for a card. */
export type CardUpdate = Pick<PracticeCard, 'due' | 'state' | 'reps' | 'lapses' | 'fsrs'>;

/** A practice question shown to a member (graded once, on their click) or a channel-quiz answer fed to their practice. */
export interface PracticeReview extends MemberKey {
  id: number;
  itemId: string;
  source: 'practice' | 'quiz';
  /** Unique per member: `p:<token>` for a shown practice question, `quiz:<round>` for a quiz answer. */
  sourceKey: string;
  /** Display order of the options (practice questions). */
  optionOrder: number[];
  shownAt: number;
  choice: number | null;
  correct: boolean | null;
  /** ts-fsrs Rating given (1 Again … 4 Easy); null until graded. */
  rating: number | null;
  reviewedAt: number | null;
}

/** A grade for one item: of a shown practice question (by its review id) or of a quiz answer (by its source key). */
export type PracticeGrade = MemberKey & { itemId: string; correct: boolean; rating: number; choice: number | null; at: number } & (
    | { reviewId: number }
    | { sourceKey: string }
  );

export interface MockAttempt extends MemberKey {
  /** The token of the answer form: a second submit of the same form is the same attempt. */
  id: string;
  questionId: string;
  topic: string;
  level: string;
  answer: string;
  /** Outline points of the question when answered. */
  points: number;
  createdAt: number;
}

export interface MockSummary extends MockAttempt {
  /** Points marked so far, and how many of them as covered. */
  graded: number;
  covered: number;
}

export interface NudgeSetting extends MemberKey {
  /** `${platform}:${workspaceId}:${userId}` */
  id: string;
  weekday: Weekday;
  /** Local 'HH:MM'. */
  time: string;
  timezone: string;
  enabled: boolean;
  /** Why the bot turned it off (a DM that can never be delivered), or null. */
  disabledReason: string | null;
  updatedAt: number;
}

/** One weekly nudge: claimed (leased) -> sent, or failed (permanent; the nudge is disabled). */
export interface NudgeSend {
  id: number;
  nudgeId: string;
  /** Local ISO week of the nudge's slot, 'YYYY-Www'. */
  week: string;
  status: 'claimed' | 'sent' | 'failed';
  claimedAt: number;
  sentAt: number | null;
  messageId: string | null;
  attempts: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  lastError: string | null;
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

  /** Sets or clears a schedule's suspension; true when this call changed it. */
  suspendSchedule(id: string, reason: string | null, now: number): Promise<boolean>;

  /** Inserts a claim (leased to `owner` until `leaseUntil`) under unique (platform, channel, local date); null when one exists. */
  claimDailyPost(
    p: Pick<DailyPost, 'scheduleId' | 'platform' | 'channelId' | 'localDate' | 'questionId' | 'claimedAt'>,
    owner: string,
    leaseUntil: number,
  ): Promise<DailyPost | null>;
  /** Takes over a claimed, posted or failed post whose lease ran out; null when another process holds it or it is sent. */
  reclaimDailyPost(id: number, owner: string, now: number, leaseUntil: number): Promise<DailyPost | null>;
  getDailyPost(platform: Platform, channelId: string, localDate: string): Promise<DailyPost | null>;
  /** claimed -> posted, by the lease holder; false when it lost the lease. */
  markDailyPostPosted(id: number, owner: string, messageId: string): Promise<boolean>;
  /** claimed|posted -> sent, by the lease holder. */
  markDailyPostSent(id: number, owner: string, messageId: string, now: number): Promise<boolean>;
  /** Gives the lease back after a transient failure: nobody takes it before `retryAt`. */
  releaseDailyPost(id: number, owner: string, retryAt: number, error: string): Promise<boolean>;
  /** -> failed after a permanent error, by the lease holder. */
  failDailyPost(id: number, owner: string, error: string): Promise<boolean>;
  /** Question ids posted (or claimed) for a schedule, oldest first. */
  dailyHistory(scheduleId: string): Promise<string[]>;

  /**
   * Stores a whole session's rounds, only if no other session is active in the
   * channel (one wins when two start at once); false otherwise.
   */
  createSession(rounds: QuizRound[]): Promise<boolean>;
  getRound(id: string): Promise<QuizRound | null>;
  /** Rounds of a session, by seq. */
  sessionRounds(sessionId: string): Promise<QuizRound[]>;
  /** Rounds that still need posting, closing or revealing in these platforms, at `now`. */
  workRounds(now: number, platforms: readonly Platform[]): Promise<QuizRound[]>;
  /** pending (due) or posting (lease expired) -> posting, leased to `owner`. */
  claimRoundPost(id: string, owner: string, now: number, leaseUntil: number): Promise<QuizRound | null>;
  /** posting -> open with its message, by the lease holder. */
  roundPosted(id: string, owner: string, messageId: string, openedAt: number, deadline: number): Promise<boolean>;
  /** Gives a posting or reveal lease back after a transient failure; nobody retries before `retryAt`. */
  releaseRound(id: string, owner: string, retryAt: number, error: string): Promise<boolean>;
  /** Cancels the session's rounds that are not posted yet; returns how many. */
  cancelSession(sessionId: string, reason: string): Promise<number>;
  /** open -> closed (one caller wins), and the session's next round becomes due `gapMs` later. */
  closeRound(id: string, now: number, gapMs: number): Promise<boolean>;
  /** closed (unleased or lease expired) -> leased for revealing. */
  claimReveal(id: string, owner: string, now: number, leaseUntil: number): Promise<QuizRound | null>;
  /** Ends a reveal: revealed, or failed after a permanent error. */
  finishRound(id: string, owner: string, state: 'revealed' | 'failed', error?: string): Promise<boolean>;
  /** Rounds in these states (for tests and operators). */
  roundsIn(states: readonly RoundState[]): Promise<QuizRound[]>;
  /** Rounds of the channel's active session that are posted and open for answers. */
  openRounds(platform: Platform, channelId: string): Promise<QuizRound[]>;
  /** The channel's active session's rounds, if any. */
  activeSession(platform: Platform, channelId: string): Promise<QuizRound[]>;
  /**
   * First answer wins, and only while the round is open and before its deadline, or while it is
   * still posting (the message is visible but its post has not returned; the round's clock starts after):
   * `stored` says whether this call stored it; `answer` is the stored one (absent when the round was not open).
   */
  recordAnswer(a: QuizAnswer): Promise<{ stored: boolean; answer?: QuizAnswer }>;
  answers(roundId: string): Promise<QuizAnswer[]>;

  /** The board, best first: all time (since null) or answers at or after `since` (epoch ms). */
  scores(platform: Platform, workspaceId: string, since: number | null): Promise<ScoreRow[]>;
  /** scores() and currentRuns() in one read of the per-user totals: what /leaderboard shows. Same rows and order as scores(). */
  rankedScores(platform: Platform, workspaceId: string, since: number | null): Promise<RankedRow[]>;
  /** Distinct UTC days ('YYYY-MM-DD') on which each user answered correctly, newest first. */
  correctDays(platform: Platform, workspaceId: string): Promise<Map<string, string[]>>;
  /** Each user's latest run of consecutive UTC days with a correct answer: its length and last day (maintained, no scan). */
  currentRuns(platform: Platform, workspaceId: string): Promise<Map<string, { days: number; lastDay: string }>>;
  setOptOut(platform: Platform, workspaceId: string, userId: string, optedOut: boolean): Promise<void>;
  optOuts(platform: Platform, workspaceId: string): Promise<Set<string>>;

  /**
   * Deletes everything stored for one workspace (an app uninstalled from it):
   * schedules and their posts, quiz sessions, rounds and answers, opt-outs, reports.
   * Returns how many rows went, per table.
   */
  deleteWorkspace(platform: Platform, workspaceId: string): Promise<Record<string, number>>;

  /**
   * Deletes finished rounds (with their answers and sessions) and finished daily posts
   * older than `before` (epoch ms). All-time scores and streak days are kept (score_totals, score_days).
   */
  prune(before: number): Promise<{ rounds: number; answers: number; posts: number }>;
  /**
   * Deletes personal history older than `before` (epoch ms): practice reviews shown before it (graded or not;
   * each card keeps its FSRS state and review count) and finished weekly-nudge sends claimed before it
   * (a week that old can never be due again, so nothing is sent twice).
   */
  prunePersonal(before: number): Promise<{ practiceReviews: number; nudgeSends: number }>;

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

  // ---- personal practice (issue 15): every row belongs to one member (MemberKey)

  /** The member's practice cards (at most one per quiz item), earliest due first. */
  practiceCards(m: MemberKey): Promise<CardDue[]>;
  /** Stores a practice question shown to the member (ungraded); returns its review id (the existing one for a repeated key). */
  showPractice(r: MemberKey & { itemId: string; sourceKey: string; optionOrder: number[]; shownAt: number }): Promise<number>;
  getPracticeReview(id: number): Promise<PracticeReview | null>;
  /**
   * Grades an item once and reschedules its card, in one transaction: a shown
   * question is graded by a conditional update (ungraded, of this member), a quiz
   * answer by its unique source key; `graded` is false when it already was. The
   * card is written only over the version `next` computed from (retried otherwise).
   */
  gradePractice(g: PracticeGrade, next: (prev: PracticeCard | null) => CardUpdate): Promise<{ graded: boolean; review: PracticeReview | null }>;
  /** How many practice grades (reviews) the member has had in all, pruning included (the cards' repetition counts). */
  practiceReviewCount(m: MemberKey): Promise<number>;

  /** Stores a mock answer under its form token; `stored` false when that token was stored already (the stored one is returned if it is this member's). */
  saveMockAttempt(a: MockAttempt): Promise<{ stored: boolean; attempt: MockAttempt | null }>;
  getMockAttempt(id: string): Promise<MockAttempt | null>;
  /** The first grade of an outline point wins (only the attempt's owner grades); true when this call stored it. */
  gradeMockPoint(attemptId: string, userId: string, point: number, covered: boolean, at: number): Promise<boolean>;
  /** Grades of an attempt by point index. */
  mockGrades(attemptId: string): Promise<Map<number, boolean>>;
  /** The member's attempts with their grades so far, newest first. */
  mockHistory(m: MemberKey, limit: number): Promise<MockSummary[]>;
  /** Deletes the member's mock answers and grades; returns how many attempts went. */
  deleteMockAttempts(m: MemberKey): Promise<number>;

  /** Roadmap item ids the member marked done, with when. */
  planItems(m: MemberKey): Promise<Map<string, number>>;
  /** Marks an item done or not done; true when this call changed it. */
  setPlanItem(m: MemberKey, itemId: string, done: boolean, at: number): Promise<boolean>;

  /** Creates or replaces a member's nudge setting (enabling it). */
  putNudge(n: NudgeSetting): Promise<void>;
  getNudge(id: string): Promise<NudgeSetting | null>;
  /** enabled -> disabled (opt-out with null, or the bot's reason); true when this call turned it off. */
  disableNudge(id: string, reason: string | null, at: number): Promise<boolean>;
  /** Enabled nudges on these platforms. */
  listNudges(platforms: readonly Platform[]): Promise<NudgeSetting[]>;
  /** Claims the week's send (unique nudge + week), only while the nudge is enabled; null when taken or disabled. */
  claimNudgeSend(nudgeId: string, week: string, owner: string, now: number, leaseUntil: number): Promise<NudgeSend | null>;
  getNudgeSend(nudgeId: string, week: string): Promise<NudgeSend | null>;
  /** Takes over a claimed send whose lease ran out (the nudge still enabled). */
  reclaimNudgeSend(id: number, owner: string, now: number, leaseUntil: number): Promise<NudgeSend | null>;
  /** claimed -> sent by the lease holder. */
  markNudgeSent(id: number, owner: string, messageId: string, now: number): Promise<boolean>;
  /** Gives the lease back after a transient failure: nobody takes it before `retryAt`. */
  releaseNudgeSend(id: number, owner: string, retryAt: number, error: string): Promise<boolean>;
  /** claimed -> failed after a permanent failure, by the lease holder. */
  failNudgeSend(id: number, owner: string, error: string): Promise<boolean>;

  /**
   * Deletes all of one member's personal data: practice cards and reviews, mock
   * answers and grades, plan, nudge and its sends, seen interview questions.
   * Leaderboard rows are not personal practice and stay. Returns rows per table.
   */
  forgetMember(m: MemberKey): Promise<Record<string, number>>;
}
