/**
 * A fake Discord on 127.0.0.1: REST under /api/v10 and a gateway WebSocket,
 * enough for the real discord.js client (see ../shared/PLATFORMS.md D.1, D.2).
 *
 * - Records every REST request and checks every message / interaction response /
 *   command payload against DISCORD_LIMITS (./validate.ts); problems are kept in
 *   `violations`, and tests fail on any (assertNoViolations()).
 * - Gateway: HELLO, IDENTIFY -> READY (+ GUILD_CREATE per guild only with the
 *   Guilds intent, as Discord does), heartbeat -> ACK, RESUME -> replay + RESUMED,
 *   INVALID_SESSION when a session cannot be resumed. JSON only.
 * - Helpers dispatch slash commands, autocomplete and component clicks as a given
 *   member, drop the gateway connection, and inject REST faults (429 / 5xx).
 * - Answers to interactions later than 3 s are refused (10062) and recorded.
 */
import http from 'node:http';
import { EventEmitter } from 'node:events';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, WebSocket } from 'ws';
import { checkChoices, checkCommandList, checkMessage, checkModal } from './validate.js';

export const DISCORD_EPOCH = 1420070400000n;

/** Permission bits used by the helpers (Discord's values). */
export const PERMS = {
  Administrator: 1n << 3n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
} as const;
export const MEMBER_PERMS =
  PERMS.AddReactions | PERMS.ViewChannel | PERMS.SendMessages | PERMS.EmbedLinks | PERMS.ReadMessageHistory | PERMS.UseApplicationCommands;
const BOT_PERMS = MEMBER_PERMS | PERMS.CreatePublicThreads | PERMS.SendMessagesInThreads;

const INTENT_GUILDS = 1;
const INTENT_GUILD_PRESENCES = 1 << 8;

export interface FakeDiscordOptions {
  token?: string;
  guilds?: number;
  channelsPerGuild?: number;
  rolesPerGuild?: number;
  /** Members listed in GUILD_CREATE when the client has the GuildPresences intent (otherwise only the bot, as Discord does). */
  membersPerGuild?: number;
  /** Recommended shard count in GET /gateway/bot (default: one per 1,000 guilds, as Discord recommends). */
  shards?: number;
  /** session_start_limit.max_concurrency: IDENTIFYs allowed per 5 s (default 1). */
  maxConcurrency?: number;
  /** session_start_limit.remaining before any IDENTIFY (default 1000). */
  sessionStarts?: number;
  /**
   * Flag IDENTIFYs closer than max_concurrency per 5 s (default off: a test that
   * restarts a client at once would trip it, as a fast restart would on Discord).
   */
  checkIdentifyRate?: boolean;
  /**
   * Discord's global rate limit per bot token, in requests per second (off by
   * default). Beyond it the fake answers 429 with X-RateLimit-Global, as Discord
   * does; interaction callbacks and webhooks are exempt.
   */
  globalPerSecond?: number;
  heartbeatIntervalMs?: number;
  /** Same channel + nonce within this window returns the existing message (enforce_nonce). */
  nonceWindowMs?: number;
  /** Initial interaction response deadline. */
  interactionDeadlineMs?: number;
  /** Dispatches kept per session for RESUME replay. */
  replayBuffer?: number;
  /** Keep a copy of every request (turn off for benchmarks). */
  record?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** Path after /api/v10, URL-decoded (`@original`). */
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  at: number;
  authorized: boolean;
}

export interface Violation {
  where: string;
  problems: string[];
  body?: unknown;
}

export interface Fault {
  method?: string;
  path: RegExp | string;
  status: number;
  times: number;
  /** Seconds, for 429 (Retry-After header and retry_after body field). */
  retryAfter?: number;
  global?: boolean;
  /** Handle the request normally, then answer with the fault anyway (a response lost after the write). */
  passThrough?: boolean;
}

/**
 * Ordinary platform latency: the request is carried out at once, and its
 * response is held back for `ms` (so the caller waits while the message already
 * exists, as with a slow Discord). `times` defaults to every matching request.
 */
export interface Latency {
  method?: string;
  path: RegExp | string;
  ms: number;
  times?: number;
}

export interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: null;
  bot?: boolean;
}

export interface FakeMember {
  user: FakeUser;
  permissions: bigint;
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: FakeUser;
  content: string;
  embeds: unknown[];
  components: unknown[];
  flags: number;
  type: number;
  timestamp: string;
  edited_timestamp: string | null;
  nonce?: string | number;
  tts: false;
  mention_everyone: false;
  mentions: [];
  mention_roles: [];
  attachments: [];
  pinned: false;
  webhook_id?: string;
  application_id?: string;
  thread?: unknown;
  /** Bookkeeping, not sent: edits made to this message. */
  edits: number;
}

export interface InteractionRecord {
  id: string;
  token: string;
  /** 2 command, 3 component, 4 autocomplete, 5 modal submit. */
  type: 2 | 3 | 4 | 5;
  guildId: string;
  channelId: string;
  userId: string;
  name?: string;
  customId?: string;
  /** The message a component is on. */
  messageId?: string;
  dispatchedAt: number;
  /** performance.now() at dispatch, for sub-millisecond latencies. */
  dispatchedHr: number;
  callback?: { type: number; data: unknown; at: number };
  /** ms from dispatch until the initial response had arrived at the fake. */
  latencyMs?: number;
  originalId?: string;
  followupIds: string[];
  /** The modal this interaction was answered with (callback type 9). */
  modal?: ModalData;
}

/** The data of a MODAL interaction response, as the bot sent it. */
export interface ModalData {
  custom_id: string;
  title: string;
  components: { type: 1; components: { type: 4; custom_id: string; style: number; label: string; min_length?: number; max_length?: number; required?: boolean; value?: string; placeholder?: string }[] }[];
}

interface Session {
  id: string;
  shard: [number, number];
  intents: number;
  seq: number;
  frames: { s: number; data: string }[];
  ws: WebSocket | null;
  closed: boolean;
}

interface StoredCommand extends Record<string, unknown> {
  id: string;
  name: string;
  type: number;
  options?: unknown[];
  default_member_permissions: string | null;
}

type Handler = (req: Req) => Res | Promise<Res>;
interface Req {
  method: string;
  path: string;
  params: string[];
  query: Record<string, string>;
  body: unknown;
  authorized: boolean;
  /** performance.now() when the whole request had arrived (before the fake's own parsing and checks). */
  arrived: number;
}
interface Res {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const FIXED_GUILD_EPOCH_MS = 1577836800000n; // 2020-01-01: generated guild/user ids never collide with live ones
const GUILD_BASE = (FIXED_GUILD_EPOCH_MS - DISCORD_EPOCH) << 22n;
const USER_BASE = (FIXED_GUILD_EPOCH_MS + 86_400_000n - DISCORD_EPOCH) << 22n;
/**
 * One millisecond of snowflake time per guild, so `(guild_id >> 22) % shards`
 * spreads guilds over shards as real ids do; a guild's channels follow its id.
 */
const IDS_PER_GUILD = 1n << 22n;
/** Discord closes a session that would hold more guilds than this with 4011. */
const MAX_GUILDS_PER_SHARD = 2500;

export class FakeDiscord extends EventEmitter {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: FakeUser;
  readonly requests: RecordedRequest[] = [];
  readonly violations: Violation[] = [];
  readonly messages = new Map<string, StoredMessage>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly globalCommands: StoredCommand[] = [];
  readonly guildCommands = new Map<string, StoredCommand[]>();
  readonly stats = { identifies: 0, resumes: 0, heartbeats: 0, connections: 0, invalidSessions: 0, nonceHits: 0, rateLimited: 0, faulted: 0, shardingRequired: 0, globalRateLimited: 0 };
  /** Arrival times (ms) of the last second's counted requests, for the global limit. */
  private readonly globalWindow: number[] = [];

