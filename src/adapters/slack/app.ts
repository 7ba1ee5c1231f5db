/**
 * The Slack adapter: a Bolt App that turns slash commands and button clicks
 * into core calls and core Replies into Block Kit.
 *
 * Transport is a Receiver choice, not a fork: Socket Mode when an app-level
 * token is configured, otherwise the HTTP receiver at /slack/events with
 * request signing verified by Bolt. Everything else is the same code path:
 * ack() at once, then run the core, then respond() (ephemeral or in_channel by
 * the Reply's visibility; replace_original for 'update' replies to clicks).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
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
import { errorReply, type Reply } from '../../core/reply.js';
import { AdminResolver, MENTION_HINT } from './admin.js';
import { SlackConfigError, type SlackConfig } from './config.js';
import { SlackPoster, describeError, type SlackPosterOptions } from './poster.js';
import { renderReply } from './render.js';
import { StartupError, networkFailure } from '../../startup.js';

/** What the adapter needs from the core (CareerBot satisfies it). */
export type SlackCore = Pick<CareerBot, 'commands' | 'runCommandText' | 'runAction' | 'attachPoster'>;

export interface SlackOptions extends SlackConfig {
  /** Bolt/WebClient logger; defaults to Bolt's console logger at `logLevel`. */
  logger?: Logger;
  logLevel?: LogLevel;
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
}

export interface SlackHandle {
  app: App;
  mode: 'http' | 'socket';
  poster: SlackPoster;
  /** HTTP mode: the port actually listened on (useful with port 0). */
  port?: number;
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
  container?: { channel_id?: string; is_ephemeral?: boolean };
}

