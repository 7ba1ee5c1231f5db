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
import type { MessageRef, Poster } from '../../core/poster.js';
import type { Reply } from '../../core/reply.js';
import { truncate } from '../../core/limits.js';
import { renderMessage } from './render.js';
import { withBackoff, type BackoffOptions } from './backoff.js';
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

export class DiscordPoster implements Poster {
  readonly platform = 'discord' as const;

  constructor(
    private readonly rest: REST,
    private readonly opts: { backoff?: Partial<BackoffOptions>; log?: DiscordLog } = {},
  ) {}

  private retrying<T>(what: string, meta: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
    return withBackoff(fn, this.opts.backoff, (err, attempt, delayMs) =>
      this.opts.log?.('warn', `discord ${what} failed; retrying`, { ...meta, attempt, delayMs, error: String(err) }),
    );
  }

  async post(channelId: string, reply: Reply, idempotencyKey?: string): Promise<MessageRef> {
    const nonce = idempotencyKey ? nonceFor(idempotencyKey) : randomBytes(12).toString('base64url');
    const body = { ...renderMessage(reply, { target: 'channel' }), nonce, enforce_nonce: true };
    const msg = (await this.retrying('post', { channel: channelId }, () =>
      this.rest.post(Routes.channelMessages(channelId), { body }),
    )) as { id: string; thread?: unknown };
    if (reply.thread && !msg.thread) await this.startThread(channelId, msg.id, reply.thread.name);
    return { channelId, messageId: msg.id };
  }

  async edit(ref: MessageRef, reply: Reply): Promise<void> {
    const body = renderMessage(reply, { target: 'edit' });
    await this.retrying('edit', { channel: ref.channelId, message: ref.messageId }, () =>
      this.rest.patch(Routes.channelMessage(ref.channelId, ref.messageId), { body }),
    );
  }

  /** A failed thread does not fail the post: the message is out, and retrying it is not worth a duplicate risk. */
  private async startThread(channelId: string, messageId: string, name: string): Promise<void> {
    try {
      await this.retrying('thread', { channel: channelId, message: messageId }, () =>
        this.rest.post(Routes.threads(channelId, messageId), {
          body: { name: truncate(name.trim() || 'Discussion', 100), auto_archive_duration: THREAD_ARCHIVE_MINUTES },
        }),
      );
    } catch (err) {
      if ((err as { code?: unknown }).code === THREAD_ALREADY_EXISTS) return;
      this.opts.log?.('warn', 'discord thread could not be started', { channel: channelId, message: messageId, error: String(err) });
    }
  }
}
