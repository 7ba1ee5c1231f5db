/**
 * Discord benchmark (not a timed test): the fake Discord serves 10,000 guilds.
 *
 * 1. RSS after ready: our bot (core + no-intent client with bounded caches) beside
 *    a discord.js client as the guide's bots run (Guilds intent, default caches).
 *    Each client runs alone in its own child process, one after the other; RSS is
 *    read after ready, a short settle and a forced GC. Median over repeated runs.
 * 2. Interaction round trip: dispatch 200 slash commands at once over the gateway
 *    and time each until its response callback reaches the fake (p50 / p99); ours
 *    runs the real /salary, the bare client (Guilds intent, default caches)
 *    answers a static reply. Both clients are connected together and the bursts
 *    alternate between them after a warm-up; figures are medians over the bursts.
 *
 * Runnable alone: `npx tsx bench/discord.ts [--guilds N] [--runs N] [--bursts N] [--concurrency N]`;
 * `run()` is used by bench/run.ts.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FakeDiscord, type InteractionRecord } from '../test/e2e/fake-discord/index.js';
import { atMost, below, figure, median, percentile } from './stats.js';

/**
 * ours: the bot; guide: discord.js as its guide runs it, answering a static reply; guide-salary: the same,
 * answering with our /salary payload; ours-http: the bot as an HTTP-interactions worker with the gateway off;
 * bare-http: a bare node:http server verifying the same signatures and answering a static reply.
 */
type Kind = 'ours' | 'guide' | 'guide-salary' | 'ours-http' | 'bare-http' | 'bare-http-salary';

export interface DiscordBenchOptions {
  guilds?: number;
  /** RSS measurements per client (default 3). */
  runs?: number;
  /** Latency bursts of `concurrency` interactions per client, alternating between the clients (default 25). */
  bursts?: number;
  concurrency?: number;
  quiet?: boolean;
}

export interface DiscordBenchResult {
  guilds: number;
  rssMiB: Record<'ours' | 'guide' | 'ours-http', number>;
  readyMs: Record<'ours' | 'guide' | 'ours-http', number>;
  rssRatio: number;
  latency: Record<Kind, { p50: number; p99: number }>;
  /** RSS of an HTTP-interactions worker (gateway off) / our gateway process at the same size. */
  httpRssRatio: number;
  /** p99 ours-http / a bare node:http server answering the same signed requests. */
  httpP99Ratio: number;
  /** ours / bare client answering a static reply (the target). */
  p99Ratio: number;
  /** ours / bare client answering with the same /salary payload (like for like). */
  p99RatioSamePayload: number;
  violations: number;
}

const SELF = fileURLToPath(import.meta.url);
const MiB = 1024 * 1024;

type ToChild = { type: 'measure' } | { type: 'exit' };
type FromChild = { type: 'ready'; readyMs: number; url?: string } | { type: 'measured'; rss: number; heapUsed: number } | { type: 'error'; error: string };

// ---------------------------------------------------------------- child: one client under test

