/**
 * The Discord adapter: a discord.js v14 client that receives interactions over
 * the gateway and answers over REST.
 *
 * - No gateway intents: interactions arrive without any, and REST needs none.
 *   Every intent would make Discord send (and discord.js cache) more per guild.
 * - Bounded caches: messages, members, users, presences, emojis… are kept at 0
 *   (only the bot's own user/member stay); sweepers clear anything that slips in.
 *   Guilds, channels and roles keep discord.js's own handling (overriding those
 *   caches breaks the library). Without the Guilds intent no GUILD_CREATE comes,
 *   but READY still lists every guild and discord.js would build an (unavailable)
 *   Guild object with ~15 empty managers for each: ~5 KB a guild, 50 MB at 10,000.
 *   Nothing here reads `client.guilds` (interactions carry guild_id, member and
 *   permissions; posting is plain REST), so that list is dropped from the READY
 *   packet before discord.js handles it (`cacheGuilds: false`, the default).
 * - Commands are diffed against Discord's on ready and overwritten only when
 *   different (guild-scoped with DISCORD_GUILD_ID, global otherwise).
 * - A Poster (REST create/edit message + thread) is attached to the core for
 *   quiz rounds and daily posts.
 */
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHttpInteractions } from './http.js';
import { Client, DefaultRestOptions, Events, Options, REST, Routes, Status, type ClientOptions } from 'discord.js';
import { DiscordConfigError, type DiscordConfig } from './config.js';
import { createInteractionHandler, type DiscordBot } from './interactions.js';
import { DiscordPoster } from './poster.js';
import { syncCommands, type SyncResult } from './register.js';
import type { BackoffOptions } from './backoff.js';
import { defaultDiscordLog, type DiscordLog } from './log.js';
import type { Metrics } from '../../server/metrics.js';
import { instrumentFetch } from '../../server/instrument.js';
import { guardPackets } from './guard.js';
import { StartupError, networkFailure } from '../../startup.js';

export interface DiscordStartOptions {
  log?: DiscordLog;
  /** Interaction, REST and gateway metrics (none kept when absent). */
  metrics?: Metrics;
  /** Diff and register commands once ready (default true). */
  registerCommands?: boolean;
  /** Defer an interaction when the core takes longer than this (default 2000 ms). */
  deferAfterMs?: number;
  /** Backoff for the bot's own REST calls (posts, edits, registration). */
  backoff?: Partial<BackoffOptions>;
  /** Give up if the gateway is not ready after this long (default 60 s). */
  readyTimeoutMs?: number;
  /** Keep discord.js's Guild object for every guild listed in READY (default false: see above). */
  cacheGuilds?: boolean;
}

export interface DiscordHandle {
  readonly client: Client<true>;
  readonly shards: ShardPlan;
  /** POST /discord/interactions, when DISCORD_PUBLIC_KEY is set: mount it on the HTTP server. */
  readonly interactions?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  readonly poster: DiscordPoster;
  /** The result of command registration at start-up (undefined when disabled or failed). */
  readonly registration?: SyncResult;
  /** What is not ready: each shard that is not connected and ready (empty when all are). */
  notReady(): string[];
  stop(): Promise<void>;
}

export interface ShardPlan {
  /** Shards in total, across every process. */
  total: number;
  /** The shards this process runs. */
  ids: number[];
  maxConcurrency: number;
}

/**
 * How many shards, and which of them here. `auto` takes Discord's recommended
 * count from GET /gateway/bot through our own REST base (discord.js's
 * ShardingManager would ask the real Discord), and the start limit is checked
 * before any session is opened.
 */
export async function planShards(rest: Pick<REST, 'get'>, cfg: Pick<DiscordConfig, 'shards' | 'shardIds'>): Promise<ShardPlan> {
  const info = (await rest.get(Routes.gatewayBot())) as {
    shards: number;
    session_start_limit: { total: number; remaining: number; reset_after: number; max_concurrency: number };
  };
  const total = typeof cfg.shards === 'number' ? cfg.shards : Math.max(1, info.shards);
  const ids = cfg.shardIds ?? Array.from({ length: total }, (_, i) => i);
  const bad = ids.filter((id) => id >= total);
  if (bad.length) throw new DiscordConfigError([`DISCORD_SHARD_IDS: shard ${bad.join(', ')} does not exist; there are ${total} shards (ids 0-${total - 1})`]);
  const limit = info.session_start_limit;
  if (limit.remaining < ids.length) {
    throw new StartupError(
      `discord: Discord allows ${limit.remaining} more gateway session starts today and this process needs ${ids.length}; the limit resets in ${Math.ceil(limit.reset_after / 60_000)} min`,
    );
  }
  return { total, ids, maxConcurrency: Math.max(1, limit.max_concurrency) };
}

