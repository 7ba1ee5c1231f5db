/**
 * The one store implementation, on Kysely, for both backends: SQLite (better-sqlite3,
 * the embedded default) and PostgreSQL (pg, through a bounded pool). The SQL is
 * portable; the few dialect differences are named fields of `Dialect` below.
 *
 * Concurrency: every state change that more than one process could race for is a
 * single conditional UPDATE (… WHERE state = … AND lease expired … RETURNING) or an
 * INSERT … ON CONFLICT DO NOTHING on a unique key. On PostgreSQL's READ COMMITTED a
 * concurrent UPDATE of the same row waits for the first and re-checks its WHERE
 * against the committed row, so exactly one caller wins each transition.
 */
import { Kysely, sql, type RawBuilder, type QueryResult } from 'kysely';
import type { Platform, Weekday } from '../domain/types.js';
import { addToRecent, dayNumber, sumAfter } from './recent.js';
import type {
  CardDue, CardUpdate, DailyPost, DailySchedule, MemberKey, MockAttempt, MockSummary, NudgeSend, NudgeSetting, PracticeCard, PracticeGrade, PracticeReview,
  QuestionReport, QuizAnswer, QuizRound, RankedRow, RoundState, ScoreRow, Store, StoredReport,
} from './store.js';

export type Row = Record<string, unknown>;
// Raw SQL only: no generated table types are needed for `sql` templates.
export type Db = Kysely<Record<string, never>>;
type Exec = Parameters<RawBuilder<unknown>['execute']>[0];