  private readonly opts: Required<FakeDiscordOptions>;
  private readonly server: http.Server;
  private readonly wss: WebSocketServer;
  private readonly sessions = new Map<string, Session>();
  private readonly interactionsByToken = new Map<string, InteractionRecord>();
  private readonly nonces = new Map<string, { messageId: string; at: number }>();
  private readonly faults: Fault[] = [];
  private readonly identifyAt = new Map<number, number>();
  /** The application's Ed25519 key pair: Discord signs HTTP interactions with the private half. */
  private readonly keys = generateKeyPairSync('ed25519');
  /**
   * When set (the application's Interactions Endpoint URL), interactions are
   * POSTed there, signed, instead of dispatched over the gateway; the HTTP
   * response is the initial callback.
   */
  interactionsUrl: string | undefined;
  /** HTTP interaction deliveries: status and ms until the response. */
  readonly deliveries: { id: string; status: number; ms: number }[] = [];
  private readonly latencies: Latency[] = [];
  /** Channels where the bot may not post: channel id -> [status, code, message]. */
  private readonly denied = new Map<string, [number, number, string]>();
  private readonly routes: [string, RegExp, Handler][] = [];
  /** DM channels: user id -> channel id, and back. */
  private readonly dms = new Map<string, string>();
  private readonly dmUsers = new Map<string, string>();
  /** Users who do not accept DMs from the bot (create message answers 403, 50007). */
  private readonly dmsClosed = new Set<string>();
  private idCounter = 0n;
  private userCounter = 0n;
  private port = 0;