export async function startSlack(bot: SlackCore, cfg: SlackOptions): Promise<SlackHandle> {
  const socketMode = Boolean(cfg.appToken);
  if (!socketMode && !cfg.signingSecret) {
    throw new SlackConfigError(['SLACK_SIGNING_SECRET: is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)']);
  }
  const logger = cfg.logger ?? defaultLogger(cfg.logLevel ?? LogLevel.INFO);
  const clientOptions = {
    slackApiUrl: cfg.apiUrl,
    retryConfig: { ...(cfg.retryConfig ?? DEFAULT_RETRY_CONFIG) },
    timeout: cfg.requestTimeoutMs ?? 10_000,
    logger,
  };

  let receiver: Receiver;
  let socketReceiver: SocketModeReceiver | undefined;
  if (socketMode) {
    socketReceiver = new SocketModeReceiver({
      appToken: cfg.appToken!,
      logger,
      clientPingTimeout: cfg.socket?.clientPingTimeoutMs,
      serverPingTimeout: cfg.socket?.serverPingTimeoutMs,
      installerOptions: { clientOptions },
    });
    receiver = socketReceiver;
  } else {
    receiver = new HTTPReceiver({
      signingSecret: cfg.signingSecret!,
      endpoints: '/slack/events',
      port: cfg.port,
      logger,
      processBeforeResponse: false,
      customRoutes: [
        { path: '/healthz', method: ['GET'], handler: (_req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('ok'); } },
      ],
    });
  }

  const app = new App({
    token: cfg.botToken,
    receiver,
    logger,
    clientOptions,
    convoStore: false,
    deferInitialization: true,
  });

  // Posting has its own retry loop (idempotency-aware), so its client never retries by itself.
  const postClient = new webApi.WebClient(cfg.botToken, {
    slackApiUrl: cfg.apiUrl,
    logger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: cfg.requestTimeoutMs ?? 10_000,
  });
  const poster = new SlackPoster(postClient, { ...cfg.poster, logger });
  const admins = new AdminResolver(app.client, { allowList: cfg.adminUserIds, ttlMs: cfg.adminCacheMs, logger });

  /** Commands whose permission depends on the user: resolve admin status only for those. */
  const adminCapable = new Set(
    bot.commands().filter((c) => c.admin || c.subcommands?.some((s) => s.admin)).map((c) => c.name),
  );
  const scopeFor = async (base: Omit<Scope, 'isAdmin' | 'adminHint' | 'platform'>, command: string): Promise<Scope> => {
    const scope: Scope = { platform: 'slack', ...base, isAdmin: false };
    if (!adminCapable.has(command)) return scope;
    const verdict = await admins.resolve(base.userId);
    return {
      ...scope,
      isAdmin: verdict.isAdmin,
      adminHint: verdict.adminHint,
      // Asked only when a daily mention pings a whole channel or a group (allow-listed users need a lookup).
      mentions: { everyone: () => admins.isWorkspaceAdmin(base.userId), hint: MENTION_HINT },
    };
  };

  const send = async (respond: RespondFn, reply: Reply, what: string, opts: { click?: { ephemeralSource: boolean } } = {}): Promise<void> => {
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
    } catch (e) {
      logger.error(`slack: respond() for ${what} failed: ${describeError(e)}`);
    }
  };

  app.command(/.*/, async ({ command, ack, respond }) => {
    await ack();
    await yieldToIO();
    const name = command.command.replace(/^\//, '').toLowerCase();
    let reply: Reply;
    try {
      const scope = await scopeFor(
        { workspaceId: command.team_id, channelId: command.channel_id, userId: command.user_id, userName: command.user_name },
        name,
      );
      reply = await bot.runCommandText(name, command.text ?? '', scope);
    } catch (e) {
      logger.error(`slack: /${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      reply = errorReply('Something went wrong on our side while answering that. Please try again in a moment.');
    }
    await send(respond, reply, `/${name}`);
  });

  app.action(/.*/, async ({ body, action, ack, respond }) => {
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
      );
      reply = await bot.runAction(id, scope, value);
    } catch (e) {
      logger.error(`slack: action ${id} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      reply = errorReply('Something went wrong on our side with that button. Please try again.');
    }
    await send(respond, reply, `action ${id}`, { click: { ephemeralSource: b.container?.is_ephemeral === true } });
  });

  app.error(async (err) => {
    logger.error(`slack: unhandled error: ${err instanceof Error ? err.message : String(err)}`);
  });

  // auth.test now, so a bad token fails start-up instead of the first command.
  try {
    await app.init();
  } catch (e) {
    throw startupError(e, 'SLACK_BOT_TOKEN', cfg.apiUrl);
  }
  bot.attachPoster(poster);

  let port: number | undefined;
  if (socketMode) {
    try {
      await app.start();
    } catch (e) {
      // apps.connections.open is called with the app-level token.
      await socketReceiver?.client.disconnect().catch(() => undefined);
      throw startupError(e, 'SLACK_APP_TOKEN', cfg.apiUrl);
    }
    logger.info('slack: connected in Socket Mode');
  } else {
    let server: Server;
    try {
      server = (await app.start({ port: cfg.port, ...(cfg.host ? { host: cfg.host } : {}) })) as Server;
    } catch (e) {
      if ((e as { code?: string }).code === 'EADDRINUSE')
        throw new StartupError(`PORT: port ${cfg.port} is already in use${cfg.host ? ` on ${cfg.host}` : ''}. Stop what uses it, or set PORT to a free port.`);
      throw e;
    }
    port = (server.address() as AddressInfo).port;
    logger.info(`slack: listening on ${cfg.host ?? '*'}:${port} (POST /slack/events)`);
  }

  let stopped = false;
  return {
    app,
    mode: socketMode ? 'socket' : 'http',
    poster,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      poster.close();
      if (socketReceiver) {
        // Await the close handshake (the receiver's own stop() does not).
        await socketReceiver.client.disconnect();
      } else {
        await app.stop();
      }
    },
  };
}

/**
 * After ack(), let pending I/O (other requests waiting for their ack) run before
 * the core works on this one: under load, acks keep to Slack's 3 s deadline and
 * the slower part, the answer, goes through response_url (valid for 30 min).
 */
function yieldToIO(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function defaultLogger(level: LogLevel): Logger {
  // Bolt's ConsoleLogger, created the way App would, with our level.
  const logs: Record<string, (...m: unknown[]) => void> = {
    debug: (...m) => console.debug('[slack]', ...m),
    info: (...m) => console.info('[slack]', ...m),
    warn: (...m) => console.warn('[slack]', ...m),
    error: (...m) => console.error('[slack]', ...m),
  };
  const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
  let current = level;
  const enabled = (l: LogLevel): boolean => order.indexOf(l) >= order.indexOf(current);
  return {
    debug: (...m) => { if (enabled(LogLevel.DEBUG)) logs.debug!(...m); },
    info: (...m) => { if (enabled(LogLevel.INFO)) logs.info!(...m); },
    warn: (...m) => { if (enabled(LogLevel.WARN)) logs.warn!(...m); },
    error: (...m) => { if (enabled(LogLevel.ERROR)) logs.error!(...m); },
    setLevel: (l) => { current = l; },
    getLevel: () => current,
    setName: () => {},
  };
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
