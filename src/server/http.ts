/**
 * The process's one HTTP server on PORT. It serves
 *   GET /healthz   the process is alive (200)
 *   GET /readyz    200 when every readiness check passes, else 503 with the failing ones, as JSON;
 *                  503 as soon as shutdown begins
 *   GET /metrics   Prometheus text (prom-client)
 * and whatever the platforms mount: Slack's HTTP receiver at POST /slack/events,
 * and later Discord's HTTP interactions, each with one `route()` call:
 *
 *   server.route('POST', '/discord/interactions', handler);
 *
 * Plain node:http and an exact-match route table: the platforms' own listeners
 * (Bolt's HTTPReceiver.requestListener) take (req, res) directly.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/bot.js';
import type { Metrics } from './metrics.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * A named readiness condition. `check` answers true (ready) or false, or lists
 * what is not ready (an empty list: ready); throwing or taking too long counts
 * as not ready.
 */
export interface ReadinessCheck {
  name: string;
  check(): CheckResult | Promise<CheckResult>;
}
export type CheckResult = boolean | string[];

export interface ServiceServerOptions {
  log?: Logger;
  metrics?: Metrics;
  /** Longest a readiness check may take before it counts as not ready (default 2 s). */
  checkTimeoutMs?: number;
}

export interface Readiness {
  ready: boolean;
  /** Each check by name: true when ready. */
  checks: Record<string, boolean>;
  /** Names of what is not ready (including "shutting down"). */
  notReady: string[];
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
};

export class ServiceServer {
  private readonly routes = new Map<string, RouteHandler>();
  private readonly checks: ReadinessCheck[] = [];
  private readonly server: Server;
  private readonly log: Logger;
  private draining = false;
  private listening = false;

  constructor(private readonly opts: ServiceServerOptions = {}) {
    this.log = opts.log ?? (() => {});
    this.server = createServer((req, res) => this.handle(req, res));
    // A slow or stuck client never holds a connection for long.
    this.server.headersTimeout = 10_000;
    this.server.requestTimeout = 30_000;
    this.route('GET', '/healthz', (_req, res) => json(res, 200, { status: 'ok' }));
    this.route('GET', '/readyz', async (_req, res) => {
      const r = await this.readiness();
      json(res, r.ready ? 200 : 503, r);
    });
    this.route('GET', '/metrics', async (_req, res) => {
      const registry = this.opts.metrics?.registry;
      if (!registry) return json(res, 404, { error: 'metrics are not enabled' });
      const text = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(text);
    });
  }

  /** Add a route (exact path). Replaces an earlier handler for the same method and path. */
  route(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, handler: RouteHandler): this {
    this.routes.set(`${method} ${path}`, handler);
    return this;
  }

  /** Add a readiness condition; /readyz is 200 only when all of them pass. */
  addCheck(name: string, check: ReadinessCheck['check']): this {
    this.checks.push({ name, check });
    return this;
  }

  /** Shutdown has begun: /readyz answers 503 from now on, so load balancers stop sending work. */
  drain(): void {
    this.draining = true;
  }

  async readiness(): Promise<Readiness> {
    const timeoutMs = this.opts.checkTimeoutMs ?? 2_000;
    const results = await Promise.all(
      this.checks.map(async (c) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          const r = await Promise.race([
            Promise.resolve().then(() => c.check()),
            new Promise<string[]>((resolve) => (timer = setTimeout(() => resolve(['no answer in time']), timeoutMs))),
          ]);
          const problems = Array.isArray(r) ? r : r === true ? [] : ['not ready'];
          return { name: c.name, problems };
        } catch (e) {
          return { name: c.name, problems: [e instanceof Error ? e.message : String(e)] };
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const checks = Object.fromEntries(results.map((r) => [r.name, r.problems.length === 0]));
    const notReady = [
      ...(this.draining ? ['shutting down'] : []),
      ...results.flatMap((r) => r.problems.map((p) => (p === 'not ready' ? r.name : `${r.name}: ${p}`))),
    ];
    return { ready: notReady.length === 0, checks, notReady };
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const handler = this.routes.get(`${method === 'HEAD' ? 'GET' : method} ${path}`);
    if (!handler) {
      const allowed = [...this.routes.keys()].filter((k) => k.endsWith(` ${path}`));
      if (allowed.length) {
        res.setHeader('allow', allowed.map((k) => k.split(' ')[0]).join(', '));
        return json(res, 405, { error: 'method not allowed' });
      }
      return json(res, 404, { error: 'not found' });
    }
    const t0 = performance.now();
    res.once('finish', () =>
      this.log('debug', 'http request', { method, path, status: res.statusCode, ms: Math.round((performance.now() - t0) * 10) / 10 }),
    );
    try {
      const out = handler(req, res);
      if (out) out.catch((e: unknown) => this.fail(res, path, e));
    } catch (e) {
      this.fail(res, path, e);
    }
  }

  private fail(res: ServerResponse, path: string, e: unknown): void {
    this.log('error', 'http handler failed', { path, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    if (!res.headersSent) json(res, 500, { error: 'internal error' });
    else res.end();
  }

  /** Listen on `port` (0: any free port); resolves with the port actually used. */
  async listen(port: number, host?: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      this.server.once('error', onError);
      this.server.listen({ port, host }, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.listening = true;
    return this.port;
  }

  get port(): number {
    return (this.server.address() as AddressInfo | null)?.port ?? 0;
  }

  get isListening(): boolean {
    return this.listening && this.server.listening;
  }

  /** Stop accepting connections, end idle keep-alive ones, and wait for in-flight requests. */
  async close(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }
}
