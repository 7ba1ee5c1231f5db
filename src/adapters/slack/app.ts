/**
 * The Slack adapter: a Bolt App that turns slash commands and button clicks
 * into core calls and core Replies into Block Kit.
 *
 * Transport is a Receiver choice, not a fork: Socket Mode when an app-level
 * token is configured, otherwise the HTTP receiver at /slack/events with
 * request signing verified by Bolt. Everything else is the same code path:
 * ack() at once, then run the core, then respond() (ephemeral or in_channel by
 * the Reply's visibility; replace_original for 'update' replies to clicks).
 *
 * Workspaces: one (SLACK_BOT_TOKEN), or many installed through Bolt's OAuth
 * (SLACK_CLIENT_ID/SECRET, SLACK_STATE_SECRET; see oauth.ts). Then every call
 * goes out with the token of the workspace it is for: Bolt's authorize() gives
 * listeners their workspace's client, and the poster looks the token up for
 * work no request triggers (daily posts, quiz reveals, retries).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import {
  App,
  HTTPReceiver,
  LogLevel,
  SocketModeReceiver,
  webApi,
  type Logger,
  type Receiver,
  type RespondArguments,
  type RespondFn,
} from '@slack/bolt';
import type { CareerBot } from '../../core/bot.js';
import type { Scope } from '../../core/command.js';
import { errorReply, withoutForm, type Reply } from '../../core/reply.js';
import { AdminResolver, MENTION_HINT } from './admin.js';
import { oauthReceiverOptions, mountInstallRoutes, uninstallHandlers, notInstalledNotice, type OAuthWiring } from './oauth.js';
import type { InstallationRepo } from '../../store/installations.js';
import type { Store } from '../../store/store.js';
import { PostError } from '../../core/poster.js';
import { SlackConfigError, type SlackConfig } from './config.js';
import { SlackPoster, describeError, type SlackPosterOptions } from './poster.js';
import { renderHome, renderModal, renderReply } from './render.js';
import { boltLogger, fromBoltLogger } from './log.js';
import { createRootLogger } from '../../log.js';
import type { Logger as CoreLogger } from '../../core/bot.js';
import { ServiceServer } from '../../server/http.js';
import type { Metrics } from '../../server/metrics.js';
import { instrumentFetch } from '../../server/instrument.js';
import { StartupError, networkFailure } from '../../startup.js';

type WebClient = InstanceType<typeof webApi.WebClient>;

/** What the adapter needs from the core (CareerBot satisfies it). */
export type SlackCore = Pick<CareerBot, 'commands' | 'runCommandText' | 'runAction' | 'attachPoster'> &
  /** Form submissions and the App Home (`me`); optional so a core without them still plugs in. */
  Partial<Pick<CareerBot, 'runSubmit' | 'runCommand'>>;

export interface SlackOptions extends SlackConfig {
  /** Bolt/WebClient logger; defaults to the JSON logger (src/log.ts) at `logLevel`. */
  logger?: Logger;
  logLevel?: LogLevel;
  /** Structured logger for the adapter's own lines (default: over `logger`). */
  log?: CoreLogger;
  /** Interaction and Web API metrics (none kept when absent). */
  metrics?: Metrics;
  /**
   * HTTP mode: the process's HTTP server, where POST /slack/events is mounted.
   * Without one, the adapter starts its own on `port` (with /healthz, /readyz).
   */
  server?: ServiceServer;
  /**
   * Retry policy of Bolt's WebClient (users.info, auth.test, apps.connections.open).
   * 429s there wait out Retry-After and count as a retry. Default: 3 retries, 0.3–3 s.
   */
  retryConfig?: { retries: number; factor?: number; minTimeout?: number; maxTimeout?: number; randomize?: boolean };
  /** Per-request timeout of Web API calls (default 10 s). */
  requestTimeoutMs?: number;
  /** chat.postMessage / chat.update retries (see SlackPoster). */
  poster?: Omit<SlackPosterOptions, 'logger'>;
  /** users.info answers cached this long (default 5 min). */
  adminCacheMs?: number;
  /**
   * Socket Mode client timings: how long to wait for a pong (also the reconnect
   * back-off step; default 5 s) and for a server ping (default 30 s).
   */
  socket?: { clientPingTimeoutMs?: number; serverPingTimeoutMs?: number };
  /** Many workspaces (cfg.oauth): where installations are kept. Required then. */
  installations?: InstallationRepo;
  /** What an uninstall deletes a workspace's data from (`app_uninstalled`, `tokens_revoked`). */
  store?: Pick<Store, 'deleteWorkspace'>;
  /** OAuth state lifetime in seconds (default 600, Bolt's). */
  stateTtlSec?: number;
}

