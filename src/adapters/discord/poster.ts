/**
 * The Discord Poster: quiz rounds and daily questions are posted with
 * POST /channels/{id}/messages and edited with PATCH; a `reply.thread` opens a
 * discussion thread on the posted message.
 *
 * Every post carries a `nonce` with `enforce_nonce: true`: derived from the
 * core's idempotency key (stable across retries of the same daily post), or
 * random per call otherwise. Discord then returns the earlier message instead of
 * creating a second one, so retrying after a 5xx/timeout (which may have gone
 * through) cannot double a post. 429s are waited out by @discordjs/rest; 5xx get
 * backoff retries here (see backoff.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { Routes, type REST } from 'discord.js';
import { PostError, type MessageRef, type PostOptions, type Poster } from '../../core/poster.js';
import type { Reply } from '../../core/reply.js';
import { DISCORD_LIMITS, truncate } from '../../core/limits.js';
import { renderMessage } from './render.js';
import { isTransient } from './backoff.js';
import { ChannelBrokenError, RetryPolicy, type RetryOptions } from '../retry.js';
import type { DiscordLog } from './log.js';

/** Discord's nonce: at most 25 characters. */
export const NONCE_MAX = 25;

/** The nonce for an idempotency key: the key itself when it fits, else a hash of it. */
export function nonceFor(key: string): string {
  if (key.length <= NONCE_MAX && /^[\x21-\x7e]+$/.test(key)) return key;
  return createHash('sha256').update(key).digest('base64url').slice(0, NONCE_MAX);
}

const THREAD_ALREADY_EXISTS = 160004;
/** One day: threads stay open while the day's question is discussed. */
const THREAD_ARCHIVE_MINUTES = 1440;

/** The marker a post carries in its first button's custom_id: `~k` and 16 characters of the key's hash. */
export const MARKER_PREFIX = '~k';
export function markerFor(key: string): string {
  return MARKER_PREFIX + createHash('sha256').update(key).digest('base64url').slice(0, 16);
}

/** A button's custom_id without the idempotency marker (the core never sees it). */
export function stripMarker(customId: string): string {
  const i = customId.lastIndexOf(MARKER_PREFIX);
  return i > 0 && /^~k[\w-]{16}$/.test(customId.slice(i)) ? customId.slice(0, i) : customId;
}

/** Messages of recent channel history searched for an earlier post (Discord returns at most 100). */
const HISTORY_LIMIT = 50;

interface Component {
  type?: number;
  custom_id?: string;
  components?: Component[];
}
type Components = Component[];

function withMarker(body: Record<string, unknown>, marker: string): boolean {
  const walk = (list: Components | undefined): boolean => {
    for (const c of list ?? []) {
      if (typeof c.custom_id === 'string' && c.custom_id.length + marker.length <= DISCORD_LIMITS.customId) {
        c.custom_id += marker;
        return true;
      }
      if (walk(c.components)) return true;
    }
    return false;
  };
  return walk(body.components as Components | undefined);
}

function carries(msg: { components?: Components }, marker: string): boolean {
  const walk = (list: Components | undefined): boolean =>
    (list ?? []).some((c) => (typeof c.custom_id === 'string' && c.custom_id.endsWith(marker)) || walk(c.components));
  return walk(msg.components);
}


/**
 * Classifies a failed REST call once: permanent (no access, unknown channel or
 * message, a rejected token or payload) or transient (5xx, 429, network).
 */
