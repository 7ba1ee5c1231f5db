/**
 * Versioned schema migrations. `sql` is the SQLite text (and PostgreSQL's too when
 * it is portable: BIGINT epoch-ms times, TEXT dates, ON CONFLICT guards); `postgres`
 * replaces it on PostgreSQL where the two differ (identity ids, ALTER instead of a
 * table rebuild). Each version runs in one transaction with its schema_migrations
 * row, so a failing migration leaves the database as it was (DDL is transactional
 * on both). Append only: never edit a migration that has shipped.
 */
export interface Migration {
  version: number;
  sql: string;
  postgres?: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE daily_schedules (
  id TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  time_local TEXT NOT NULL,
  timezone TEXT NOT NULL,
  days TEXT NOT NULL,
  mention TEXT,
  topic TEXT,
  paused_until TEXT,
  skip_dates TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (platform, workspace_id, channel_id)
);
CREATE TABLE daily_posts (
  id INTEGER PRIMARY KEY,
  schedule_id TEXT NOT NULL,
  platform TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  local_date TEXT NOT NULL,
  question_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('claimed', 'sent')),
  claimed_at BIGINT NOT NULL,
  sent_at BIGINT,
  message_id TEXT,
  attempts INTEGER NOT NULL DEFAULT 1,
  UNIQUE (platform, channel_id, local_date)
);
CREATE INDEX daily_posts_schedule ON daily_posts (schedule_id, local_date);
CREATE TABLE quiz_rounds (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  total INTEGER NOT NULL,
  platform TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  option_order TEXT NOT NULL,
  seconds INTEGER NOT NULL,
  started_by TEXT NOT NULL,
  opened_at BIGINT NOT NULL,
  deadline BIGINT NOT NULL,
  message_id TEXT,
  closed_at BIGINT,
  UNIQUE (session_id, seq)
);
CREATE INDEX quiz_rounds_open ON quiz_rounds (closed_at, deadline);
CREATE TABLE quiz_answers (
  round_id TEXT NOT NULL REFERENCES quiz_rounds (id),
  platform TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  user_name TEXT NOT NULL,
  choice INTEGER NOT NULL,
  correct INTEGER NOT NULL,
  answered_at BIGINT NOT NULL,
  answered_day TEXT NOT NULL,
  PRIMARY KEY (round_id, user_id)
);
CREATE INDEX quiz_answers_board ON quiz_answers (platform, workspace_id, answered_at);
CREATE TABLE leaderboard_optouts (
  platform TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (platform, workspace_id, user_id)
);
CREATE TABLE question_reports (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  item_kind TEXT NOT NULL,
  item_id TEXT NOT NULL,
  reason TEXT,
  created_at BIGINT NOT NULL,
  UNIQUE (platform, user_id, item_kind, item_id)
);
`,
  },
];

/**
 * Version 2: explicit lifecycles (issue 9). Quiz rounds get a state and a lease;
 * one active session per channel is a unique key; daily posts gain the posted and
 * failed states and a lease; a schedule can be suspended by the bot with a reason.
 */
MIGRATIONS.push({
  version: 2,
  sql: `
ALTER TABLE daily_schedules ADD COLUMN suspended_reason TEXT;
ALTER TABLE daily_schedules ADD COLUMN suspended_at BIGINT;
CREATE TABLE daily_posts_v2 (
  id INTEGER PRIMARY KEY,
  schedule_id TEXT NOT NULL,
  platform TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  local_date TEXT NOT NULL,
  question_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('claimed', 'posted', 'sent', 'failed')),
  claimed_at BIGINT NOT NULL,
  sent_at BIGINT,
  message_id TEXT,
  attempts INTEGER NOT NULL DEFAULT 1,
  lease_owner TEXT,
  lease_until BIGINT,
  last_error TEXT,
  UNIQUE (platform, channel_id, local_date)
);
INSERT INTO daily_posts_v2 (id, schedule_id, platform, channel_id, local_date, question_id, status, claimed_at, sent_at, message_id, attempts, lease_owner, lease_until, last_error)
  SELECT id, schedule_id, platform, channel_id, local_date, question_id, status, claimed_at, sent_at, message_id, attempts, NULL, claimed_at + 300000, NULL FROM daily_posts;
