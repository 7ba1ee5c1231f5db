/**
 * Retries with exponential backoff for REST calls the bot makes on its own
 * (command registration; posts and edits go through RetryPolicy in ../retry.ts). @discordjs/rest already waits out 429s
 * (Retry-After) but retries a 5xx immediately, three times, then throws
 * HTTPError; this wraps such calls so a struggling Discord gets time to recover.
 * Only transient failures are retried: 5xx and network errors, never a 4xx.
 */
import { backoffMs } from '../../core/concurrency.js';

export interface BackoffOptions {
  /** Attempts in total, the first included (default 4). */
  attempts: number;
  /** Delay before the first retry, doubled each time, ±20 % jitter (default 500 ms). */
  baseMs: number;
  /** Longest single delay (default 8 s). */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { attempts: 4, baseMs: 500, maxMs: 8_000 };

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/** A 5xx answer, a timeout or a dropped connection: the call may succeed if tried again. */
export function isTransient(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { status?: unknown; name?: unknown; code?: unknown; cause?: unknown };
  if (typeof e.status === 'number') return e.status >= 500;
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return true;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (err instanceof TypeError && /fetch failed|terminated|socket/i.test(err.message)) return true;
  return e.cause !== undefined && e.cause !== err && isTransient(e.cause);
}

export async function withBackoff<T>(
  fn: (attempt: number) => Promise<T>,
  opts: Partial<BackoffOptions> = {},
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void,
): Promise<T> {
  const { attempts, baseMs, maxMs } = { ...DEFAULT_BACKOFF, ...opts };
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= attempts || !isTransient(err)) throw err;
      const delay = backoffMs(attempt, baseMs, maxMs);
      onRetry?.(err, attempt, delay);
      await new Promise<void>((resolve) => setTimeout(resolve, delay));
    }
  }
}
