import type { Reply } from './reply.js';
import type { Platform } from './command.js';

/** A reference to a posted message, as the platform names it (Discord message id, Slack ts). */
export interface MessageRef {
  channelId: string;
  messageId: string;
}

/**
 * How the core posts outside a command's own reply: quiz rounds (posted, then
 * edited at the deadline) and daily questions. Each adapter implements it with
 * its platform's REST/Web API; the console prints.
 */
export interface Poster {
  platform: Platform;
  /**
   * Post a public message. `idempotencyKey` is stable across retries of the same
   * logical post (Discord nonce / Slack metadata), so an adapter can avoid a duplicate.
   */
  post(channelId: string, reply: Reply, idempotencyKey?: string): Promise<MessageRef>;
  /** Replace a message the bot posted earlier. */
  edit(ref: MessageRef, reply: Reply): Promise<void>;
}
