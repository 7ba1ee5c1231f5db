/**
 * Discord adapter configuration, read from the environment once and validated
 * with zod. An error names the variable and what is wrong with it, never its
 * value (the token must not reach logs).
 */
import { z } from 'zod';

export interface DiscordConfig {
  /** Bot token (DISCORD_TOKEN). */
  token: string;
  /** Application id (DISCORD_APPLICATION_ID), a snowflake. */
  applicationId: string;
  /**
   * REST base without the version (DISCORD_API_URL), passed as discord.js
   * `rest.api`; default https://discord.com/api. Tests and REST proxies set it.
   */
  apiUrl: string;
  /** Register commands in this guild only (DISCORD_GUILD_ID), for development. */
  guildId?: string;
  /** Total shard count (DISCORD_SHARDS): 'auto' asks GET /gateway/bot through apiUrl. */
  shards?: number | 'auto';
  /** The shards this process runs (DISCORD_SHARD_IDS); default all of them. */
  shardIds?: number[];
  /** The application's public key (DISCORD_PUBLIC_KEY): serve POST /discord/interactions. */
  publicKey?: string;
  /** Connect to the gateway (DISCORD_GATEWAY=on, the default); off runs an HTTP-interactions-only worker. */
  gateway?: boolean;
  /**
   * This process's share of the bot's global REST limit (DISCORD_REQUESTS_PER_SECOND, default 50,
   * Discord's per-token limit). N processes on one token: set 50/N each, so together they stay under it.
   */
  requestsPerSecond?: number;
}

/** "0,1", "0-3", "4-7,9" -> sorted unique ids; null when malformed. */
export function parseShardIds(text: string): number[] | null {
  const ids = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(part);
    if (!m) return null;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from || to - from > 10_000) return null;
    for (let i = from; i <= to; i++) ids.add(i);
  }
  return ids.size ? [...ids].sort((a, b) => a - b) : null;
}

export const DEFAULT_DISCORD_API_URL = 'https://discord.com/api';

const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const snowflake = (what: string) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a string') })
    .trim()
    .regex(/^\d{17,20}$/, `must be the ${what} (a numeric id of 17-20 digits, Developer Portal -> General Information)`);

const EnvSchema = z.object({
  DISCORD_TOKEN: z
    .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a string') })
    .trim()
    .min(1, 'is required')
    .transform((s) => s.replace(/^Bot\s+/i, ''))
    .refine((s) => !/\s/.test(s), { message: 'must not contain whitespace' })
    .refine((s) => s.split('.').length === 3, { message: 'does not look like a bot token (three dot-separated parts; Developer Portal -> Bot -> Reset Token)' }),
  DISCORD_APPLICATION_ID: snowflake('application id'),
  DISCORD_API_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://discord.com/api' })
      // discord.js appends /v10 itself: accept ".../api/v10" and trailing slashes too.
      .transform((u) => u.replace(/\/+$/, '').replace(/\/v\d+$/, ''))
      .default(DEFAULT_DISCORD_API_URL),
  ),
  DISCORD_GUILD_ID: z.preprocess(blankToUndefined, snowflake('guild (server) id').optional()),
  DISCORD_SHARDS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^(auto|[1-9]\d{0,4})$/i, 'must be auto or a whole number of shards such as 4')
      .transform((v) => (v.toLowerCase() === 'auto' ? ('auto' as const) : Number(v)))
      .default('auto'),
  ),
  DISCORD_PUBLIC_KEY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be the application public key: 64 hex characters (Developer Portal -> General Information)')
      .optional(),
  ),
  DISCORD_GATEWAY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .toLowerCase()
      .refine((v) => ['on', 'off', 'true', 'false', '1', '0'].includes(v), 'must be on or off')
      .transform((v) => ['on', 'true', '1'].includes(v))
      .default(true),
  ),
  DISCORD_SHARD_IDS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((v) => parseShardIds(v) !== null, 'must list shard ids like 0,1 or a range like 0-3')
      .transform((v) => parseShardIds(v)!)
      .optional(),
  ),
  DISCORD_REQUESTS_PER_SECOND: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(50, "must be at most 50 (Discord's global limit per bot token)").default(50),
  ),
});

export class DiscordConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Discord configuration: ${problems.join('; ')}`);
    this.name = 'DiscordConfigError';
  }
}

/** True when the environment asks for the Discord adapter (DISCORD_TOKEN set). */
export function discordEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.DISCORD_TOKEN ?? '').trim() !== '';
}

/** Parse the Discord variables; throws DiscordConfigError listing `VARIABLE: problem` lines. */
export function loadDiscordConfig(env: NodeJS.ProcessEnv = process.env): DiscordConfig {
  const res = EnvSchema.safeParse(env);
  if (!res.success) {
    throw new DiscordConfigError(res.error.issues.map((i) => `${String(i.path[0] ?? 'environment')}: ${i.message}`));
  }
  const e = res.data;
  if (e.DISCORD_SHARD_IDS && typeof e.DISCORD_SHARDS === 'number' && e.DISCORD_SHARD_IDS.some((id) => id >= (e.DISCORD_SHARDS as number))) {
    throw new DiscordConfigError([`DISCORD_SHARD_IDS: every id must be below DISCORD_SHARDS (${e.DISCORD_SHARDS}); shard ids start at 0`]);
  }
  const cfg: DiscordConfig = { token: e.DISCORD_TOKEN, applicationId: e.DISCORD_APPLICATION_ID, apiUrl: e.DISCORD_API_URL, shards: e.DISCORD_SHARDS };
  if (e.DISCORD_GUILD_ID) cfg.guildId = e.DISCORD_GUILD_ID;
  if (e.DISCORD_SHARD_IDS) cfg.shardIds = e.DISCORD_SHARD_IDS;
  if (!e.DISCORD_GATEWAY && !e.DISCORD_PUBLIC_KEY) {
    throw new DiscordConfigError(['DISCORD_GATEWAY: off needs DISCORD_PUBLIC_KEY, or interactions could reach this worker by no way at all']);
  }
  if (e.DISCORD_PUBLIC_KEY) cfg.publicKey = e.DISCORD_PUBLIC_KEY.toLowerCase();
  if (!e.DISCORD_GATEWAY) cfg.gateway = false;
  if (e.DISCORD_REQUESTS_PER_SECOND !== 50) cfg.requestsPerSecond = e.DISCORD_REQUESTS_PER_SECOND;
  return cfg;
}