/** Cache and sweeper settings: nothing per user or per message is kept. */
export function boundedClientOptions(apiUrl: string, requestsPerSecond = 50, instrument: { log?: DiscordLog; metrics?: Metrics } = {}): ClientOptions {
  const isSelf = (x: { id: string; client: Client }): boolean => x.id === x.client.user?.id;
  return {
    intents: [],
    // No blind retries inside the REST client: a 5xx on a create may have gone through. The poster
    // retries with backoff and looks for the message first, so one post is at most 4 requests.
    // requestsPerSecond: this process's share of the token's global limit (several processes split it).
    rest: { api: apiUrl, retries: 0, globalRequestsPerSecond: requestsPerSecond, makeRequest: instrumentFetch(DefaultRestOptions.makeRequest, 'discord', instrument) },
    allowedMentions: { parse: [] },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMessageManager: 0,
      DMMessageManager: 0,
      UserManager: { maxSize: 0, keepOverLimit: isSelf },
      GuildMemberManager: { maxSize: 0, keepOverLimit: isSelf },
      PresenceManager: 0,
      VoiceStateManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      ThreadManager: 0,
      ThreadMemberManager: 0,
      GuildForumThreadManager: 0,
      GuildTextThreadManager: 0,
      GuildEmojiManager: 0,
      BaseGuildEmojiManager: 0,
      ApplicationEmojiManager: 0,
      GuildStickerManager: 0,
      GuildBanManager: 0,
      GuildInviteManager: 0,
      GuildScheduledEventManager: 0,
      StageInstanceManager: 0,
      AutoModerationRuleManager: 0,
      ApplicationCommandManager: 0,
      EntitlementManager: 0,
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      messages: { interval: 3_600, lifetime: 1_800 },
      users: { interval: 3_600, filter: () => (u) => !isSelf(u) },
      guildMembers: { interval: 3_600, filter: () => (m) => !isSelf(m) },
    },
  };
}

/**
 * Empty READY's guild list before discord.js caches it. discord.js emits `raw`
 * with the packet object it then handles (client/websocket/WebSocketManager.js,
 * attachEvents), so the READY handler sees no guilds. Interactions still work:
 * they carry guild_id, member and permissions themselves.
 */
export function dropReadyGuilds(client: Client): void {
  client.on(Events.Raw, (packet: { t?: string; d?: { guilds?: unknown[] } }) => {
    if (packet.t === 'READY' && Array.isArray(packet.d?.guilds)) packet.d.guilds = [];
  });
}

