/**
 * `npm run rest-proxy`: a Discord REST proxy (@discordjs/proxy), so several bot
 * processes share one rate-limit state. Bots point DISCORD_API_URL at it
 * (http://rest-proxy:8080/api in compose.yaml). It holds no token: each request
 * carries the bot's own Authorization header, which is forwarded.
 *
 *   PROXY_PORT       listen port (default 8080)
 *   PROXY_HOST       address to bind (default all interfaces; 127.0.0.1 for local only)
 *   DISCORD_API_URL  upstream (default https://discord.com/api)
 *   LOG_LEVEL        as for the bot
 *
 * GET /healthz answers 200 for the container health check. Discord's global
 * limit (50 requests/s) is per token, so every process sharing a token must go
 * through one proxy (test/e2e/rest-proxy.test.ts shows the 429s without it).
 */
import { createServer } from 'node:http';
import { proxyRequests } from '@discordjs/proxy';
import { REST } from 'discord.js';
import { coreLogger, createRootLogger } from '../src/log.js';
import { DEFAULT_DISCORD_API_URL } from '../src/adapters/discord/config.js';
import { routeOf } from '../src/server/instrument.js';

const level = (['debug', 'info', 'warn', 'error'] as const).find((l) => l === process.env.LOG_LEVEL) ?? 'info';
const log = coreLogger(createRootLogger({ level, base: { component: 'rest-proxy' } }));
const port = Number(process.env.PROXY_PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write('PROXY_PORT: must be a port number (0-65535)\n');
  process.exit(1);
}
const api = (process.env.DISCORD_API_URL?.trim() || DEFAULT_DISCORD_API_URL).replace(/\/+$/, '').replace(/\/v\d+$/, '');

// Rate limits are waited out here, once for every bot behind the proxy. No blind retries:
// a 5xx on a create may have gone through; the bots retry after looking for the message.
const rest = new REST({ api, rejectOnRateLimit: null, retries: 0 });
const host = process.env.PROXY_HOST?.trim() || undefined;
const forward = proxyRequests(rest);

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  const t0 = performance.now();
  res.statusCode = 502; // what an upstream failure the proxy does not map itself ends with (it always ends the response)
  res.once('finish', () => log('debug', 'proxied', { method: req.method, route: routeOf(req.url ?? '/'), status: res.statusCode, ms: Math.round(performance.now() - t0) }));
  Promise.resolve(forward(req, res)).catch((e: unknown) => {
    log('error', 'proxy request failed', { method: req.method, error: e instanceof Error ? e.message : String(e) });
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
});

server.listen(port, host, () => log('info', 'discord rest proxy listening', { port: (server.address() as { port: number }).port, host: host ?? 'all', upstream: api }));
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.once(sig, () => {
    log('info', 'shutting down', { signal: sig });
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
