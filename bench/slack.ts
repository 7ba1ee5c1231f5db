/**
 * Slack HTTP benchmark: signed slash commands at 100 concurrent, p50/p99 to
 * the HTTP response (the ack), beside a bare Bolt app answering a static reply
 * on the same machine. Medians over repeated runs, the two apps alternating.
 *
 *   npx tsx bench/slack.ts [--runs 5] [--requests 2000] [--concurrency 100] [--warmup 300]
 *
 * Each app under test runs in its own child process (this file, role=server),
 * so the load generator and the fake Slack (auth.test + response_url receiver,
 * validating every reply) do not share its event loop. Also reported: p50/p99
 * to the answer arriving at response_url (careerbot's real reply; the bare app
 * responds a static text).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { FakeSlack } from '../test/e2e/fake-slack/server.js';
import { slashCommandFields } from '../test/e2e/fake-slack/payloads.js';
import { nowSec, signSlackRequest } from '../test/e2e/fake-slack/signing.js';
import { atMost, below, figure } from './stats.js';

type Kind = 'careerbot' | 'bare';

export interface SlackBenchOptions {
  runs?: number;
  requests?: number;
  concurrency?: number;
  warmup?: number;
  log?: (line: string) => void;
}

export interface RunStats {
  p50: number; p99: number; max: number; rps: number; answerP50: number; answerP99: number;
  /** CPU time (user + system) the app under test spent per command, in ms, answer included. */
  cpuMsPerRequest: number;
  /** Non-200 answers, transport errors, and acks whose answer never reached response_url. */
  errors: number;
  errorKinds?: Record<string, number>;
}
export interface SlackBenchResult {
  concurrency: number;
  requests: number;
  runs: number;
  careerbot: RunStats;
  bare: RunStats;
  /** careerbot p99 / bare p99 (ack latency, medians over runs); the target is ≤ 1.3. */
  p99Ratio: number;
  /** Median of the per-run ratios (each careerbot run against the bare run next to it): robust to load drifting between runs. */
  p99PairedRatio: number;
  violations: number;
}

const SELF = fileURLToPath(import.meta.url);

/** A realistic mix of read-only commands (no store writes, so runs are repeatable). */
const COMMANDS: [string, string][] = [
  ['/salary', 'ai senior'],
  ['/salary', 'swe mid'],
  ['/salary', ''],
  ['/skill', 'rag'],
  ['/skill', 'retreival'],
  ['/faq', 'salary'],
  ['/compare', ''],
  ['/roadmap', ''],
  ['/interview', ''],
  ['/help', ''],
];

// ---------------------------------------------------------------- server role (child process)

