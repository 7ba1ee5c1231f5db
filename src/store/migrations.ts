/**
 * Versioned schema migrations, in portable SQL (runs on SQLite; written to be
 * valid PostgreSQL too: BIGINT epoch-ms times, TEXT dates, ON CONFLICT guards).
 * Append only: never edit a migration that has shipped.
 */
export const MIGRATIONS: { version: number; sql: string }[] = [
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
  // Version 2 is the lead engineer's (daily-post and quiz lifecycles); 3 was written alongside it.
  {
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

/**
 * Version 4 (issue 14; version 3 belongs to issue 10): Slack installations, one
 * per workspace (key `T:<team>`) or per Enterprise Grid org (`E:<enterprise>`),
 * holding the installation object Bolt's OAuth produced, as JSON. Workspaces of
 * an org-wide install are remembered in slack_org_teams as requests arrive from
 * them, so work that no request triggers (daily posts, reveals) finds the org's token.
 */
MIGRATIONS.push({
  version: 4,
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
