/**
 * The Slack Poster: quiz rounds and daily questions go out with
 * chat.postMessage and are edited with chat.update.
 *
 * It runs its own small retry loop instead of the WebClient's, because a
 * blind retry of chat.postMessage after a 5xx can post twice:
 * - 429: wait exactly Retry-After (capped), then retry;
 * - 5xx / network error: back off, and when the post carries an idempotency
 *   key, look in conversations.history for a message with that key first;
 * - not_in_channel: join the (public) channel once, then retry.
 * Posts with a key carry message metadata {event_type: careerbot_daily,
 * event_payload: {key}}, and before posting the recent history is searched for
 * it, so a retried daily post returns the earlier message instead of a second.
 */
import { webApi } from '@slack/bolt';
import type { Logger } from '@slack/bolt';
import { PostError, type MessageRef, type PostOptions, type Poster } from '../../core/poster.js';
import type { Reply } from '../../core/reply.js';
import { renderReply } from './render.js';
import { RetryPolicy } from '../retry.js';

type WebClient = InstanceType<typeof webApi.WebClient>;

export const METADATA_EVENT_TYPE = 'careerbot_daily';

export interface SlackPosterOptions {
  /** Attempts per post/edit, the first included (default 4). */
  maxAttempts?: number;
  /** Longest Retry-After honoured before giving up, in seconds (default 120). */
  maxRetryAfterSec?: number;
  /** First backoff after a 5xx/network error, doubled per attempt (default 500 ms). */
  backoffMs?: number;
  /** Messages of recent history searched for an idempotency key (default 100). */
  historyLimit?: number;
  logger?: Logger;
  /**
   * Many workspaces (OAuth): the bot token of the workspace a post or edit is for.
   * Throws (a permanent PostError) when the workspace has no installation.
   * Without it, every call uses the client's own token (single-workspace mode).
   */
  tokenFor?: (workspaceId: string | undefined) => Promise<string>;
}

/** A Web API call's token argument: empty in single-workspace mode (the client's own token). */
type Auth = { token?: string };

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

const errorCode = (e: unknown): string | undefined =>
  (e as { code?: string } | undefined)?.code;

const platformError = (e: unknown): string | undefined =>
  errorCode(e) === webApi.ErrorCode.PlatformError ? (e as { data?: { error?: string } }).data?.error : undefined;

/** 5xx answers and transport failures: the request may or may not have taken effect. */
const isTransient = (e: unknown): boolean => {
  const code = errorCode(e);
  if (code === webApi.ErrorCode.RequestError) return true;
  if (code === webApi.ErrorCode.HTTPError) return ((e as { statusCode?: number }).statusCode ?? 0) >= 500;
  const pe = platformError(e);
  return pe === 'internal_error' || pe === 'fatal_error' || pe === 'service_unavailable' || pe === 'request_timeout';
};

export class SlackPoster implements Poster {
  readonly platform = 'slack' as const;
  private readonly policy: RetryPolicy;
  private readonly historyLimit: number;
  private readonly logger: Logger | undefined;
  private readonly abort = new AbortController();
  private readonly joined = new Set<string>();
  private readonly tokenFor: SlackPosterOptions['tokenFor'];

  /** `client` must be created with `rejectRateLimitedCalls: true` and `retryConfig: { retries: 0 }`. */
  constructor(private readonly client: WebClient, opts: SlackPosterOptions = {}) {
    this.historyLimit = opts.historyLimit ?? 100;
    this.logger = opts.logger;
    this.tokenFor = opts.tokenFor;
    this.policy = new RetryPolicy(
      {
        isTransient: (e) => errorCode(e) === webApi.ErrorCode.RateLimitedError || isTransient(e),
        retryAfterMs: (e) => (errorCode(e) === webApi.ErrorCode.RateLimitedError ? (e as { retryAfter: number }).retryAfter * 1000 : undefined),
      },
      {
        attempts: Math.max(1, opts.maxAttempts ?? 4),
        maxRetryAfterMs: (opts.maxRetryAfterSec ?? 120) * 1000,
        ...(opts.backoffMs !== undefined ? { baseMs: opts.backoffMs } : {}),
      },
      ({ channel, attempt, delayMs, error }) => this.logger?.warn(`slack: call in ${channel} failed (${describeError(error)}); attempt ${attempt}, next in ${delayMs} ms`),
    );
  }

  private async auth(workspaceId: string | undefined): Promise<Auth> {
    return this.tokenFor ? { token: await this.tokenFor(workspaceId) } : {};
  }

  async post(channelId: string, reply: Reply, idempotencyKey?: string, opts: PostOptions = {}): Promise<MessageRef> {
    try {
      return await this.postOnce(channelId, reply, idempotencyKey, opts, await this.auth(opts.workspaceId));
    } catch (e) {
      throw classify(e, channelId);
    }
  }

