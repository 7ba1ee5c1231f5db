/**
 * Slack installations (issue 14): the installation object Bolt's OAuth
 * (@slack/oauth InstallProvider) produces for each workspace, or for an
 * Enterprise Grid org when the app was installed org-wide, kept in our own
 * database next to everything else.
 *
 * Deliberately narrow, so it ports to PostgreSQL on its own: save, fetch by
 * team or enterprise, delete, and the team -> org links of org-wide installs.
 * The table comes from migration 4 (src/store/migrations.ts), applied by the
 * main store's migrate(); this module opens its own connection to the same file.
 *
 * The installation holds the bot token. It is stored as Bolt hands it over
 * (the InstallationStore contract gives it back verbatim), never logged;
 * protect the database file as you would the token itself (see README).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** What a lookup is keyed by: a workspace, or an org for org-wide installs. */
export interface InstallationKey {
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall?: boolean;
}

/** The parts of Bolt's Installation this repo reads; the rest is kept as is. */
export interface StoredInstallation {
  team?: { id: string; name?: string } | null;
  enterprise?: { id: string; name?: string } | null;
  isEnterpriseInstall?: boolean;
  bot?: { token: string; id?: string; userId?: string; scopes?: string[] };
  [k: string]: unknown;
}

export interface InstallationRepo {
  save(installation: StoredInstallation, now?: number): Promise<void>;
  /**
   * The installation serving a workspace: its own, or its org's when the request
   * says it is an org-wide install (or the team is known to belong to one).
   */
  fetch(key: InstallationKey): Promise<StoredInstallation | undefined>;
  /** Deletes the installation for this key (org-wide: the org's, with its team links); true when one went. */
  delete(key: InstallationKey): Promise<boolean>;
  /** Records that a team is served by an org-wide install (seen on a request). */
  linkTeam(teamId: string, enterpriseId: string): Promise<void>;
  /** Teams known to belong to an org-wide install. */
  orgTeams(enterpriseId: string): Promise<string[]>;
  close(): Promise<void>;
}

/** `E:<enterprise>` for an org-wide install, `T:<team>` otherwise. */
export function installKey(i: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }): string | undefined {
  if (i.isEnterpriseInstall && i.enterpriseId) return `E:${i.enterpriseId}`;
  if (i.teamId) return `T:${i.teamId}`;
  return undefined;
}

export class SqliteInstallationRepo implements InstallationRepo {
  private readonly db: Database.Database;

  /** `path`: the main store's SQLite file, migrated to version 4 or later. */
  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
  }

  async save(inst: StoredInstallation, now = Date.now()): Promise<void> {
    const enterpriseId = inst.enterprise?.id ?? null;
    const teamId = inst.team?.id ?? null;
    const key = installKey({ isEnterpriseInstall: inst.isEnterpriseInstall === true, enterpriseId: enterpriseId ?? undefined, teamId: teamId ?? undefined });
    if (!key) throw new Error('installation has neither a team nor an enterprise id');
    this.db
      .prepare(
        `INSERT INTO slack_installations (install_key, enterprise_id, team_id, is_enterprise_install, installation, installed_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (install_key) DO UPDATE SET enterprise_id = excluded.enterprise_id, team_id = excluded.team_id,
           is_enterprise_install = excluded.is_enterprise_install, installation = excluded.installation, installed_at = excluded.installed_at`,
      )
      .run(key, enterpriseId, teamId, inst.isEnterpriseInstall ? 1 : 0, JSON.stringify(inst), now);
  }

  async fetch(key: InstallationKey): Promise<StoredInstallation | undefined> {
    const get = (k: string): StoredInstallation | undefined => {
      const r = this.db.prepare('SELECT installation FROM slack_installations WHERE install_key = ?').get(k) as { installation: string } | undefined;
      return r ? (JSON.parse(r.installation) as StoredInstallation) : undefined;
    };
    if (key.isEnterpriseInstall && key.enterpriseId) return get(`E:${key.enterpriseId}`);
    if (key.teamId) {
      const own = get(`T:${key.teamId}`);
      if (own) return own;
      const org = key.enterpriseId ?? (this.db.prepare('SELECT enterprise_id FROM slack_org_teams WHERE team_id = ?').get(key.teamId) as { enterprise_id: string } | undefined)?.enterprise_id;
      if (org) return get(`E:${org}`);
      return undefined;
    }
    return key.enterpriseId ? get(`E:${key.enterpriseId}`) : undefined;
  }

  async delete(key: InstallationKey): Promise<boolean> {
    const k = installKey(key);
    if (!k) return false;
    return this.db.transaction(() => {
      const gone = this.db.prepare('DELETE FROM slack_installations WHERE install_key = ?').run(k).changes > 0;
      if (k.startsWith('E:')) this.db.prepare('DELETE FROM slack_org_teams WHERE enterprise_id = ?').run(k.slice(2));
      return gone;
    }).immediate();
  }

  async linkTeam(teamId: string, enterpriseId: string): Promise<void> {
    this.db
      .prepare('INSERT INTO slack_org_teams (team_id, enterprise_id) VALUES (?, ?) ON CONFLICT (team_id) DO UPDATE SET enterprise_id = excluded.enterprise_id')
      .run(teamId, enterpriseId);
  }

  async orgTeams(enterpriseId: string): Promise<string[]> {
    return (this.db.prepare('SELECT team_id FROM slack_org_teams WHERE enterprise_id = ? ORDER BY team_id').all(enterpriseId) as { team_id: string }[]).map((r) => r.team_id);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