  constructor(options: FakeDiscordOptions = {}) {
    super();
    this.setMaxListeners(0);
    this.opts = {
      token: options.token ?? `fake.${randomBytes(6).toString('hex')}.${randomBytes(16).toString('base64url')}`,
      guilds: options.guilds ?? 2,
      channelsPerGuild: Math.min(options.channelsPerGuild ?? 3, 60),
      rolesPerGuild: Math.min(options.rolesPerGuild ?? 2, 20),
      membersPerGuild: options.membersPerGuild ?? 5,
      shards: options.shards ?? Math.max(1, Math.ceil((options.guilds ?? 2) / 1000)),
      maxConcurrency: options.maxConcurrency ?? 1,
      sessionStarts: options.sessionStarts ?? 1000,
      checkIdentifyRate: options.checkIdentifyRate ?? false,
      globalPerSecond: options.globalPerSecond ?? 0,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      nonceWindowMs: options.nonceWindowMs ?? 5 * 60_000,
      interactionDeadlineMs: options.interactionDeadlineMs ?? 3_000,
      replayBuffer: options.replayBuffer ?? 2_000,
      record: options.record ?? true,
    };
    this.token = this.opts.token;
    this.applicationId = this.snowflake();
    this.botUser = { id: this.applicationId, username: 'careerbot', global_name: null, discriminator: '0000', avatar: null, bot: true };
    this.server = http.createServer((req, res) => void this.onHttp(req, res));
    this.server.keepAliveTimeout = 30_000;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
    this.server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/gateway' && url.pathname !== '/gateway-resume') return void socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onGatewayConnection(ws, url));
    });
    this.defineRoutes();
  }

  // ------------------------------------------------------------------ lifecycle

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const addr = this.server.address();
    if (!addr || typeof addr === 'string') throw new Error('fake discord: no port');
    this.port = addr.port;
    return this;
  }

  /** The REST base for discord.js `rest.api` / DISCORD_API_URL (the client appends /v10). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ------------------------------------------------------------------ ids and fixtures

  snowflake(): string {
    const ts = BigInt(Date.now()) - DISCORD_EPOCH;
    return ((ts << 22n) | (this.idCounter++ & 0x3fffffn)).toString();
  }
  guildId(index: number): string {
    return (GUILD_BASE + BigInt(index) * IDS_PER_GUILD).toString();
  }
  channelId(guildIndex: number, channel = 0): string {
    return (GUILD_BASE + BigInt(guildIndex) * IDS_PER_GUILD + 1n + BigInt(channel)).toString();
  }
  get guildIds(): string[] {
    return Array.from({ length: this.opts.guilds }, (_, i) => this.guildId(i));
  }
  private guildIndex(guildId: string): number {
    const off = BigInt(guildId) - GUILD_BASE;
    if (off < 0n || off % IDS_PER_GUILD !== 0n) return -1;
    const i = Number(off / IDS_PER_GUILD);
    return i < this.opts.guilds ? i : -1;
  }
  private guildOfChannel(channelId: string): string | undefined {
    try {
      const off = BigInt(channelId) - GUILD_BASE;
      if (off < 0n) return undefined;
      const g = Number(off / IDS_PER_GUILD);
      return g < this.opts.guilds ? this.guildId(g) : undefined;
    } catch {
      return undefined;
    }
  }

  /** A guild member with default member permissions, plus Manage Server when admin. */
  member(opts: { name?: string; admin?: boolean; administrator?: boolean; permissions?: bigint; id?: string } = {}): FakeMember {
    const n = this.userCounter++;
    const id = opts.id ?? (USER_BASE + n).toString();
    const username = opts.name ?? `user${n}`;
    let permissions = opts.permissions ?? MEMBER_PERMS;
    if (opts.admin) permissions |= PERMS.ManageGuild;
    if (opts.administrator) permissions |= PERMS.Administrator;
    return { user: { id, username, global_name: username, discriminator: '0', avatar: null }, permissions };
  }

  // ------------------------------------------------------------------ faults and checks

  /** Make the next `times` matching REST requests fail with `status`. */
  fault(f: Omit<Fault, 'times'> & { times?: number }): void {
    this.faults.push({ times: 1, ...f });
  }

  /** Hold back the responses of matching requests (see Latency). */
  latency(l: Latency): void {
    this.latencies.push({ times: Number.POSITIVE_INFINITY, ...l });
  }

  clearLatency(): void {
    this.latencies.length = 0;
  }

  /**
   * The bot lacks a permission in this channel (or it is gone): posting answers
   * 403 Missing Permissions (50013), 403 Missing Access (50001) or 404 Unknown Channel (10003).
   */
  deny(channelId: string, code: 50013 | 50001 | 10003 = 50013): void {
    const text = { 50013: 'Missing Permissions', 50001: 'Missing Access', 10003: 'Unknown Channel' }[code];
    this.denied.set(channelId, [code === 10003 ? 404 : 403, code, text]);
  }

  /** The user does not take DMs from the bot (privacy settings, blocked, no shared server). */
  closeDms(userId: string): void {
    this.dmsClosed.add(userId);
  }

  /** The DM channel the bot opened with a user (undefined until it did). */
  dmChannel(userId: string): string | undefined {
    return this.dms.get(userId);
  }

  /** Messages in the bot's DM with a user. */
  dmMessages(userId: string): StoredMessage[] {
    const id = this.dms.get(userId);
    return id ? this.channelMessages(id) : [];
  }

  allow(channelId: string): void {
    this.denied.delete(channelId);
  }

  violation(where: string, problems: string[], body?: unknown): void {
    if (!problems.length) return;
    this.violations.push({ where, problems, body });
    this.emit('violation', { where, problems });
  }

  assertNoViolations(): void {
    if (this.violations.length) {
      const text = this.violations.map((v) => `${v.where}: ${v.problems.join('; ')}`).join('\n');
      throw new Error(`fake Discord saw ${this.violations.length} invalid payload(s):\n${text}`);
    }
  }

  requestsTo(method: string, path: RegExp | string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }

  channelMessages(channelId: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId && !(m.flags & 64) && m.type !== 20 && !m.webhook_id);
  }

  /** Resolve when `check` returns something truthy; re-checked on every change. */
  until<T>(check: () => T | undefined | null | false, opts: { timeoutMs?: number; what?: string } = {}): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? 5_000;
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const finish = (): void => {
        done = true;
        clearTimeout(timer);
        clearInterval(poll);
        this.off('change', test);
      };
      const test = (): void => {
        if (done) return;
        let v: T | undefined | null | false;
        try {
          v = check();
        } catch (err) {
          finish();
          return reject(err as Error);
        }
        if (v) {
          finish();
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        if (done) return;
        finish();
        const recent = this.requests.slice(-8).map((r) => `${r.method} ${r.path} -> ${r.status}`).join('\n  ');
        reject(new Error(`fake discord: timed out after ${timeoutMs} ms waiting for ${opts.what ?? 'condition'}; recent requests:\n  ${recent}`));
      }, timeoutMs);
      const poll = setInterval(test, 25);
      this.on('change', test);
      test();
    });
  }

  private changed(): void {
    this.emit('change');
  }

  // ------------------------------------------------------------------ gateway

  private onGatewayConnection(ws: WebSocket, url: URL): void {
    this.stats.connections++;
    if (url.searchParams.get('v') !== '10' || url.searchParams.get('encoding') !== 'json') {
      this.violation('gateway connect', [`expected ?v=10&encoding=json, got ${url.search}`]);
    }
    if (url.searchParams.has('compress')) this.violation('gateway connect', ['transport compression requested (zlib-sync must not be installed)']);
    let session: Session | undefined;
    ws.on('message', (raw) => {
      let msg: { op: number; d: any };
      try {
        msg = JSON.parse(raw.toString());
      } catch {
        return void ws.close(4002, 'Error while decoding payload.');
      }
      switch (msg.op) {
        case 1:
          this.stats.heartbeats++;
          ws.send('{"op":11}');
          return;
        case 2: {
          if (session) return void ws.close(4005, 'Already authenticated.');
          if (msg.d?.token !== this.token) return void ws.close(4004, 'Authentication failed.');
          const shard: [number, number] = Array.isArray(msg.d.shard) ? [Number(msg.d.shard[0]), Number(msg.d.shard[1])] : [0, 1];
          if (!(shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1])) return void ws.close(4010, 'Invalid shard.');
          if (this.guildsOnShard(shard) > MAX_GUILDS_PER_SHARD) {
            this.stats.shardingRequired++;
            return void ws.close(4011, 'Sharding required.');
          }
          // At most max_concurrency IDENTIFYs per 5 s, one per rate-limit key (shard_id % max_concurrency).
          const key = shard[0] % this.opts.maxConcurrency;
          const now = Date.now();
          const last = this.identifyAt.get(key);
          if (this.opts.checkIdentifyRate && last !== undefined && now - last < 5_000) this.violation('gateway identify', [`shard ${shard[0]} identified ${now - last} ms after another of rate-limit key ${key} (max_concurrency ${this.opts.maxConcurrency} per 5 s)`]);
          this.identifyAt.set(key, now);
          session = { id: randomBytes(16).toString('hex'), shard, intents: Number(msg.d.intents ?? 0), seq: 0, frames: [], ws, closed: false };
          this.sessions.set(session.id, session);
          this.stats.identifies++;
          void this.sendReady(session);
          return;
        }
        case 6: {
          const s = this.sessions.get(String(msg.d?.session_id));
          if (!s || msg.d?.token !== this.token || s.closed) {
            this.stats.invalidSessions++;
            ws.send(JSON.stringify({ op: 9, d: false }));
            return;
          }
          const from = Number(msg.d.seq ?? 0);
          const oldest = s.frames[0]?.s ?? s.seq + 1;
          if (from + 1 < oldest) {
            this.stats.invalidSessions++;
            ws.send(JSON.stringify({ op: 9, d: false }));
            return;
          }
          if (s.ws && s.ws !== ws) s.ws.terminate();
          s.ws = ws;
          session = s;
          for (const f of s.frames) if (f.s > from) ws.send(f.data);
          this.dispatchTo(s, 'RESUMED', {});
          this.stats.resumes++;
          this.emit('resumed', s.id);
          this.changed();
          return;
        }
        default:
          return; // presence/voice/request members: ignored
      }
    });
    ws.on('close', (code) => {
      if (session && session.ws === ws) {
        session.ws = null;
        // Discord ends a session closed with 1000/1001; other codes leave it resumable.
        if (code === 1000 || code === 1001) session.closed = true;
      }
      this.changed();
    });
    ws.on('error', () => undefined);
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.opts.heartbeatIntervalMs } }));
  }

  private guildsOnShard([id, count]: [number, number]): number {
    let n = 0;
    for (let i = 0; i < this.opts.guilds; i++) if (this.shardOf(this.guildId(i), count) === id) n++;
    return n;
  }

  /** The shard (of `count`) that holds a guild: (guild_id >> 22) % count. */
  shardOf(guildId: string, count: number): number {
    return Number((BigInt(guildId) >> 22n) % BigInt(count));
  }

  private async sendReady(s: Session): Promise<void> {
    const [shardId, shardCount] = s.shard;
    const guilds: string[] = [];
    for (let i = 0; i < this.opts.guilds; i++) {
      const id = this.guildId(i);
      if (this.shardOf(id, shardCount) === shardId) guilds.push(id);
    }
    this.dispatchTo(s, 'READY', {
      v: 10,
      user: { ...this.botUser, verified: true, mfa_enabled: false, flags: 0, global_name: null },
      guilds: guilds.map((id) => ({ id, unavailable: true })),
      session_id: s.id,
      resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway-resume`,
      shard: s.shard,
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
      _trace: ['fake-discord'],
    });
    this.emit('identify', s.id);
    this.changed();
    if (!(s.intents & INTENT_GUILDS)) return; // GUILD_CREATE needs the Guilds intent
    for (let k = 0; k < guilds.length; k++) {
      if (s.ws?.readyState !== WebSocket.OPEN) return;
      this.dispatchTo(s, 'GUILD_CREATE', this.guildCreate(guilds[k]!, (s.intents & INTENT_GUILD_PRESENCES) !== 0));
      if (k % 100 === 99) {
        // Let the socket drain so 10,000 guilds do not sit in one write buffer.
        while (s.ws && s.ws.readyState === WebSocket.OPEN && s.ws.bufferedAmount > 4 * 1024 * 1024) {
          await new Promise((r) => setTimeout(r, 5));
        }
        await new Promise((r) => setImmediate(r));
      }
    }
  }

  /** The guild's roles: @everyone, then role-0 (Manage Server, not mentionable), role-1 (mentionable), … */
  roles(guildId: string): { id: string; name: string; mentionable: boolean; [k: string]: unknown }[] {
    return [
      { id: guildId, name: '@everyone', color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null }, hoist: false, icon: null, unicode_emoji: null, position: 0, permissions: MEMBER_PERMS.toString(), managed: false, mentionable: false, flags: 0 },
      ...Array.from({ length: this.opts.rolesPerGuild }, (_, r) => ({
        id: (BigInt(guildId) + 41n + BigInt(r)).toString(),
        name: `role-${r}`,
        color: 0x3498db,
        colors: { primary_color: 0x3498db, secondary_color: null, tertiary_color: null },
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: r + 1,
        permissions: (r === 0 ? MEMBER_PERMS | PERMS.ManageGuild : MEMBER_PERMS).toString(),
        managed: false,
        mentionable: r === 1,
        flags: 0,
      })),
    ];
  }

  private guildCreate(guildId: string, withMembers: boolean): unknown {
    const g = this.guildIndex(guildId);
    const joined = '2024-01-01T00:00:00.000000+00:00';
    const roles = this.roles(guildId);
    const channels = Array.from({ length: this.opts.channelsPerGuild }, (_, c) => ({
      id: this.channelId(g, c),
      type: 0,
      name: c === 0 ? 'general' : `channel-${c}`,
      position: c,
      permission_overwrites: [],
      topic: null,
      nsfw: false,
      last_message_id: null,
      rate_limit_per_user: 0,
      parent_id: null,
      flags: 0,
    }));
    const botMember = { user: this.botUser, roles: [], joined_at: joined, deaf: false, mute: false, flags: 0, nick: null, avatar: null, premium_since: null, pending: false, communication_disabled_until: null };
    const members = [botMember];
    if (withMembers) {
      for (let m = 0; m < this.opts.membersPerGuild; m++) {
        const id = (USER_BASE + 1_000_000n + BigInt(g) * 1000n + BigInt(m)).toString();
        members.push({ ...botMember, user: { id, username: `member${g}-${m}`, global_name: null, discriminator: '0', avatar: null } });
      }
    }
    return {
      id: guildId,
      name: `Guild ${g}`,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: (USER_BASE + 999_999n).toString(),
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 1,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: 'en-US',
      system_channel_id: channels[0]?.id ?? null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      max_members: 500000,
      max_video_channel_users: 25,
      application_id: null,
      features: [],
      roles,
      emojis: [],
      stickers: [],
      joined_at: joined,
      large: false,
      unavailable: false,
      member_count: Math.max(members.length, this.opts.membersPerGuild),
      voice_states: [],
      members,
      channels,
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      lazy: true,
    };
  }

  private dispatchTo(s: Session, t: string, d: unknown): void {
    const seq = ++s.seq;
    const data = JSON.stringify({ op: 0, t, s: seq, d });
    s.frames.push({ s: seq, data });
    if (s.frames.length > this.opts.replayBuffer) s.frames.splice(0, s.frames.length - this.opts.replayBuffer);
    if (s.ws && s.ws.readyState === WebSocket.OPEN) s.ws.send(data);
  }

  /** The live (or resumable) session that holds `guildId`: the most recent one. */
  private sessionFor(guildId: string): Session {
    const all = [...this.sessions.values()].filter((s) => !s.closed && this.shardOf(guildId, s.shard[1]) === s.shard[0]);
    const live = all.filter((s) => s.ws && s.ws.readyState === WebSocket.OPEN);
    const s = live[live.length - 1] ?? all[all.length - 1];
    if (!s) throw new Error('fake discord: no gateway session to dispatch to (is the client logged in?)');
    return s;
  }

  /** Dispatch an event to the session holding `guildId` (kept for replay when the socket is down). */
  dispatch(guildId: string, t: string, d: unknown): void {
    this.dispatchTo(this.sessionFor(guildId), t, d);
  }

  /**
   * Drop the gateway connection(s): `terminate` (default) resets the TCP socket
   * (the client sees 1006 and resumes); a close code closes cleanly with it.
   */
  dropGateway(opts: { code?: number } = {}): number {
    let n = 0;
    for (const s of this.sessions.values()) {
      if (!s.ws || s.ws.readyState !== WebSocket.OPEN) continue;
      // The socket stops being OPEN at once, so later dispatches are kept for the RESUME replay.
      if (opts.code) s.ws.close(opts.code, 'fake drop');
      else s.ws.terminate();
      n++;
    }
    this.changed();
    return n;
  }

  /** Make every session unresumable (the next RESUME gets INVALID_SESSION). */
  invalidateSessions(): void {
    for (const s of this.sessions.values()) {
      s.closed = true;
      s.frames = []; // nothing to replay: free the buffer
    }
  }

  /** Sessions a client could still resume (not ended with 1000/1001 or invalidated). */
  get resumableSessions(): number {
    return [...this.sessions.values()].filter((s) => !s.closed).length;
  }

  get liveSessions(): number {
    return [...this.sessions.values()].filter((s) => s.ws && s.ws.readyState === WebSocket.OPEN).length;
  }

  // ------------------------------------------------------------------ interactions

  private findCommand(guildId: string, name: string): StoredCommand {
    const cmd = (this.guildCommands.get(guildId) ?? []).find((c) => c.name === name) ?? this.globalCommands.find((c) => c.name === name);
    if (!cmd) throw new Error(`fake discord: /${name} is not registered (register commands before dispatching)`);
    return cmd;
  }

  private canSee(cmd: StoredCommand, member: FakeMember): boolean {
    const dmp = cmd.default_member_permissions;
    if (dmp === null || dmp === undefined) return true;
    if (member.permissions & PERMS.Administrator) return true;
    const need = BigInt(dmp);
    return need !== 0n && (member.permissions & need) === need;
  }

  private buildOptions(cmd: StoredCommand, subcommand: string | undefined, values: Record<string, unknown>, focused?: string): { options: unknown[]; resolved?: unknown } {
    let defs = (cmd.options ?? []) as Record<string, any>[];
    let sub: Record<string, any> | undefined;
    if (subcommand) {
      sub = defs.find((o) => o.type === 1 && o.name === subcommand);
      if (!sub) throw new Error(`fake discord: /${cmd.name} has no subcommand ${subcommand}`);
      defs = (sub.options ?? []) as Record<string, any>[];
    } else if (defs.some((o) => o.type === 1)) throw new Error(`fake discord: /${cmd.name} needs a subcommand`);
    const channels: Record<string, unknown> = {};
    const opts = Object.entries(values).map(([name, value]) => {
      const def = defs.find((d) => d.name === name);
      if (!def) throw new Error(`fake discord: /${cmd.name} has no option ${name}`);
      if (def.choices && name !== focused && !def.choices.some((c: any) => c.value === value)) {
        throw new Error(`fake discord: ${String(value)} is not a choice of ${name}`);
      }
      if (def.type === 7) {
        const gid = this.guildOfChannel(String(value));
        channels[String(value)] = { id: String(value), type: 0, name: 'general', guild_id: gid, permissions: MEMBER_PERMS.toString(), flags: 0 };
      }
      const o: Record<string, unknown> = { name, type: def.type, value };
      if (name === focused) o.focused = true;
      return o;
    });
    if (!focused) {
      for (const d of defs) if (d.required && !(d.name in values)) throw new Error(`fake discord: /${cmd.name} needs option ${d.name}`);
    }
    const options = subcommand ? [{ name: subcommand, type: 1, options: opts }] : opts;
    return Object.keys(channels).length ? { options, resolved: { channels } } : { options };
  }

  private interactionBase(kind: 2 | 3 | 4 | 5, guildId: string, channelId: string, member: FakeMember): { rec: InteractionRecord; payload: Record<string, unknown> } {
    const id = this.snowflake();
    const token = `aW50ZXJhY3Rpb24${randomBytes(24).toString('base64url')}`;
    const rec: InteractionRecord = { id, token, type: kind, guildId, channelId, userId: member.user.id, dispatchedAt: Date.now(), dispatchedHr: performance.now(), followupIds: [] };
    const payload: Record<string, unknown> = {
      id,
      application_id: this.applicationId,
      type: kind,
      token,
      version: 1,
      guild_id: guildId,
      guild: { id: guildId, locale: 'en-US', features: [] },
      channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: guildId, name: 'general', permissions: MEMBER_PERMS.toString(), nsfw: false, flags: 0, last_message_id: null, topic: null, position: 0, parent_id: null, rate_limit_per_user: 0 },
      member: {
        user: member.user,
        roles: [],
        premium_since: null,
        permissions: member.permissions.toString(),
        pending: false,
        nick: null,
        mute: false,
        deaf: false,
        joined_at: '2024-01-01T00:00:00.000000+00:00',
        flags: 0,
        avatar: null,
        communication_disabled_until: null,
      },
      app_permissions: BOT_PERMS.toString(),
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      attachment_size_limit: 10_485_760,
    };
    return { rec, payload };
  }

  /**
   * An interaction from the bot's DM with a user (PLATFORMS.md, "Contexts"): no
   * guild_id and no member, the user in `user`, a DM channel (type 1), context 1
   * (BOT_DM). The gateway delivers DMs on shard 0.
   */
  private dmInteractionBase(kind: 3 | 5, channelId: string, member: FakeMember): { rec: InteractionRecord; payload: Record<string, unknown> } {
    const { rec, payload } = this.interactionBase(kind, '0', channelId, member);
    rec.guildId = '';
    delete payload.guild_id;
    delete payload.guild;
    delete payload.member;
    delete payload.guild_locale;
    payload.user = member.user;
    payload.channel = { id: channelId, type: 1, last_message_id: null, flags: 0, recipients: [member.user] };
    payload.app_permissions = MEMBER_PERMS.toString();
    payload.authorizing_integration_owners = { '0': '0' };
    payload.context = 1;
    return { rec, payload };
  }

  /** The application's public key as the Developer Portal shows it (hex), for DISCORD_PUBLIC_KEY. */
  get publicKey(): string {
    const der = this.keys.publicKey.export({ format: 'der', type: 'spki' });
    return der.subarray(der.length - 32).toString('hex');
  }

  /** Headers Discord sends with an HTTP interaction: Ed25519 over timestamp + body. */
  signedHeaders(body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
    const ts = String(timestamp);
    return {
      'content-type': 'application/json',
      'x-signature-ed25519': sign(null, Buffer.from(ts + body), this.keys.privateKey).toString('hex'),
      'x-signature-timestamp': ts,
      'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)',
    };
  }

  /** POST a raw body to the interactions endpoint with the given headers (for signature tests). */
  async postRaw(body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
    if (!this.interactionsUrl) throw new Error('fake discord: interactionsUrl is not set');
    const res = await fetch(this.interactionsUrl, { method: 'POST', headers, body });
    return { status: res.status, body: await res.text() };
  }

  /** Discord's PING when the endpoint URL is saved: the answer must be {type: 1}. */
  async ping(): Promise<{ status: number; body: string }> {
    const body = JSON.stringify({ id: this.snowflake(), application_id: this.applicationId, type: 1, token: randomBytes(24).toString('base64url'), version: 1 });
    return this.postRaw(body, this.signedHeaders(body));
  }

  private async deliver(rec: InteractionRecord, payload: Record<string, unknown>): Promise<void> {
    const body = JSON.stringify(payload);
    const t0 = performance.now();
    let status = 0;
    try {
      const res = await fetch(this.interactionsUrl!, { method: 'POST', headers: this.signedHeaders(body), body, signal: AbortSignal.timeout(this.opts.interactionDeadlineMs) });
      status = res.status;
      const text = await res.text();
      if (status !== 200) {
        this.violation(`POST interactions endpoint (${rec.name ?? rec.customId ?? rec.id})`, [`answered HTTP ${status}: ${text.slice(0, 200)}`]);
      } else {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          this.violation('POST interactions endpoint', ['response is not JSON']);
        }
        if (parsed !== undefined) {
          const res2 = this.acceptCallback(rec, parsed, {}, performance.now());
          if (res2.status >= 400) this.violation('POST interactions endpoint', [`callback refused: ${JSON.stringify(res2.body)}`]);
        }
      }
    } catch (e) {
      this.violation('POST interactions endpoint', [`no answer within ${this.opts.interactionDeadlineMs} ms: ${(e as Error).message}`]);
    } finally {
      this.deliveries.push({ id: rec.id, status, ms: performance.now() - t0 });
      this.changed();
    }
  }

  private send(rec: InteractionRecord, payload: Record<string, unknown>, sessionId?: string): InteractionRecord {
    this.interactions.set(rec.id, rec);
    this.interactionsByToken.set(rec.token, rec);
    if (this.interactionsUrl) {
      rec.dispatchedAt = Date.now();
      rec.dispatchedHr = performance.now();
      void this.deliver(rec, payload);
      return rec;
    }
    const session = sessionId ? this.sessions.get(sessionId) : this.sessionFor(rec.guildId || '0'); // DMs: shard 0
    if (!session) throw new Error(`fake discord: no session ${sessionId}`);
    rec.dispatchedAt = Date.now();
    rec.dispatchedHr = performance.now();
    this.dispatchTo(session, 'INTERACTION_CREATE', payload);
    return rec;
  }

  /** The id of the most recently identified session (to address one of several connected clients). */
  get lastSessionId(): string | undefined {
    return [...this.sessions.keys()].pop();
  }

  /** The most recent session holding `guildId` (to address one of several connected, sharded clients). */
  lastSessionFor(guildId: string): string | undefined {
    return [...this.sessions.values()].filter((s) => !s.closed && this.shardOf(guildId, s.shard[1]) === s.shard[0]).pop()?.id;
  }

  /** A member runs a slash command. Throws (like the Discord client would refuse) for unregistered/hidden commands. */
  slash(opts: {
    member: FakeMember;
    name: string;
    subcommand?: string;
    options?: Record<string, string | number | boolean>;
    guildId?: string;
    channelId?: string;
    /** Simulate a server that allowed this member in Integrations settings despite default_member_permissions. */
    permissionOverride?: boolean;
    /** Dispatch to this gateway session instead of the latest one holding the guild. */
    sessionId?: string;
    /** Build the payload but do not send it (for tests that deliver it themselves). */
    dryRun?: (payload: Record<string, unknown>) => void;
  }): InteractionRecord {
    const guildId = opts.guildId ?? this.guildId(0);
    const channelId = opts.channelId ?? this.channelId(Math.max(0, this.guildIndex(guildId)), 0);
    const cmd = this.findCommand(guildId, opts.name);
    if (!opts.permissionOverride && !this.canSee(cmd, opts.member)) {
      throw new Error(`fake discord: ${opts.member.user.username} cannot see /${opts.name} (default_member_permissions ${String(cmd.default_member_permissions)})`);
    }
    const built = this.buildOptions(cmd, opts.subcommand, opts.options ?? {});
    const { rec, payload } = this.interactionBase(2, guildId, channelId, opts.member);
    rec.name = opts.name;
    payload.data = { id: cmd.id, name: cmd.name, type: 1, guild_id: cmd.guild_id, ...built };
    if (opts.dryRun) {
      opts.dryRun(payload);
      return rec;
    }
    return this.send(rec, payload, opts.sessionId);
  }

  /** Autocomplete for `focused` with the partial `value`. */
  autocomplete(opts: {
    member: FakeMember;
    name: string;
    subcommand?: string;
    focused: string;
    value: string;
    options?: Record<string, string | number | boolean>;
    guildId?: string;
    channelId?: string;
  }): InteractionRecord {
    const guildId = opts.guildId ?? this.guildId(0);
    const channelId = opts.channelId ?? this.channelId(Math.max(0, this.guildIndex(guildId)), 0);
    const cmd = this.findCommand(guildId, opts.name);
    const built = this.buildOptions(cmd, opts.subcommand, { ...opts.options, [opts.focused]: opts.value }, opts.focused);
    const { rec, payload } = this.interactionBase(4, guildId, channelId, opts.member);
    rec.name = opts.name;
    payload.data = { id: cmd.id, name: cmd.name, type: 1, ...built };
    return this.send(rec, payload);
  }

  /** A member clicks a button (or picks `values` in a select) on a stored message. */
  click(opts: { member: FakeMember; messageId: string; customId: string; values?: string[] }): InteractionRecord {
    const msg = this.messages.get(opts.messageId);
    if (!msg) throw new Error(`fake discord: no message ${opts.messageId}`);
    const comp = (msg.components as any[]).flatMap((r) => r.components as any[]).find((c) => c.custom_id === opts.customId);
    if (!comp) throw new Error(`fake discord: message ${opts.messageId} has no component ${opts.customId}`);
    const guildId = msg.guild_id ?? this.guildOfChannel(msg.channel_id) ?? this.guildId(0);
    // A button on a message in the bot's DM with the member: Discord sends it with no guild (context 1, BOT_DM).
    const dmUser = this.dmUsers.get(msg.channel_id);
    if (dmUser && dmUser !== opts.member.user.id) throw new Error(`fake discord: ${opts.member.user.username} cannot see another user's DM`);
    const { rec, payload } = dmUser ? this.dmInteractionBase(3, msg.channel_id, opts.member) : this.interactionBase(3, guildId, msg.channel_id, opts.member);
    rec.customId = opts.customId;
    rec.messageId = msg.id;
    payload.data = comp.type === 3 ? { custom_id: opts.customId, component_type: 3, values: opts.values ?? [] } : { custom_id: opts.customId, component_type: 2 };
    payload.message = this.publicMessage(msg);
    return this.send(rec, payload);
  }

  /** Buttons on a message, as [custom_id, label]. */
  buttons(messageId: string): { customId: string; label: string }[] {
    const msg = this.messages.get(messageId);
    if (!msg) return [];
    return (msg.components as any[]).flatMap((r) => r.components as any[]).filter((c) => c.type === 2).map((c) => ({ customId: c.custom_id, label: c.label }));
  }

  /**
   * The member fills in and submits the modal an interaction was answered with
   * (callback type 9): a MODAL_SUBMIT interaction (type 5) with the modal's
   * custom_id and one action row per text input holding its value. Like the
   * Discord client, refuses values its inputs would not take (required, length).
   */
  submitModal(opts: { opened: InteractionRecord; member: FakeMember; values: Record<string, string> }): InteractionRecord {
    const modal = opts.opened.modal;
    if (!modal) throw new Error(`fake discord: interaction ${opts.opened.id} was not answered with a modal`);
    const rows = modal.components.map((row) => {
      const input = row.components[0]!;
      const value = opts.values[input.custom_id] ?? input.value ?? ''; // an input left alone submits its pre-filled value
      if (input.required !== false && value.length === 0) throw new Error(`fake discord: "${input.label}" is required`);
      if (value.length > 0 && input.min_length !== undefined && value.length < input.min_length) throw new Error(`fake discord: "${input.label}" needs at least ${input.min_length} characters`);
      if (input.max_length !== undefined && value.length > input.max_length) throw new Error(`fake discord: "${input.label}" takes at most ${input.max_length} characters`);
      return { type: 1, components: [{ type: 4, custom_id: input.custom_id, value }] };
    });
    for (const k of Object.keys(opts.values)) if (!modal.components.some((r) => r.components[0]?.custom_id === k)) throw new Error(`fake discord: the modal has no input ${k}`);
    const { rec, payload } = this.interactionBase(5, opts.opened.guildId, opts.opened.channelId, opts.member);
    rec.customId = modal.custom_id;
    payload.data = { custom_id: modal.custom_id, components: rows };
    const from = opts.opened.type === 3 && opts.opened.messageId ? this.messages.get(opts.opened.messageId) : undefined;
    if (from) {
      rec.messageId = from.id;
      payload.message = this.publicMessage(from);
    }
    return this.send(rec, payload);
  }

  /**
   * Wait until the interaction has a visible answer: an immediate response, or
   * (after a deferral) the edited original / a follow-up. Returns the message shown.
   */
  async answer(rec: InteractionRecord, timeoutMs = 5_000): Promise<{ callbackType: number; message?: StoredMessage; choices?: unknown[]; modal?: ModalData; deferred: boolean }> {
    return this.until(
      () => {
        const cb = rec.callback;
        if (!cb) return undefined;
        if (cb.type === 8) return { callbackType: 8, choices: (cb.data as any)?.choices ?? [], deferred: false };
        if (cb.type === 9) return { callbackType: 9, modal: rec.modal, deferred: false };
        if (cb.type === 4 || cb.type === 7) return { callbackType: cb.type, message: this.messages.get(rec.originalId ?? ''), deferred: false };
        const original = rec.originalId ? this.messages.get(rec.originalId) : undefined;
        if (cb.type === 5 && original && !(original.flags & 128)) return { callbackType: 5, message: original, deferred: true };
        if (cb.type === 6 && original && original.edits > 0) return { callbackType: 6, message: original, deferred: true };
        const fu = rec.followupIds[rec.followupIds.length - 1];
        if (fu) return { callbackType: cb.type, message: this.messages.get(fu), deferred: true };
        return undefined;
      },
      { timeoutMs, what: `an answer to interaction ${rec.name ?? rec.customId ?? rec.id}` },
    );
  }

  // ------------------------------------------------------------------ messages

  private publicMessage(m: StoredMessage): Record<string, unknown> {
    const { edits: _edits, ...rest } = m;
    return rest;
  }

  private createMessage(channelId: string, body: Record<string, any>, extra: Partial<StoredMessage> = {}): StoredMessage {
    const guildId = this.guildOfChannel(channelId);
    const m: StoredMessage = {
      id: this.snowflake(),
      channel_id: channelId,
      author: this.botUser,
      content: typeof body.content === 'string' ? body.content : '',
      embeds: Array.isArray(body.embeds) ? body.embeds.map((e: any) => ({ type: 'rich', ...e })) : [],
      components: Array.isArray(body.components) ? body.components : [],
      flags: Number(body.flags ?? 0),
      type: 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      pinned: false,
      edits: 0,
      ...extra,
    };
    if (guildId) m.guild_id = guildId;
    this.messages.set(m.id, m);
    this.emit('message', m);
    return m;
  }

  private patchMessage(m: StoredMessage, body: Record<string, any>, where: string): StoredMessage {
    const next = { ...m };
    if ('content' in body) next.content = body.content ?? '';
    if ('embeds' in body) next.embeds = (body.embeds ?? []).map((e: any) => ({ type: 'rich', ...e }));
    if ('components' in body) next.components = body.components ?? [];
    next.flags &= ~128; // no longer "thinking"
    this.violation(where, checkMessage(this.publicMessage(next), { requireBody: true, allowEphemeral: true }));
    next.edits = m.edits + 1;
    next.edited_timestamp = new Date().toISOString();
    this.messages.set(m.id, next);
    this.emit('edit', next);
    return next;
  }

  // ------------------------------------------------------------------ REST

  private route(method: string, pattern: string, handler: Handler): void {
    const re = new RegExp('^' + pattern.replace(/:[a-z]+/g, '([^/]+)') + '$');
    this.routes.push([method, re, handler]);
  }

  private async onHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const arrived = performance.now();
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const method = req.method ?? 'GET';
    const full = decodeURIComponent(url.pathname);
    const query = Object.fromEntries(url.searchParams);
    const authorized = req.headers.authorization === `Bot ${this.token}`;
    const inApi = full.startsWith('/api/v10/');
    const path = inApi ? full.slice('/api/v10'.length) : full;
    const reply = (r: Res): void => {
      if (this.opts.record) this.requests.push({ method, path, query, body, status: r.status, at: Date.now(), authorized });
      const headers: Record<string, string> = { ...r.headers };
      let out = '';
      if (r.body !== undefined && r.status !== 204) {
        out = JSON.stringify(r.body);
        headers['content-type'] = 'application/json';
      }
      res.writeHead(r.status, headers);
      res.end(out);
      this.changed();
    };
    if (!inApi) {
      this.violation(`${method} ${full}`, ['request outside /api/v10']);
      return void reply({ status: 404, body: { message: '404: Not Found', code: 0 } });
    }
    if (this.opts.globalPerSecond > 0 && authorized && !path.startsWith('/interactions/') && !path.startsWith('/webhooks/')) {
      const now = Date.now();
      // Discord documents 50 requests/s per token but not how it counts them. A client pacing itself
      // in fixed one-second windows (as @discordjs/rest does) can put 50 at the end of one window and
      // 50 at the start of the next, so no strict per-second count fits it. The fake therefore flags
      // more than twice the limit in any sliding second: a well-paced client (one process, or many
      // through one proxy) is never flagged; three processes at 50/s each (150/s) always are.
      while (this.globalWindow.length && this.globalWindow[0]! <= now - 1000) this.globalWindow.shift();
      if (this.globalWindow.length >= 2 * this.opts.globalPerSecond) {
        this.stats.globalRateLimited++;
        const retryAfter = Math.max(0.001, (this.globalWindow[0]! + 1000 - now) / 1000);
        return void reply({
          status: 429,
          headers: { 'retry-after': String(Math.ceil(retryAfter)), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
          body: { message: 'You are being rate limited.', retry_after: retryAfter, global: true },
        });
      }
      this.globalWindow.push(now);
    }
    const fault = this.faults.find((f) => f.times > 0 && (!f.method || f.method === method) && (typeof f.path === 'string' ? f.path === path : f.path.test(path)));
    if (fault?.passThrough) {
      fault.times--;
      this.stats.faulted++;
      const routed = await this.handle(method, path, query, body, authorized, arrived);
      void routed;
      return void reply({ status: fault.status, body: { message: `${fault.status}: fake fault after the write`, code: 0 } });
    }
    if (fault) {
      fault.times--;
      if (fault.status === 429) {
        this.stats.rateLimited++;
        const retryAfter = fault.retryAfter ?? 1;
        const headers: Record<string, string> = {
          'retry-after': String(retryAfter),
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': String(retryAfter),
          'x-ratelimit-reset': String(Date.now() / 1000 + retryAfter),
          'x-ratelimit-bucket': 'fakebucket',
          'x-ratelimit-scope': fault.global ? 'global' : 'user',
        };
        if (fault.global) headers['x-ratelimit-global'] = 'true';
        return void reply({ status: 429, headers, body: { message: 'You are being rate limited.', retry_after: retryAfter, global: !!fault.global } });
      }
      this.stats.faulted++;
      return void reply({ status: fault.status, body: { message: `${fault.status}: fake fault`, code: 0 } });
    }

    const result = await this.handle(method, path, query, body, authorized, arrived);
    const lat = this.latencies.find((l) => (l.times ?? 0) > 0 && (!l.method || l.method === method) && (typeof l.path === 'string' ? l.path === path : l.path.test(path)));
    if (lat) {
      lat.times = (lat.times ?? 1) - 1;
      this.emit('held', { method, path, status: result.status });
      await new Promise((r) => setTimeout(r, lat.ms));
    }
    reply(result);
  }

  private async handle(method: string, path: string, query: Record<string, string>, body: unknown, authorized: boolean, arrived: number): Promise<Res> {
    for (const [m, re, handler] of this.routes) {
      if (m !== method) continue;
      const match = re.exec(path);
      if (!match) continue;
      try {
        return await handler({ method, path, params: match.slice(1), query, body, authorized, arrived });
      } catch (err) {
        this.violation(`${method} ${path}`, [`fake discord handler crashed: ${(err as Error).stack ?? String(err)}`]);
        return { status: 500, body: { message: 'fake crashed', code: 0 } };
      }
    }
    this.violation(`${method} ${path}`, ['unhandled route (the fake does not implement it; the bot should not need it)'], body);
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }

  private unauthorized(r: Req): Res | undefined {
    if (r.authorized) return undefined;
    this.violation(`${r.method} ${r.path}`, ['missing or wrong Authorization header']);
    return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
  }

  private defineRoutes(): void {
    const err = (status: number, code: number, message: string): Res => ({ status, body: { message, code } });

    this.route('GET', '/gateway/bot', (r) =>
      this.unauthorized(r) ?? {
        status: 200,
        body: {
          url: this.gatewayUrl,
          shards: this.opts.shards,
          session_start_limit: { total: 1000, remaining: Math.max(0, this.opts.sessionStarts - this.stats.identifies), reset_after: 86_400_000, max_concurrency: this.opts.maxConcurrency },
        },
      },
    );
    this.route('GET', '/gateway', () => ({ status: 200, body: { url: this.gatewayUrl } }));
    this.route('GET', '/users/@me', (r) => this.unauthorized(r) ?? { status: 200, body: this.botUser });
    this.route('GET', '/applications/@me', (r) =>
      this.unauthorized(r) ?? { status: 200, body: { id: this.applicationId, name: 'careerbot', flags: 0, bot_public: true, description: '', icon: null } },
    );

    // ---- application commands
    const listFor = (r: Req, guildId?: string): StoredCommand[] | Res => {
      if (r.params[0] !== this.applicationId) return err(403, 50001, 'Missing Access');
      if (guildId === undefined) return this.globalCommands;
      if (this.guildIndex(guildId) < 0) return err(404, 10004, 'Unknown Guild');
      let list = this.guildCommands.get(guildId);
      if (!list) this.guildCommands.set(guildId, (list = []));
      return list;
    };
    const get = (r: Req, guildId?: string): Res => {
      const u = this.unauthorized(r);
      if (u) return u;
      const list = listFor(r, guildId);
      return Array.isArray(list) ? { status: 200, body: list } : list;
    };
    const put = (r: Req, guildId?: string): Res => {
      const u = this.unauthorized(r);
      if (u) return u;
      const list = listFor(r, guildId);
      if (!Array.isArray(list)) return list;
      const problems = checkCommandList(r.body);
      if (problems.length) {
        this.violation(`PUT ${r.path}`, problems, r.body);
        return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: problems } };
      }
      const next = (r.body as Record<string, any>[]).map((c) => this.storeCommand(c, list, guildId));
      list.splice(0, list.length, ...next);
      this.emit('commands', guildId ?? 'global');
      return { status: 200, body: list };
    };
    this.route('GET', '/applications/:app/commands', (r) => get(r));
    this.route('PUT', '/applications/:app/commands', (r) => put(r));
    this.route('GET', '/applications/:app/guilds/:guild/commands', (r) => get(r, r.params[1]));
    this.route('PUT', '/applications/:app/guilds/:guild/commands', (r) => put(r, r.params[1]));

    // ---- interaction responses (no bot auth needed)
    this.route('POST', '/interactions/:id/:token/callback', (r) => this.onCallback(r));
    this.route('POST', '/webhooks/:app/:token', (r) => this.onFollowup(r));
    this.route('PATCH', '/webhooks/:app/:token/messages/:message', (r) => this.onWebhookEdit(r));
    this.route('GET', '/webhooks/:app/:token/messages/:message', (r) => {
      const m = this.webhookMessage(r);
      return 'status' in m ? m : { status: 200, body: this.publicMessage(m) };
    });
    this.route('DELETE', '/webhooks/:app/:token/messages/:message', (r) => {
      const m = this.webhookMessage(r);
      if ('status' in m) return m;
      this.messages.delete(m.id);
      return { status: 204 };
    });

    // ---- guild roles (for checking a daily mention)
    this.route('GET', '/guilds/:guild/roles', (r) => {
      const u = this.unauthorized(r);
      if (u) return u;
      if (this.guildIndex(r.params[0]!) < 0) return err(404, 10004, 'Unknown Guild');
      return { status: 200, body: this.roles(r.params[0]!) };
    });

    // ---- channel messages
    const deniedIn = (channelId: string): Res | undefined => {
      const d = this.denied.get(channelId);
      return d ? err(d[0], d[1], d[2]) : undefined;
    };
    this.route('GET', '/channels/:channel/messages', (r) => {
      const u = this.unauthorized(r);
      if (u) return u;
      const channelId = r.params[0]!;
      const denied = deniedIn(channelId);
      if (denied) return denied;
      const limit = Math.min(Math.max(Number(r.query.limit ?? 50) || 50, 1), 100);
      const all = [...this.messages.values()].filter((m) => m.channel_id === channelId && !(m.flags & 64) && !m.webhook_id);
      all.sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1)); // newest first, as Discord returns them
      return { status: 200, body: all.slice(0, limit).map((m) => this.publicMessage(m)) };
    });
    // ---- direct messages: Create DM returns the one DM channel per user
    this.route('POST', '/users/@me/channels', (r) => {
      const u = this.unauthorized(r);
      if (u) return u;
      const body = (r.body ?? {}) as Record<string, unknown>;
      const to = body.recipient_id;
      if (typeof to !== 'string' || !/^\d{17,20}$/.test(to)) {
        this.violation(`POST ${r.path}`, ['recipient_id must be a user id'], body);
        return err(400, 50035, 'Invalid Form Body');
      }
      let id = this.dms.get(to);
      if (!id) {
        id = this.snowflake();
        this.dms.set(to, id);
        this.dmUsers.set(id, to);
      }
      return { status: 200, body: { id, type: 1, last_message_id: null, flags: 0, recipients: [{ id: to, username: `user-${to.slice(-4)}`, global_name: null, discriminator: '0', avatar: null }] } };
    });
    this.route('POST', '/channels/:channel/messages', (r) => {
      const u = this.unauthorized(r);
      if (u) return u;
      const channelId = r.params[0]!;
      const denied = deniedIn(channelId);
      if (denied) return denied;
      const dmUser = this.dmUsers.get(channelId);
      if (dmUser && this.dmsClosed.has(dmUser)) return err(403, 50007, 'Cannot send messages to this user');
      const body = (r.body ?? {}) as Record<string, any>;
      const problems = checkMessage(body, { requireBody: true });
      if (problems.length) {
        this.violation(`POST ${r.path}`, problems, body);
        return err(400, 50035, 'Invalid Form Body');
      }
      if (body.enforce_nonce === true && body.nonce !== undefined) {
        const key = `${channelId}:${String(body.nonce)}`;
        const hit = this.nonces.get(key);
        if (hit && Date.now() - hit.at < this.opts.nonceWindowMs && this.messages.has(hit.messageId)) {
          this.stats.nonceHits++;
          return { status: 200, body: this.publicMessage(this.messages.get(hit.messageId)!) };
        }
      }
      const m = this.createMessage(channelId, body, body.nonce !== undefined ? { nonce: body.nonce } : {});
      if (body.enforce_nonce === true && body.nonce !== undefined) this.nonces.set(`${channelId}:${String(body.nonce)}`, { messageId: m.id, at: Date.now() });
      return { status: 200, body: this.publicMessage(m) };
    });
    this.route('GET', '/channels/:channel/messages/:message', (r) => {
      const u = this.unauthorized(r);
      if (u) return u;
      const m = this.messages.get(r.params[1]!);
      if (!m || m.channel_id !== r.params[0]) return err(404, 10008, 'Unknown Message');
      return { status: 200, body: this.publicMessage(m) };
    });
    this.route('PATCH', '/channels/:channel/messages/:message', (r) => {
      const u = this.unauthorized(r);
      if (u) return u;
      const denied = deniedIn(r.params[0]!);
      if (denied) return denied;
      const m = this.messages.get(r.params[1]!);
      if (!m || m.channel_id !== r.params[0]) return err(404, 10008, 'Unknown Message');
      if (m.author.id !== this.botUser.id) return err(403, 50005, 'Cannot edit a message authored by another user');
      const body = (r.body ?? {}) as Record<string, any>;
      const problems = checkMessage(body, {});
      if (problems.length) {
        this.violation(`PATCH ${r.path}`, problems, body);
        return err(400, 50035, 'Invalid Form Body');
      }
      return { status: 200, body: this.publicMessage(this.patchMessage(m, body, `PATCH ${r.path}`)) };
    });
    this.route('POST', '/channels/:channel/messages/:message/threads', (r) => {
      const u = this.unauthorized(r);
      if (u) return u;
      const m = this.messages.get(r.params[1]!);
      if (!m || m.channel_id !== r.params[0]) return err(404, 10008, 'Unknown Message');
      const body = (r.body ?? {}) as Record<string, any>;
      const problems: string[] = [];
      if (typeof body.name !== 'string' || body.name.length < 1 || body.name.length > 100) problems.push('thread name must be 1-100 chars');
      if (body.auto_archive_duration !== undefined && ![60, 1440, 4320, 10080].includes(body.auto_archive_duration)) {
        problems.push('auto_archive_duration must be 60, 1440, 4320 or 10080');
      }
      if (problems.length) {
        this.violation(`POST ${r.path}`, problems, body);
        return err(400, 50035, 'Invalid Form Body');
      }
      if (m.thread) return err(400, 160004, 'A thread has already been created for this message');
      const thread = {
        id: m.id, // Discord: a thread started from a message has the message's id
        type: 11,
        guild_id: m.guild_id,
        parent_id: m.channel_id,
        owner_id: this.botUser.id,
        name: body.name,
        last_message_id: null,
        rate_limit_per_user: 0,
        message_count: 0,
        member_count: 1,
        total_message_sent: 0,
        flags: 0,
        thread_metadata: { archived: false, archive_timestamp: new Date().toISOString(), auto_archive_duration: body.auto_archive_duration ?? 1440, locked: false },
      };
      this.messages.set(m.id, { ...m, thread });
      this.emit('thread', thread);
      return { status: 201, body: thread };
    });
  }

  private storeCommand(c: Record<string, any>, existing: StoredCommand[], guildId?: string): StoredCommand {
    const prev = existing.find((e) => e.name === c.name && e.type === (c.type ?? 1));
    const stripRequired = (opts: unknown): unknown[] | undefined =>
      Array.isArray(opts)
        ? opts.map((o: Record<string, any>) => {
            const { required, options, ...rest } = o;
            const out: Record<string, unknown> = { ...rest };
            if (required) out.required = true;
            if (options !== undefined) out.options = stripRequired(options);
            return out;
          })
        : undefined;
    const stored: StoredCommand = {
      id: prev?.id ?? this.snowflake(),
      application_id: this.applicationId,
      version: this.snowflake(),
      default_member_permissions: c.default_member_permissions ?? null,
      type: c.type ?? 1,
      name: c.name,
      description: c.description,
      // Discord echoes defaults the bot never sent; the diff must see through them.
      ...(guildId ? { guild_id: guildId } : { dm_permission: true, contexts: c.contexts ?? null, integration_types: c.integration_types ?? [0] }),
      nsfw: c.nsfw ?? false,
    };
    const opts = stripRequired(c.options);
    if (opts) stored.options = opts;
    return stored;
  }

  private interactionFor(r: Req, byToken: boolean): InteractionRecord | undefined {
    if (byToken) {
      const rec = this.interactionsByToken.get(r.params[1]!);
      return rec && r.params[0] === this.applicationId ? rec : undefined;
    }
    const rec = this.interactions.get(r.params[0]!);
    return rec && rec.token === r.params[1] ? rec : undefined;
  }

  private onCallback(r: Req): Res {
    const where = `POST /interactions/…/callback`;
    const rec = this.interactionFor(r, false);
    if (!rec) {
      this.violation(where, ['unknown interaction']);
      return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
    }
    return this.acceptCallback(rec, r.body, r.query, r.arrived);
  }

  /** The initial response to an interaction, whether POSTed to the callback route or returned over HTTP. */
  private acceptCallback(rec: InteractionRecord, rawBody: unknown, query: Record<string, string>, arrived: number): Res {
    const where = `POST /interactions/…/callback`;
    const label = `${where} (${rec.name ? '/' + rec.name : rec.customId ?? rec.id})`;
    const elapsed = Date.now() - rec.dispatchedAt;
    if (elapsed > this.opts.interactionDeadlineMs) {
      this.violation(label, [`initial response after ${elapsed} ms (Discord allows ${this.opts.interactionDeadlineMs} ms)`]);
      return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
    }
    if (rec.callback) {
      this.violation(label, ['interaction already acknowledged']);
      return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
    }
    const body = (rawBody ?? {}) as Record<string, any>;
    const type = Number(body.type);
    const data = (body.data ?? {}) as Record<string, any>;
    const problems: string[] = [];
    const isComponent = rec.type === 3;
    const isAutocomplete = rec.type === 4;
    if (isAutocomplete && type !== 8) problems.push(`autocomplete must be answered with type 8, got ${type}`);
    if (!isAutocomplete && type === 8) problems.push('type 8 is only for autocomplete');
    if (!isComponent && (type === 6 || type === 7)) problems.push(`type ${type} is only for component interactions`);
    if (type === 9 && rec.type !== 2 && rec.type !== 3) problems.push(rec.type === 5 ? 'a modal cannot answer a modal submission' : 'a modal can only answer a command or a component');
    if (type === 9) problems.push(...checkModal(data));
    if (![4, 5, 6, 7, 8, 9].includes(type)) problems.push(`unexpected callback type ${String(body.type)}`);
    if (type === 4) problems.push(...checkMessage(data, { requireBody: true, allowEphemeral: true }));
    if (type === 7) problems.push(...checkMessage(data, { allowEphemeral: true }));
    if (type === 5 && body.data && Object.keys(data).some((k) => k !== 'flags')) problems.push('a deferred response may only carry flags');
    if (type === 8) problems.push(...checkChoices(data.choices));
    if (problems.length) {
      this.violation(label, problems, body);
      return { status: 400, body: { message: 'Invalid Form Body', code: 50035 } };
    }
    rec.callback = { type, data: body.data, at: Date.now() };
    rec.latencyMs = arrived - rec.dispatchedHr;
    if (type === 9) rec.modal = data as ModalData;
    const slashType = rec.type === 2 ? 20 : 0;
    const extra: Partial<StoredMessage> = { type: slashType, webhook_id: this.applicationId, application_id: this.applicationId };
    if (type === 4) rec.originalId = this.createMessage(rec.channelId, data, extra).id;
    if (type === 5) rec.originalId = this.createMessage(rec.channelId, { content: '', flags: (Number(data.flags ?? 0) & 64) | 128 }, extra).id;
    if (type === 6) rec.originalId = rec.messageId;
    if (type === 7) {
      rec.originalId = rec.messageId;
      const m = this.messages.get(rec.messageId ?? '');
      if (m) this.patchMessage(m, data, label);
    }
    this.emit('callback', rec);
    if (query.with_response === 'true') {
      const m = rec.originalId ? this.messages.get(rec.originalId) : undefined;
      return { status: 200, body: { interaction: { id: rec.id, type: rec.type }, resource: { type, message: m ? this.publicMessage(m) : undefined } } };
    }
    return { status: 204 };
  }

  private webhookMessage(r: Req): StoredMessage | Res {
    const rec = this.interactionFor(r, true);
    if (!rec) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
    const id = r.params[2] === '@original' ? rec.originalId : r.params[2];
    const m = id ? this.messages.get(id) : undefined;
    if (!m) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    return m;
  }

  private onWebhookEdit(r: Req): Res {
    const where = `PATCH /webhooks/…/messages/${r.params[2]}`;
    const m = this.webhookMessage(r);
    if ('status' in m) {
      this.violation(where, ['edit of an unknown interaction message']);
      return m;
    }
    const body = (r.body ?? {}) as Record<string, any>;
    const problems = checkMessage({ ...body, flags: undefined }, { allowEphemeral: true });
    // Editing can only set SUPPRESS_EMBEDS / IS_COMPONENTS_V2; visibility is fixed by the first response.
    if (body.flags !== undefined && body.flags !== null && (Number(body.flags) & ~((1 << 2) | (1 << 15))) !== 0) {
      problems.push(`flags ${String(body.flags)} cannot be set when editing`);
    }
    if (problems.length) {
      this.violation(where, problems, body);
      return { status: 400, body: { message: 'Invalid Form Body', code: 50035 } };
    }
    return { status: 200, body: this.publicMessage(this.patchMessage(m, body, where)) };
  }

  private onFollowup(r: Req): Res {
    const where = 'POST /webhooks/… (follow-up)';
    const rec = this.interactionFor(r, true);
    if (!rec) {
      this.violation(where, ['follow-up for an unknown interaction']);
      return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
    }
    if (!rec.callback) {
      this.violation(where, ['follow-up before the initial response']);
      return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
    }
    const body = (r.body ?? {}) as Record<string, any>;
    const problems = checkMessage(body, { requireBody: true, allowEphemeral: true });
    if (problems.length) {
      this.violation(where, problems, body);
      return { status: 400, body: { message: 'Invalid Form Body', code: 50035 } };
    }
    const original = rec.originalId ? this.messages.get(rec.originalId) : undefined;
    if (original && original.flags & 128) {
      // Discord: the first follow-up after a deferral edits the "thinking" message and keeps its visibility.
      const edited = this.patchMessage(original, body, where);
      rec.followupIds.push(edited.id);
      return { status: 200, body: this.publicMessage(edited) };
    }
    const m = this.createMessage(rec.channelId, body, { webhook_id: this.applicationId, application_id: this.applicationId });
    rec.followupIds.push(m.id);
    return { status: 200, body: this.publicMessage(m) };
  }
}