  private async postOnce(channelId: string, reply: Reply, idempotencyKey: string | undefined, opts: PostOptions, auth: Auth): Promise<MessageRef> {
    if (idempotencyKey && opts.mayExist) {
      const earlier = await this.findByKey(channelId, idempotencyKey, auth);
      if (earlier) return earlier;
    }
    const msg = renderReply(reply);
    const res = await this.withRetries(`chat.postMessage ${channelId}`, channelId, auth, async (attempt) => {
      if (attempt > 1 && idempotencyKey) {
        // The failed attempt may have gone through: look before posting again.
        const earlier = await this.findByKey(channelId, idempotencyKey, auth);
        if (earlier) return earlier;
      }
      const r = await this.client.chat.postMessage({
        ...auth,
        channel: channelId,
        text: msg.text,
        blocks: msg.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(idempotencyKey
          ? { metadata: { event_type: METADATA_EVENT_TYPE, event_payload: { key: idempotencyKey } } }
          : {}),
      });
      return { channelId: r.channel ?? channelId, messageId: r.ts ?? '' };
    });
    if (!res.messageId) throw new Error(`chat.postMessage to ${channelId} returned no ts`);
    return opts.workspaceId ? { ...res, workspaceId: opts.workspaceId } : res;
  }

  /** IM channel ids by workspace and user: conversations.open answers the same channel every time. */
  private readonly ims = new Map<string, string>();

  /**
   * A direct message (a weekly nudge): conversations.open gives the app's IM with
   * the user, then a post there with the same idempotency rules as `post` (the key
   * in message metadata; `mayExist` looks in the IM's history first). With many
   * workspaces, the workspace's own token. A user the app cannot message (a bot,
   * a deactivated or unknown user) is a permanent failure.
   */
  async direct(userId: string, reply: Reply, idempotencyKey: string, opts: PostOptions = {}): Promise<MessageRef> {
    try {
      const auth = await this.auth(opts.workspaceId);
      const channel = await this.imChannel(userId, opts.workspaceId, auth);
      return await this.postOnce(channel, { ...reply, thread: undefined }, idempotencyKey, opts, auth);
    } catch (e) {
      throw classifyDirect(e, userId);
    }
  }

  private async imChannel(userId: string, workspaceId: string | undefined, auth: Auth): Promise<string> {
    const key = `${workspaceId ?? ''}:${userId}`;
    const known = this.ims.get(key);
    if (known) return known;
    const res = await this.withRetries(`conversations.open ${userId}`, undefined, auth, () => this.client.conversations.open({ ...auth, users: userId }), `im:${userId}`);
    const id = res.channel?.id;
    if (!id) throw new Error(`conversations.open for ${userId} returned no channel`);
    if (this.ims.size >= IM_CACHE_MAX) this.ims.delete(this.ims.keys().next().value!);
    this.ims.set(key, id);
    return id;
  }

  async edit(ref: MessageRef, reply: Reply): Promise<void> {
    const msg = renderReply(reply);
    try {
      const auth = await this.auth(ref.workspaceId);
      await this.withRetries(
        `chat.update ${ref.channelId}/${ref.messageId}`,
        undefined,
        auth,
        async () => {
          await this.client.chat.update({ ...auth, channel: ref.channelId, ts: ref.messageId, text: msg.text, blocks: msg.blocks });
        },
        ref.channelId,
      );
    } catch (e) {
      throw classify(e, ref.channelId);
    }
  }

  /** The message carrying this idempotency key in recent history, if any. */
  async findByKey(channelId: string, key: string, auth: Auth = {}): Promise<MessageRef | undefined> {
    const lookup = async (): Promise<MessageRef | undefined> => {
      const res = await this.client.conversations.history({
        ...auth,
        channel: channelId,
        limit: this.historyLimit,
        include_all_metadata: true,
      });
      const hit = (res.messages as HistoryMessage[] | undefined)?.find(
        (m) => m.metadata?.event_type === METADATA_EVENT_TYPE && m.metadata.event_payload?.key === key,
      );
      return hit?.ts ? { channelId, messageId: hit.ts, existing: true } : undefined;
    };
    let failure: unknown;
    try {
      return await lookup();
    } catch (e) {
      failure = e;
    }
    if (platformError(failure) === 'not_in_channel' && (await this.join(channelId, auth))) {
      try {
        return await lookup();
      } catch (e) {
        failure = e;
      }
    }
    // We cannot look, so we cannot know: say so, and post.
    this.logger?.warn(`slack: could not check ${channelId} history for an earlier post (${describeError(failure)}); posting`);
    return undefined;
  }

  /** Stop waiting in retry loops (on shutdown). */
  close(): void {
    this.abort.abort();
  }

  private async join(channelId: string, auth: Auth): Promise<boolean> {
    if (this.joined.has(channelId)) return false;
    this.joined.add(channelId);
    try {
      await this.client.conversations.join({ ...auth, channel: channelId });
      return true;
    } catch (e) {
      this.logger?.warn(`slack: could not join ${channelId} (${describeError(e)}); invite the bot to the channel`);
      return false;
    }
  }