DROP TABLE daily_posts;
ALTER TABLE daily_posts_v2 RENAME TO daily_posts;
CREATE INDEX daily_posts_schedule ON daily_posts (schedule_id, local_date);
ALTER TABLE quiz_rounds ADD COLUMN state TEXT NOT NULL DEFAULT 'pending';
ALTER TABLE quiz_rounds ADD COLUMN lease_owner TEXT;
ALTER TABLE quiz_rounds ADD COLUMN lease_until BIGINT;
ALTER TABLE quiz_rounds ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE quiz_rounds ADD COLUMN last_error TEXT;
UPDATE quiz_rounds SET state = CASE WHEN closed_at IS NOT NULL THEN 'revealed' WHEN message_id IS NOT NULL THEN 'open' ELSE 'pending' END;
CREATE INDEX quiz_rounds_work ON quiz_rounds (state, platform);
CREATE INDEX quiz_rounds_session ON quiz_rounds (session_id, seq);
CREATE TABLE quiz_sessions (
  id TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  active_key TEXT UNIQUE,
  created_at BIGINT NOT NULL
);
`,
});

// Versions 1 and 2 as PostgreSQL: the same tables, with identity ids (SQLite's
// INTEGER PRIMARY KEY assigns ids by itself; PostgreSQL needs it said) and
// version 2's daily_posts change done by ALTER rather than a table rebuild.
MIGRATIONS[0]!.postgres = MIGRATIONS[0]!.sql.replace(/\bid INTEGER PRIMARY KEY\b/g, 'id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY');
MIGRATIONS[1]!.postgres = `
ALTER TABLE daily_schedules ADD COLUMN suspended_reason TEXT;
ALTER TABLE daily_schedules ADD COLUMN suspended_at BIGINT;
ALTER TABLE daily_posts DROP CONSTRAINT daily_posts_status_check;
ALTER TABLE daily_posts ADD CONSTRAINT daily_posts_status_check CHECK (status IN ('claimed', 'posted', 'sent', 'failed'));
ALTER TABLE daily_posts ADD COLUMN lease_owner TEXT;
ALTER TABLE daily_posts ADD COLUMN lease_until BIGINT;
ALTER TABLE daily_posts ADD COLUMN last_error TEXT;
UPDATE daily_posts SET lease_until = claimed_at + 300000;
ALTER TABLE quiz_rounds ADD COLUMN state TEXT NOT NULL DEFAULT 'pending';
ALTER TABLE quiz_rounds ADD COLUMN lease_owner TEXT;
ALTER TABLE quiz_rounds ADD COLUMN lease_until BIGINT;
ALTER TABLE quiz_rounds ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE quiz_rounds ADD COLUMN last_error TEXT;
UPDATE quiz_rounds SET state = CASE WHEN closed_at IS NOT NULL THEN 'revealed' WHEN message_id IS NOT NULL THEN 'open' ELSE 'pending' END;
CREATE INDEX quiz_rounds_work ON quiz_rounds (state, platform);
CREATE INDEX quiz_rounds_session ON quiz_rounds (session_id, seq);
CREATE TABLE quiz_sessions (
  id TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  active_key TEXT UNIQUE,
  created_at BIGINT NOT NULL
);
`;

/** The SQL a backend runs for a migration. */
export const migrationSql = (m: Migration, kind: 'sqlite' | 'postgres'): string => (kind === 'postgres' ? (m.postgres ?? m.sql) : m.sql);

/** Splits migration text into statements (migrations contain no ';' inside literals). */
export const statements = (text: string): string[] =>
  text
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Version 4 (issue 12; 3 belongs to the reports work): scores that stay fast and
 * survive retention. score_days holds one row per user and UTC day (period boards
 * and streaks read it, not every answer); score_totals holds each user's all-time
 * figures, so pruning old rounds and answers never changes an all-time score.
 * Both are maintained in the same transaction as the answer.
 */
MIGRATIONS.push({
  version: 4,
  sql: `
