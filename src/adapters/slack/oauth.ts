/**
 * Many workspaces: Bolt's own OAuth (the @slack/oauth InstallProvider its
 * receivers build from clientId, clientSecret, stateSecret, scopes and an
 * installationStore), with
 * - the installation store kept in our database (src/store/installations.ts);
 * - /slack/install and /slack/oauth_redirect served on the process's one HTTP
 *   server, in HTTP mode and in Socket Mode alike, by the receiver's installer;
 * - pages that say what happened, escaped (an expired or forged state is refused
 *   with a page that says so);
 * - `app_uninstalled` and `tokens_revoked` deleting the workspace's installation
 *   and everything stored for it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, HTTPReceiver, Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Logger as CoreLogger } from '../../core/bot.js';
import type { InstallationRepo, StoredInstallation } from '../../store/installations.js';
import type { Store } from '../../store/store.js';
import type { ServiceServer } from '../../server/http.js';
import type { AdminResolver } from './admin.js';
import type { SlackOAuthConfig } from './config.js';
import { BOT_SCOPES } from './manifest.js';

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

export interface OAuthWiring {
  cfg: SlackOAuthConfig;
  /** Web API base: the authorize page is derived from it (https://slack.com/oauth/v2/authorize). */
  apiUrl: string;
  installations: InstallationRepo;
  clientOptions: object;
  log: CoreLogger;
  /** State lifetime (default 600 s, Bolt's). */
  stateTtlSec?: number;
}

type Installer = NonNullable<HTTPReceiver['installer']>;
type CallbackOptions = NonNullable<Parameters<Installer['handleCallback']>[2]>;

/** Slack's authorize page next to its Web API: https://slack.com/api/ -> https://slack.com/oauth/v2/authorize. */
export function authorizeUrl(apiUrl: string): string {
  return new URL('../oauth/v2/authorize', apiUrl).toString();
}

/** Bolt's installationStore over our repository. Teams of org-wide installs are linked as their requests arrive. */
export function installationStore(repo: InstallationRepo, log: CoreLogger): InstallationStore {
  const linked = new Set<string>();
  return {
    async storeInstallation(installation: Installation): Promise<void> {
      await repo.save(installation as unknown as StoredInstallation);
      log('info', 'slack app installed', {
        workspace: installation.team?.id,
        enterprise: installation.enterprise?.id,
        orgWide: installation.isEnterpriseInstall === true,
      });
    },
    async fetchInstallation(q: InstallationQuery<boolean>): Promise<Installation> {
      const found = await repo.fetch(q);
      if (!found) throw new Error(`no installation for workspace ${q.teamId ?? '-'}${q.enterpriseId ? ` (org ${q.enterpriseId})` : ''}`);
      if (q.isEnterpriseInstall && q.teamId && q.enterpriseId && !linked.has(q.teamId)) {
        await repo.linkTeam(q.teamId, q.enterpriseId);
        linked.add(q.teamId);
      }
      return found as unknown as Installation;
    },
    async deleteInstallation(q: InstallationQuery<boolean>): Promise<void> {
      await repo.delete(q);
    },
  };
}

/** The OAuth options both receivers take (spread into HTTPReceiver / SocketModeReceiver options). */
export function oauthReceiverOptions(w: OAuthWiring) {
  return {
    clientId: w.cfg.clientId,
    clientSecret: w.cfg.clientSecret,
    stateSecret: w.cfg.stateSecret,
    scopes: [...BOT_SCOPES],
    redirectUri: w.cfg.redirectUri,
    installationStore: installationStore(w.installations, w.log),
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      authorizationUrl: authorizeUrl(w.apiUrl),
      stateCookieExpirationSeconds: w.stateTtlSec ?? 600,
      clientOptions: w.clientOptions,
      callbackOptions: callbackOptions(w.log),
    },
  };
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');