export async function startDiscord(bot: DiscordBot, cfg: DiscordConfig & DiscordStartOptions): Promise<DiscordHandle> {
  const log = cfg.log ?? defaultDiscordLog();
  const metrics = cfg.metrics;
  const gateway = cfg.gateway !== false;
  // GET /gateway/bot is the first call: a rejected token or an unreachable API shows up here.
  const plan: ShardPlan = gateway
    ? await planShards(new REST({ api: cfg.apiUrl, retries: 1 }).setToken(cfg.token), cfg).catch((err: unknown) => {
        throw startupError(err, cfg.apiUrl) ?? err;
      })
    : { total: 0, ids: [], maxConcurrency: 1 };
  const options = boundedClientOptions(cfg.apiUrl, cfg.requestsPerSecond, { log, metrics });
  const client = new Client(gateway ? { ...options, shards: plan.ids, shardCount: plan.total } : options);
  if (!cfg.cacheGuilds) dropReadyGuilds(client);
  guardPackets(client, { log, metrics });
  metrics?.knowCommands(bot.commands().map((c) => c.name));
  const handle = createInteractionHandler(bot, { log, metrics, deferAfterMs: cfg.deferAfterMs });
  client.on(Events.InteractionCreate, (i) => void handle(i));
  const interactions = cfg.publicKey ? createHttpInteractions(client, { publicKey: cfg.publicKey, log }) : undefined;
  client.on(Events.Error, (err) => log('error', 'discord client error', { error: err.stack ?? String(err) }));
  client.on(Events.Warn, (message) => log('warn', 'discord.js warning', { detail: message }));
  // discord.js's own debug stream (gateway, heartbeats, REST queue), at LOG_LEVEL=debug. Its login line
  // prints part of the token ("Provided token: …"), so that one is left out.
  client.on(Events.Debug, (message) => {
    if (!message.startsWith('Provided token')) log('debug', 'discord.js', { detail: message });
  });
  let stopped = false;
  const shardStatus = (shard: number): void => metrics?.shardStatus(shard, client.ws.shards.get(shard)?.status ?? Status.Disconnected);
  client.on(Events.ShardReady, (shard) => {
    shardStatus(shard);
    log('debug', 'discord gateway shard ready', { shard });
  });
  client.on(Events.ShardDisconnect, (ev, shard) => {
    shardStatus(shard);
    if (!stopped) log('warn', 'discord gateway disconnected', { shard, code: ev.code });
  });
  client.on(Events.ShardResume, (shard, replayed) => {
    shardStatus(shard);
    log('info', 'discord gateway resumed', { shard, replayed });
  });
  client.on(Events.ShardReconnecting, (shard) => {
    shardStatus(shard);
    if (!stopped) log('info', 'discord gateway reconnecting', { shard });
  });
  const notReady = (): string[] => {
    if (stopped) return ['stopped'];
    if (!client.isReady() || client.ws.shards.size === 0) return ['not logged in'];
    return [...client.ws.shards.values()]
      .filter((s) => s.status !== Status.Ready)
      .map((s) => `shard ${s.id} ${Status[s.status]?.toLowerCase() ?? 'unknown'}`);
  };

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await client.destroy();
  };

  const poster = new DiscordPoster(client.rest, { backoff: cfg.backoff, log });
  let registration: SyncResult | undefined;
  const register = async (): Promise<void> => {
    if (cfg.registerCommands === false) return;
    try {
      registration = await syncCommands(client.rest, bot.commands(), { applicationId: cfg.applicationId, guildId: cfg.guildId, backoff: cfg.backoff });
      log('info', `discord commands: ${registration.summary}`);
    } catch (err) {
      // The bot still answers the commands Discord already has; the next start (or deploy:discord) retries.
      log('error', 'discord command registration failed', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  };
  if (!gateway) {
    // An HTTP-interactions worker: REST only, no gateway session at all.
    client.rest.setToken(cfg.token);
    bot.attachPoster(poster);
    await register();
    log('info', 'discord http interactions worker ready (gateway off)');
    // Ready as soon as REST works: there is no gateway to wait for.
    return { client: client as Client<true>, shards: plan, interactions, poster, registration, notReady: () => [], stop };
  }
  const timeoutMs = cfg.readyTimeoutMs ?? 60_000;
  const readyAbort = new AbortController();
  const readyTimer = setTimeout(() => readyAbort.abort(), timeoutMs);
  const ready = once(client, Events.ClientReady, { signal: readyAbort.signal });
  ready.catch(() => undefined); // awaited below; a failed login must not leave it unhandled
  try {
    await client.login(cfg.token);
    bot.attachPoster(poster);
    await ready.catch((err: unknown) => {
      throw (err as Error).name === 'AbortError' ? new Error(`discord: gateway not ready after ${timeoutMs} ms`) : err;
    });
    clearTimeout(readyTimer);
    log('info', 'discord ready', { user: client.user?.id, shards: plan.ids.join(','), shardCount: plan.total });
    await register();
  } catch (err) {
    clearTimeout(readyTimer);
    readyAbort.abort();
    await stop();
    throw startupError(err, cfg.apiUrl) ?? err;
  }
  for (const id of client.ws.shards.keys()) shardStatus(id);
  return { client: client as Client<true>, shards: plan, interactions, poster, registration, notReady, stop };
}

/** A failed login the operator fixes in the environment (a rejected token, an unreachable API), or undefined. */
export function startupError(err: unknown, apiUrl: string): StartupError | undefined {
  const e = err as { code?: unknown; status?: unknown };
  if (e?.code === 'TokenInvalid' || e?.status === 401)
    return new StartupError('DISCORD_TOKEN: Discord rejected the bot token (401 Unauthorized). Reset it in the Developer Portal (your application → Bot → Reset Token) and set DISCORD_TOKEN to the new one.');
  const net = networkFailure(err);
  if (net)
    return new StartupError(`DISCORD_API_URL: could not reach Discord at ${apiUrl} (${net}). Check DISCORD_API_URL (default https://discord.com/api; leave it unset unless you use a proxy) and the network.`);
  return undefined;
}
