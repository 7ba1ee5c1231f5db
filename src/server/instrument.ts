/**
 * Wraps the fetch function the platform SDKs use (discord.js REST `makeRequest`,
 * Slack WebClient / Bolt `fetch`), so every API call is counted by status in
 * the metrics and logged at debug with method, route, status and duration.
 * Routes are logged without ids or tokens (interaction and webhook tokens, and
 * Slack response_url secrets, travel in the path).
 */
import type { Logger } from '../core/bot.js';
import type { Platform } from '../core/command.js';
import type { Metrics } from './metrics.js';


/** A path without ids or tokens: each segment with a digit run or a long opaque value becomes ":id". */
export function routeOf(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split('?')[0] ?? '';
  }
  return path
    .split('/')
    .map((seg) => (/\d{5,}/.test(seg) || seg.length >= 24 || /^[A-Z][A-Z0-9]{7,}$/.test(seg) ? ':id' : seg))
    .join('/');
}

export function instrumentFetch<U extends string | URL, I extends { method?: string } | undefined, R extends { status: number }>(
  fetchFn: (url: U, init: I) => Promise<R>,
  platform: Platform,
  opts: { log?: Logger; metrics?: Metrics },
): (url: U, init: I) => Promise<R> {
  return async (input, init) => {
    const t0 = performance.now();
    const method = (init?.method ?? 'GET').toUpperCase();
    const url = String(input);
    try {
      const res = await fetchFn(input, init);
      const ms = Math.round((performance.now() - t0) * 10) / 10;
      opts.metrics?.restResponse(platform, res.status);
      opts.log?.(res.status >= 500 || res.status === 429 ? 'warn' : 'debug', `${platform} api call`, {
        platform,
        method,
        route: routeOf(url),
        status: res.status,
        ms,
      });
      return res;
    } catch (e) {
      const ms = Math.round((performance.now() - t0) * 10) / 10;
      opts.metrics?.restResponse(platform, 0);
      opts.log?.('debug', `${platform} api call failed`, { platform, method, route: routeOf(url), ms, error: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  };
}