export interface SlackHandle {
  app: App;
  mode: 'http' | 'socket';
  poster: SlackPoster;
  /** HTTP mode: the port actually listened on (useful with port 0). */
  port?: number;
  /** What is not ready: the Socket Mode connection, or the HTTP server (empty when ready). */
  notReady(): string[];
  stop(): Promise<void>;
}

/** Bolt's WebClient retry policy: a few quick retries, not the SDK default of ~30 minutes. */
export const DEFAULT_RETRY_CONFIG = { retries: 3, factor: 2, minTimeout: 300, maxTimeout: 3000, randomize: true } as const;

/** Suffix the renderer adds to a duplicate action_id ("id#2"); the real id is in `value`. */
const stripDedupe = (actionId: string): string => actionId.replace(/#\d+$/, '');

interface ClickedAction {
  type: string;
  action_id: string;
  value?: string;
  selected_option?: { value: string };
}

interface ClickBody {
  type: string;
  user: { id: string; username?: string; name?: string; team_id?: string };
  team?: { id: string } | null;
  channel?: { id: string };
  /** `message` for a message's buttons, `view` for the Home tab's (and a modal's). */
  container?: { type?: string; channel_id?: string; is_ephemeral?: boolean };
  trigger_id?: string;
  view?: { type?: string };
}

interface SubmissionBody {
  type: 'view_submission';
  user: { id: string; username?: string; name?: string; team_id?: string };
  team?: { id: string } | null;
  view: {
    callback_id: string;
    private_metadata?: string;
    state?: { values?: Record<string, Record<string, { type?: string; value?: string | null }>> };
  };
}

/** What a modal carries to its submission: the channel the form was opened from (none on the Home tab). */
interface FormMetadata { c?: string }

/** The reply shown where its form cannot be opened: privately, without the form. */
/** Submitted values by field id (the input's action_id); an empty optional input is ''. */
export function submittedValues(view: SubmissionBody['view']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of Object.values(view.state?.values ?? {})) {
    for (const [actionId, input] of Object.entries(block ?? {})) out[actionId] = typeof input?.value === 'string' ? input.value : '';
  }
  return out;
}

/** Wait this long for a submission's answer before acking, so a refusal can show on the form itself (Slack allows 3 s). */
const SUBMIT_ACK_WITHIN_MS = 2_000;

