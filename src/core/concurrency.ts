/**
 * Runs `fn` over `items` with at most `limit` calls in flight. Each call's
 * failure is its own: it is passed to `onError` and never stops the others.
 * (Ten lines; a dependency such as p-limit would add nothing we use.)
 */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
  onError: (item: T, e: unknown) => void,
  /** Checked before each item: true stops taking new ones (shutdown). */
  stop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !stop()) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (e) {
        onError(item, e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Exponential backoff with ±20 % jitter: base · 2^(attempt-1), capped. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + random() * 0.4));
}

/** Daily posts or nudges one process sends at once in a tick (Discord's global limit is 50 requests/s per token). */
export const TICK_CONCURRENCY = 8;