CREATE TABLE score_days (
  platform TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  day TEXT NOT NULL,
  user_name TEXT NOT NULL,
  correct INTEGER NOT NULL,
  answered INTEGER NOT NULL,
  PRIMARY KEY (platform, workspace_id, user_id, day)
);
INSERT INTO score_days (platform, workspace_id, user_id, day, user_name, correct, answered)
  SELECT platform, workspace_id, user_id, answered_day, MAX(user_name), SUM(correct), COUNT(*) FROM quiz_answers GROUP BY platform, workspace_id, user_id, answered_day;
CREATE INDEX score_days_period ON score_days (platform, workspace_id, day, user_id, correct, answered);
CREATE TABLE score_totals (
  platform TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  user_name TEXT NOT NULL,
  correct INTEGER NOT NULL,
  answered INTEGER NOT NULL,
  streak INTEGER NOT NULL DEFAULT 0,
  streak_day TEXT,
  PRIMARY KEY (platform, workspace_id, user_id)
);
INSERT INTO score_totals (platform, workspace_id, user_id, user_name, correct, answered)
  SELECT platform, workspace_id, user_id, MAX(user_name), SUM(correct), COUNT(*) FROM quiz_answers GROUP BY platform, workspace_id, user_id;
WITH runs AS (
  SELECT platform, workspace_id, user_id, day, julianday(day) - ROW_NUMBER() OVER (PARTITION BY platform, workspace_id, user_id ORDER BY day) AS grp
  FROM score_days WHERE correct > 0
), islands AS (
  SELECT platform, workspace_id, user_id, COUNT(*) AS n, MAX(day) AS last_day FROM runs GROUP BY platform, workspace_id, user_id, grp
)
UPDATE score_totals SET
  streak_day = (SELECT MAX(i.last_day) FROM islands i WHERE i.platform = score_totals.platform AND i.workspace_id = score_totals.workspace_id AND i.user_id = score_totals.user_id),
  streak = COALESCE((SELECT i.n FROM islands i WHERE i.platform = score_totals.platform AND i.workspace_id = score_totals.workspace_id AND i.user_id = score_totals.user_id ORDER BY i.last_day DESC LIMIT 1), 0);
CREATE INDEX quiz_rounds_age ON quiz_rounds (opened_at);
CREATE INDEX daily_posts_age ON daily_posts (claimed_at);
`,
});
// The same on PostgreSQL, where a day's number is date arithmetic rather than julianday().
MIGRATIONS[MIGRATIONS.length - 1]!.postgres = MIGRATIONS[MIGRATIONS.length - 1]!.sql.replace('julianday(day)', "(CAST(day AS DATE) - DATE '1970-01-01')");

/**
 * Version 3 (issue 10): reports can be resolved by admins, and each member's seen
 * interview questions are remembered ("Another question" never repeats). Portable.
 */
MIGRATIONS.push({
  version: 3,
  sql: `
ALTER TABLE question_reports ADD COLUMN resolved_at BIGINT;
ALTER TABLE question_reports ADD COLUMN resolved_by TEXT;
ALTER TABLE question_reports ADD COLUMN resolution TEXT;
CREATE INDEX question_reports_open ON question_reports (platform, workspace_id, resolved_at);
CREATE TABLE interview_seen (
  platform TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  question_id TEXT NOT NULL,
  seen_at BIGINT NOT NULL,
  PRIMARY KEY (platform, workspace_id, user_id, question_id)
);
`,
});

/**
 * Version 5 (issue 14): Slack installations, one per workspace (key `T:<team>`) or
 * per Enterprise Grid org (`E:<enterprise>`), holding the installation object Bolt's
 * OAuth produced, as JSON. Workspaces of an org-wide install are remembered in
 * slack_org_teams as requests arrive from them, so work that no request triggers
 * (daily posts, reveals) finds the org's token. Portable.
 */
MIGRATIONS.push({
  version: 5,
  sql: `