export async function startSlack(bot: SlackCore, cfg: SlackOptions): Promise<SlackHandle> {
  const socketMode = Boolean(cfg.appToken);
  if (!socketMode && !cfg.signingSecret) {
    throw new SlackConfigError(['SLACK_SIGNING_SECRET: is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)']);
  }
  if (cfg.oauth && cfg.botToken) {
    throw new SlackConfigError(['SLACK_BOT_TOKEN: conflicts with SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET: set one mode, not both']);
  }
  if (!cfg.oauth && !cfg.botToken) throw new SlackConfigError(['SLACK_BOT_TOKEN: is required (or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET)']);
  if (cfg.oauth && !cfg.installations) throw new Error('Slack OAuth needs an installation repository (installations)');
  const logLevel = cfg.logLevel ?? LogLevel.INFO;
  const logger = cfg.logger ?? defaultLogger(logLevel);
  const log = cfg.log ?? fromBoltLogger(logger);
  const metrics = cfg.metrics;
  metrics?.knowCommands(bot.commands().map((c) => c.name));
  // Every Web API call and respond() goes through this fetch: counted by status, logged at debug with its duration.
  const fetch = instrumentFetch(globalThis.fetch, 'slack', { log, metrics });
  const clientOptions = {
    slackApiUrl: cfg.apiUrl,
    retryConfig: { ...(cfg.retryConfig ?? DEFAULT_RETRY_CONFIG) },
    timeout: cfg.requestTimeoutMs ?? 10_000,
    logger,
    logLevel,
    fetch,
  };

  const oauth: OAuthWiring | undefined =
    cfg.oauth && cfg.installations
      ? { cfg: cfg.oauth, apiUrl: cfg.apiUrl, installations: cfg.installations, clientOptions, log, stateTtlSec: cfg.stateTtlSec }
      : undefined;
  const oauthOptions: Partial<ReturnType<typeof oauthReceiverOptions>> = oauth ? oauthReceiverOptions(oauth) : {};

  let receiver: Receiver;
  let socketReceiver: SocketModeReceiver | undefined;
  let httpReceiver: HTTPReceiver | undefined;
  if (socketMode) {
    socketReceiver = new SocketModeReceiver({
      appToken: cfg.appToken!,
      logger,
      logLevel,
      clientPingTimeout: cfg.socket?.clientPingTimeoutMs,
      serverPingTimeout: cfg.socket?.serverPingTimeoutMs,
      ...oauthOptions,
      installerOptions: { clientOptions, ...oauthOptions.installerOptions },
    });
    receiver = socketReceiver;
  } else {
    // Bolt's HTTP receiver, without its own server: its request listener is mounted on ours.
    httpReceiver = new HTTPReceiver({
      signingSecret: cfg.signingSecret!,
      endpoints: '/slack/events',
      logger,
      logLevel,
      processBeforeResponse: false,
      ...oauthOptions,
    });
    receiver = httpReceiver;
  }

  const app = new App({
    token: cfg.botToken,
    receiver,
    logger,
    logLevel,
    clientOptions,
    convoStore: false,
    deferInitialization: true,
    // The error handler gets the request body: an authorization failure (no installation) is answered through its response_url.
    extendedErrorHandler: true,
  });

  // Posting has its own retry loop (idempotency-aware), so its client never retries by itself.
  const postClient = new webApi.WebClient(cfg.botToken, {
    slackApiUrl: cfg.apiUrl,
    logger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: cfg.requestTimeoutMs ?? 10_000,
    logLevel,
    fetch,
  });
  const tokenFor = oauth
    ? async (workspaceId: string | undefined): Promise<string> => {
        const inst = workspaceId ? await oauth.installations.fetch({ teamId: workspaceId }) : undefined;
        if (!inst?.bot?.token)
          throw new PostError('permanent', `I can't post in workspace ${workspaceId ?? '?'}: the app is not installed there (any more); a workspace admin can reinstall it.`, 'not_installed');
        return inst.bot.token;
      }
    : undefined;
  const poster = new SlackPoster(postClient, { ...cfg.poster, logger, tokenFor });
  const admins = new AdminResolver({ allowList: cfg.adminUserIds, ttlMs: cfg.adminCacheMs, logger });

  /** Commands whose permission depends on the user: resolve admin status only for those. */
  const adminCapable = new Set(
    bot.commands().filter((c) => c.admin || c.subcommands?.some((s) => s.admin)).map((c) => c.name),
  );
  const scopeFor = async (base: Omit<Scope, 'isAdmin' | 'adminHint' | 'platform'>, command: string, client: WebClient): Promise<Scope> => {
    const scope: Scope = { platform: 'slack', ...base, isAdmin: false };
    if (!adminCapable.has(command)) return scope;
    const via = { teamId: base.workspaceId, client };
    const verdict = await admins.resolve(base.userId, via);
    return {
      ...scope,
      isAdmin: verdict.isAdmin,
      adminHint: verdict.adminHint,
      // Asked only when a daily mention pings a whole channel or a group (allow-listed users need a lookup).
      mentions: { everyone: () => admins.isWorkspaceAdmin(base.userId, via), hint: MENTION_HINT },
    };
  };

  /** Sends the reply through response_url; false when that failed (logged). */
  const send = async (respond: RespondFn, reply: Reply, what: string, opts: { click?: { ephemeralSource: boolean } } = {}): Promise<boolean> => {
    const msg = renderReply(reply);
    let args: RespondArguments;
    const click = opts.click;
    if (click && reply.mode === 'update' && (reply.visibility === 'public' || click.ephemeralSource)) {
      args = { replace_original: true, text: msg.text, blocks: msg.blocks };
    } else {
      args = {
        response_type: reply.visibility === 'public' ? 'in_channel' : 'ephemeral',
        ...(click ? { replace_original: false } : {}),
        text: msg.text,
        blocks: msg.blocks,
      };
    }
    try {
      await respond(args);
      return true;
    } catch (e) {
      log('error', 'slack respond() failed', { what, error: describeError(e) });
      return false;
    }
  };

  /**
   * Open the reply's form as a modal (views.open with the interaction's trigger_id,
   * valid 3 s). False when it cannot be opened: the caller shows the fallback.
   */
  const openForm = async (client: WebClient, triggerId: string | undefined, reply: Reply, channelId: string | undefined): Promise<boolean> => {
    const meta: FormMetadata = channelId ? { c: channelId } : {};
    const view = reply.form ? renderModal(reply.form, JSON.stringify(meta)) : undefined;
    if (!view || !triggerId) return false;
    try {
      await client.views.open({ trigger_id: triggerId, view });
      return true;
    } catch (e) {
      log('warn', 'slack views.open failed; answering with the form\'s fallback', { form: reply.form?.id, error: describeError(e) });
      return false;
    }
  };

  /** A private answer to a user with no response_url: a DM (the app's IM with them). */
  const directMessage = async (client: WebClient, userId: string, reply: Reply): Promise<boolean> => {
    const msg = renderReply(reply);
    try {
      const im = await client.conversations.open({ users: userId });
      await client.chat.postMessage({ channel: im.channel?.id ?? userId, text: msg.text, blocks: msg.blocks, unfurl_links: false, unfurl_media: false });
      return true;
    } catch (e) {
      log('error', 'slack direct message failed', { user: userId, error: describeError(e) });
      return false;
    }
  };

  /**
   * The answer to a submitted form: in the channel the form came from (ephemeral,
   * or posted when public), else, or when that fails, as a DM.
   */
  const deliverPrivately = async (client: WebClient, channelId: string | undefined, userId: string, reply: Reply): Promise<boolean> => {
    if (channelId) {
      const msg = renderReply(reply);
      try {
        if (reply.visibility === 'public') await client.chat.postMessage({ channel: channelId, text: msg.text, blocks: msg.blocks, unfurl_links: false, unfurl_media: false });
        else await client.chat.postEphemeral({ channel: channelId, user: userId, text: msg.text, blocks: msg.blocks });
        return true;
      } catch (e) {
        log('warn', 'slack: could not answer a form in its channel; sending a DM', { channel: channelId, user: userId, error: describeError(e) });
      }
    }
    return directMessage(client, userId, reply);
  };

  /** The App Home tab for a user: `/me` rendered as a home view and published (the workspace's token via Bolt). */
  const publishHome = async (client: WebClient, userId: string, reply: Reply): Promise<boolean> => {
    try {
      await client.views.publish({ user_id: userId, view: renderHome(reply) });
      return true;
    } catch (e) {
      log('error', 'slack views.publish failed', { user: userId, error: describeError(e) });
      return false;
    }
  };

  app.command(/.*/, async ({ command, ack, respond, client }) => {
    const t0 = performance.now();
    await ack();
    await yieldToIO();
    const name = command.command.replace(/^\//, '').toLowerCase();
    const done = metrics?.startInteraction('slack', 'command', name);
    let outcome: 'ok' | 'error' = 'ok';
    let reply: Reply;
    try {
      const scope = await scopeFor(
        { workspaceId: command.team_id, channelId: command.channel_id, userId: command.user_id, userName: command.user_name },
        name,
        client,
      );
      reply = await bot.runCommandText(name, command.text ?? '', scope);
      if (reply.form) {
        if (await openForm(client, command.trigger_id, reply, command.channel_id)) {
          done?.(outcome);
          log('debug', 'slack interaction', { kind: 'command', command: name, route: `/${name}`, workspace: command.team_id, outcome, form: reply.form.id, ms: ms(t0) });
          return;
        }
        reply = withoutForm(reply);
      }
    } catch (e) {
      outcome = 'error';
      log('error', 'slack command failed', { command: name, workspace: command.team_id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      reply = errorReply('Something went wrong on our side while answering that. Please try again in a moment.');
    }
    if (!(await send(respond, reply, `/${name}`))) outcome = 'error';
    done?.(outcome);
    log('debug', 'slack interaction', { kind: 'command', command: name, route: `/${name}`, workspace: command.team_id, outcome, ms: ms(t0) });
  });

  app.action(/.*/, async ({ body, action, ack, respond, client }) => {
    const t0 = performance.now();
    await ack();
    await yieldToIO();
    const b = body as unknown as ClickBody;
    if (b.type !== 'block_actions') return;
    const a = action as unknown as ClickedAction;
    let id: string;
    let value: string | undefined;
    if (a.type === 'static_select') {
      id = stripDedupe(a.action_id);
      value = a.selected_option?.value;
    } else {
      id = a.value ?? stripDedupe(a.action_id);
    }
    const command = id.split(':')[0] ?? '';
    const target = command === 'share' ? (id.split(':')[1] ?? '') : command;
    const done = metrics?.startInteraction('slack', 'component', command);
    let outcome: 'ok' | 'error' = 'ok';
    let reply: Reply;
    try {
      const scope = await scopeFor(
        {
          workspaceId: b.team?.id ?? b.user.team_id ?? '',
          channelId: b.channel?.id ?? b.container?.channel_id ?? '',
          userId: b.user.id,
          userName: b.user.username ?? b.user.name ?? b.user.id,
        },
        target,
        client,
      );
      reply = await bot.runAction(id, scope, value);
      if (reply.form) {
        if (await openForm(client, b.trigger_id, reply, scope.channelId || undefined)) {
          done?.(outcome);
          log('debug', 'slack interaction', { kind: 'component', command, route: id, workspace: b.team?.id, outcome, form: reply.form.id, ms: ms(t0) });
          return;
        }
        reply = withoutForm(reply);
      }
    } catch (e) {
      outcome = 'error';
      log('error', 'slack action failed', { action: id, workspace: b.team?.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      reply = errorReply('Something went wrong on our side with that button. Please try again.');
    }
    if (b.container?.type === 'view') {
      // A button on the Home tab: no response_url and no channel. 'update' redraws the tab; anything else is a DM.
      const home = b.view?.type === 'home' && reply.mode === 'update';
      if (!(home ? await publishHome(client, b.user.id, reply) : await directMessage(client, b.user.id, reply))) outcome = 'error';
    } else if (!(await send(respond, reply, `action ${id}`, { click: { ephemeralSource: b.container?.is_ephemeral === true } }))) outcome = 'error';
    done?.(outcome);
    log('debug', 'slack interaction', { kind: 'component', command, route: id, workspace: b.team?.id, outcome, ms: ms(t0) });
  });

  // A submitted form (view_submission): its callback_id is the form's action id.
  app.view(/.*/, async ({ ack, body, client }) => {
    const t0 = performance.now();
    const b = body as unknown as SubmissionBody;
    const id = b.view.callback_id;
    const command = id.split(':')[0] ?? '';
    const done = metrics?.startInteraction('slack', 'submit', command);
    let outcome: 'ok' | 'error' = 'ok';
    let meta: FormMetadata = {};
    try {
      const parsed: unknown = JSON.parse(b.view.private_metadata || '{}');
      if (parsed && typeof parsed === 'object' && typeof (parsed as FormMetadata).c === 'string') meta = { c: (parsed as FormMetadata).c };
    } catch {
      // Not ours (or altered): answer by DM.
    }
    const values = submittedValues(b.view);
    const work = (async (): Promise<Reply> => {
      if (!bot.runSubmit) return errorReply("That form isn't one I recognize — it may be from an older version of the bot.");
      const scope = await scopeFor(
        { workspaceId: b.team?.id ?? b.user.team_id ?? '', channelId: meta.c ?? '', userId: b.user.id, userName: b.user.username ?? b.user.name ?? b.user.id },
        command,
        client,
      );
      return bot.runSubmit(id, values, scope);
    })().catch((e: unknown): Reply => {
      outcome = 'error';
      log('error', 'slack form submission failed', { form: id, workspace: b.team?.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      return errorReply('Something went wrong on our side with that form. Please try again.');
    });
    // Ack within Slack's 3 s. An answer ready in time that refuses the input is shown on the form itself.
    let timer: NodeJS.Timeout | undefined;
    const early = await Promise.race([work, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), SUBMIT_ACK_WITHIN_MS)))]);
    clearTimeout(timer);
    const firstField = Object.keys(b.view.state?.values ?? {})[0];
    if (early?.error && firstField) {
      await ack({ response_action: 'errors', errors: { [firstField]: early.text.slice(0, 300) } });
      done?.(outcome);
      return;
    }
    await ack();
    let reply = await work;
    if (reply.form) reply = withoutForm(reply); // no trigger left to open another modal with
    if (!(await deliverPrivately(client, meta.c, b.user.id, reply))) outcome = 'error';
    done?.(outcome);
    log('debug', 'slack interaction', { kind: 'submit', command, route: id, workspace: b.team?.id, outcome, ms: ms(t0) });
  });

  // The App Home tab: `/me`, rendered as a home view, published each time the member opens it.
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home' || !bot.runCommand) return;
    const workspaceId = (body as { team_id?: string }).team_id ?? '';
    try {
      const reply = await bot.runCommand('me', { options: {} }, { platform: 'slack', workspaceId, channelId: '', userId: event.user, userName: event.user, isAdmin: false });
      await publishHome(client, event.user, reply);
    } catch (e) {
      log('error', 'slack app home failed', { user: event.user, workspace: workspaceId, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });

  uninstallHandlers(app, { installations: oauth?.installations, store: cfg.store, admins, log });

  const notice = notInstalledNotice(cfg.oauth?.redirectUri);
  const onError = async ({ error, body }: { error: Error & { code?: string }; body?: unknown }): Promise<void> => {
    const b = (body ?? {}) as { team_id?: string; team?: { id?: string } | null; user?: { team_id?: string }; response_url?: string; enterprise_id?: string };
    const workspace = b.team_id ?? b.team?.id ?? b.user?.team_id;
    if (error.code === 'slack_bolt_authorization_error') {
      // No installation for this workspace: never installed, or uninstalled while Slack still sends its requests.
      log('warn', 'slack request from a workspace without an installation', { workspace, enterprise: b.enterprise_id });
      metrics?.malformed('slack', 'not_installed');
      if (typeof b.response_url === 'string' && /^https?:\/\//.test(b.response_url)) {
        try {
          const res = await fetch(b.response_url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ response_type: 'ephemeral', text: notice }),
          });
          await res.body?.cancel();
        } catch (e) {
          log('warn', 'slack: could not send the "please reinstall" notice', { workspace, error: describeError(e) });
        }
      }
      return;
    }
    log('error', 'slack unhandled error', { workspace, error: error.message });
  };
  app.error(onError);

  // auth.test now, so a bad token fails start-up instead of the first command (OAuth: authorize per request instead).
  try {
    await app.init();
  } catch (e) {
    throw startupError(e, 'SLACK_BOT_TOKEN', cfg.apiUrl);
  }
  bot.attachPoster(poster);

  let port: number | undefined;
  let socketOpen = false;
  let ownServer: ServiceServer | undefined;
  let server: ServiceServer | undefined;
  if (socketReceiver) {
    const sock = socketReceiver.client;
    guardSocketMessages(sock, { log, metrics });
    sock.on('connected', () => {
      socketOpen = true;
      log('debug', 'slack socket connected');
    });
    for (const ev of ['disconnecting', 'disconnected', 'reconnecting'])
      sock.on(ev, () => {
        socketOpen = false;
        log(ev === 'reconnecting' ? 'info' : 'debug', `slack socket ${ev}`);
      });
    if (oauth) {
      // Bolt's Socket Mode receiver would open a second HTTP server for the install pages (on
      // installerOptions.port); they are served on the process's one server instead.
      (socketReceiver as unknown as { httpServer?: unknown }).httpServer = undefined;
      server = cfg.server;
      if (!server) {
        ownServer = new ServiceServer({ log, metrics });
        server = ownServer;
      }
      mountInstallRoutes(server, socketReceiver.installer, oauth);
      if (ownServer) await ownServer.listen(cfg.port, cfg.host);
      port = server.port;
    }
    try {
      await app.start();
    } catch (e) {
      // apps.connections.open is called with the app-level token.
      await socketReceiver.client.disconnect().catch(() => undefined);
      throw startupError(e, 'SLACK_APP_TOKEN', cfg.apiUrl);
    }
    socketOpen = true;
    log('info', 'slack connected in Socket Mode', { install: oauth ? '/slack/install' : undefined });
  } else {
    server = cfg.server;
    if (!server) {
      ownServer = new ServiceServer({ log, metrics });
      server = ownServer;
    }
    server.route('POST', '/slack/events', guardBody(httpReceiver!.requestListener, { log, metrics }));
    if (oauth) mountInstallRoutes(server, httpReceiver!.installer, oauth);
    if (ownServer) await ownServer.listen(cfg.port, cfg.host);
    port = server.port;
    log('info', 'slack events mounted at POST /slack/events', { port, install: oauth ? '/slack/install' : undefined });
  }

  let stopped = false;
  return {
    app,
    mode: socketMode ? 'socket' : 'http',
    poster,
    port,
    notReady() {
      if (stopped) return ['stopped'];
      if (socketReceiver) return socketOpen ? [] : ['socket not open'];
      return server?.isListening ? [] : ['http server not listening'];
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      poster.close();
      if (socketReceiver) {
        // Await the close handshake (the receiver's own stop() does not).
        await socketReceiver.client.disconnect();
      }
      await ownServer?.close();
    },
  };
}

const ms = (t0: number): number => Math.round((performance.now() - t0) * 10) / 10;

/** How far a request's timestamp may be from now, either way (Slack's own rule is 5 minutes). */
const MAX_CLOCK_SKEW_SEC = 5 * 60;

/** Largest Slack request body accepted (Slack's payloads are a few KB). */
const BODY_LIMIT = 1024 * 1024;

/**
 * Reads the body before Bolt does (Bolt uses a body already buffered on
 * `req.rawBody`, HTTPModuleFunctions.bufferIncomingMessage) and turns away a
 * body that parses to something other than an object: Bolt reads
 * `body.ssl_check` of the parsed body outside any try, so a signed `null` would
 * reject inside its request handler and take the process down. Parsing follows
 * Bolt's parseHTTPRequestBody; bodies it cannot parse at all are left to Bolt
 * (which answers 400/401 itself).
 */
function guardBody(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  opts: { log: CoreLogger; metrics?: Metrics },
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    // Bolt refuses requests signed more than 5 minutes ago, but not ones dated ahead: a captured
    // request re-dated into the future would otherwise stay replayable. Same window both ways.
    const ts = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(ts) && ts > Date.now() / 1000 + MAX_CLOCK_SKEW_SEC) {
      opts.metrics?.malformed('slack', 'timestamp');
      opts.log('warn', 'slack request refused: its timestamp is more than 5 minutes in the future', { aheadSec: Math.round(ts - Date.now() / 1000) });
      req.resume();
      res.writeHead(401).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        res.writeHead(413).end();
        return;
      }
      chunks.push(chunk);
    }
    const raw = Buffer.concat(chunks);
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
    let parsed: unknown = {};
    try {
      const text = raw.toString();
      if (req.headers['content-type'] === 'application/x-www-form-urlencoded') {
        const qs = parseQuery(text);
        parsed = typeof qs.payload === 'string' ? JSON.parse(qs.payload) : qs;
      } else {
        parsed = JSON.parse(text);
      }
    } catch {
      // Not parseable: Bolt verifies the signature and answers 400 itself.
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      opts.metrics?.malformed('slack', 'body');
      opts.log('warn', 'slack request dropped: its body is not an object', { bytes: raw.length, type: parsed === null ? 'null' : Array.isArray(parsed) ? 'array' : typeof parsed });
      res.writeHead(400).end();
      return;
    }
    listener(req, res);
  };
}

