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
import { Client, Events, Options, type ClientOptions } from 'discord.js';
import type { DiscordConfig } from './config.js';
import { createInteractionHandler, type DiscordBot } from './interactions.js';
import { DiscordPoster } from './poster.js';
import { syncCommands, type SyncResult } from './register.js';
import type { BackoffOptions } from './backoff.js';
import { defaultDiscordLog, type DiscordLog } from './log.js';

export interface DiscordStartOptions {
  log?: DiscordLog;
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
  readonly poster: DiscordPoster;
  /** The result of command registration at start-up (undefined when disabled or failed). */
  readonly registration?: SyncResult;
  stop(): Promise<void>;
}

/** Cache and sweeper settings: nothing per user or per message is kept. */
export function boundedClientOptions(apiUrl: string, requestsPerSecond = 50): ClientOptions {
  const isSelf = (x: { id: string; client: Client }): boolean => x.id === x.client.user?.id;
  return {
    intents: [],
    // No blind retries inside the REST client: a 5xx on a create may have gone through. The poster
    // retries with backoff and looks for the message first, so one post is at most 4 requests.
    // requestsPerSecond: this process's share of the token's global limit (several processes split it).
    rest: { api: apiUrl, retries: 0, globalRequestsPerSecond: requestsPerSecond },
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
  const log = cfg.log ?? defaultDiscordLog;
  const client = new Client(boundedClientOptions(cfg.apiUrl, cfg.requestsPerSecond));
  if (!cfg.cacheGuilds) dropReadyGuilds(client);
  const handle = createInteractionHandler(bot, { log, deferAfterMs: cfg.deferAfterMs });
  client.on(Events.InteractionCreate, (i) => void handle(i));
  client.on(Events.Error, (err) => log('error', 'discord client error', { error: err.stack ?? String(err) }));
  let stopped = false;
  client.on(Events.ShardDisconnect, (ev, shard) => stopped || log('warn', 'discord gateway disconnected', { shard, code: ev.code }));
  client.on(Events.ShardResume, (shard, replayed) => log('info', 'discord gateway resumed', { shard, replayed }));
  client.on(Events.ShardReconnecting, (shard) => stopped || log('info', 'discord gateway reconnecting', { shard }));

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await client.destroy();
  };

  const poster = new DiscordPoster(client.rest, { backoff: cfg.backoff, log });
  let registration: SyncResult | undefined;
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
    log('info', 'discord ready', { user: client.user?.id, guilds: client.guilds.cache.size });
    if (cfg.registerCommands !== false) {
      try {
        registration = await syncCommands(client.rest, bot.commands(), {
          applicationId: cfg.applicationId,
          guildId: cfg.guildId,
          backoff: cfg.backoff,
        });
        log('info', `discord commands: ${registration.summary}`);
      } catch (err) {
        // The bot still answers the commands Discord already has; the next start (or deploy:discord) retries.
        log('error', 'discord command registration failed', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      }
    }
  } catch (err) {
    clearTimeout(readyTimer);
    readyAbort.abort();
    await stop();
    throw err;
  }
  return { client: client as Client<true>, poster, registration, stop };
}
