/**
 * One Discord REST rate limit for many processes: @discordjs/proxy in front of
 * Discord. Discord's global limit (50 requests/s) is per bot token, not per
 * process, so processes sharing a token set DISCORD_API_URL to this proxy and
 * one @discordjs/rest instance here keeps every bucket, and the global budget,
 * for all of them.
 *
 *   REST_PROXY_PORT   port to listen on (default 8080)
 *   REST_PROXY_HOST   address to bind (default 0.0.0.0; 127.0.0.1 for local only)
 *   DISCORD_API_URL   where to forward (default https://discord.com/api)
 *
 * The bots' Authorization header is forwarded; the proxy holds no token.
 * GET /healthz answers 200 for container health checks.
 */
import { createServer } from 'node:http';
import { REST } from '@discordjs/rest';
import { proxyRequests } from '@discordjs/proxy';

function fail(message: string): never {
  process.stderr.write(`rest-proxy: ${message}\n`);
  process.exit(1);
}

const port = Number(process.env.REST_PROXY_PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail('REST_PROXY_PORT must be a port number (0-65535)');
const host = process.env.REST_PROXY_HOST?.trim() || '0.0.0.0';
const upstream = (process.env.DISCORD_API_URL?.trim() || 'https://discord.com/api').replace(/\/+$/, '').replace(/\/v\d+$/, '');
try {
  new URL(upstream);
} catch {
  fail('DISCORD_API_URL must be an http(s) URL such as https://discord.com/api');
}

// retries: 0 — a blind retry of a create after a 5xx could post twice; the bots retry after looking first.
const rest = new REST({ api: upstream, retries: 0, rejectOnRateLimit: null });
const forward = proxyRequests(rest);
const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  Promise.resolve(forward(req, res)).catch((err: unknown) => {
    process.stderr.write(`rest-proxy: ${req.method} ${new URL(req.url ?? '/', 'http://x').pathname} failed: ${err instanceof Error ? err.message : String(err)}\n`);
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'rest-proxy: upstream request failed', code: 0 }));
  });
});
server.listen(port, host, () => {
  const addr = server.address();
  process.stderr.write(`rest-proxy listening on ${host}:${typeof addr === 'object' && addr ? addr.port : port}, forwarding to ${upstream}\n`);
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => server.close(() => process.exit(0)));