type SocketClient = SocketModeReceiver['client'];
const ENVELOPE_TYPES = new Set(['slash_commands', 'interactive', 'events_api']);

/**
 * Socket Mode: an envelope whose payload is not an object (or an events_api
 * payload without its `event`) makes the Socket Mode client throw inside its
 * message handler (`event.payload.event.type`), an unhandled rejection that
 * takes the process down. The client's one 'ws_message' listener is replaced by
 * one that drops such an envelope (acknowledged, so Slack does not resend it;
 * logged and counted) and passes everything else on, catching whatever else
 * one message might throw.
 */
function guardSocketMessages(sock: SocketClient, opts: { log: CoreLogger; metrics?: Metrics }): void {
  const emitter = sock as unknown as NodeJS.EventEmitter & { send(id: string, body?: object): Promise<void> };
  const listeners = emitter.listeners('ws_message') as ((data: string | ArrayBuffer, isBinary: boolean) => unknown)[];
  if (listeners.length === 0) return; // a version that handles messages differently: leave it alone
  emitter.removeAllListeners('ws_message');
  const drop = (kind: string, detail: Record<string, unknown>, envelopeId?: unknown): void => {
    opts.metrics?.malformed('slack', kind);
    opts.log('warn', 'slack socket message dropped: it could not be handled', detail);
    if (typeof envelopeId === 'string') emitter.send(envelopeId).catch(() => {});
  };
  emitter.on('ws_message', (data: string | ArrayBuffer, isBinary: boolean) => {
    if (!isBinary) {
      let msg: unknown;
      try {
        msg = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data));
      } catch {
        msg = undefined; // the client logs and ignores unparseable messages itself
      }
      const m = msg as { type?: unknown; envelope_id?: unknown; payload?: unknown } | undefined;
      if (m && typeof m.type === 'string' && ENVELOPE_TYPES.has(m.type)) {
        const p = m.payload as { event?: unknown } | null | undefined;
        const bad = p === null || typeof p !== 'object' || Array.isArray(p) || (m.type === 'events_api' && (typeof p.event !== 'object' || p.event === null));
        if (bad) return drop('envelope', { type: m.type }, m.envelope_id);
      }
    }
    for (const l of listeners) {
      Promise.resolve()
        .then(() => l.call(sock, data, isBinary))
        .catch((e: unknown) => drop('socket_message', { error: e instanceof Error ? e.message : String(e) }));
    }
  });
}

