/**
 * Slack installations (issue 14): the installation object Bolt's OAuth
 * (@slack/oauth InstallProvider) produces for each workspace, or for an
 * Enterprise Grid org when the app was installed org-wide, kept in our own
 * database next to everything else.
 *
 * Deliberately narrow, so it ports to PostgreSQL on its own: save, fetch by
 * team or enterprise, delete, and the team -> org links of org-wide installs.
 * The tables come from migration 5 (src/store/migrations.ts), applied by the
 * main store's migrate(); in the bot the repo shares the main store's connection.
 *
 * The installation holds the bot token. It is stored as Bolt hands it over
 * (the InstallationStore contract gives it back verbatim), never logged;
 * protect the database file as you would the token itself (see README).
 */
import { sql } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Db } from './sql-store.js';
import { sqliteParts } from './open.js';

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

/**
 * The repo on the main store's Kysely connection, so it works on SQLite and on
 * PostgreSQL alike (portable SQL, one transaction for an org's delete).
 */
export class SqlInstallationRepo implements InstallationRepo {
  constructor(
    private readonly db: Db,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  async save(inst: StoredInstallation, now = Date.now()): Promise<void> {
    const enterpriseId = inst.enterprise?.id ?? null;
    const teamId = inst.team?.id ?? null;
    const key = installKey({ isEnterpriseInstall: inst.isEnterpriseInstall === true, enterpriseId: enterpriseId ?? undefined, teamId: teamId ?? undefined });
    if (!key) throw new Error('installation has neither a team nor an enterprise id');
    await sql`INSERT INTO slack_installations (install_key, enterprise_id, team_id, is_enterprise_install, installation, installed_at)
      VALUES (${key}, ${enterpriseId}, ${teamId}, ${inst.isEnterpriseInstall ? 1 : 0}, ${JSON.stringify(inst)}, ${now})
      ON CONFLICT (install_key) DO UPDATE SET enterprise_id = excluded.enterprise_id, team_id = excluded.team_id,
        is_enterprise_install = excluded.is_enterprise_install, installation = excluded.installation, installed_at = excluded.installed_at`.execute(this.db);
  }

  private async get(k: string): Promise<StoredInstallation | undefined> {
    const r = await sql<{ installation: string }>`SELECT installation FROM slack_installations WHERE install_key = ${k}`.execute(this.db);
    const row = r.rows[0];
    return row ? (JSON.parse(row.installation) as StoredInstallation) : undefined;
  }

  async fetch(key: InstallationKey): Promise<StoredInstallation | undefined> {
    if (key.isEnterpriseInstall && key.enterpriseId) return this.get(`E:${key.enterpriseId}`);
    if (key.teamId) {
      const own = await this.get(`T:${key.teamId}`);
      if (own) return own;
      const link = await sql<{ enterprise_id: string }>`SELECT enterprise_id FROM slack_org_teams WHERE team_id = ${key.teamId}`.execute(this.db);
      const org = key.enterpriseId ?? link.rows[0]?.enterprise_id;
      return org ? this.get(`E:${org}`) : undefined;
    }
    return key.enterpriseId ? this.get(`E:${key.enterpriseId}`) : undefined;
  }

  async delete(key: InstallationKey): Promise<boolean> {
    const k = installKey(key);
    if (!k) return false;
    return this.db.transaction().execute(async (trx) => {
      const r = await sql`DELETE FROM slack_installations WHERE install_key = ${k}`.execute(trx);
      if (k.startsWith('E:')) await sql`DELETE FROM slack_org_teams WHERE enterprise_id = ${k.slice(2)}`.execute(trx);
      return Number(r.numAffectedRows ?? 0n) > 0;
    });
  }

  async linkTeam(teamId: string, enterpriseId: string): Promise<void> {
    await sql`INSERT INTO slack_org_teams (team_id, enterprise_id) VALUES (${teamId}, ${enterpriseId})
      ON CONFLICT (team_id) DO UPDATE SET enterprise_id = excluded.enterprise_id`.execute(this.db);
  }

  async orgTeams(enterpriseId: string): Promise<string[]> {
    const r = await sql<{ team_id: string }>`SELECT team_id FROM slack_org_teams WHERE enterprise_id = ${enterpriseId} ORDER BY team_id`.execute(this.db);
    return r.rows.map((x) => x.team_id);
  }

  close(): Promise<void> {
    return this.onClose();
  }
}

/** The repo on its own connection to a SQLite file (tests, tools). */
export class SqliteInstallationRepo extends SqlInstallationRepo {
  /** `path`: the main store's SQLite file, migrated to version 5 or later. */
  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const { db } = sqliteParts(path);
    super(db, () => db.destroy());
  }
}
