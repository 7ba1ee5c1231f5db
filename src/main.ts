/**
 * Wiring only: config → logger → guide → store → bot → HTTP server → adapters.
 * With no platform credentials, the local console chat runs; with DISCORD_TOKEN
 * and/or SLACK_BOT_TOKEN (or Slack's OAuth variables, for many workspaces), those
 * adapters start instead, behind one HTTP server on PORT (/healthz, /readyz,
 * /metrics, Slack's POST /slack/events and, with OAuth, /slack/install and
 * /slack/oauth_redirect).
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadConfig, ConfigError } from './config.js';
import { loadGuide, GuideError } from './core/guide/load.js';
import { SqlInstallationRepo } from './store/installations.js';
import { openStore } from './store/open.js';
import { explainStartupError } from './store/errors.js';
import { CareerBot } from './core/bot.js';
import { coreLogger, createRootLogger, type Pino } from './log.js';
import { ServiceServer } from './server/http.js';
import { Metrics } from './server/metrics.js';
import { runConsole } from './adapters/console/chat.js';
// Config modules only (zod, no SDK): the SDKs are imported below, only when their adapter starts.
import { discordEnabled, loadDiscordConfig, DiscordConfigError } from './adapters/discord/config.js';
import { slackEnabled, loadSlackConfig, SlackConfigError } from './adapters/slack/config.js';
import { StartupError, databaseError } from './startup.js';

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** Runs a loader; its own kind of error (bad env, bad data) stops start-up with the message and exit 1. */
function orExit<T>(load: () => T, expected: abstract new (...args: never[]) => Error): T {
  try {
    return load();
  } catch (e) {
    if (e instanceof expected) fail(e.message);
    throw e;
  }
}

