/**
 * One retry policy for every post and edit the bot makes on its own, on both
 * platforms (cockatiel):
 * - at most `attempts` requests in all (the SDKs' own retries are off);
 * - exponential backoff with jitter between them, or exactly the platform's
 *   Retry-After when it sent one;
 * - only transient failures are retried (the adapter says which);
 * - a circuit breaker per channel: after `breakAfter` transient failures in a
 *   row the channel's calls fail at once for `halfOpenAfterMs`, so one broken
 *   channel cannot hold the others up (the core retries later from the store).
 * Aborting the signal (shutdown) ends the waits at once.
 */
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  DelegateBackoff,
  TaskCancelledError,
  circuitBreaker,
  handleWhen,
  retry,
  type CircuitBreakerPolicy,
  type IRetryBackoffContext,
} from 'cockatiel';
import { backoffMs } from '../core/concurrency.js';

export interface RetryOptions {
  /** Requests in total per call, the first included (default 4). */
  attempts: number;
  /** First backoff, doubled each time, ±20 % jitter (default 500 ms). */
  baseMs: number;
  /** Longest backoff (default 8 s). */
  maxMs: number;
  /** Longest Retry-After honoured; a longer one gives up (default 120 s). */
  maxRetryAfterMs: number;
  /** Transient failures in a row that open a channel's breaker (default 5). */
  breakAfter: number;
  /** How long an open breaker fails fast before trying one call again (default 30 s). */
  halfOpenAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 4, baseMs: 500, maxMs: 8_000, maxRetryAfterMs: 120_000, breakAfter: 5, halfOpenAfterMs: 30_000 };

/** Channels whose breaker is kept (least recently used beyond this are dropped). */
const MAX_BREAKERS = 2_000;

/** Thrown when a channel's breaker is open: transient, the core tries again later. */
export class ChannelBrokenError extends Error {
  readonly transient = true;
  constructor(readonly channel: string) {
    super(`too many failures in a row for channel ${channel}; pausing calls there for a while`);
    this.name = 'ChannelBrokenError';
  }
}

export interface Classifier {
  /** May the call succeed if tried again? */
  isTransient(err: unknown): boolean;
  /** The platform's Retry-After for this failure, in ms, when it gave one. */
  retryAfterMs?(err: unknown): number | undefined;
}

export class RetryPolicy {
  readonly options: RetryOptions;
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();

  constructor(
    private readonly classifier: Classifier,
    options: Partial<RetryOptions> = {},
    private readonly onRetry?: (info: { channel: string; attempt: number; delayMs: number; error: unknown }) => void,
  ) {
    this.options = { ...DEFAULT_RETRY, ...options };
  }

  private breaker(channel: string): CircuitBreakerPolicy {
    let b = this.breakers.get(channel);
    if (b) {
      this.breakers.delete(channel); // re-insert: most recently used last
    } else {
      b = circuitBreaker(
        handleWhen((e) => this.classifier.isTransient(e)),
        { halfOpenAfter: this.options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(this.options.breakAfter) },
      );
      if (this.breakers.size >= MAX_BREAKERS) this.breakers.delete(this.breakers.keys().next().value!);
    }
    this.breakers.set(channel, b);
    return b;
  }

  /** Runs `fn` (given the 1-based attempt) under the policy for `channel`. */
  async execute<T>(channel: string, fn: (attempt: number) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const { attempts, baseMs, maxMs, maxRetryAfterMs } = this.options;
    const breaker = this.breaker(channel);
    const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>>((ctx) => {
      const err = 'error' in ctx.result ? ctx.result.error : undefined;
      const after = this.classifier.retryAfterMs?.(err);
      const delay = after !== undefined ? after : backoffMs(ctx.attempt, baseMs, maxMs);
      this.onRetry?.({ channel, attempt: ctx.attempt, delayMs: Math.round(delay), error: err });
      return delay;
    });
    const policy = retry(
      handleWhen((e) => {
        if (e instanceof BrokenCircuitError) return false;
        const after = this.classifier.retryAfterMs?.(e);
        if (after !== undefined && after > maxRetryAfterMs) return false;
        return this.classifier.isTransient(e);
      }),
      { maxAttempts: attempts - 1, backoff },
    );
    try {
      return await policy.execute(({ attempt }) => breaker.execute(() => fn(attempt + 1)), signal);
    } catch (e) {
      if (e instanceof BrokenCircuitError) throw new ChannelBrokenError(channel);
      if (e instanceof TaskCancelledError) {
        // Shutdown: transient by name, so the post keeps its lease and the next process finishes it.
        const cancelled = new Error(`call to ${channel} cancelled (shutting down)`, { cause: e });
        cancelled.name = 'AbortError';
        throw cancelled;
      }
      throw e;
    }
  }
}
