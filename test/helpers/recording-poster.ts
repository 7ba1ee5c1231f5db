/** A Poster that records what the core posts and edits (for tests of the core without a platform). */
import type { MessageRef, PostOptions, Poster } from '../../src/core/poster.js';
import type { Reply } from '../../src/core/reply.js';
import type { Platform } from '../../src/core/command.js';

export class RecordingPoster implements Poster {
  posts: { channelId: string; reply: Reply; key?: string; opts?: PostOptions; ref: MessageRef }[] = [];
  edits: { ref: MessageRef; reply: Reply }[] = [];
  /** Make the next n posts throw (a platform outage, or a crash mid-post). */
  failNext = 0;
  /** Make the next posts throw this error (e.g. a permanent PostError) instead. */
  failWith: Error | undefined;
  private n = 0;
  constructor(readonly platform: Platform = 'slack') {}
  async post(channelId: string, reply: Reply, key?: string, opts?: PostOptions): Promise<MessageRef> {
    if (this.failNext > 0) {
      this.failNext--;
      throw this.failWith ?? new Error('platform unavailable (503)');
    }
    const ref = { channelId, messageId: `msg-${++this.n}` };
    this.posts.push({ channelId, reply, key, opts, ref });
    return ref;
  }
  async edit(ref: MessageRef, reply: Reply): Promise<void> {
    this.edits.push({ ref, reply });
  }
}