CREATE TABLE slack_installations (
  install_key TEXT PRIMARY KEY,
  enterprise_id TEXT,
  team_id TEXT,
  is_enterprise_install INTEGER NOT NULL,
  installation TEXT NOT NULL,
  installed_at BIGINT NOT NULL
);
CREATE TABLE slack_org_teams (
  team_id TEXT PRIMARY KEY,
  enterprise_id TEXT NOT NULL
);
CREATE INDEX slack_org_teams_enterprise ON slack_org_teams (enterprise_id);
`,
});

/**
 * Version 7 (issue 15; 6 is reserved for another change): each member's own
 * practice. practice_cards holds one FSRS card per member and quiz item (the
 * ts-fsrs card as JSON, with due/state copied out for the picker's index);
 * practice_reviews one row per shown practice question or graded channel-quiz
 * answer, graded once (a conditional update, or the unique source key);
 * mock_attempts / mock_grades the mock interviews and their self-grading (one
 * grade per outline point); plan_items the roadmap items a member marked done;
 * nudges the weekly DM settings and nudge_sends one claimed send per nudge and
 * local ISO week. Portable but for the identity ids (PostgreSQL variant below).
 */
MIGRATIONS.push({
  version: 7,
  sql: `
CREATE TABLE practice_cards (
  platform TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  due BIGINT NOT NULL,
  state INTEGER NOT NULL,
  reps INTEGER NOT NULL,
  lapses INTEGER NOT NULL,
  fsrs TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (platform, workspace_id, user_id, item_id)
);
CREATE INDEX practice_cards_due ON practice_cards (platform, workspace_id, user_id, due);
CREATE TABLE practice_reviews (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('practice', 'quiz')),
  source_key TEXT NOT NULL,
  option_order TEXT NOT NULL,
  shown_at BIGINT NOT NULL,
  choice INTEGER,
  correct INTEGER,
  rating INTEGER,
  reviewed_at BIGINT,
  UNIQUE (platform, workspace_id, user_id, source_key)
);
CREATE INDEX practice_reviews_user ON practice_reviews (platform, workspace_id, user_id, shown_at);
CREATE TABLE mock_attempts (
  id TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  question_id TEXT NOT NULL,
  topic TEXT NOT NULL,
  level TEXT NOT NULL,
  answer TEXT NOT NULL,
  points INTEGER NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX mock_attempts_user ON mock_attempts (platform, workspace_id, user_id, created_at);
CREATE TABLE mock_grades (
  attempt_id TEXT NOT NULL REFERENCES mock_attempts (id),
  point INTEGER NOT NULL,
  covered INTEGER NOT NULL,
  graded_at BIGINT NOT NULL,
  PRIMARY KEY (attempt_id, point)
);
CREATE TABLE plan_items (
  platform TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  done_at BIGINT NOT NULL,
  PRIMARY KEY (platform, workspace_id, user_id, item_id)
);
CREATE TABLE nudges (
  id TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  weekday TEXT NOT NULL,
  time_local TEXT NOT NULL,
  timezone TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  disabled_reason TEXT,
  updated_at BIGINT NOT NULL
);
CREATE INDEX nudges_enabled ON nudges (enabled, platform);
CREATE TABLE nudge_sends (
  id INTEGER PRIMARY KEY,
  nudge_id TEXT NOT NULL,
  platform TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  week TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed')),
  claimed_at BIGINT NOT NULL,
  sent_at BIGINT,
  message_id TEXT,
  attempts INTEGER NOT NULL DEFAULT 1,
  lease_owner TEXT,
  lease_until BIGINT,
  last_error TEXT,
  UNIQUE (nudge_id, week)
);
`,
});
MIGRATIONS[MIGRATIONS.length - 1]!.postgres = MIGRATIONS[MIGRATIONS.length - 1]!.sql.replace(/\bid INTEGER PRIMARY KEY\b/g, 'id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY');

/**
 * Version 8: a report is unique per workspace, not per user everywhere. A Discord
 * user is the same in every server, so the old key (platform, user, item) made a
 * report in one server silently refuse the same member's report in another, whose
 * admins never saw it. SQLite cannot drop an inline UNIQUE: the table is rebuilt.
 * (Versions 6 and 7 are other changes; migrate applies every missing version in order.)
 */
MIGRATIONS.push({
  version: 8,
  sql: `
CREATE TABLE question_reports_v8 (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  item_kind TEXT NOT NULL,
  item_id TEXT NOT NULL,
  reason TEXT,
  created_at BIGINT NOT NULL,
  resolved_at BIGINT,
  resolved_by TEXT,
  resolution TEXT,
  UNIQUE (platform, workspace_id, user_id, item_kind, item_id)
);
INSERT INTO question_reports_v8 (id, platform, workspace_id, user_id, item_kind, item_id, reason, created_at, resolved_at, resolved_by, resolution)
  SELECT id, platform, workspace_id, user_id, item_kind, item_id, reason, created_at, resolved_at, resolved_by, resolution FROM question_reports;
DROP TABLE question_reports;
ALTER TABLE question_reports_v8 RENAME TO question_reports;
CREATE INDEX question_reports_open ON question_reports (platform, workspace_id, resolved_at);
`,
  postgres: `
ALTER TABLE question_reports DROP CONSTRAINT question_reports_platform_user_id_item_kind_item_id_key;
ALTER TABLE question_reports ADD CONSTRAINT question_reports_workspace_item_key UNIQUE (platform, workspace_id, user_id, item_kind, item_id);
`,
});

/**
 * Version 6 (issue 12, period boards): score_totals.recent holds each user's
 * counts for the 32 UTC days ending on the day of their newest answer, newest
 * first, as `day:correct:answered` entries separated by commas (day = days since
 * 1970-01-01). A week or month board then reads one row per user instead of
 * summing every day of the window from score_days; it is maintained in the
 * answer's transaction with the totals. The index on quiz_answers becomes a
 * covering one for the window's first, partial day. Version 7 is issue 15's.
 */
MIGRATIONS.push({
  version: 6,
  sql: `
ALTER TABLE score_totals ADD COLUMN recent TEXT NOT NULL DEFAULT '';
WITH days AS (
  SELECT platform, workspace_id, user_id, day, correct, answered, MAX(day) OVER (PARTITION BY platform, workspace_id, user_id) AS newest FROM score_days
), rings AS MATERIALIZED (
  SELECT platform, workspace_id, user_id,
    group_concat(CAST(CAST(julianday(day) - 2440587.5 AS INTEGER) AS TEXT) || ':' || correct || ':' || answered, ',' ORDER BY day DESC) AS recent
  FROM days WHERE julianday(newest) - julianday(day) < 32 GROUP BY platform, workspace_id, user_id
)
UPDATE score_totals SET recent = rings.recent FROM rings
  WHERE rings.platform = score_totals.platform AND rings.workspace_id = score_totals.workspace_id AND rings.user_id = score_totals.user_id;
DROP INDEX quiz_answers_board;
CREATE INDEX quiz_answers_board ON quiz_answers (platform, workspace_id, answered_at, user_id, correct);
`,
});
// PostgreSQL: dates are DATE arithmetic, and string_agg is group_concat.
MIGRATIONS[MIGRATIONS.length - 1]!.postgres = MIGRATIONS[MIGRATIONS.length - 1]!.sql
  .replace('CAST(CAST(julianday(day) - 2440587.5 AS INTEGER) AS TEXT)', "CAST(CAST(day AS DATE) - DATE '1970-01-01' AS TEXT)")
  .replace('julianday(newest) - julianday(day) < 32', 'CAST(newest AS DATE) - CAST(day AS DATE) < 32')
  .replace('group_concat(', 'string_agg(');