  /**
   * The shared retry policy (attempts, backoff, Retry-After, per-channel breaker);
   * within one attempt, a post to a public channel the bot is not in joins it once.
   */
  private withRetries<T>(what: string, joinChannel: string | undefined, auth: Auth, run: (attempt: number) => Promise<T>, channel = joinChannel ?? what): Promise<T> {
    return this.policy.execute(
      channel,
      async (attempt) => {
        try {
          return await run(attempt);
        } catch (e) {
          if (joinChannel && platformError(e) === 'not_in_channel' && (await this.join(joinChannel, auth))) return run(attempt);
          throw e;
        }
      },
      this.abort.signal,
    );
  }
}

/** A short description of a Web API error, with no request data (tokens stay out of logs). */
export function describeError(e: unknown): string {
  const pe = platformError(e);
  if (pe) return pe;
  const code = errorCode(e);
  if (code === webApi.ErrorCode.HTTPError) return `HTTP ${(e as { statusCode?: number }).statusCode ?? '?'}`;
  if (code === webApi.ErrorCode.RateLimitedError) return `rate limited (retry after ${(e as { retryAfter?: number }).retryAfter}s)`;
  if (code === webApi.ErrorCode.RequestError) return `request error: ${(e as { original?: Error }).original?.message ?? 'unknown'}`;
  return e instanceof Error ? e.message : String(e);
}

/** Slack errors that a retry cannot fix, with what to tell an admin. */
const PERMANENT: Record<string, (where: string) => string> = {
  channel_not_found: (w) => `I can't post in ${w}: I can't see that channel (for a private channel, invite me with \`/invite @careerbot\`).`,
  not_in_channel: (w) => `I can't post in ${w}: I'm not a member (invite me with \`/invite @careerbot\`).`,
  is_archived: (w) => `I can't post in ${w}: the channel is archived.`,
  channel_is_archived: (w) => `I can't post in ${w}: the channel is archived.`,
  missing_scope: (w) => `I can't post in ${w}: the app lacks a permission scope it needs (reinstall the app).`,
  restricted_action: (w) => `I can't post in ${w}: a workspace setting stops me from posting there.`,
  no_permission: (w) => `I can't post in ${w}: Slack says I have no permission there.`,
  invalid_auth: (w) => `I can't post in ${w}: Slack rejected my token (reinstall the app or check SLACK_BOT_TOKEN).`,
  account_inactive: (w) => `I can't post in ${w}: the app's token is no longer active (reinstall the app).`,
  token_revoked: (w) => `I can't post in ${w}: the app's token was revoked (reinstall the app).`,
  not_authed: (w) => `I can't post in ${w}: no token was sent (check SLACK_BOT_TOKEN).`,
  message_not_found: (w) => `The message I meant to update in ${w} no longer exists.`,
  cant_update_message: (w) => `I can't update my message in ${w}.`,
};

/** Classifies a failed Web API call once: permanent (see PERMANENT) or transient (429, 5xx, network). */
export function classify(e: unknown, channelId: string): PostError {
  if (e instanceof PostError) return e;
  const where = `<#${channelId}>`;
  const pe = platformError(e);
  if (pe && PERMANENT[pe]) return new PostError('permanent', PERMANENT[pe](where), pe, { cause: e });
  if (errorCode(e) === webApi.ErrorCode.RateLimitedError || isTransient(e) || !pe)
    return new PostError('transient', `Slack did not answer in time (${describeError(e)})`, pe, { cause: e });
  // Any other Slack error will not go away by itself either.
  return new PostError('permanent', `I can't post in ${where}: Slack answered ${pe}.`, pe, { cause: e });
}

/** Users whose IM channel id is remembered (ids only). */
const IM_CACHE_MAX = 10_000;

/** Slack errors that mean this user cannot get a DM from the app, whatever we retry. */
const CANNOT_DM: Record<string, string> = {
  cannot_dm_bot: 'they are a bot',
  user_not_found: 'Slack does not know that user',
  user_disabled: 'their account is deactivated',
  account_inactive: 'the account is no longer active',
  user_is_restricted: 'a workspace setting stops the app from messaging them',
  not_allowed_token_type: 'the app token cannot send DMs',
  missing_scope: 'the app lacks the im:write scope (reinstall the app)',
};

/** The same reasons, told to the member themselves (shown in their /plan). */
const CANNOT_DM_YOU: Record<string, string> = {
  cannot_dm_bot: 'your account is a bot',
  user_not_found: 'Slack does not know your account',
  user_disabled: 'your account is deactivated',
  account_inactive: 'your account is no longer active',
  user_is_restricted: 'a workspace setting stops the app from messaging you',
  not_allowed_token_type: 'the app cannot send direct messages (ask an admin)',
  missing_scope: 'the app lacks the im:write scope (ask an admin to reinstall it)',
};

/** Classifies a failed direct message once; the rest as `classify` does for posts. */
export function classifyDirect(e: unknown, userId: string): PostError {
  if (e instanceof PostError) return e;
  const pe = platformError(e);
  if (pe && CANNOT_DM[pe]) return new PostError('permanent', `I can't send <@${userId}> a direct message: ${CANNOT_DM[pe]}.`, pe, { cause: e, toRecipient: CANNOT_DM_YOU[pe] });
  return classify(e, userId);
}