export function classify(err: unknown, channelId: string, what: 'post' | 'edit' | 'thread'): PostError {
  if (err instanceof PostError) return err;
  const e = err as { status?: unknown; code?: unknown; name?: unknown };
  const status = typeof e.status === 'number' ? e.status : undefined;
  const code = typeof e.code === 'number' ? e.code : undefined;
  const where = `<#${channelId}>`;
  if (err instanceof ChannelBrokenError || isTransient(err) || status === 429 || e.name === 'RateLimitError')
    return new PostError('transient', `Discord did not answer in time (${status ?? (err instanceof Error ? err.message : 'network error')})`, status, { cause: err });
  const reason = (() => {
    if (code === 50013 && what === 'thread') return `I can't open the discussion thread in ${where}: I need the Create Public Threads permission there.`;
    if (code === 50013) return `I can't post in ${where}: I need the View Channel, Send Messages and Embed Links permissions there.`;
    if (code === 50001) return `I can't post in ${where}: I have no access to it (I need View Channel and Send Messages there).`;
    if (code === 10003) return `I can't post in ${where}: the channel no longer exists.`;
    if (code === 10008) return `The message I meant to ${what === 'edit' ? 'update' : 'find'} in ${where} no longer exists.`;
    if (status === 401) return `I can't post in ${where}: Discord rejected my token (check DISCORD_TOKEN).`;
    return `I can't post in ${where}: Discord refused the message (${status ?? '?'}${code !== undefined ? `, code ${code}` : ''}).`;
  })();
  return new PostError('permanent', reason, code ?? status, { cause: err });
}

/** Users whose DM channel id is remembered (ids only: a few MB at most). */
const DM_CACHE_MAX = 10_000;

/** Discord's "Cannot send messages to this user": DMs closed, no shared server, or the bot is blocked. */
export const CANNOT_DM = 50007;
const UNKNOWN_USER = 10013;

/** Classifies a failed direct message once: the user's own settings or absence are permanent. */
export function classifyDirect(err: unknown, userId: string): PostError {
  const code = (err as { code?: unknown }).code;
  if (code === CANNOT_DM)
    return new PostError('permanent', `I can't send <@${userId}> a direct message: they don't accept DMs from me (privacy settings, or we share no server any more).`, CANNOT_DM, {
      cause: err,
      toRecipient: 'you do not accept direct messages from me (your privacy settings, or we no longer share a server)',
    });
  if (code === UNKNOWN_USER)
    return new PostError('permanent', `I can't send <@${userId}> a direct message: Discord does not know that user.`, UNKNOWN_USER, { cause: err, toRecipient: 'Discord does not know your account' });
  if (err instanceof PostError) return err;
  return classify(err, `dm:${userId}`, 'post');
}

export class DiscordPoster implements Poster {
  readonly platform = 'discord' as const;
  /** careerbot's commands are registered per server: they cannot be typed in a DM with the bot. */
  readonly commandsInDirect = false;
  private readonly abort = new AbortController();
  private readonly policy: RetryPolicy;

  constructor(
    private readonly rest: REST,
    private readonly opts: { backoff?: Partial<RetryOptions>; log?: DiscordLog } = {},
  ) {
    // 429s never reach the policy: @discordjs/rest waits out Retry-After itself.
    this.policy = new RetryPolicy({ isTransient }, opts.backoff, ({ channel, attempt, delayMs, error }) =>
      this.opts.log?.('warn', 'discord post failed; retrying', { channel, attempt, delayMs, error: String(error) }),
    );
  }

  private retrying<T>(_what: string, meta: { channel: string; message?: string }, fn: (attempt: number) => Promise<T>): Promise<T> {
    return this.policy.execute(meta.channel, fn, this.abort.signal);
  }

  /** Stop waiting between retries (shutdown): the current attempt's failure is returned at once. */
  close(): void {
    this.abort.abort();
  }

  /** The message carrying this key's marker among the channel's recent messages. */
  async findByKey(channelId: string, key: string): Promise<MessageRef | undefined> {
    const marker = markerFor(key);
    const list = (await this.rest.get(Routes.channelMessages(channelId), { query: new URLSearchParams({ limit: String(HISTORY_LIMIT) }) })) as {
      id: string;
      author?: { id?: string };
      components?: Components;
    }[];
    const hit = list.find((m) => carries(m, marker));
    return hit ? { channelId, messageId: hit.id, existing: true } : undefined;
  }