export interface Dialect {
  kind: 'sqlite' | 'postgres';
  /** Appended to a subquery that must hold the row against a concurrent transition (PostgreSQL: FOR SHARE). */
  lockShared: RawBuilder<unknown>;
  /** Starts a write transaction (SQLite: BEGIN IMMEDIATE, so a read-then-write never fails on another process's commit). */
  begin: string;
  /** Applies pending migrations in transactions; returns the schema version. */
  migrate(db: Db): Promise<number>;
  /** Closes the underlying connection(s). */
  destroy(db: Db): Promise<void>;
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const nextUtcMidnight = (ms: number) => (Math.floor(ms / 86_400_000) + 1) * 86_400_000;

async function q(exec: Exec, query: RawBuilder<Row>): Promise<QueryResult<Row>> {
  return query.execute(exec);
}
async function rows(exec: Exec, query: RawBuilder<Row>): Promise<Row[]> {
  return (await q(exec, query)).rows;
}
async function one(exec: Exec, query: RawBuilder<Row>): Promise<Row | undefined> {
  return (await q(exec, query)).rows[0];
}
async function changed(exec: Exec, query: RawBuilder<Row>): Promise<number> {
  const r = await q(exec, query);
  return Number(r.numAffectedRows ?? BigInt(r.rows.length));
}
const inList = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`));

export class SqlStore implements Store {
  readonly kind: 'sqlite' | 'postgres';

  constructor(
    readonly db: Db,
    private readonly dialect: Dialect,
  ) {
    this.kind = dialect.kind;
  }

  /** Runs `fn` in one transaction on one connection; rolled back when it throws. */
  private tx<T>(fn: (exec: Exec) => Promise<T>): Promise<T> {
    return this.db.connection().execute(async (conn) => {
      await sql.raw(this.dialect.begin).execute(conn);
      try {
        const out = await fn(conn);
        await sql`COMMIT`.execute(conn);
        return out;
      } catch (e) {
        await sql`ROLLBACK`.execute(conn).catch(() => {});
        throw e;
      }
    });
  }

  migrate(): Promise<number> {
    return this.dialect.migrate(this.db);
  }

  close(): Promise<void> {
    return this.dialect.destroy(this.db);
  }

  // ---------------------------------------------------------------- schedules
  async putSchedule(s: DailySchedule): Promise<void> {
    const suspendedAt = s.suspendedReason ? s.updatedAt : null;
    await q(
      this.db,
      sql`INSERT INTO daily_schedules (id, platform, workspace_id, channel_id, time_local, timezone, days, mention, topic, paused_until, skip_dates, created_by, updated_at, suspended_reason, suspended_at)
        VALUES (${s.id}, ${s.platform}, ${s.workspaceId}, ${s.channelId}, ${s.time}, ${s.timezone}, ${s.days.join(',')}, ${s.mention}, ${s.topic}, ${s.pausedUntil},
          ${s.skipDates.join(',')}, ${s.createdBy}, ${s.updatedAt}, ${s.suspendedReason ?? null}, ${suspendedAt})
        ON CONFLICT (id) DO UPDATE SET time_local = excluded.time_local, timezone = excluded.timezone, days = excluded.days,
          mention = excluded.mention, topic = excluded.topic, paused_until = excluded.paused_until, skip_dates = excluded.skip_dates,
          updated_at = excluded.updated_at, suspended_reason = excluded.suspended_reason, suspended_at = excluded.suspended_at`,
    );
  }

  async getSchedule(id: string): Promise<DailySchedule | null> {
    const r = await one(this.db, sql`SELECT * FROM daily_schedules WHERE id = ${id}`);
    return r ? toSchedule(r) : null;
  }

  async listSchedules(filter: { platform?: Platform; workspaceId?: string } = {}): Promise<DailySchedule[]> {
    const where = [sql`1 = 1`];
    if (filter.platform) where.push(sql`platform = ${filter.platform}`);
    if (filter.workspaceId) where.push(sql`workspace_id = ${filter.workspaceId}`);
    return (await rows(this.db, sql`SELECT * FROM daily_schedules WHERE ${sql.join(where, sql` AND `)} ORDER BY id`)).map(toSchedule);
  }

  async deleteSchedule(id: string): Promise<boolean> {
    return (await changed(this.db, sql`DELETE FROM daily_schedules WHERE id = ${id}`)) > 0;
  }

  async suspendSchedule(id: string, reason: string | null, now: number): Promise<boolean> {
    const n =
      reason === null
        ? await changed(this.db, sql`UPDATE daily_schedules SET suspended_reason = NULL, suspended_at = NULL WHERE id = ${id} AND suspended_reason IS NOT NULL`)
        : await changed(this.db, sql`UPDATE daily_schedules SET suspended_reason = ${reason}, suspended_at = ${now} WHERE id = ${id} AND suspended_reason IS NULL`);
    return n > 0;
  }

  // -------------------------------------------------------------- daily posts
  async claimDailyPost(
    p: Pick<DailyPost, 'scheduleId' | 'platform' | 'channelId' | 'localDate' | 'questionId' | 'claimedAt'>,
    owner: string,
    leaseUntil: number,
  ): Promise<DailyPost | null> {
    const r = await one(
      this.db,
      sql`INSERT INTO daily_posts (schedule_id, platform, channel_id, local_date, question_id, status, claimed_at, attempts, lease_owner, lease_until)
        VALUES (${p.scheduleId}, ${p.platform}, ${p.channelId}, ${p.localDate}, ${p.questionId}, 'claimed', ${p.claimedAt}, 1, ${owner}, ${leaseUntil})
        ON CONFLICT (platform, channel_id, local_date) DO NOTHING RETURNING *`,
    );
    return r ? toPost(r) : null;
  }

  async reclaimDailyPost(id: number, owner: string, now: number, leaseUntil: number): Promise<DailyPost | null> {
    const r = await one(
      this.db,
      sql`UPDATE daily_posts SET lease_owner = ${owner}, lease_until = ${leaseUntil}, attempts = attempts + 1,
          status = CASE WHEN status = 'failed' THEN 'claimed' ELSE status END
        WHERE id = ${id} AND status IN ('claimed', 'posted', 'failed') AND (lease_until IS NULL OR lease_until < ${now}) RETURNING *`,
    );
    return r ? toPost(r) : null;
  }

  async getDailyPost(platform: Platform, channelId: string, localDate: string): Promise<DailyPost | null> {
    const r = await one(this.db, sql`SELECT * FROM daily_posts WHERE platform = ${platform} AND channel_id = ${channelId} AND local_date = ${localDate}`);
    return r ? toPost(r) : null;
  }

  async markDailyPostPosted(id: number, owner: string, messageId: string): Promise<boolean> {
    return (
      (await changed(
        this.db,
        sql`UPDATE daily_posts SET status = 'posted', message_id = ${messageId} WHERE id = ${id} AND status = 'claimed' AND lease_owner = ${owner}`,
      )) > 0
    );
  }

  async markDailyPostSent(id: number, owner: string, messageId: string, now: number): Promise<boolean> {
    return (
      (await changed(
        this.db,
        sql`UPDATE daily_posts SET status = 'sent', sent_at = ${now}, message_id = ${messageId}, lease_owner = NULL, lease_until = NULL, last_error = NULL
          WHERE id = ${id} AND status IN ('claimed', 'posted') AND lease_owner = ${owner}`,
      )) > 0
    );
  }

  async releaseDailyPost(id: number, owner: string, retryAt: number, error: string): Promise<boolean> {
    return (
      (await changed(
        this.db,
        sql`UPDATE daily_posts SET lease_owner = NULL, lease_until = ${retryAt}, last_error = ${error}
          WHERE id = ${id} AND lease_owner = ${owner} AND status IN ('claimed', 'posted')`,
      )) > 0
    );
  }

  async failDailyPost(id: number, owner: string, error: string): Promise<boolean> {
    return (
      (await changed(
        this.db,
        sql`UPDATE daily_posts SET status = 'failed', lease_owner = NULL, lease_until = NULL, last_error = ${error}
          WHERE id = ${id} AND lease_owner = ${owner} AND status IN ('claimed', 'posted')`,
      )) > 0
    );
  }

  async dailyHistory(scheduleId: string): Promise<string[]> {
    const r = await rows(this.db, sql`SELECT question_id FROM daily_posts WHERE schedule_id = ${scheduleId} ORDER BY local_date, id`);
    return r.map((x) => String(x.question_id));
  }

  // --------------------------------------------------------------------- quiz
  async createSession(rounds: QuizRound[]): Promise<boolean> {
    const first = rounds[0];
    if (!first) return false;
    const key = `${first.platform}:${first.channelId}`;
    return this.tx(async (trx) => {
      // A session whose rounds are all past posting no longer blocks the channel (self-healing after old versions).
      await q(
        trx,
        sql`UPDATE quiz_sessions SET active_key = NULL WHERE active_key = ${key} AND NOT EXISTS
          (SELECT 1 FROM quiz_rounds r WHERE r.session_id = quiz_sessions.id AND r.state IN ('pending', 'posting', 'open'))`,
      );
      // The unique active_key decides between two sessions started at once (the loser's insert does nothing).
      const won = await changed(
        trx,
        sql`INSERT INTO quiz_sessions (id, platform, channel_id, active_key, created_at)
          VALUES (${first.sessionId}, ${first.platform}, ${first.channelId}, ${key}, ${first.openedAt}) ON CONFLICT DO NOTHING`,
      );
      if (won === 0) return false;
      const values = rounds.map(
        (r) =>
          sql`(${r.id}, ${r.sessionId}, ${r.seq}, ${r.total}, ${r.platform}, ${r.workspaceId}, ${r.channelId}, ${r.itemId}, ${r.optionOrder.join(',')},
            ${r.seconds}, ${r.startedBy}, ${r.openedAt}, ${r.deadline}, ${r.messageId}, ${r.closedAt}, ${r.state}, ${r.leaseOwner}, ${r.leaseUntil}, ${r.attempts}, ${r.lastError})`,
      );
      await q(
        trx,
        sql`INSERT INTO quiz_rounds (id, session_id, seq, total, platform, workspace_id, channel_id, item_id, option_order, seconds, started_by, opened_at, deadline, message_id, closed_at, state, lease_owner, lease_until, attempts, last_error)
          VALUES ${sql.join(values)}`,
      );
      return true;
    });
  }

  async getRound(id: string): Promise<QuizRound | null> {
    const r = await one(this.db, sql`SELECT * FROM quiz_rounds WHERE id = ${id}`);
    return r ? toRound(r) : null;
  }

  async sessionRounds(sessionId: string): Promise<QuizRound[]> {
    return (await rows(this.db, sql`SELECT * FROM quiz_rounds WHERE session_id = ${sessionId} ORDER BY seq`)).map(toRound);
  }

  async workRounds(now: number, platforms: readonly Platform[]): Promise<QuizRound[]> {
    if (!platforms.length) return [];
    // Candidates only: each is then claimed by one conditional UPDATE (claimRoundPost, closeRound, claimReveal).
    const r = await rows(
      this.db,
      sql`SELECT * FROM quiz_rounds WHERE platform IN (${inList(platforms)}) AND (
          (state = 'pending' AND opened_at <= ${now})
          OR (state = 'posting' AND lease_until < ${now})
          OR (state = 'open' AND deadline <= ${now})
          OR (state = 'closed' AND (lease_until IS NULL OR lease_until < ${now})))
        ORDER BY opened_at LIMIT 500`,
    );
    return r.map(toRound);
  }

  async claimRoundPost(id: string, owner: string, now: number, leaseUntil: number): Promise<QuizRound | null> {
    const r = await one(
      this.db,
      sql`UPDATE quiz_rounds SET state = 'posting', lease_owner = ${owner}, lease_until = ${leaseUntil}, attempts = attempts + 1
        WHERE id = ${id} AND ((state = 'pending' AND opened_at <= ${now}) OR (state = 'posting' AND lease_until < ${now})) RETURNING *`,
    );
    return r ? toRound(r) : null;
  }

  async roundPosted(id: string, owner: string, messageId: string, openedAt: number, deadline: number): Promise<boolean> {
    return (
      (await changed(
        this.db,
        sql`UPDATE quiz_rounds SET state = 'open', message_id = ${messageId}, opened_at = ${openedAt}, deadline = ${deadline},
            lease_owner = NULL, lease_until = NULL, attempts = 0, last_error = NULL
          WHERE id = ${id} AND state = 'posting' AND lease_owner = ${owner}`,
      )) > 0
    );
  }

  async releaseRound(id: string, owner: string, retryAt: number, error: string): Promise<boolean> {
    return (
      (await changed(
        this.db,
        sql`UPDATE quiz_rounds SET lease_owner = NULL, lease_until = ${retryAt}, last_error = ${error}
          WHERE id = ${id} AND lease_owner = ${owner} AND state IN ('posting', 'closed')`,
      )) > 0
    );
  }

  async cancelSession(sessionId: string, reason: string): Promise<number> {
    return this.tx(async (trx) => {
      const n = await changed(
        trx,
        sql`UPDATE quiz_rounds SET state = 'cancelled', lease_owner = NULL, lease_until = NULL, last_error = ${reason}
          WHERE session_id = ${sessionId} AND state IN ('pending', 'posting')`,
      );
      await q(trx, sql`UPDATE quiz_sessions SET active_key = NULL WHERE id = ${sessionId}`);
      return n;
    });
  }

  async closeRound(id: string, now: number, gapMs: number): Promise<boolean> {
    return this.tx(async (trx) => {
      const r = await one(
        trx,
        sql`UPDATE quiz_rounds SET state = 'closed', closed_at = ${now}, lease_owner = NULL, lease_until = NULL, attempts = 0
          WHERE id = ${id} AND state = 'open' RETURNING session_id, seq, total`,
      );
      if (!r) return false;
      const seq = Number(r.seq);
      if (seq < Number(r.total))
        await q(trx, sql`UPDATE quiz_rounds SET opened_at = ${now + gapMs} WHERE session_id = ${String(r.session_id)} AND seq = ${seq + 1} AND state = 'pending'`);
      else await q(trx, sql`UPDATE quiz_sessions SET active_key = NULL WHERE id = ${String(r.session_id)}`);
      return true;
    });
  }

  async claimReveal(id: string, owner: string, now: number, leaseUntil: number): Promise<QuizRound | null> {
    const r = await one(
      this.db,
      sql`UPDATE quiz_rounds SET lease_owner = ${owner}, lease_until = ${leaseUntil}, attempts = attempts + 1
        WHERE id = ${id} AND state = 'closed' AND (lease_until IS NULL OR lease_until < ${now}) RETURNING *`,
    );
    return r ? toRound(r) : null;
  }

  async finishRound(id: string, owner: string, state: 'revealed' | 'failed', error?: string): Promise<boolean> {
    return (
      (await changed(
        this.db,
        sql`UPDATE quiz_rounds SET state = ${state}, lease_owner = NULL, lease_until = NULL, last_error = ${error ?? null}
          WHERE id = ${id} AND state = 'closed' AND lease_owner = ${owner}`,
      )) > 0
    );
  }

  async roundsIn(states: readonly RoundState[]): Promise<QuizRound[]> {
    if (!states.length) return [];
    return (await rows(this.db, sql`SELECT * FROM quiz_rounds WHERE state IN (${inList(states)}) ORDER BY opened_at`)).map(toRound);
  }

  async openRounds(platform: Platform, channelId: string): Promise<QuizRound[]> {
    return (
      await rows(this.db, sql`SELECT * FROM quiz_rounds WHERE state = 'open' AND platform = ${platform} AND channel_id = ${channelId} ORDER BY opened_at`)
    ).map(toRound);
  }

  async activeSession(platform: Platform, channelId: string): Promise<QuizRound[]> {
    const r = await rows(
      this.db,
      sql`SELECT r.* FROM quiz_rounds r JOIN quiz_sessions s ON s.id = r.session_id
        WHERE s.active_key = ${`${platform}:${channelId}`}
          AND EXISTS (SELECT 1 FROM quiz_rounds x WHERE x.session_id = s.id AND x.state IN ('pending', 'posting', 'open'))
        ORDER BY r.seq`,
    );
    return r.map(toRound);
  }

  async recordAnswer(a: QuizAnswer): Promise<{ stored: boolean; answer?: QuizAnswer }> {
    return this.tx(async (trx) => {
      // The round row is held (PostgreSQL: FOR SHARE) so a concurrent close waits for this insert, or this one sees it closed.
      const open = await one(
        trx,
        sql`SELECT id FROM quiz_rounds WHERE id = ${a.roundId} AND (state = 'posting' OR (state = 'open' AND deadline > ${a.answeredAt})) ${this.dialect.lockShared}`,
      );
      if (open) {
        const n = await changed(
          trx,
          sql`INSERT INTO quiz_answers (round_id, platform, workspace_id, user_id, user_name, choice, correct, answered_at, answered_day)
            VALUES (${a.roundId}, ${a.platform}, ${a.workspaceId}, ${a.userId}, ${a.userName}, ${a.choice}, ${a.correct ? 1 : 0}, ${a.answeredAt}, ${utcDay(a.answeredAt)})
            ON CONFLICT (round_id, user_id) DO NOTHING`,
        );
        if (n > 0) {
          const c = a.correct ? 1 : 0;
          // The current run of correct days: extended by the next day, restarted after a gap (answers arrive in time order).
          const day = utcDay(a.answeredAt);
          const prevDay = utcDay(a.answeredAt - 86_400_000);
          await q(
            trx,
            sql`INSERT INTO score_days (platform, workspace_id, user_id, day, user_name, correct, answered)
              VALUES (${a.platform}, ${a.workspaceId}, ${a.userId}, ${utcDay(a.answeredAt)}, ${a.userName}, ${c}, 1)
              ON CONFLICT (platform, workspace_id, user_id, day) DO UPDATE SET
                correct = score_days.correct + excluded.correct, answered = score_days.answered + 1, user_name = excluded.user_name`,
          );
          const totals = await one(
            trx,
            sql`INSERT INTO score_totals (platform, workspace_id, user_id, user_name, correct, answered, streak, streak_day)
              VALUES (${a.platform}, ${a.workspaceId}, ${a.userId}, ${a.userName}, ${c}, 1, ${c}, ${c ? day : null})
              ON CONFLICT (platform, workspace_id, user_id) DO UPDATE SET
                correct = score_totals.correct + excluded.correct, answered = score_totals.answered + 1, user_name = excluded.user_name,
                streak = CASE WHEN excluded.streak = 0 OR score_totals.streak_day >= excluded.streak_day THEN score_totals.streak
                              WHEN score_totals.streak_day = ${prevDay} THEN score_totals.streak + 1 ELSE 1 END,
                streak_day = CASE WHEN excluded.streak = 0 OR score_totals.streak_day >= excluded.streak_day THEN score_totals.streak_day
                              ELSE excluded.streak_day END
              RETURNING recent`,
          );
          // The recent-days summary: this row is now locked by the upsert above (PostgreSQL), so no concurrent answer
          // of the same user can read it in between.
          await q(
            trx,
            sql`UPDATE score_totals SET recent = ${addToRecent(String(totals?.recent ?? ''), dayNumber(a.answeredAt), a.correct)}
              WHERE platform = ${a.platform} AND workspace_id = ${a.workspaceId} AND user_id = ${a.userId}`,
          );
          return { stored: true, answer: a };
        }
      }
      const r = await one(trx, sql`SELECT * FROM quiz_answers WHERE round_id = ${a.roundId} AND user_id = ${a.userId}`);
      return r ? { stored: false, answer: toAnswer(r) } : { stored: false };
    });
  }

  async answers(roundId: string): Promise<QuizAnswer[]> {
    return (await rows(this.db, sql`SELECT * FROM quiz_answers WHERE round_id = ${roundId} ORDER BY answered_at, user_id`)).map(toAnswer);
  }

  // ------------------------------------------------------------------- scores
  async scores(platform: Platform, workspaceId: string, since: number | null): Promise<ScoreRow[]> {
    return (await this.rankedScores(platform, workspaceId, since)).map(({ userId, userName, correct, answered }) => ({ userId, userName, correct, answered }));
  }

  async rankedScores(platform: Platform, workspaceId: string, since: number | null): Promise<RankedRow[]> {
    // All time: the maintained per-user totals (they outlive pruned answers).
    if (since === null)
      return this.rankedRows(sql`SELECT user_id, user_name, correct, answered, streak, streak_day FROM score_totals WHERE platform = ${platform} AND workspace_id = ${workspaceId}`);
    // A period: the whole UTC days after the window's first day from each user's recent-days summary (one row per
    // user, migration 6), plus the answers of that first, partial day from its start on.
    const [totals, partial] = await Promise.all([
      rows(this.db, sql`SELECT user_id, user_name, recent, streak, streak_day FROM score_totals WHERE platform = ${platform} AND workspace_id = ${workspaceId}`),
      rows(
        this.db,
        sql`SELECT user_id, SUM(correct) AS correct, COUNT(*) AS answered FROM quiz_answers
          WHERE platform = ${platform} AND workspace_id = ${workspaceId} AND answered_at >= ${since} AND answered_at < ${nextUtcMidnight(since)}
          GROUP BY user_id`,
      ),
    ]);
    const first = new Map(partial.map((x) => [String(x.user_id), { correct: Number(x.correct), answered: Number(x.answered) }]));
    const firstDay = dayNumber(since);
    const out: RankedRow[] = [];
    for (const t of totals) {
      const userId = String(t.user_id);
      const days = sumAfter(String(t.recent), firstDay);
      // A window older than the summary keeps: sum score_days instead (no board asks for one).
      if (!days.complete) return this.rankedFromDays(platform, workspaceId, since);
      const p = first.get(userId);
      const answered = days.answered + (p?.answered ?? 0);
      if (answered > 0) out.push({ userId, userName: String(t.user_name), correct: days.correct + (p?.correct ?? 0), answered, run: runOf(t) });
    }
    // The order of rankedRows' ORDER BY (user ids are ASCII: code-unit order is byte order).
    return out.sort((a, b) => b.correct - a.correct || a.answered - b.answered || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  }

  /** A period summed from score_days (whole days after the first) and quiz_answers (the first, partial day). */
  private rankedFromDays(platform: Platform, workspaceId: string, since: number): Promise<RankedRow[]> {
    return this.rankedRows(
      sql`SELECT p.user_id, t.user_name, SUM(p.correct) AS correct, SUM(p.answered) AS answered, t.streak, t.streak_day FROM (
          SELECT user_id, correct, answered FROM score_days
            WHERE platform = ${platform} AND workspace_id = ${workspaceId} AND day > ${utcDay(since)}
          UNION ALL
          SELECT user_id, correct, 1 AS answered FROM quiz_answers
            WHERE platform = ${platform} AND workspace_id = ${workspaceId} AND answered_at >= ${since} AND answered_at < ${nextUtcMidnight(since)}
        ) p JOIN score_totals t ON t.platform = ${platform} AND t.workspace_id = ${workspaceId} AND t.user_id = p.user_id
        GROUP BY p.user_id, t.user_name, t.streak, t.streak_day`,
    );
  }

  private async rankedRows(source: RawBuilder<Row>): Promise<RankedRow[]> {
    const r = await rows(this.db, sql`SELECT user_id, user_name, correct, answered, streak, streak_day FROM (${source}) b ORDER BY correct DESC, answered ASC, user_id`);
    return r.map((x) => ({ userId: String(x.user_id), userName: String(x.user_name), correct: Number(x.correct), answered: Number(x.answered), run: runOf(x) }));
  }

  async correctDays(platform: Platform, workspaceId: string): Promise<Map<string, string[]>> {
    const r = await rows(
      this.db,
      sql`SELECT user_id, day FROM score_days WHERE platform = ${platform} AND workspace_id = ${workspaceId} AND correct > 0
        ORDER BY user_id, day DESC`,
    );
    const out = new Map<string, string[]>();
    for (const x of r) {
      const k = String(x.user_id);
      const l = out.get(k) ?? [];
      l.push(String(x.day));
      out.set(k, l);
    }
    return out;
  }

  async currentRuns(platform: Platform, workspaceId: string): Promise<Map<string, { days: number; lastDay: string }>> {
    const r = await rows(
      this.db,
      sql`SELECT user_id, streak, streak_day FROM score_totals WHERE platform = ${platform} AND workspace_id = ${workspaceId} AND streak > 0`,
    );
    return new Map(r.map((x) => [String(x.user_id), { days: Number(x.streak), lastDay: String(x.streak_day) }]));
  }

  async prunePersonal(before: number): Promise<{ practiceReviews: number; nudgeSends: number }> {
    return this.tx(async (trx) => ({
      practiceReviews: await changed(trx, sql`DELETE FROM practice_reviews WHERE shown_at < ${before}`),
      nudgeSends: await changed(trx, sql`DELETE FROM nudge_sends WHERE status IN ('sent', 'failed') AND claimed_at < ${before}`),
    }));
  }

  async prune(before: number): Promise<{ rounds: number; answers: number; posts: number }> {
    return this.tx(async (trx) => {
      const old = sql`SELECT id FROM quiz_rounds WHERE opened_at < ${before} AND state IN ('revealed', 'cancelled', 'failed')`;
      const answers = await changed(trx, sql`DELETE FROM quiz_answers WHERE round_id IN (${old})`);
      const rounds = await changed(trx, sql`DELETE FROM quiz_rounds WHERE opened_at < ${before} AND state IN ('revealed', 'cancelled', 'failed')`);
      await q(trx, sql`DELETE FROM quiz_sessions WHERE active_key IS NULL AND NOT EXISTS (SELECT 1 FROM quiz_rounds r WHERE r.session_id = quiz_sessions.id)`);
      const posts = await changed(trx, sql`DELETE FROM daily_posts WHERE claimed_at < ${before} AND status IN ('sent', 'failed')`);
      return { rounds, answers, posts };
    });
  }

  async setOptOut(platform: Platform, workspaceId: string, userId: string, optedOut: boolean): Promise<void> {
    if (optedOut)
      await q(
        this.db,
        sql`INSERT INTO leaderboard_optouts (platform, workspace_id, user_id, created_at) VALUES (${platform}, ${workspaceId}, ${userId}, ${Date.now()}) ON CONFLICT DO NOTHING`,
      );
    else await q(this.db, sql`DELETE FROM leaderboard_optouts WHERE platform = ${platform} AND workspace_id = ${workspaceId} AND user_id = ${userId}`);
  }

  async optOuts(platform: Platform, workspaceId: string): Promise<Set<string>> {
    const r = await rows(this.db, sql`SELECT user_id FROM leaderboard_optouts WHERE platform = ${platform} AND workspace_id = ${workspaceId}`);
    return new Set(r.map((x) => String(x.user_id)));
  }

  // ------------------------------------------------------------------ reports
  async addReport(r: QuestionReport): Promise<boolean> {
    return (
      (await changed(
        this.db,
        sql`INSERT INTO question_reports (platform, workspace_id, user_id, item_kind, item_id, reason, created_at)
          VALUES (${r.platform}, ${r.workspaceId}, ${r.userId}, ${r.itemKind}, ${r.itemId}, ${r.reason}, ${r.createdAt})
          ON CONFLICT (platform, workspace_id, user_id, item_kind, item_id) DO NOTHING`,
      )) > 0
    );
  }

  async listReports(filter: { platform?: Platform; workspaceId?: string; open?: boolean } = {}): Promise<StoredReport[]> {
    const where = [sql`1 = 1`];
    if (filter.platform) where.push(sql`platform = ${filter.platform}`);
    if (filter.workspaceId) where.push(sql`workspace_id = ${filter.workspaceId}`);
    if (filter.open) where.push(sql`resolved_at IS NULL`);
    const r = await rows(this.db, sql`SELECT * FROM question_reports WHERE ${sql.join(where, sql` AND `)} ORDER BY created_at, id`);
    return r.map((x) => ({
      id: Number(x.id),
      platform: x.platform as Platform,
      workspaceId: String(x.workspace_id),
      userId: String(x.user_id),
      itemKind: x.item_kind as 'quiz' | 'interview',
      itemId: String(x.item_id),
      reason: str(x.reason),
      createdAt: Number(x.created_at),
      resolvedAt: num(x.resolved_at),
      resolvedBy: str(x.resolved_by),
      resolution: str(x.resolution),
    }));
  }

  async resolveReports(r: { platform: Platform; workspaceId: string; itemKind: 'quiz' | 'interview'; itemId: string; by: string; note: string | null; at: number }): Promise<number> {
    return changed(
      this.db,
      sql`UPDATE question_reports SET resolved_at = ${r.at}, resolved_by = ${r.by}, resolution = ${r.note}
        WHERE platform = ${r.platform} AND workspace_id = ${r.workspaceId} AND item_kind = ${r.itemKind} AND item_id = ${r.itemId} AND resolved_at IS NULL`,
    );
  }

  // ------------------------------------------------------------- interview seen
  async markSeen(platform: Platform, workspaceId: string, userId: string, questionId: string, at: number): Promise<void> {
    await q(
      this.db,
      sql`INSERT INTO interview_seen (platform, workspace_id, user_id, question_id, seen_at) VALUES (${platform}, ${workspaceId}, ${userId}, ${questionId}, ${at})
        ON CONFLICT (platform, workspace_id, user_id, question_id) DO UPDATE SET seen_at = excluded.seen_at`,
    );
  }

  async seenQuestions(platform: Platform, workspaceId: string, userId: string): Promise<Map<string, number>> {
    const r = await rows(this.db, sql`SELECT question_id, seen_at FROM interview_seen WHERE platform = ${platform} AND workspace_id = ${workspaceId} AND user_id = ${userId}`);
    return new Map(r.map((x) => [String(x.question_id), Number(x.seen_at)]));
  }

  // ---------------------------------------------------------------- workspaces
  /** Everything stored for one workspace, in one transaction (the app was uninstalled there). */
  async deleteWorkspace(platform: Platform, workspaceId: string): Promise<Record<string, number>> {
    const rounds = sql`SELECT id FROM quiz_rounds WHERE platform = ${platform} AND workspace_id = ${workspaceId}`;
    const steps: [string, RawBuilder<Row>][] = [
      ['daily_posts', sql`DELETE FROM daily_posts WHERE schedule_id IN (SELECT id FROM daily_schedules WHERE platform = ${platform} AND workspace_id = ${workspaceId})`],
      ['daily_schedules', sql`DELETE FROM daily_schedules WHERE platform = ${platform} AND workspace_id = ${workspaceId}`],
      ['quiz_answers', sql`DELETE FROM quiz_answers WHERE round_id IN (${rounds}) OR (platform = ${platform} AND workspace_id = ${workspaceId})`],
      ['quiz_sessions', sql`DELETE FROM quiz_sessions WHERE id IN (SELECT session_id FROM quiz_rounds WHERE platform = ${platform} AND workspace_id = ${workspaceId})`],
      ['quiz_rounds', sql`DELETE FROM quiz_rounds WHERE platform = ${platform} AND workspace_id = ${workspaceId}`],
      ['score_days', sql`DELETE FROM score_days WHERE platform = ${platform} AND workspace_id = ${workspaceId}`],
      ['score_totals', sql`DELETE FROM score_totals WHERE platform = ${platform} AND workspace_id = ${workspaceId}`],
      ['leaderboard_optouts', sql`DELETE FROM leaderboard_optouts WHERE platform = ${platform} AND workspace_id = ${workspaceId}`],
      ['question_reports', sql`DELETE FROM question_reports WHERE platform = ${platform} AND workspace_id = ${workspaceId}`],
      ['interview_seen', sql`DELETE FROM interview_seen WHERE platform = ${platform} AND workspace_id = ${workspaceId}`],
      ['practice_reviews', sql`DELETE FROM practice_reviews WHERE platform = ${platform} AND workspace_id = ${workspaceId}`],
      ['practice_cards', sql`DELETE FROM practice_cards WHERE platform = ${platform} AND workspace_id = ${workspaceId}`],
      ['mock_grades', sql`DELETE FROM mock_grades WHERE attempt_id IN (SELECT id FROM mock_attempts WHERE platform = ${platform} AND workspace_id = ${workspaceId})`],
      ['mock_attempts', sql`DELETE FROM mock_attempts WHERE platform = ${platform} AND workspace_id = ${workspaceId}`],
      ['plan_items', sql`DELETE FROM plan_items WHERE platform = ${platform} AND workspace_id = ${workspaceId}`],
      ['nudge_sends', sql`DELETE FROM nudge_sends WHERE platform = ${platform} AND workspace_id = ${workspaceId}`],
      ['nudges', sql`DELETE FROM nudges WHERE platform = ${platform} AND workspace_id = ${workspaceId}`],
    ];
    return this.tx(async (trx) => {
      const out: Record<string, number> = {};
      for (const [table, query] of steps) out[table] = await changed(trx, query);
      return out;
    });
  }

  // ------------------------------------------------------- personal practice
  async practiceCards(m: MemberKey): Promise<CardDue[]> {
    // The (member, due) index serves this in due order; the scheduler's JSON is not read.
    const r = await rows(
      this.db,
      sql`SELECT item_id, due, state, reps, lapses, version, updated_at FROM practice_cards
        WHERE platform = ${m.platform} AND workspace_id = ${m.workspaceId} AND user_id = ${m.userId} ORDER BY due`,
    );
    return r.map((x) => ({
      itemId: String(x.item_id),
      due: Number(x.due),
      state: Number(x.state),
      reps: Number(x.reps),
      lapses: Number(x.lapses),
      version: Number(x.version),
      updatedAt: Number(x.updated_at),
    }));
  }

  async showPractice(r: MemberKey & { itemId: string; sourceKey: string; optionOrder: number[]; shownAt: number }): Promise<number> {
    const ins = await one(
      this.db,
      sql`INSERT INTO practice_reviews (platform, workspace_id, user_id, item_id, source, source_key, option_order, shown_at)
        VALUES (${r.platform}, ${r.workspaceId}, ${r.userId}, ${r.itemId}, 'practice', ${r.sourceKey}, ${r.optionOrder.join(',')}, ${r.shownAt})
        ON CONFLICT (platform, workspace_id, user_id, source_key) DO NOTHING RETURNING id`,
    );
    if (ins) return Number(ins.id);
    const old = await one(
      this.db,
      sql`SELECT id FROM practice_reviews WHERE platform = ${r.platform} AND workspace_id = ${r.workspaceId} AND user_id = ${r.userId} AND source_key = ${r.sourceKey}`,
    );
    return Number(old!.id);
  }

  async getPracticeReview(id: number): Promise<PracticeReview | null> {
    const r = await one(this.db, sql`SELECT * FROM practice_reviews WHERE id = ${id}`);
    return r ? toReview(r) : null;
  }

  async gradePractice(g: PracticeGrade, next: (prev: PracticeCard | null) => CardUpdate): Promise<{ graded: boolean; review: PracticeReview | null }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.tx(async (trx) => {
          const c = g.correct ? 1 : 0;
          const row =
            'reviewId' in g
              ? await one(
                  trx,
                  sql`UPDATE practice_reviews SET choice = ${g.choice}, correct = ${c}, rating = ${g.rating}, reviewed_at = ${g.at}
                    WHERE id = ${g.reviewId} AND platform = ${g.platform} AND workspace_id = ${g.workspaceId} AND user_id = ${g.userId}
                      AND item_id = ${g.itemId} AND rating IS NULL RETURNING *`,
                )
              : await one(
                  trx,
                  sql`INSERT INTO practice_reviews (platform, workspace_id, user_id, item_id, source, source_key, option_order, shown_at, choice, correct, rating, reviewed_at)
                    VALUES (${g.platform}, ${g.workspaceId}, ${g.userId}, ${g.itemId}, 'quiz', ${g.sourceKey}, '', ${g.at}, ${g.choice}, ${c}, ${g.rating}, ${g.at})
                    ON CONFLICT (platform, workspace_id, user_id, source_key) DO NOTHING RETURNING *`,
                );
          if (!row) {
            const existing =
              'reviewId' in g
                ? await one(trx, sql`SELECT * FROM practice_reviews WHERE id = ${g.reviewId} AND user_id = ${g.userId}`)
                : await one(
                    trx,
                    sql`SELECT * FROM practice_reviews WHERE platform = ${g.platform} AND workspace_id = ${g.workspaceId} AND user_id = ${g.userId} AND source_key = ${g.sourceKey}`,
                  );
            return { graded: false, review: existing ? toReview(existing) : null };
          }
          const key = sql`platform = ${g.platform} AND workspace_id = ${g.workspaceId} AND user_id = ${g.userId} AND item_id = ${g.itemId}`;
          const prevRow = await one(trx, sql`SELECT item_id, due, state, reps, lapses, fsrs, version, updated_at FROM practice_cards WHERE ${key}`);
          const prev = prevRow ? toCard(prevRow) : null;
          const u = next(prev);
          const written = prev
            ? await changed(
                trx,
                sql`UPDATE practice_cards SET due = ${u.due}, state = ${u.state}, reps = ${u.reps}, lapses = ${u.lapses}, fsrs = ${u.fsrs},
                    version = version + 1, updated_at = ${g.at} WHERE ${key} AND version = ${prev.version}`,
              )
            : await changed(
                trx,
                sql`INSERT INTO practice_cards (platform, workspace_id, user_id, item_id, due, state, reps, lapses, fsrs, version, updated_at)
                  VALUES (${g.platform}, ${g.workspaceId}, ${g.userId}, ${g.itemId}, ${u.due}, ${u.state}, ${u.reps}, ${u.lapses}, ${u.fsrs}, 1, ${g.at})
                  ON CONFLICT (platform, workspace_id, user_id, item_id) DO NOTHING`,
              );
          // Another grade of the same card committed in between: start over from its version.
          if (written === 0) throw new CardRace();
          return { graded: true, review: toReview(row) };
        });
      } catch (e) {
        if (!(e instanceof CardRace) || attempt >= 5) throw e;
      }
    }
  }

  async practiceReviewCount(m: MemberKey): Promise<number> {
    const r = await one(
      this.db,
      sql`SELECT COALESCE(SUM(reps), 0) AS n FROM practice_cards WHERE platform = ${m.platform} AND workspace_id = ${m.workspaceId} AND user_id = ${m.userId}`,
    );
    return Number(r?.n ?? 0);
  }

  // ------------------------------------------------------------------- mocks
  async saveMockAttempt(a: MockAttempt): Promise<{ stored: boolean; attempt: MockAttempt | null }> {
    const n = await changed(
      this.db,
      sql`INSERT INTO mock_attempts (id, platform, workspace_id, user_id, question_id, topic, level, answer, points, created_at)
        VALUES (${a.id}, ${a.platform}, ${a.workspaceId}, ${a.userId}, ${a.questionId}, ${a.topic}, ${a.level}, ${a.answer}, ${a.points}, ${a.createdAt})
        ON CONFLICT (id) DO NOTHING`,
    );
    if (n > 0) return { stored: true, attempt: a };
    const old = await this.getMockAttempt(a.id);
    const mine = old && old.platform === a.platform && old.workspaceId === a.workspaceId && old.userId === a.userId;
    return { stored: false, attempt: mine ? old : null };
  }

  async getMockAttempt(id: string): Promise<MockAttempt | null> {
    const r = await one(this.db, sql`SELECT * FROM mock_attempts WHERE id = ${id}`);
    return r ? toAttempt(r) : null;
  }

  async gradeMockPoint(attemptId: string, userId: string, point: number, covered: boolean, at: number): Promise<boolean> {
    return (
      (await changed(
        this.db,
        sql`INSERT INTO mock_grades (attempt_id, point, covered, graded_at)
          SELECT id, CAST(${point} AS INTEGER), CAST(${covered ? 1 : 0} AS INTEGER), CAST(${at} AS BIGINT) FROM mock_attempts
          WHERE id = ${attemptId} AND user_id = ${userId} AND CAST(${point} AS INTEGER) >= 0 AND CAST(${point} AS INTEGER) < points
          ON CONFLICT (attempt_id, point) DO NOTHING`,
      )) > 0
    );
  }

  async mockGrades(attemptId: string): Promise<Map<number, boolean>> {
    const r = await rows(this.db, sql`SELECT point, covered FROM mock_grades WHERE attempt_id = ${attemptId} ORDER BY point`);
    return new Map(r.map((x) => [Number(x.point), Number(x.covered) === 1]));
  }

  async mockHistory(m: MemberKey, limit: number): Promise<MockSummary[]> {
    const r = await rows(
      this.db,
      sql`SELECT a.*, (SELECT COUNT(*) FROM mock_grades g WHERE g.attempt_id = a.id) AS graded,
          (SELECT COUNT(*) FROM mock_grades g WHERE g.attempt_id = a.id AND g.covered = 1) AS covered_n
        FROM mock_attempts a WHERE a.platform = ${m.platform} AND a.workspace_id = ${m.workspaceId} AND a.user_id = ${m.userId}
        ORDER BY a.created_at DESC, a.id LIMIT ${limit}`,
    );
    return r.map((x) => ({ ...toAttempt(x), graded: Number(x.graded), covered: Number(x.covered_n) }));
  }

  async deleteMockAttempts(m: MemberKey): Promise<number> {
    return this.tx(async (trx) => {
      const mine = sql`SELECT id FROM mock_attempts WHERE platform = ${m.platform} AND workspace_id = ${m.workspaceId} AND user_id = ${m.userId}`;
      await q(trx, sql`DELETE FROM mock_grades WHERE attempt_id IN (${mine})`);
      return changed(trx, sql`DELETE FROM mock_attempts WHERE platform = ${m.platform} AND workspace_id = ${m.workspaceId} AND user_id = ${m.userId}`);
    });
  }

  // -------------------------------------------------------------------- plan
  async planItems(m: MemberKey): Promise<Map<string, number>> {
    const r = await rows(this.db, sql`SELECT item_id, done_at FROM plan_items WHERE platform = ${m.platform} AND workspace_id = ${m.workspaceId} AND user_id = ${m.userId}`);
    return new Map(r.map((x) => [String(x.item_id), Number(x.done_at)]));
  }

  async setPlanItem(m: MemberKey, itemId: string, done: boolean, at: number): Promise<boolean> {
    const n = done
      ? await changed(
          this.db,
          sql`INSERT INTO plan_items (platform, workspace_id, user_id, item_id, done_at) VALUES (${m.platform}, ${m.workspaceId}, ${m.userId}, ${itemId}, ${at})
            ON CONFLICT (platform, workspace_id, user_id, item_id) DO NOTHING`,
        )
      : await changed(this.db, sql`DELETE FROM plan_items WHERE platform = ${m.platform} AND workspace_id = ${m.workspaceId} AND user_id = ${m.userId} AND item_id = ${itemId}`);
    return n > 0;
  }

  // ------------------------------------------------------------------ nudges
  async putNudge(n: NudgeSetting): Promise<void> {
    await q(
      this.db,
      sql`INSERT INTO nudges (id, platform, workspace_id, user_id, weekday, time_local, timezone, enabled, disabled_reason, updated_at)
        VALUES (${n.id}, ${n.platform}, ${n.workspaceId}, ${n.userId}, ${n.weekday}, ${n.time}, ${n.timezone}, ${n.enabled ? 1 : 0}, ${n.disabledReason}, ${n.updatedAt})
        ON CONFLICT (id) DO UPDATE SET weekday = excluded.weekday, time_local = excluded.time_local, timezone = excluded.timezone,
          enabled = excluded.enabled, disabled_reason = excluded.disabled_reason, updated_at = excluded.updated_at`,
    );
  }

  async getNudge(id: string): Promise<NudgeSetting | null> {
    const r = await one(this.db, sql`SELECT * FROM nudges WHERE id = ${id}`);
    return r ? toNudge(r) : null;
  }

  async disableNudge(id: string, reason: string | null, at: number): Promise<boolean> {
    return (await changed(this.db, sql`UPDATE nudges SET enabled = 0, disabled_reason = ${reason}, updated_at = ${at} WHERE id = ${id} AND enabled = 1`)) > 0;
  }

  async listNudges(platforms: readonly Platform[]): Promise<NudgeSetting[]> {
    if (!platforms.length) return [];
    return (await rows(this.db, sql`SELECT * FROM nudges WHERE enabled = 1 AND platform IN (${inList(platforms)}) ORDER BY id`)).map(toNudge);
  }

  async claimNudgeSend(nudgeId: string, week: string, owner: string, now: number, leaseUntil: number): Promise<NudgeSend | null> {
    // Only while the nudge is enabled: an opt-out committed before the claim stops this week's send.
    const r = await one(
      this.db,
      sql`INSERT INTO nudge_sends (nudge_id, platform, workspace_id, user_id, week, status, claimed_at, attempts, lease_owner, lease_until)
        SELECT id, platform, workspace_id, user_id, CAST(${week} AS TEXT), 'claimed', CAST(${now} AS BIGINT), 1, CAST(${owner} AS TEXT), CAST(${leaseUntil} AS BIGINT) FROM nudges WHERE id = ${nudgeId} AND enabled = 1
        ON CONFLICT (nudge_id, week) DO NOTHING RETURNING *`,
    );
    return r ? toNudgeSend(r) : null;
  }

  async getNudgeSend(nudgeId: string, week: string): Promise<NudgeSend | null> {
    const r = await one(this.db, sql`SELECT * FROM nudge_sends WHERE nudge_id = ${nudgeId} AND week = ${week}`);
    return r ? toNudgeSend(r) : null;
  }

  async reclaimNudgeSend(id: number, owner: string, now: number, leaseUntil: number): Promise<NudgeSend | null> {
    const r = await one(
      this.db,
      sql`UPDATE nudge_sends SET lease_owner = ${owner}, lease_until = ${leaseUntil}, attempts = attempts + 1
        WHERE id = ${id} AND status = 'claimed' AND (lease_until IS NULL OR lease_until < ${now})
          AND EXISTS (SELECT 1 FROM nudges n WHERE n.id = nudge_sends.nudge_id AND n.enabled = 1) RETURNING *`,
    );
    return r ? toNudgeSend(r) : null;
  }

  async markNudgeSent(id: number, owner: string, messageId: string, now: number): Promise<boolean> {
    return (
      (await changed(
        this.db,
        sql`UPDATE nudge_sends SET status = 'sent', sent_at = ${now}, message_id = ${messageId}, lease_owner = NULL, lease_until = NULL, last_error = NULL
          WHERE id = ${id} AND status = 'claimed' AND lease_owner = ${owner}`,
      )) > 0
    );
  }

  async releaseNudgeSend(id: number, owner: string, retryAt: number, error: string): Promise<boolean> {
    return (
      (await changed(
        this.db,
        sql`UPDATE nudge_sends SET lease_owner = NULL, lease_until = ${retryAt}, last_error = ${error} WHERE id = ${id} AND status = 'claimed' AND lease_owner = ${owner}`,
      )) > 0
    );
  }

  async failNudgeSend(id: number, owner: string, error: string): Promise<boolean> {
    return (
      (await changed(
        this.db,
        sql`UPDATE nudge_sends SET status = 'failed', lease_owner = NULL, lease_until = NULL, last_error = ${error} WHERE id = ${id} AND status = 'claimed' AND lease_owner = ${owner}`,
      )) > 0
    );
  }

  async forgetMember(m: MemberKey): Promise<Record<string, number>> {
    const who = sql`platform = ${m.platform} AND workspace_id = ${m.workspaceId} AND user_id = ${m.userId}`;
    const steps: [string, RawBuilder<Row>][] = [
      ['practice_reviews', sql`DELETE FROM practice_reviews WHERE ${who}`],
      ['practice_cards', sql`DELETE FROM practice_cards WHERE ${who}`],
      ['mock_grades', sql`DELETE FROM mock_grades WHERE attempt_id IN (SELECT id FROM mock_attempts WHERE ${who})`],
      ['mock_attempts', sql`DELETE FROM mock_attempts WHERE ${who}`],
      ['plan_items', sql`DELETE FROM plan_items WHERE ${who}`],
      ['nudge_sends', sql`DELETE FROM nudge_sends WHERE ${who}`],
      ['nudges', sql`DELETE FROM nudges WHERE ${who}`],
      ['interview_seen', sql`DELETE FROM interview_seen WHERE ${who}`],
    ];
    return this.tx(async (trx) => {
      const out: Record<string, number> = {};
      for (const [table, query] of steps) out[table] = await changed(trx, query);
      return out;
    });
  }

  async reports(): Promise<QuestionReport[]> {
    return (await rows(this.db, sql`SELECT * FROM question_reports ORDER BY created_at, id`)).map((r) => ({
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

/** A card write lost to a concurrent grade of the same card: the transaction is rolled back and run again. */
class CardRace extends Error {}

function toCard(r: Row): PracticeCard {
  return {
    itemId: String(r.item_id),
    due: Number(r.due),
    state: Number(r.state),
    reps: Number(r.reps),
    lapses: Number(r.lapses),
    fsrs: String(r.fsrs),
    version: Number(r.version),
    updatedAt: Number(r.updated_at),
  };
}

function toReview(r: Row): PracticeReview {
  return {
    id: Number(r.id),
    platform: r.platform as Platform,
    workspaceId: String(r.workspace_id),
    userId: String(r.user_id),
    itemId: String(r.item_id),
    source: r.source as 'practice' | 'quiz',
    sourceKey: String(r.source_key),
    optionOrder: list(r.option_order).map(Number),
    shownAt: Number(r.shown_at),
    choice: num(r.choice),
    correct: r.correct == null ? null : Number(r.correct) === 1,
    rating: num(r.rating),
    reviewedAt: num(r.reviewed_at),
  };
}

function toAttempt(r: Row): MockAttempt {
  return {
    id: String(r.id),
    platform: r.platform as Platform,
    workspaceId: String(r.workspace_id),
    userId: String(r.user_id),
    questionId: String(r.question_id),
    topic: String(r.topic),
    level: String(r.level),
    answer: String(r.answer),
    points: Number(r.points),
    createdAt: Number(r.created_at),
  };
}

function toNudge(r: Row): NudgeSetting {
  return {
    id: String(r.id),
    platform: r.platform as Platform,
    workspaceId: String(r.workspace_id),
    userId: String(r.user_id),
    weekday: String(r.weekday) as Weekday,
    time: String(r.time_local),
    timezone: String(r.timezone),
    enabled: Number(r.enabled) === 1,
    disabledReason: str(r.disabled_reason),
    updatedAt: Number(r.updated_at),
  };
}

function toNudgeSend(r: Row): NudgeSend {
  return {
    id: Number(r.id),
    nudgeId: String(r.nudge_id),
    week: String(r.week),
    status: r.status as NudgeSend['status'],
    claimedAt: Number(r.claimed_at),
    sentAt: num(r.sent_at),
    messageId: str(r.message_id),
    attempts: Number(r.attempts),
    leaseOwner: str(r.lease_owner),
    leaseUntil: num(r.lease_until),
    lastError: str(r.last_error),
  };
}
/** A user's current run from score_totals' streak columns (null without one, as currentRuns leaves them out). */
const runOf = (r: Row): RankedRow['run'] => (Number(r.streak) > 0 ? { days: Number(r.streak), lastDay: String(r.streak_day) } : null);

const list = (v: unknown) => (v ? String(v).split(',').filter(Boolean) : []);
const num = (v: unknown) => (v == null ? null : Number(v));
const str = (v: unknown) => (v == null ? null : String(v));

function toSchedule(r: Row): DailySchedule {
  return {
    id: String(r.id),
    platform: r.platform as Platform,
    workspaceId: String(r.workspace_id),
    channelId: String(r.channel_id),
    time: String(r.time_local),
    timezone: String(r.timezone),
    days: list(r.days) as Weekday[],
    mention: str(r.mention),
    topic: str(r.topic),
    pausedUntil: str(r.paused_until),
    skipDates: list(r.skip_dates),
    createdBy: String(r.created_by),
    updatedAt: Number(r.updated_at),
    suspendedReason: str(r.suspended_reason),
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
    sentAt: num(r.sent_at),
    messageId: str(r.message_id),
    attempts: Number(r.attempts),
    leaseOwner: str(r.lease_owner),
    leaseUntil: num(r.lease_until),
    lastError: str(r.last_error),
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
    messageId: str(r.message_id),
    closedAt: num(r.closed_at),
    leaseOwner: str(r.lease_owner),
    leaseUntil: num(r.lease_until),
    attempts: Number(r.attempts),
    lastError: str(r.last_error),
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
