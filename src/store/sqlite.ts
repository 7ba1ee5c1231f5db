/** The default store: one SQLite file via better-sqlite3 (WAL, busy timeout, versioned migrations). */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Platform } from '../domain/types.js';
import type {
  DailyPost,
  DailySchedule,
  QuestionReport,
  QuizAnswer,
  QuizRound,
  RoundState,
  ScoreRow,
  Store,
  Weekday,
} from './store.js';
import { MIGRATIONS } from './migrations.js';

type Row = Record<string, unknown>;

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('synchronous = NORMAL');
  }

  async migrate(): Promise<number> {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const current = (this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
    const apply = this.db.transaction((m: { version: number; sql: string }) => {
      this.db.exec(m.sql);
      this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, Date.now());
    });
    for (const m of MIGRATIONS) if (m.version > current) apply.immediate(m);
    return MIGRATIONS.reduce((v, m) => Math.max(v, m.version), current);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  // ---------------------------------------------------------------- schedules
  async putSchedule(s: DailySchedule): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO daily_schedules (id, platform, workspace_id, channel_id, time_local, timezone, days, mention, topic, paused_until, skip_dates, created_by, updated_at, suspended_reason, suspended_at)
         VALUES (@id, @platform, @workspaceId, @channelId, @time, @timezone, @days, @mention, @topic, @pausedUntil, @skipDates, @createdBy, @updatedAt, @suspendedReason, @suspendedAt)
         ON CONFLICT (id) DO UPDATE SET time_local = excluded.time_local, timezone = excluded.timezone, days = excluded.days,
           mention = excluded.mention, topic = excluded.topic, paused_until = excluded.paused_until, skip_dates = excluded.skip_dates,
           updated_at = excluded.updated_at, suspended_reason = excluded.suspended_reason, suspended_at = excluded.suspended_at`,
      )
      .run({
        ...s,
        days: s.days.join(','),
        skipDates: s.skipDates.join(','),
        suspendedReason: s.suspendedReason ?? null,
        suspendedAt: s.suspendedReason ? s.updatedAt : null,
      });
  }

  async getSchedule(id: string): Promise<DailySchedule | null> {
    const r = this.db.prepare('SELECT * FROM daily_schedules WHERE id = ?').get(id) as Row | undefined;
    return r ? toSchedule(r) : null;
  }

  async listSchedules(filter: { platform?: Platform; workspaceId?: string } = {}): Promise<DailySchedule[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM daily_schedules WHERE (@platform IS NULL OR platform = @platform) AND (@workspaceId IS NULL OR workspace_id = @workspaceId) ORDER BY id`,
      )
      .all({ platform: filter.platform ?? null, workspaceId: filter.workspaceId ?? null }) as Row[];
    return rows.map(toSchedule);
  }

  async deleteSchedule(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM daily_schedules WHERE id = ?').run(id).changes > 0;
  }

  async suspendSchedule(id: string, reason: string | null, now: number): Promise<boolean> {
    const r =
      reason === null
        ? this.db.prepare('UPDATE daily_schedules SET suspended_reason = NULL, suspended_at = NULL WHERE id = ? AND suspended_reason IS NOT NULL').run(id)
        : this.db.prepare('UPDATE daily_schedules SET suspended_reason = ?, suspended_at = ? WHERE id = ? AND suspended_reason IS NULL').run(reason, now, id);
    return r.changes > 0;
  }

  // -------------------------------------------------------------- daily posts
  async claimDailyPost(
    p: Pick<DailyPost, 'scheduleId' | 'platform' | 'channelId' | 'localDate' | 'questionId' | 'claimedAt'>,
    owner: string,
    leaseUntil: number,
  ): Promise<DailyPost | null> {
    const r = this.db
      .prepare(
        `INSERT INTO daily_posts (schedule_id, platform, channel_id, local_date, question_id, status, claimed_at, attempts, lease_owner, lease_until)
         VALUES (?, ?, ?, ?, ?, 'claimed', ?, 1, ?, ?)
         ON CONFLICT (platform, channel_id, local_date) DO NOTHING RETURNING *`,
      )
      .get(p.scheduleId, p.platform, p.channelId, p.localDate, p.questionId, p.claimedAt, owner, leaseUntil) as Row | undefined;
    return r ? toPost(r) : null;
  }

  async reclaimDailyPost(id: number, owner: string, now: number, leaseUntil: number): Promise<DailyPost | null> {
    const r = this.db
      .prepare(
        `UPDATE daily_posts SET lease_owner = ?, lease_until = ?, attempts = attempts + 1,
           status = CASE WHEN status = 'failed' THEN 'claimed' ELSE status END
         WHERE id = ? AND status IN ('claimed', 'posted', 'failed') AND (lease_until IS NULL OR lease_until < ?) RETURNING *`,
      )
      .get(owner, leaseUntil, id, now) as Row | undefined;
    return r ? toPost(r) : null;
  }

  async getDailyPost(platform: Platform, channelId: string, localDate: string): Promise<DailyPost | null> {
    const r = this.db
      .prepare('SELECT * FROM daily_posts WHERE platform = ? AND channel_id = ? AND local_date = ?')
      .get(platform, channelId, localDate) as Row | undefined;
    return r ? toPost(r) : null;
  }

  async markDailyPostPosted(id: number, owner: string, messageId: string): Promise<boolean> {
    return (
      this.db
        .prepare(`UPDATE daily_posts SET status = 'posted', message_id = ? WHERE id = ? AND status = 'claimed' AND lease_owner = ?`)
        .run(messageId, id, owner).changes > 0
    );
  }

  async markDailyPostSent(id: number, owner: string, messageId: string, now: number): Promise<boolean> {
    return (
      this.db
        .prepare(
          `UPDATE daily_posts SET status = 'sent', sent_at = ?, message_id = ?, lease_owner = NULL, lease_until = NULL, last_error = NULL
           WHERE id = ? AND status IN ('claimed', 'posted') AND lease_owner = ?`,
        )
        .run(now, messageId, id, owner).changes > 0
    );
  }

  async releaseDailyPost(id: number, owner: string, retryAt: number, error: string): Promise<boolean> {
    return (
      this.db
        .prepare(`UPDATE daily_posts SET lease_owner = NULL, lease_until = ?, last_error = ? WHERE id = ? AND lease_owner = ? AND status IN ('claimed', 'posted')`)
        .run(retryAt, error, id, owner).changes > 0
    );
  }

  async failDailyPost(id: number, owner: string, error: string): Promise<boolean> {
    return (
      this.db
        .prepare(`UPDATE daily_posts SET status = 'failed', lease_owner = NULL, lease_until = NULL, last_error = ? WHERE id = ? AND lease_owner = ? AND status IN ('claimed', 'posted')`)
        .run(error, id, owner).changes > 0
    );
  }

  async dailyHistory(scheduleId: string): Promise<string[]> {
    const rows = this.db
      .prepare('SELECT question_id FROM daily_posts WHERE schedule_id = ? ORDER BY local_date, id')
      .all(scheduleId) as { question_id: string }[];
    return rows.map((r) => r.question_id);
  }

  // --------------------------------------------------------------------- quiz
  async createSession(rounds: QuizRound[]): Promise<boolean> {
    const first = rounds[0];
    if (!first) return false;
    const key = `${first.platform}:${first.channelId}`;
    const tx = this.db.transaction(() => {
      // A session whose rounds are all past posting no longer blocks the channel (self-healing after old versions).
      this.db
        .prepare(
          `UPDATE quiz_sessions SET active_key = NULL WHERE active_key = ? AND NOT EXISTS
             (SELECT 1 FROM quiz_rounds r WHERE r.session_id = quiz_sessions.id AND r.state IN ('pending', 'posting', 'open'))`,
        )
        .run(key);
      const won = this.db
        .prepare('INSERT INTO quiz_sessions (id, platform, channel_id, active_key, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(first.sessionId, first.platform, first.channelId, key, first.openedAt).changes > 0;
      if (!won) return false;
      const ins = this.db.prepare(
        `INSERT INTO quiz_rounds (id, session_id, seq, total, platform, workspace_id, channel_id, item_id, option_order, seconds, started_by, opened_at, deadline, message_id, closed_at, state, lease_owner, lease_until, attempts, last_error)
         VALUES (@id, @sessionId, @seq, @total, @platform, @workspaceId, @channelId, @itemId, @optionOrder, @seconds, @startedBy, @openedAt, @deadline, @messageId, @closedAt, @state, @leaseOwner, @leaseUntil, @attempts, @lastError)`,
      );
      for (const r of rounds) ins.run({ ...r, optionOrder: r.optionOrder.join(',') });
      return true;
    });
    return tx.immediate();
  }

  async getRound(id: string): Promise<QuizRound | null> {
    const r = this.db.prepare('SELECT * FROM quiz_rounds WHERE id = ?').get(id) as Row | undefined;
    return r ? toRound(r) : null;
  }

  async sessionRounds(sessionId: string): Promise<QuizRound[]> {
    return (this.db.prepare('SELECT * FROM quiz_rounds WHERE session_id = ? ORDER BY seq').all(sessionId) as Row[]).map(toRound);
  }

  async workRounds(now: number, platforms: readonly Platform[]): Promise<QuizRound[]> {
    if (!platforms.length) return [];
    const rows = this.db
      .prepare(
        `SELECT * FROM quiz_rounds WHERE platform IN (${platforms.map(() => '?').join(', ')}) AND (
           (state = 'pending' AND opened_at <= @now)
           OR (state = 'posting' AND lease_until < @now)
           OR (state = 'open' AND deadline <= @now)
           OR (state = 'closed' AND (lease_until IS NULL OR lease_until < @now)))
         ORDER BY opened_at LIMIT 500`,
      )
      .all(...platforms, { now }) as Row[];
    return rows.map(toRound);
  }

  async claimRoundPost(id: string, owner: string, now: number, leaseUntil: number): Promise<QuizRound | null> {
    const r = this.db
      .prepare(
        `UPDATE quiz_rounds SET state = 'posting', lease_owner = ?, lease_until = ?, attempts = attempts + 1
         WHERE id = ? AND ((state = 'pending' AND opened_at <= ?) OR (state = 'posting' AND lease_until < ?)) RETURNING *`,
      )
      .get(owner, leaseUntil, id, now, now) as Row | undefined;
    return r ? toRound(r) : null;
  }

  async roundPosted(id: string, owner: string, messageId: string, openedAt: number, deadline: number): Promise<boolean> {
    return (
      this.db
        .prepare(
          `UPDATE quiz_rounds SET state = 'open', message_id = ?, opened_at = ?, deadline = ?, lease_owner = NULL, lease_until = NULL, attempts = 0, last_error = NULL
           WHERE id = ? AND state = 'posting' AND lease_owner = ?`,
        )
        .run(messageId, openedAt, deadline, id, owner).changes > 0
    );
  }

  async releaseRound(id: string, owner: string, retryAt: number, error: string): Promise<boolean> {
    return (
      this.db
        .prepare(`UPDATE quiz_rounds SET lease_owner = NULL, lease_until = ?, last_error = ? WHERE id = ? AND lease_owner = ? AND state IN ('posting', 'closed')`)
        .run(retryAt, error, id, owner).changes > 0
    );
  }

  async cancelSession(sessionId: string, reason: string): Promise<number> {
    const tx = this.db.transaction(() => {
      const n = this.db
        .prepare(`UPDATE quiz_rounds SET state = 'cancelled', lease_owner = NULL, lease_until = NULL, last_error = ? WHERE session_id = ? AND state IN ('pending', 'posting')`)
        .run(reason, sessionId).changes;
      this.db.prepare('UPDATE quiz_sessions SET active_key = NULL WHERE id = ?').run(sessionId);
      return n;
    });
    return tx.immediate();
  }

  async closeRound(id: string, now: number, gapMs: number): Promise<boolean> {
    const tx = this.db.transaction(() => {
      const r = this.db
        .prepare(
          `UPDATE quiz_rounds SET state = 'closed', closed_at = ?, lease_owner = NULL, lease_until = NULL, attempts = 0
           WHERE id = ? AND state = 'open' RETURNING session_id, seq, total`,
        )
        .get(now, id) as { session_id: string; seq: number; total: number } | undefined;
      if (!r) return false;
      if (r.seq < r.total)
        this.db.prepare(`UPDATE quiz_rounds SET opened_at = ? WHERE session_id = ? AND seq = ? AND state = 'pending'`).run(now + gapMs, r.session_id, r.seq + 1);
      else this.db.prepare('UPDATE quiz_sessions SET active_key = NULL WHERE id = ?').run(r.session_id);
      return true;
    });
    return tx.immediate();
  }

  async claimReveal(id: string, owner: string, now: number, leaseUntil: number): Promise<QuizRound | null> {
    const r = this.db
      .prepare(
        `UPDATE quiz_rounds SET lease_owner = ?, lease_until = ?, attempts = attempts + 1
         WHERE id = ? AND state = 'closed' AND (lease_until IS NULL OR lease_until < ?) RETURNING *`,
      )
      .get(owner, leaseUntil, id, now) as Row | undefined;
    return r ? toRound(r) : null;
  }

  async finishRound(id: string, owner: string, state: 'revealed' | 'failed', error?: string): Promise<boolean> {
    return (
      this.db
        .prepare(`UPDATE quiz_rounds SET state = ?, lease_owner = NULL, lease_until = NULL, last_error = ? WHERE id = ? AND state = 'closed' AND lease_owner = ?`)
        .run(state, error ?? null, id, owner).changes > 0
    );
  }

  async roundsIn(states: readonly RoundState[]): Promise<QuizRound[]> {
    if (!states.length) return [];
    return (this.db.prepare(`SELECT * FROM quiz_rounds WHERE state IN (${states.map(() => '?').join(', ')}) ORDER BY opened_at`).all(...states) as Row[]).map(toRound);
  }

  async openRounds(platform: Platform, channelId: string): Promise<QuizRound[]> {
    const rows = this.db
      .prepare(`SELECT * FROM quiz_rounds WHERE state = 'open' AND platform = ? AND channel_id = ? ORDER BY opened_at`)
      .all(platform, channelId) as Row[];
    return rows.map(toRound);
  }

  async activeSession(platform: Platform, channelId: string): Promise<QuizRound[]> {
    const rows = this.db
      .prepare(
        `SELECT r.* FROM quiz_rounds r JOIN quiz_sessions s ON s.id = r.session_id
         WHERE s.active_key = ? AND EXISTS (SELECT 1 FROM quiz_rounds x WHERE x.session_id = s.id AND x.state IN ('pending', 'posting', 'open'))
         ORDER BY r.seq`,
      )
      .all(`${platform}:${channelId}`) as Row[];
    return rows.map(toRound);
  }

  async recordAnswer(a: QuizAnswer): Promise<{ stored: boolean; answer?: QuizAnswer }> {
    const tx = this.db.transaction(() => {
      const ins = this.db
        .prepare(
          `INSERT INTO quiz_answers (round_id, platform, workspace_id, user_id, user_name, choice, correct, answered_at, answered_day)
           SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM quiz_rounds WHERE id = ? AND state = 'open' AND deadline > ?)
           ON CONFLICT (round_id, user_id) DO NOTHING`,
        )
        .run(a.roundId, a.platform, a.workspaceId, a.userId, a.userName, a.choice, a.correct ? 1 : 0, a.answeredAt, utcDay(a.answeredAt), a.roundId, a.answeredAt);
      if (ins.changes > 0) return { stored: true, answer: a };
      const r = this.db.prepare('SELECT * FROM quiz_answers WHERE round_id = ? AND user_id = ?').get(a.roundId, a.userId) as Row | undefined;
      return r ? { stored: false, answer: toAnswer(r) } : { stored: false };
    });
    return tx.immediate();
  }

  async answers(roundId: string): Promise<QuizAnswer[]> {
    const rows = this.db.prepare('SELECT * FROM quiz_answers WHERE round_id = ? ORDER BY answered_at, user_id').all(roundId) as Row[];
    return rows.map(toAnswer);
  }

  // ------------------------------------------------------------------- scores
  async scores(platform: Platform, workspaceId: string, since: number | null): Promise<ScoreRow[]> {
    const rows = this.db
      .prepare(
        `SELECT user_id, MAX(user_name) AS user_name, SUM(correct) AS correct, COUNT(*) AS answered
         FROM quiz_answers WHERE platform = ? AND workspace_id = ? AND (? IS NULL OR answered_at >= ?)
         GROUP BY user_id ORDER BY correct DESC, answered ASC, user_id`,
      )
      .all(platform, workspaceId, since, since) as Row[];
    return rows.map((r) => ({
      userId: String(r.user_id),
      userName: String(r.user_name),
      correct: Number(r.correct),
      answered: Number(r.answered),
    }));
  }

  async correctDays(platform: Platform, workspaceId: string): Promise<Map<string, string[]>> {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT user_id, answered_day FROM quiz_answers WHERE platform = ? AND workspace_id = ? AND correct = 1
         ORDER BY user_id, answered_day DESC`,
      )
      .all(platform, workspaceId) as Row[];
    const out = new Map<string, string[]>();
    for (const r of rows) {
      const k = String(r.user_id);
      const list = out.get(k) ?? [];
      list.push(String(r.answered_day));
      out.set(k, list);
    }
    return out;
  }

  async setOptOut(platform: Platform, workspaceId: string, userId: string, optedOut: boolean): Promise<void> {
    if (optedOut)
      this.db
        .prepare('INSERT INTO leaderboard_optouts (platform, workspace_id, user_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(platform, workspaceId, userId, Date.now());
    else this.db.prepare('DELETE FROM leaderboard_optouts WHERE platform = ? AND workspace_id = ? AND user_id = ?').run(platform, workspaceId, userId);
  }

  async optOuts(platform: Platform, workspaceId: string): Promise<Set<string>> {
    const rows = this.db
      .prepare('SELECT user_id FROM leaderboard_optouts WHERE platform = ? AND workspace_id = ?')
      .all(platform, workspaceId) as { user_id: string }[];
    return new Set(rows.map((r) => r.user_id));
  }

  // ------------------------------------------------------------------ reports
  async addReport(r: QuestionReport): Promise<boolean> {
    return (
      this.db
        .prepare(
          `INSERT INTO question_reports (platform, workspace_id, user_id, item_kind, item_id, reason, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (platform, user_id, item_kind, item_id) DO NOTHING`,
        )
        .run(r.platform, r.workspaceId, r.userId, r.itemKind, r.itemId, r.reason, r.createdAt).changes > 0
    );
  }

  async reports(): Promise<QuestionReport[]> {
    const rows = this.db.prepare('SELECT * FROM question_reports ORDER BY created_at, id').all() as Row[];
    return rows.map((r) => ({
      platform: r.platform as Platform,
      workspaceId: String(r.workspace_id),
      userId: String(r.user_id),
      itemKind: r.item_kind as 'quiz' | 'interview',
      itemId: String(r.item_id),
      reason: (r.reason as string | null) ?? null,
      createdAt: Number(r.created_at),
    }));
  }
}

const list = (v: unknown) => (v ? String(v).split(',').filter(Boolean) : []);

function toSchedule(r: Row): DailySchedule {
  return {
    id: String(r.id),
    platform: r.platform as Platform,
    workspaceId: String(r.workspace_id),
    channelId: String(r.channel_id),
    time: String(r.time_local),
    timezone: String(r.timezone),
    days: list(r.days) as Weekday[],
    mention: (r.mention as string | null) ?? null,
    topic: (r.topic as string | null) ?? null,
    pausedUntil: (r.paused_until as string | null) ?? null,
    skipDates: list(r.skip_dates),
    createdBy: String(r.created_by),
    updatedAt: Number(r.updated_at),
    suspendedReason: (r.suspended_reason as string | null) ?? null,
  };
}

function toPost(r: Row): DailyPost {
  return {
    id: Number(r.id),
    scheduleId: String(r.schedule_id),
    platform: r.platform as Platform,
    channelId: String(r.channel_id),
    localDate: String(r.local_date),
    questionId: String(r.question_id),
    status: r.status as DailyPost['status'],
    claimedAt: Number(r.claimed_at),
    sentAt: r.sent_at == null ? null : Number(r.sent_at),
    messageId: (r.message_id as string | null) ?? null,
    attempts: Number(r.attempts),
    leaseOwner: (r.lease_owner as string | null) ?? null,
    leaseUntil: r.lease_until == null ? null : Number(r.lease_until),
    lastError: (r.last_error as string | null) ?? null,
  };
}

function toRound(r: Row): QuizRound {
  return {
    id: String(r.id),
    sessionId: String(r.session_id),
    seq: Number(r.seq),
    total: Number(r.total),
    platform: r.platform as Platform,
    workspaceId: String(r.workspace_id),
    channelId: String(r.channel_id),
    itemId: String(r.item_id),
    optionOrder: list(r.option_order).map(Number),
    seconds: Number(r.seconds),
    startedBy: String(r.started_by),
    state: r.state as RoundState,
    openedAt: Number(r.opened_at),
    deadline: Number(r.deadline),
    messageId: (r.message_id as string | null) ?? null,
    closedAt: r.closed_at == null ? null : Number(r.closed_at),
    leaseOwner: (r.lease_owner as string | null) ?? null,
    leaseUntil: r.lease_until == null ? null : Number(r.lease_until),
    attempts: Number(r.attempts),
    lastError: (r.last_error as string | null) ?? null,
  };
}

function toAnswer(r: Row): QuizAnswer {
  return {
    roundId: String(r.round_id),
    platform: r.platform as Platform,
    workspaceId: String(r.workspace_id),
    userId: String(r.user_id),
    userName: String(r.user_name),
    choice: Number(r.choice),
    correct: Number(r.correct) === 1,
    answeredAt: Number(r.answered_at),
  };
}
