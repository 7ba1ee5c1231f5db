import type { Reply } from './reply.js';
import type { Platform } from './command.js';

/** A reference to a posted message, as the platform names it (Discord message id, Slack ts). */
export interface MessageRef {
  channelId: string;
  messageId: string;
  /** True when a retry found the message an earlier attempt had posted (no new message). */
  existing?: boolean;
  /**
   * The workspace (Slack team) the channel belongs to: an adapter that serves
   * many workspaces edits with that workspace's credentials.
   */
  workspaceId?: string;
}

/**
 * Every failure of a post or edit is classified once, in its adapter:
 * - permanent: retrying cannot help (no access, unknown or archived channel,
 *   revoked token); the core stops and tells whoever can fix it;
 * - transient: 5xx, 429, timeouts, dropped connections; the core retries later.
 * `reason` is a sentence for people ("I can't post in #eng: I need Send Messages there.").
 */
export class PostError extends Error {
  constructor(
    readonly kind: 'permanent' | 'transient',
    readonly reason: string,
    /** The platform's own code (Discord error code, Slack error string, HTTP status). */
    readonly code?: string | number,
    options?: {
      cause?: unknown;
      /**
       * For a direct message: the reason told to its recipient, in the second
       * person ("you do not accept direct messages from me …"), where `reason`
       * speaks of them to an operator.
       */
      toRecipient?: string;
    },
  ) {
    super(reason, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PostError';
    this.toRecipient = options?.toRecipient;
  }

  readonly toRecipient?: string;
}

/** Anything that is not a PostError is treated as transient: it may work later. */
export function isPermanent(e: unknown): e is PostError {
  return e instanceof PostError && e.kind === 'permanent';
}

export function describePostError(e: unknown): string {
  return e instanceof PostError ? e.reason : e instanceof Error ? e.message : String(e);
}

export interface PostOptions {
  /**
   * An earlier attempt of this post may have gone through (a retry after a lost
   * response, a crash, or a lease taken over): look for a message carrying the
   * idempotency key before posting, and return it if found.
   */
  mayExist?: boolean;
  /** The workspace (Slack team) of the channel: an adapter serving many workspaces posts with its credentials. */
  workspaceId?: string;
  /**
   * Post the message only, without the `reply.thread` it asks for: the caller opens
   * the thread later with `thread()` (a fan-out posts every message first). Ignored by
   * posters without `thread`.
   */
  deferThread?: boolean;
}

/**
 * How the core posts outside a command's own reply: quiz rounds (posted, then
 * edited at the deadline) and daily questions. Each adapter implements it with
 * its platform's REST/Web API; the console prints.
 */
export interface Poster {
  platform: Platform;
  /**
   * Post a public message. `idempotencyKey` (`quiz:<round>`, `daily:<schedule>:<date>`)
   * is carried by the message, so a retry finds it instead of posting twice.
   * Throws PostError on failure.
   */
  post(channelId: string, reply: Reply, idempotencyKey?: string, opts?: PostOptions): Promise<MessageRef>;
  /**
   * Send a direct message to a user (a weekly nudge). Same idempotency rules as
   * `post`: the key travels with the message. Throws PostError (permanent when
   * the user cannot be messaged: DMs closed, user gone, app not installed).
   */
  direct?(userId: string, reply: Reply, idempotencyKey: string, opts?: PostOptions): Promise<MessageRef>;
  /**
   * False where the bot's commands cannot be typed in that direct message (Discord: they are
   * registered per server), so a DM points to where they work. Default: they can.
   */
  readonly commandsInDirect?: boolean;
  /**
   * Open `reply.thread` on a message posted with `deferThread`. Idempotent: a thread
   * that already exists on the message (an earlier attempt, here or in another
   * process) counts as opened. Throws PostError on failure.
   */
  thread?(ref: MessageRef, reply: Reply): Promise<void>;
  /** Replace a message the bot posted earlier. Throws PostError on failure. */
  edit(ref: MessageRef, reply: Reply): Promise<void>;
  /** Stop waiting in retry loops (shutdown). */
  close?(): void;
}