  async post(channelId: string, reply: Reply, idempotencyKey?: string, opts: PostOptions = {}): Promise<MessageRef> {
    const nonce = idempotencyKey ? nonceFor(idempotencyKey) : randomBytes(12).toString('base64url');
    const body: Record<string, unknown> = { ...renderMessage(reply, { target: 'channel' }), nonce, enforce_nonce: true };
    const marked = idempotencyKey ? withMarker(body, markerFor(idempotencyKey)) : false;
    if (idempotencyKey && !marked) this.opts.log?.('warn', 'discord post has no button to carry its idempotency key', { channel: channelId });
    try {
      let msg: { id: string; thread?: unknown } | undefined;
      let existing = false;
      await this.retrying('post', { channel: channelId }, async (attempt) => {
        // An earlier attempt (here or in another process) may have gone through: look before posting again.
        if (marked && (opts.mayExist || attempt > 1)) {
          const earlier = await this.findByKey(channelId, idempotencyKey!);
          if (earlier) {
            msg = { id: earlier.messageId };
            existing = true;
            return;
          }
        }
        msg = (await this.rest.post(Routes.channelMessages(channelId), { body })) as { id: string; thread?: unknown };
      });
      const posted = msg!;
      if (reply.thread && !posted.thread && !opts.deferThread) await this.startThread(channelId, posted.id, reply.thread.name);
      return { channelId, messageId: posted.id, existing };
    } catch (err) {
      throw classify(err, channelId, 'post');
    }
  }

  /** DM channel ids by user: the channel is the same on every call, so it is asked for once per user. */
  private readonly dmChannels = new Map<string, string>();

  /** The DM channel with a user (POST /users/@me/channels; Discord returns the existing one when there is one). */
  private async dmChannel(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    const channel = (await this.retrying('dm', { channel: `dm:${userId}` }, () =>
      this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } }),
    )) as { id: string };
    if (this.dmChannels.size >= DM_CACHE_MAX) this.dmChannels.delete(this.dmChannels.keys().next().value!);
    this.dmChannels.set(userId, channel.id);
    return channel.id;
  }

  /**
   * A direct message (a weekly nudge): the user's DM channel, then a post there
   * with the same idempotency rules as `post` (nonce, key marker, a look at the
   * DM's recent messages when an earlier attempt may have gone through).
   * A user who does not take DMs from the bot (50007) is a permanent failure.
   */
  async direct(userId: string, reply: Reply, idempotencyKey: string, opts: PostOptions = {}): Promise<MessageRef> {
    let channelId: string;
    try {
      channelId = await this.dmChannel(userId);
    } catch (err) {
      throw classifyDirect(err, userId);
    }
    try {
      return await this.post(channelId, { ...reply, thread: undefined }, idempotencyKey, opts);
    } catch (err) {
      throw classifyDirect((err as { cause?: unknown }).cause ?? err, userId);
    }
  }

  async edit(ref: MessageRef, reply: Reply): Promise<void> {
    const body = renderMessage(reply, { target: 'edit' });
    try {
      await this.retrying('edit', { channel: ref.channelId, message: ref.messageId }, () =>
        this.rest.patch(Routes.channelMessage(ref.channelId, ref.messageId), { body }),
      );
    } catch (err) {
      throw classify(err, ref.channelId, 'edit');
    }
  }

  /**
   * The discussion thread of a message posted with `deferThread`. Discord allows one
   * thread per message, so an existing one (160004) means an earlier attempt made it.
   */
  async thread(ref: MessageRef, reply: Reply): Promise<void> {
    if (!reply.thread) return;
    try {
      await this.openThread(ref.channelId, ref.messageId, reply.thread.name);
    } catch (err) {
      throw classify(err, ref.channelId, 'thread');
    }
  }

  /** A failed thread does not fail the post: the message is out, and retrying it is not worth a duplicate risk. */
  private async startThread(channelId: string, messageId: string, name: string): Promise<void> {
    try {
      await this.openThread(channelId, messageId, name);
    } catch (err) {
      this.opts.log?.('warn', 'discord thread could not be started', { channel: channelId, message: messageId, error: String(err) });
    }
  }

  private async openThread(channelId: string, messageId: string, name: string): Promise<void> {
    try {
      await this.retrying('thread', { channel: channelId, message: messageId }, () =>
        this.rest.post(Routes.threads(channelId, messageId), {
          body: { name: truncate(name.trim() || 'Discussion', 100), auto_archive_duration: THREAD_ARCHIVE_MINUTES },
        }),
      );
    } catch (err) {
      if ((err as { code?: unknown }).code === THREAD_ALREADY_EXISTS) return;
      throw err;
    }
  }
}