function page(res: ServerResponse, status: number, title: string, body: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
      `<style>body{font-family:system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em}</style></head>` +
      `<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
  );
}

const startAgain = `<p><a href="${INSTALL_PATH}">Start the installation again</a>.</p>`;

/** What the redirect page says, by what went wrong. */
export function callbackOptions(log: CoreLogger): CallbackOptions {
  return {
    success: (installation, _opts, _req, res) => {
      const where = installation.isEnterpriseInstall ? installation.enterprise?.name ?? installation.enterprise?.id : installation.team?.name ?? installation.team?.id;
      page(
        res,
        200,
        'careerbot is installed',
        `<p>careerbot is now installed in <b>${escapeHtml(where ?? 'your workspace')}</b>.</p>` +
          `<p>Type <code>/help</code> in any channel. Invite it with <code>/invite @careerbot</code> where quizzes and daily questions should be posted.</p>`,
      );
    },
    failure: (error, _opts, _req, res) => {
      const code = (error as { code?: string }).code ?? 'unknown';
      log('warn', 'slack install refused', { reason: code, detail: error.message });
      if (code === 'slack_oauth_invalid_state' && /expired/i.test(error.message)) {
        return page(res, 400, 'This install link has expired', `<p>An installation must be finished within 10 minutes of starting it.</p>${startAgain}`);
      }
      if (code === 'slack_oauth_invalid_state' || code === 'slack_oauth_missing_state') {
        return page(
          res,
          400,
          'This install request could not be verified',
          `<p>It did not start from this site's install page in this browser, or it was altered on the way. Nothing was installed.</p>${startAgain}`,
        );
      }
      if (code === 'slack_oauth_installer_authorization_error') {
        return page(res, 400, 'Installation cancelled', `<p>The installation was cancelled in Slack. Nothing was installed.</p>${startAgain}`);
      }
      if (code === 'slack_oauth_missing_code') {
        return page(res, 400, 'Slack sent no authorization code', `<p>Nothing was installed.</p>${startAgain}`);
      }
      page(res, 502, 'Slack did not confirm the installation', `<p>Slack answered: ${escapeHtml(error.message)}. Nothing was installed; please try again.</p>${startAgain}`);
    },
  };
}

/**
 * GET /slack/install (the "Add to Slack" page, setting the state cookie) and
 * GET /slack/oauth_redirect (state verified, code exchanged with oauth.v2.access,
 * installation stored), both handled by the receiver's installer on our server.
 */
export function mountInstallRoutes(server: ServiceServer, installer: Installer | undefined, w: OAuthWiring): void {
  if (!installer) throw new Error('Slack OAuth: Bolt did not set up its installer; check SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET');
  const urlOptions = { scopes: [...BOT_SCOPES], redirectUri: w.cfg.redirectUri };
  const cb = callbackOptions(w.log);
  const guard = (what: string, run: (req: IncomingMessage, res: ServerResponse) => Promise<void>) => async (req: IncomingMessage, res: ServerResponse) => {
    try {
      await run(req, res);
    } catch (e) {
      w.log('error', `slack ${what} failed`, { error: e instanceof Error ? e.message : String(e) });
      page(res, 500, 'Something went wrong', `<p>Please try again in a moment.</p>${startAgain}`);
    }
  };
  server.route('GET', INSTALL_PATH, guard('install page', (req, res) => installer.handleInstallPath(req, res, {}, urlOptions)));
  server.route('GET', REDIRECT_PATH, guard('install redirect', (req, res) => installer.handleCallback(req, res, cb)));
}

/** What a request from a workspace without an installation is answered with (ephemeral, through its response_url). */
export function notInstalledNotice(redirectUri?: string): string {
  const url = redirectUri ? new URL(INSTALL_PATH, redirectUri).toString() : undefined;
  return (
    'careerbot is not installed in this workspace (it may have been removed). ' +
    `Please reinstall it: a workspace admin can add it again from ${url ? `<${url}|the install page>` : `the bot's install page (${INSTALL_PATH} on its address)`}.`
  );
}

/**
 * `app_uninstalled`, and `tokens_revoked` for the bot token: the installation
 * goes, with the workspace's schedules, quizzes, scores, opt-outs and reports,
 * at once (no daily post or reveal for it is attempted afterwards). An org-wide
 * uninstall does this for every workspace of the org seen so far.
 */
export function uninstallHandlers(
  app: App,
  deps: { installations?: InstallationRepo; store?: Pick<Store, 'deleteWorkspace'>; admins: AdminResolver; log: CoreLogger },
): void {
  const forget = async (why: string, ctx: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean }): Promise<void> => {
    const orgWide = ctx.isEnterpriseInstall === true && !!ctx.enterpriseId;
    const teams = orgWide ? ((await deps.installations?.orgTeams(ctx.enterpriseId!)) ?? []) : ctx.teamId ? [ctx.teamId] : [];
    const removed = (await deps.installations?.delete(ctx)) ?? false;
    const rows: Record<string, number> = {};
    for (const t of teams) {
      deps.admins.forgetTeam(t);
      const gone = (await deps.store?.deleteWorkspace('slack', t)) ?? {};
      for (const [k, n] of Object.entries(gone)) rows[k] = (rows[k] ?? 0) + n;
    }
    deps.log('info', 'slack app removed from a workspace; its data is deleted', {
      why,
      workspace: ctx.teamId,
      enterprise: ctx.enterpriseId,
      orgWide,
      installation: removed,
      workspaces: teams.length,
      rows,
    });
  };
  app.event('app_uninstalled', async ({ context }) => {
    await forget('app_uninstalled', context);
  });
  app.event('tokens_revoked', async ({ event, context }) => {
    const bot = (event as { tokens?: { bot?: string[] } }).tokens?.bot ?? [];
    if (bot.length === 0) return; // only user tokens: the bot holds none
    await forget('tokens_revoked', context);
  });
}