async function serve(kind: Kind): Promise<void> {
  const apiUrl = process.env.BENCH_SLACK_API_URL!;
  const token = process.env.BENCH_SLACK_BOT_TOKEN!;
  const signingSecret = process.env.BENCH_SLACK_SIGNING_SECRET!;
  const { LogLevel } = await import('@slack/bolt');
  let port: number;
  let stop: () => Promise<void>;
  if (kind === 'bare') {
    const { App } = await import('@slack/bolt');
    const app = new App({ token, signingSecret, clientOptions: { slackApiUrl: apiUrl }, logLevel: LogLevel.ERROR });
    app.command(/.*/, async ({ ack, respond }) => {
      await ack();
      await respond({ response_type: 'ephemeral', text: 'A static reply.' });
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as import('node:http').Server;
    port = (server.address() as import('node:net').AddressInfo).port;
    stop = () => app.stop() as Promise<void>;
  } else {
    const { CareerBot } = await import('../src/core/bot.js');
    const { loadGuide } = await import('../src/core/guide/load.js');
    const { SqliteStore } = await import('../src/store/sqlite.js');
    const { startSlack } = await import('../src/adapters/slack/app.js');
    const dir = mkdtempSync(join(tmpdir(), 'careerbot-bench-'));
    const store = new SqliteStore(join(dir, 'bench.db'));
    await store.migrate();
    const bot = await CareerBot.create({ guide: loadGuide(process.env.BENCH_DATA_DIR ?? 'data'), store });
    const handle = await startSlack(bot, {
      botToken: token, signingSecret, apiUrl, adminUserIds: [], port: 0, host: '127.0.0.1', logLevel: LogLevel.ERROR,
    });
    port = handle.port!;
    stop = async () => {
      await handle.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  // The driver asks for CPU time used so far (user + system, µs): a figure load on the machine barely moves.
  process.on('SIGUSR2', () => {
    const u = process.cpuUsage();
    process.stdout.write(`CPU ${u.user + u.system}\n`);
  });
  process.stdout.write(`READY ${port}\n`);
  const shutdown = (): void => { void stop().finally(() => process.exit(0)); };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

// ---------------------------------------------------------------- driver role

interface Child { proc: ChildProcess; port: number; cpu: () => Promise<number> }

async function startChild(kind: Kind, fake: FakeSlack): Promise<Child> {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each app under test there.
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, `--cpu-prof-name=${kind}.cpuprofile`] : [];
  const proc = spawn(process.execPath, [...prof, '--import', 'tsx', SELF], {
    env: {
      ...process.env,
      BENCH_ROLE: 'server',
      BENCH_KIND: kind,
      BENCH_SLACK_API_URL: fake.apiUrl,
      BENCH_SLACK_BOT_TOKEN: fake.botToken,
      BENCH_SLACK_SIGNING_SECRET: fake.signingSecret,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const rl = createInterface({ input: proc.stdout! });
  const cpuWaiters: ((us: number) => void)[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start within 30 s`)), 30_000);
    rl.on('line', (line) => {
      const m = /^READY (\d+)$/.exec(line);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
      const c = /^CPU (\d+)$/.exec(line);
      if (c) cpuWaiters.shift()?.(Number(c[1]));
    });
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${kind} server exited early (${code})`)); });
  });
  const cpu = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${kind} server did not report CPU time`)), 10_000);
      cpuWaiters.push((us) => { clearTimeout(timer); resolve(us); });
      proc.kill('SIGUSR2');
    });
  return { proc, port, cpu };
}

async function stopChild(c: Child): Promise<void> {
  if (c.proc.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => c.proc.once('exit', () => resolve()));
  c.proc.kill('SIGTERM');
  const timer = setTimeout(() => c.proc.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

interface Prepared { body: string; headers: Record<string, string>; responseUrl: string }

function prepare(fake: FakeSlack, n: number): Prepared[] {
  const ts = nowSec();
  const out: Prepared[] = [];
  for (let i = 0; i < n; i++) {
    const [command, text] = COMMANDS[i % COMMANDS.length]!;
    const responseUrl = fake.newResponseUrl();
    const user = { id: `U0BENCH${String(i % 500).padStart(3, '0')}`, name: `user${i % 500}` };
    const body = new URLSearchParams(
      slashCommandFields(fake.workspace, { command, text, user, channel: { id: 'C0BENCH01', name: 'bench' }, responseUrl }),
    ).toString();
    out.push({
      body,
      responseUrl,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(body)),
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signSlackRequest(fake.signingSecret, ts, body),
      },
    });
  }
  return out;
}

function post(agent: Agent, port: number, p: Prepared): Promise<{ status: number; ms: number; sentAt: number }> {
  return new Promise((resolve, reject) => {
    const sentAt = performance.now();
    const req = request({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', headers: p.headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - sentAt, sentAt }));
    });
    req.on('error', reject);
    req.end(p.body);
  });
}

const pct = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function load(fake: FakeSlack, child: Child, n: number, concurrency: number, warm = 0): Promise<RunStats> {
  const port = child.port;
  // Keep-alive connections, opened (and the process re-warmed) by `warm` unmeasured requests first:
  // Slack reuses its connections too, so a connect storm is not part of the figure.
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  if (warm > 0) {
    const pre = prepare(fake, warm);
    let k = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (k < pre.length) await post(agent, port, pre[k++]!).catch(() => undefined);
    }));
  }
  const work = prepare(fake, n);
  const cpu0 = await child.cpu();
  const lat: number[] = [];
  const sent = new Map<string, number>();
  const kinds: Record<string, number> = {};
  const fail = (k: string): void => { kinds[k] = (kinds[k] ?? 0) + 1; };
  let next = 0;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (next < work.length) {
      const p = work[next++]!;
      try {
        const r = await post(agent, port, p);
        sent.set(p.responseUrl, r.sentAt);
        if (r.status === 200) lat.push(r.ms);
        else fail(`HTTP ${r.status}`);
      } catch (e) {
        fail((e as { code?: string }).code ?? 'network error');
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - t0;
  // Wait (bounded) for the answers at response_url.
  const urls = new Set(work.map((w) => w.responseUrl));
  const deadline = Date.now() + 30_000;
  let answers: number[] = [];
  for (;;) {
    answers = fake.responses.filter((r) => urls.has(r.url)).map((r) => r.atPerf - (sent.get(r.url) ?? r.atPerf));
    if (answers.length >= lat.length || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  agent.destroy();
  const cpuMsPerRequest = ((await child.cpu()) - cpu0) / 1000 / n;
  lat.sort((a, b) => a - b);
  answers.sort((a, b) => a - b);
  return {
    p50: pct(lat, 0.5), p99: pct(lat, 0.99), max: lat.at(-1) ?? NaN,
    rps: (lat.length / elapsed) * 1000,
    answerP50: pct(answers, 0.5), answerP99: pct(answers, 0.99),
    cpuMsPerRequest,
    errors: Object.values(kinds).reduce((a, b) => a + b, 0) + Math.max(0, lat.length - answers.length),
    errorKinds: { ...kinds, ...(lat.length > answers.length ? { 'no answer': lat.length - answers.length } : {}) },
  };
}

function summarize(runs: RunStats[]): RunStats {
  const key = (k: 'p50' | 'p99' | 'max' | 'rps' | 'answerP50' | 'answerP99' | 'cpuMsPerRequest'): number => median(runs.map((r) => r[k]));
  return {
    p50: key('p50'), p99: key('p99'), max: key('max'), rps: key('rps'),
    answerP50: key('answerP50'), answerP99: key('answerP99'), cpuMsPerRequest: key('cpuMsPerRequest'),
    errors: runs.reduce((a, r) => a + r.errors, 0),
  };
}

export async function run(opts: SlackBenchOptions = {}): Promise<SlackBenchResult> {
  const runs = opts.runs ?? 5;
  const requests = opts.requests ?? 2000;
  const concurrency = opts.concurrency ?? 100;
  const warmup = opts.warmup ?? 300;
  const log = opts.log ?? ((l: string) => console.log(l));
  const fake = await FakeSlack.start();
  const children: Partial<Record<Kind, Child>> = {};
  try {
    children.careerbot = await startChild('careerbot', fake);
    children.bare = await startChild('bare', fake);
    for (const kind of ['bare', 'careerbot'] as const) await load(fake, children[kind]!, warmup, concurrency);
    const results: Record<Kind, RunStats[]> = { careerbot: [], bare: [] };
    for (let i = 0; i < runs; i++) {
      const order: Kind[] = i % 2 === 0 ? ['bare', 'careerbot'] : ['careerbot', 'bare'];
      for (const kind of order) {
        const r = await load(fake, children[kind]!, requests, concurrency, Math.max(concurrency, Math.floor(warmup / 2)));
        results[kind].push(r);
        log(`  run ${i + 1}/${runs} ${kind.padEnd(9)} ack p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  ${r.rps.toFixed(0)} req/s  answer p50 ${r.answerP50.toFixed(1)} ms p99 ${r.answerP99.toFixed(1)} ms  cpu ${r.cpuMsPerRequest.toFixed(2)} ms/cmd${r.errors ? `  errors ${JSON.stringify(r.errorKinds)}` : ''}`);
      }
    }
    const careerbot = summarize(results.careerbot);
    const bare = summarize(results.bare);
    const result: SlackBenchResult = {
      concurrency, requests, runs, careerbot, bare,
      p99Ratio: careerbot.p99 / bare.p99,
      p99PairedRatio: median(results.careerbot.map((c, i) => c.p99 / results.bare[i]!.p99)),
      violations: fake.violations.length,
    };
    log(`slack http: ${concurrency} concurrent signed slash commands, ${requests} per run, median of ${runs} runs`);
    const stats = (s: RunStats) => `ack p50 ${s.p50.toFixed(2)} ms p99 ${s.p99.toFixed(2)} ms · ${s.rps.toFixed(0)} req/s · answer p99 ${s.answerP99.toFixed(1)} ms · cpu ${s.cpuMsPerRequest.toFixed(2)} ms/cmd`;
    figure('bare Bolt (static reply)', stats(bare), null, log);
    figure('careerbot', stats(careerbot), below(careerbot.p99, 3000, ' ms', 'ack p99 (Slack’s 3 s)'), log);
    figure('ack p99 ratio careerbot / bare', `${result.p99Ratio.toFixed(2)} (median of paired runs ${result.p99PairedRatio.toFixed(2)})`, atMost(result.p99Ratio, 1.3, ''), log);
    figure('errors', String(careerbot.errors + bare.errors), atMost(careerbot.errors + bare.errors, 0, ''), log);
    figure('Block Kit violations seen by the fake', String(result.violations), atMost(result.violations, 0, ''), log);
    if (fake.violations.length) log(`  first violation: ${fake.violations[0]}`);
    return result;
  } finally {
    for (const c of Object.values(children)) if (c) await stopChild(c);
    await fake.close();
  }
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === SELF;
if (process.env.BENCH_ROLE === 'server') {
  await serve((process.env.BENCH_KIND as Kind) ?? 'careerbot');
} else if (isMain) {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      requests: { type: 'string' },
      concurrency: { type: 'string' },
      warmup: { type: 'string' },
    },
  });
  const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  const r = await run({ runs: num(values.runs), requests: num(values.requests), concurrency: num(values.concurrency), warmup: num(values.warmup) });
  process.exitCode = r.violations > 0 || r.careerbot.errors + r.bare.errors > 0 ? 1 : 0;
}
