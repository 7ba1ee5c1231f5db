/**
 * The service HTTP server (src/server/http.ts) through real HTTP requests:
 * readiness from named checks (a closed SQLite store is not ready), 503 first
 * when shutdown begins, /metrics text, and one-line routes for platforms.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceServer } from '../../src/server/http.js';
import { Metrics } from '../../src/server/metrics.js';
import { makeTestBot } from '../helpers/bot.js';

const servers: ServiceServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(metrics?: Metrics): Promise<{ server: ServiceServer; get: (path: string, init?: RequestInit) => Promise<Response> }> {
  const server = new ServiceServer({ metrics, checkTimeoutMs: 500 });
  servers.push(server);
  const port = await server.listen(0, '127.0.0.1');
  return { server, get: (path, init) => fetch(`http://127.0.0.1:${port}${path}`, init) };
}

describe('the service HTTP server', () => {
  it('is ready only while the store answers, and names what is not ready', async () => {
    const tb = await makeTestBot();
    const { server, get } = await start();
    server.addCheck('store', async () => {
      await tb.store.getSchedule('readyz-probe');
      return true;
    });
    server.addCheck('discord', () => []);
    let res = await get('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ready: true, checks: { store: true, discord: true }, notReady: [] });

    await tb.store.close(); // the database is gone
    res = await get('/readyz');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { checks: Record<string, boolean>; notReady: string[] };
    expect(body.checks).toEqual({ store: false, discord: true });
    expect(body.notReady[0]).toMatch(/^store: /);
    await tb.cleanup().catch(() => {});
  });

  it('lists each part that is not ready, and a check that hangs counts as not ready', async () => {
    const { server, get } = await start();
    server.addCheck('discord', () => ['shard 1 reconnecting']);
    server.addCheck('slack', () => new Promise<boolean>(() => {}));
    const res = await get('/readyz');
    expect(res.status).toBe(503);
    expect(((await res.json()) as { notReady: string[] }).notReady).toEqual(['discord: shard 1 reconnecting', 'slack: no answer in time']);
  });

  it('turns /readyz to 503 as soon as shutdown begins, while /healthz stays 200', async () => {
    const { server, get } = await start();
    server.addCheck('store', () => true);
    expect((await get('/readyz')).status).toBe(200);
    server.drain();
    const res = await get('/readyz');
    expect(res.status).toBe(503);
    expect(((await res.json()) as { notReady: string[] }).notReady).toEqual(['shutting down']);
    expect((await get('/healthz')).status).toBe(200);
  });

  it('serves Prometheus text at /metrics', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    metrics.knowCommands(['salary']);
    metrics.startInteraction('discord', 'command', 'salary')('ok');
    metrics.startInteraction('discord', 'command', 'nonsense')('error');
    metrics.quizRound('revealed', 'slack');
    metrics.dailyPost('failed', 'discord');
    const { get } = await start(metrics);
    const res = await get('/metrics');
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('careerbot_interactions_total{platform="discord",kind="command",command="salary",outcome="ok"} 1');
    expect(text).toContain('command="other",outcome="error"} 1');
    expect(text).toContain('careerbot_quiz_rounds_total{platform="slack",event="revealed"} 1');
    expect(text).toContain('careerbot_daily_posts_total{platform="discord",outcome="failed"} 1');
  });

  it('takes a platform route in one line; unknown paths get 404 and wrong methods 405', async () => {
    const { server, get } = await start();
    server.route('POST', '/discord/interactions', (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"type":1}'));
    expect(await (await get('/discord/interactions', { method: 'POST', body: '{}' })).json()).toEqual({ type: 1 });
    expect((await get('/discord/interactions')).status).toBe(405);
    expect((await get('/nope')).status).toBe(404);
  });
});