/**
 * After ack(), let pending I/O (other requests waiting for their ack) run before
 * the core works on this one: under load, acks keep to Slack's 3 s deadline and
 * the slower part, the answer, goes through response_url (valid for 30 min).
 */
function yieldToIO(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Without a logger from the caller: the process's JSON logger (src/log.ts) at `level`. */
function defaultLogger(level: LogLevel): Logger {
  const levels = { [LogLevel.DEBUG]: 'debug', [LogLevel.INFO]: 'info', [LogLevel.WARN]: 'warn', [LogLevel.ERROR]: 'error' } as const;
  return boltLogger(createRootLogger({ level: levels[level] }).child({ platform: 'slack' }));
}

const REJECTED = /invalid_auth|not_authed|account_inactive|token_revoked|token_expired|not_allowed_token_type|invalid_token/;

/** A Slack call at start-up failed: say which variable to fix, or pass the error on. */
function startupError(e: unknown, tokenVar: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN', apiUrl: string): Error {
  const why = describeError(e);
  const kind = tokenVar === 'SLACK_BOT_TOKEN' ? 'bot token' : 'app-level token';
  const where = tokenVar === 'SLACK_BOT_TOKEN' ? 'OAuth & Permissions → Bot User OAuth Token (xoxb-…)' : 'Basic Information → App-Level Tokens, with connections:write (xapp-…)';
  if (REJECTED.test(why)) return new StartupError(`${tokenVar}: Slack rejected the ${kind} (${why.match(REJECTED)![0]}). Copy it again from your app's ${where}.`);
  const net = networkFailure(e);
  if (net) return new StartupError(`SLACK_API_URL: could not reach Slack at ${apiUrl} (${net}). Check SLACK_API_URL (default https://slack.com/api/; leave it unset unless you use a proxy) and the network.`);
  return e instanceof Error ? e : new Error(String(e));
}