async function child(kind: Kind): Promise<void> {
  const send = (m: FromChild): void => void process.send?.(m);
  const env = process.env;
  const cfg = { token: env.BENCH_DISCORD_TOKEN!, applicationId: env.BENCH_DISCORD_APP_ID!, apiUrl: env.BENCH_DISCORD_API_URL!, guildId: env.BENCH_DISCORD_GUILD_ID! };
  const t0 = performance.now();
  let stop: () => Promise<void>;
  let url: string | undefined;
  const listen = async (handler: import('node:http').RequestListener): Promise<() => Promise<void>> => {
    const { createServer } = await import('node:http');
    const server = createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/discord/interactions`;
    return () => new Promise<void>((r) => server.close(() => r()));
  };
  if (kind === 'bare-http' || kind === 'bare-http-salary') {
    // The same signature check (node:crypto Ed25519), then a static reply: the floor for any HTTP worker.
    const { publicKeyFromHex, verifySignature } = await import('../src/adapters/discord/http.js');
    const key = publicKeyFromHex(env.BENCH_DISCORD_PUBLIC_KEY!);
    const salary = JSON.parse(env.BENCH_DISCORD_REPLY ?? '{}') as Record<string, unknown>;
    const { allowedMentions, ...rest } = salary;
    const answer = JSON.stringify({ type: 4, data: kind === 'bare-http' ? { content: 'A static reply.' } : { ...rest, allowed_mentions: allowedMentions } });
    stop = await listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const ok = verifySignature(key, body, req.headers['x-signature-ed25519'] as string, req.headers['x-signature-timestamp'] as string);
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(ok ? answer : '{}');
      });
    });
  } else if (kind !== 'ours' && kind !== 'ours-http') {
    // As the discord.js guide's bots run: the Guilds intent and default caches.
    const { Client, Events, GatewayIntentBits } = await import('discord.js');
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: cfg.apiUrl }, shards: 'auto' });
    const answer = kind === 'guide-salary' ? JSON.parse(env.BENCH_DISCORD_REPLY!) : { content: 'A static reply.' };
    client.on(Events.InteractionCreate, (i) => {
      if (i.isChatInputCommand()) void i.reply(answer).catch(() => undefined);
    });
    const ready = new Promise<void>((r) => client.once(Events.ClientReady, () => r()));
    await client.login(cfg.token);
    await ready;
    stop = () => client.destroy();
  } else {
    const { CareerBot } = await import('../src/core/bot.js');
    const { loadGuide } = await import('../src/core/guide/load.js');
    const { SqliteStore } = await import('../src/store/sqlite.js');
    const { startDiscord } = await import('../src/adapters/discord/client.js');
    const dir = mkdtempSync(join(tmpdir(), 'careerbot-bench-'));
    const store = new SqliteStore(join(dir, 'bench.db'));
    await store.migrate();
    const bot = await CareerBot.create({ guide: loadGuide(env.BENCH_DATA_DIR ?? fileURLToPath(new URL('../data', import.meta.url))), store });
    const http = kind === 'ours-http';
    const handle = await startDiscord(bot, {
      ...cfg,
      ...(http ? { gateway: false, publicKey: env.BENCH_DISCORD_PUBLIC_KEY! } : {}),
      log: (level, msg, extra) => level === 'error' && console.error(msg, extra),
    });
    const close = http ? await listen((req, res) => void handle.interactions!(req, res)) : async () => {};
    stop = async () => {
      await close();
      await handle.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  send({ type: 'ready', readyMs: performance.now() - t0, url });
  process.on('message', (m: ToChild) => {
    if (m.type === 'measure') {
      void (async () => {
        await sleep(1_000);
        (globalThis as { gc?: () => void }).gc?.();
        await sleep(200);
        const mem = process.memoryUsage();
        send({ type: 'measured', rss: mem.rss, heapUsed: mem.heapUsed });
      })();
    } else if (m.type === 'exit') {
      void stop().finally(() => process.exit(0));
    }
  });
}

// ---------------------------------------------------------------- parent: drive the fake and the children

interface Child {
  proc: ChildProcess;
  readyMs: number;
  /** The interactions endpoint of an HTTP child. */
  url?: string;
  next(type: FromChild['type']): Promise<FromChild>;
}

async function startChild(kind: Kind, fake: FakeDiscord, extraEnv: Record<string, string> = {}): Promise<Child> {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each client under test there.
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const proc = fork(SELF, ['--child', kind], {
    execArgv: [...prof, '--import', 'tsx', '--expose-gc'],
    env: {
      ...process.env,
      BENCH_DISCORD_TOKEN: fake.token,
      BENCH_DISCORD_APP_ID: fake.applicationId,
      BENCH_DISCORD_API_URL: fake.apiUrl,
      BENCH_DISCORD_GUILD_ID: fake.guildId(0),
      BENCH_DISCORD_PUBLIC_KEY: fake.publicKey,
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const inbox: FromChild[] = [];
  const waiting: [FromChild['type'], (m: FromChild) => void, (e: Error) => void][] = [];
  proc.on('message', (m: FromChild) => {
    const w = waiting.findIndex(([t]) => t === m.type || m.type === 'error');
    if (w >= 0) {
      const [, res, rej] = waiting.splice(w, 1)[0]!;
      if (m.type === 'error') rej(new Error(m.error));
      else res(m);
    } else inbox.push(m);
  });
  proc.on('exit', (code) => {
    for (const [, , rej] of waiting.splice(0)) rej(new Error(`${kind} client exited with ${code}`));
  });
  const next = (type: FromChild['type']): Promise<FromChild> => {
    const i = inbox.findIndex((m) => m.type === type);
    if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0]!);
    return new Promise((res, rej) => {
      const t = setTimeout(() => rej(new Error(`${kind} client: no ${type} within 180 s`)), 180_000);
      waiting.push([type, (m) => (clearTimeout(t), res(m)), (e) => (clearTimeout(t), rej(e))]);
    });
  };
  const ready = (await next('ready')) as Extract<FromChild, { type: 'ready' }>;
  return { proc, readyMs: ready.readyMs, url: ready.url, next };
}

async function stopChild(c: Child, fake: FakeDiscord): Promise<void> {
  const exited = new Promise<void>((r) => (c.proc.exitCode !== null ? r() : c.proc.once('exit', () => r())));
  c.proc.send({ type: 'exit' } satisfies ToChild);
  const timer = setTimeout(() => c.proc.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
  fake.invalidateSessions();
}

async function measureRss(kind: 'ours' | 'guide' | 'ours-http', fake: FakeDiscord): Promise<{ rss: number; readyMs: number }> {
  const c = await startChild(kind, fake);
  try {
    c.proc.send({ type: 'measure' } satisfies ToChild);
    const m = (await c.next('measured')) as Extract<FromChild, { type: 'measured' }>;
    return { rss: m.rss, readyMs: c.readyMs };
  } finally {
    await stopChild(c, fake);
  }
}

/** A forced GC in this (the fake's) process between measurements, when it can be had. */
const gc: () => void = (() => {
  try {
    v8.setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return () => undefined;
  }
})();

async function burst(fake: FakeDiscord, n: number, kind: Kind, sessionId: string | undefined, url?: string): Promise<number[]> {
  const members = Array.from({ length: 50 }, (_, k) => fake.member({ name: `bench${k}` }));
  const recs: InteractionRecord[] = [];
  fake.interactionsUrl = url;
  for (let k = 0; k < n; k++) {
    const member = members[k % members.length]!;
    const options: Record<string, string> = kind === 'ours' || kind === 'ours-http' ? { role: k % 2 ? 'ai' : 'swe' } : {};
    recs.push(fake.slash({ member, name: 'salary', options, channelId: fake.channelId(0, k % 10), sessionId }));
  }
  await fake.until(() => recs.every((r) => r.callback), { timeoutMs: 30_000, what: `${n} responses` });
  fake.interactionsUrl = undefined;
  return recs.map((r) => r.latencyMs!).sort((a, b) => a - b);
}

/** Our /salary answer, as discord.js options for the like-for-like client. */
async function salaryReplyOptions(): Promise<string> {
  const { CareerBot } = await import('../src/core/bot.js');
  const { loadGuide } = await import('../src/core/guide/load.js');
  const { renderMessage } = await import('../src/adapters/discord/render.js');
  const noStore = new Proxy({}, { get: () => () => Promise.reject(new Error('no store in the bench parent')) });
  const bot = await CareerBot.create({ guide: loadGuide(process.env.BENCH_DATA_DIR ?? fileURLToPath(new URL('../data', import.meta.url))), store: noStore as never });
  const reply = await bot.runCommand('salary', { options: { role: 'ai' } }, { platform: 'discord', workspaceId: 'g', channelId: 'c', userId: 'u', userName: 'n', isAdmin: false });
  const m = renderMessage(reply);
  return JSON.stringify({ content: m.content, embeds: m.embeds, components: m.components, flags: m.flags, allowedMentions: m.allowed_mentions });
}

/**
 * All clients connected at once, bursts taking turns between them (rotating the
 * order) so that whatever else the machine is doing hits each alike.
 */
async function measureLatency(fake: FakeDiscord, bursts: number, concurrency: number, kinds: Kind[]): Promise<Record<Kind, { p50: number[]; p99: number[] }>> {
  const children: Child[] = [];
  const session = {} as Record<Kind, string | undefined>;
  const urls = {} as Record<Kind, string | undefined>;
  const out = {} as Record<Kind, { p50: number[]; p99: number[] }>;
  const reply = await salaryReplyOptions();
  try {
    for (const kind of kinds) {
      const c = await startChild(kind, fake, { BENCH_DISCORD_REPLY: reply });
      children.push(c);
      urls[kind] = c.url;
      session[kind] = c.url ? undefined : fake.lastSessionFor(fake.guildId(0));
      out[kind] = { p50: [], p99: [] };
    }
    for (let w = 0; w < 2; w++) for (const kind of kinds) await burst(fake, concurrency, kind, session[kind], urls[kind]); // warm-up
    for (let b = 0; b < bursts; b++) {
      for (let j = 0; j < kinds.length; j++) {
        const kind = kinds[(b + j) % kinds.length]!;
        gc();
        await sleep(150);
        const lat = await burst(fake, concurrency, kind, session[kind], urls[kind]);
        out[kind].p50.push(percentile(lat, 50));
        out[kind].p99.push(percentile(lat, 99));
      }
    }
    return out;
  } finally {
    for (const c of children.reverse()) await stopChild(c, fake);
  }
}

export async function run(opts: DiscordBenchOptions = {}): Promise<DiscordBenchResult> {
  const guilds = opts.guilds ?? 10_000;
  const runs = opts.runs ?? 3;
  const bursts = opts.bursts ?? 25;
  const concurrency = opts.concurrency ?? 200;
  const say = (s: string): void => void (opts.quiet || console.log(s));
  // Sharded as Discord requires past 2,500 guilds: 4 shards (both clients run them all in one process).
  const shards = Math.max(1, Math.ceil(guilds / 2500));
  const fake = await new FakeDiscord({ guilds, shards, maxConcurrency: 16, channelsPerGuild: 20, rolesPerGuild: 10, record: false, interactionDeadlineMs: 3_000 }).start();
  try {
    say(`\ndiscord: fake Discord with ${guilds.toLocaleString('en')} guilds in ${shards} shards (20 channels, 11 roles each), ${runs} RSS runs per client, latency ${bursts} alternating bursts × ${concurrency} concurrent per client`);
    const rss: Record<'ours' | 'guide' | 'ours-http', number[]> = { ours: [], guide: [], 'ours-http': [] };
    const ready: Record<'ours' | 'guide' | 'ours-http', number[]> = { ours: [], guide: [], 'ours-http': [] };
    for (let r = 0; r < runs; r++) {
      for (const kind of ['ours', 'guide', 'ours-http'] as const) {
        const m = await measureRss(kind, fake);
        rss[kind].push(m.rss / MiB);
        ready[kind].push(m.readyMs);
      }
    }
    const lat = await measureLatency(fake, bursts, concurrency, ['ours', 'guide', 'guide-salary', 'ours-http', 'bare-http', 'bare-http-salary']);
    const med = (k: Kind): { p50: number; p99: number } => ({ p50: median(lat[k].p50), p99: median(lat[k].p99) });
    const latency = { ours: med('ours'), guide: med('guide'), 'guide-salary': med('guide-salary'), 'ours-http': med('ours-http'), 'bare-http': med('bare-http'), 'bare-http-salary': med('bare-http-salary') } as Record<Kind, { p50: number; p99: number }>;
    const result: DiscordBenchResult = {
      guilds,
      rssMiB: { ours: median(rss.ours), guide: median(rss.guide), 'ours-http': median(rss['ours-http']) },
      readyMs: { ours: median(ready.ours), guide: median(ready.guide), 'ours-http': median(ready['ours-http']) },
      rssRatio: median(rss.ours) / median(rss.guide),
      httpRssRatio: median(rss['ours-http']) / median(rss.ours),
      httpP99Ratio: latency['ours-http'].p99 / latency['bare-http'].p99,
      latency,
      p99Ratio: latency.ours.p99 / latency.guide.p99,
      p99RatioSamePayload: latency.ours.p99 / latency['guide-salary'].p99,
      violations: fake.violations.length,
    };
    if (!opts.quiet) {
      figure('RSS after ready, ours (core + no intents, bounded caches)', `${result.rssMiB.ours.toFixed(0)} MiB (ready in ${(result.readyMs.ours / 1000).toFixed(1)} s)`, atMost(result.rssMiB.ours, 200, ' MiB', `at ${guilds.toLocaleString('en')} guilds`));
      figure('RSS after ready, discord.js Guilds intent + default caches', `${result.rssMiB.guide.toFixed(0)} MiB (ready in ${(result.readyMs.guide / 1000).toFixed(1)} s)`, null);
      figure('RSS ratio ours / guide-style', result.rssRatio.toFixed(2), atMost(result.rssRatio, 0.4, ''));
      figure(`round trip at ${concurrency} concurrent, ours (/salary) p50 / p99`, `${latency.ours.p50.toFixed(1)} / ${latency.ours.p99.toFixed(1)} ms`, below(latency.ours.p99, 3000, ' ms', 'p99 (Discord’s 3 s)'));
      figure(`round trip at ${concurrency} concurrent, bare static reply p50 / p99`, `${latency.guide.p50.toFixed(1)} / ${latency.guide.p99.toFixed(1)} ms`, null);
      figure(`  … bare client sending our /salary payload p50 / p99`, `${latency['guide-salary'].p50.toFixed(1)} / ${latency['guide-salary'].p99.toFixed(1)} ms`, null);
      figure('p99 ratio ours / bare static', result.p99Ratio.toFixed(2), atMost(result.p99Ratio, 1.3, ''));
      figure('p99 ratio ours / bare with the same payload (like for like)', result.p99RatioSamePayload.toFixed(2), atMost(result.p99RatioSamePayload, 1.1, ''));
      figure('RSS after ready, ours as an HTTP-interactions worker (gateway off)', `${result.rssMiB['ours-http'].toFixed(0)} MiB (ready in ${(result.readyMs['ours-http'] / 1000).toFixed(1)} s)`, null);
      figure('RSS ratio HTTP worker / our gateway process', result.httpRssRatio.toFixed(2), atMost(result.httpRssRatio, 0.5, ''));
      figure(`HTTP round trip at ${concurrency} concurrent, ours (/salary) p50 / p99`, `${latency['ours-http'].p50.toFixed(1)} / ${latency['ours-http'].p99.toFixed(1)} ms`, below(latency['ours-http'].p99, 3000, ' ms', 'p99 (Discord’s 3 s)'));
      figure(`HTTP round trip at ${concurrency} concurrent, bare node:http (same signature check, static reply) p50 / p99`, `${latency['bare-http'].p50.toFixed(1)} / ${latency['bare-http'].p99.toFixed(1)} ms`, null);
      figure(`  … bare node:http answering our /salary payload p50 / p99`, `${latency['bare-http-salary'].p50.toFixed(1)} / ${latency['bare-http-salary'].p99.toFixed(1)} ms`, null);
      figure('HTTP p99 ratio ours / bare node:http', result.httpP99Ratio.toFixed(2), atMost(result.httpP99Ratio, 1.3, ''));
      figure('HTTP p99 ratio ours / bare node:http with the same payload (like for like)', (latency['ours-http'].p99 / latency['bare-http-salary'].p99).toFixed(2), null);
      figure('payload violations seen by the fake', String(result.violations), atMost(result.violations, 0, ''));
    }
    if (fake.violations.length) console.log(fake.violations.slice(0, 5));
    return result;
  } finally {
    await fake.close();
  }
}

// ---------------------------------------------------------------- entry

const argv = process.argv.slice(2);
const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === SELF;
if (isMain && argv[0] === '--child') {
  await child(argv[1] as Kind).catch((e: unknown) => {
    process.send?.({ type: 'error', error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies FromChild);
    process.exit(1);
  });
} else if (isMain) {
  const num = (flag: string): number | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : undefined;
  };
  await run({ guilds: num('--guilds'), runs: num('--runs'), bursts: num('--bursts'), concurrency: num('--concurrency') });
  process.exit(0);
}