async function main(): Promise<void> {
  const config = orExit(() => loadConfig(), ConfigError);
  const guide = orExit(() => loadGuide(resolve(config.DATA_DIR)), GuideError);
  const wantDiscord = discordEnabled();
  const wantSlack = slackEnabled();
  const consoleMode = !wantDiscord && !wantSlack;
  // In the console, keep stderr for real problems only.
  const root = createRootLogger({ level: consoleMode && config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
  fatalToLog(root);
  const log = coreLogger(root);
  const discordCfg = wantDiscord ? orExit(() => loadDiscordConfig(), DiscordConfigError) : undefined;
  const slackCfg = wantSlack ? orExit(() => loadSlackConfig(), SlackConfigError) : undefined;
  const metrics = consoleMode ? undefined : new Metrics();

  const dbPath = resolve(config.DATABASE_PATH);
  let store: Awaited<ReturnType<typeof openStore>> | undefined;
  try {
    if (!config.DATABASE_URL) {
      // SQLite opens a read-only file without complaint and fails at the first write (a quiz answer): check first.
      const unwritable = [dbPath, dirname(dbPath)].find((p) => existsSync(p) && !writable(p));
      if (unwritable) throw Object.assign(new Error(`${unwritable} is read-only`), { code: 'SQLITE_READONLY' });
    }
    store = openStore({ ...config, DATABASE_PATH: dbPath }, (e) =>
      log('warn', 'database connection lost; commands answer "try again" until it is back', { error: e.message }),
    );
    await store.migrate();
  } catch (e) {
    await store?.close().catch(() => {});
    fail(
      config.DATABASE_URL
        ? explainStartupError(e, config.DATABASE_URL)
        : databaseError(config.DATABASE_PATH === dbPath ? dbPath : `${config.DATABASE_PATH} (${dbPath})`, e).message,
    );
  }
  const bot = await CareerBot.create({
    guide,
    store,
    log,
    metrics,
    config: { catchUpMinutes: config.DAILY_CATCHUP_MINUTES, leaseSeconds: config.DAILY_LEASE_SECONDS, quizDefaultSeconds: config.QUIZ_DEFAULT_SECONDS },
  });

  // Retention: finished rounds and posts older than RETENTION_DAYS go; all-time scores stay (score_totals).
  // Every process may run it: the deletes are idempotent.
  const prune = async () => {
    const before = Date.now() - config.RETENTION_DAYS * 86_400_000;
    try {
      const r = await store.prune(before);
      if (r.rounds || r.posts) log('info', 'pruned old rounds and daily posts', r);
      const p = await store.prunePersonal(before);
      if (p.practiceReviews || p.nudgeSends) log('info', 'pruned old practice reviews and nudge sends', p);
    } catch (e) {
      log('warn', 'pruning failed; it runs again later', { error: e instanceof Error ? e.message : String(e) });
    }
  };
  const pruneTimer = setInterval(() => void prune(), 6 * 3_600_000);
  pruneTimer.unref();
  if (!consoleMode) void prune();

  // One HTTP server in every mode but the console; not ready until every configured platform is.
  let server: ServiceServer | undefined;
  const stops: (() => Promise<void>)[] = [];
  const notReady: Record<string, () => string[]> = {};
  if (!consoleMode) {
    server = new ServiceServer({ log: coreLogger(root.child({ component: 'http' })), metrics });
    server.addCheck('store', async () => {
      await store.getSchedule('readyz-probe');
      return true;
    });
    if (wantDiscord) server.addCheck('discord', () => notReady.discord?.() ?? ['starting']);
    if (wantSlack) server.addCheck('slack', () => notReady.slack?.() ?? ['starting']);
    const host = config.HOST ?? slackCfg?.host;
    const port = await server.listen(config.PORT, host).catch((e: NodeJS.ErrnoException) =>
      fail(e.code === 'EADDRINUSE' ? `PORT: ${config.PORT} is already in use; set PORT to a free port` : `PORT: cannot listen on ${config.PORT} (${e.message})`),
    );
    log('info', 'http server listening', { port, host: host ?? '*', routes: ['/healthz', '/readyz', '/metrics', ...(slackCfg && !slackCfg.appToken ? ['/slack/events'] : []), ...(slackCfg?.oauth ? ['/slack/install', '/slack/oauth_redirect'] : [])] });
  }

  if (discordCfg) {
    const { startDiscord } = await import('./adapters/discord/client.js');
    const handle = await startDiscord(bot, { ...discordCfg, log: coreLogger(root.child({ platform: 'discord' })), metrics });
    notReady.discord = () => handle.notReady();
    // Discord's Interactions Endpoint URL: https://<host>/discord/interactions (signed POSTs, see README).
    if (handle.interactions) server!.route('POST', '/discord/interactions', handle.interactions);
    stops.push(() => handle.stop());
    log('info', 'discord adapter started', { applicationId: discordCfg.applicationId, commands: discordCfg.guildId ? 'guild' : 'global' });
  }
  if (slackCfg) {
    const { startSlack } = await import('./adapters/slack/app.js');
    const { boltLogger, boltLevel } = await import('./adapters/slack/log.js');
    const slackLog = root.child({ platform: 'slack' });
    // Many workspaces: installations live in the same database file as everything else.
    // On the main store's connection: SQLite or PostgreSQL alike.
    const installations = slackCfg.oauth ? new SqlInstallationRepo(store.db) : undefined;
    if (installations) stops.push(() => installations.close());
    const handle = await startSlack(bot, {
      ...slackCfg,
      installations,
      store,
      logger: boltLogger(slackLog),
      log: coreLogger(slackLog),
      logLevel: boltLevel(config.LOG_LEVEL),
      metrics,
      server,
    });
    notReady.slack = () => handle.notReady();
    stops.push(() => handle.stop());
    log('info', 'slack adapter started', { mode: slackCfg.appToken ? 'socket' : 'http', workspaces: slackCfg.oauth ? 'many (OAuth)' : 'one' });
  }

  const shutdown = async () => {
    server?.drain(); // /readyz answers 503 from here on
    clearInterval(pruneTimer);
    await bot.stop();
    for (const stop of stops) await stop().catch(() => {});
    await server?.close();
    await store.close();
  };

  if (consoleMode) {
    bot.start();
    const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
    const { failures } = await runConsole(bot, { input: process.stdin, output: process.stdout, interactive, userName: config.CONSOLE_USER });
    await shutdown();
    // A script piping commands in can tell that one of them failed.
    if (!interactive && failures > 0) process.exitCode = 1;
    return;
  }

  bot.start();
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => {
      log('info', 'shutting down', { signal: sig });
      // A container gets 10 s after SIGTERM: whatever is still in flight then keeps its lease in
      // the store and is finished, without a duplicate, by the next process.
      setTimeout(() => {
        log('warn', 'shutdown took too long; exiting with work left to the next process');
        process.exit(1);
      }, 9_000).unref();
      void shutdown().then(() => process.exit(0));
    });
}

/** An error nothing handled is a state the process cannot reason about: log it as one JSON line and exit non-zero. */
function fatalToLog(root: Pino): void {
  const die = (kind: string) => (e: unknown) => {
    root.fatal({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) }, kind);
    process.exit(1);
  };
  process.on('uncaughtException', die('uncaught exception'));
  process.on('unhandledRejection', die('unhandled rejection'));
}

main().catch((e) => {
  // Mistakes in the environment get their message only; anything else is a bug: show where.
  if (e instanceof StartupError) fail(e.message);
  process.stderr.write(`careerbot failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
