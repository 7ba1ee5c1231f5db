/**
 * Wiring only: config → guide → store → bot → adapters. With no platform
 * credentials, the local console chat runs; with DISCORD_TOKEN and/or
 * SLACK_BOT_TOKEN, those adapters start instead.
 */
import { resolve } from 'node:path';
import { loadConfig, ConfigError } from './config.js';
import { loadGuide, GuideError } from './core/guide/load.js';
import { openStore } from './store/open.js';
import { explainStartupError } from './store/errors.js';
import { CareerBot } from './core/bot.js';
import { makeLogger } from './log.js';
import { runConsole } from './adapters/console/chat.js';
// Config modules only (zod, no SDK): the SDKs are imported below, only when their adapter starts.
import { discordEnabled, loadDiscordConfig, DiscordConfigError } from './adapters/discord/config.js';
import { slackEnabled, loadSlackConfig, SlackConfigError } from './adapters/slack/config.js';

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
  const log = makeLogger(consoleMode && config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);

  const store = openStore({ ...config, DATABASE_PATH: resolve(config.DATABASE_PATH) }, (e) =>
    log('warn', 'database connection lost; commands answer "try again" until it is back', { error: e.message }),
  );
  try {
    await store.migrate();
  } catch (e) {
    await store.close().catch(() => {});
    fail(explainStartupError(e, config.DATABASE_URL));
  }
  const bot = await CareerBot.create({
    guide,
    store,
    log,
    config: { catchUpMinutes: config.DAILY_CATCHUP_MINUTES, leaseSeconds: config.DAILY_LEASE_SECONDS, quizDefaultSeconds: config.QUIZ_DEFAULT_SECONDS },
  });

  // Retention: finished rounds and posts older than RETENTION_DAYS go; all-time scores stay (score_totals).
  // Every process may run it: the deletes are idempotent.
  const prune = () =>
    store.prune(Date.now() - config.RETENTION_DAYS * 86_400_000).then(
      (r) => (r.rounds || r.posts ? log('info', 'pruned old rounds and daily posts', r) : undefined),
      (e: unknown) => log('warn', 'pruning failed; it runs again later', { error: e instanceof Error ? e.message : String(e) }),
    );
  const pruneTimer = setInterval(() => void prune(), 6 * 3_600_000);
  pruneTimer.unref();
  if (!consoleMode) void prune();

  const stops: (() => Promise<void>)[] = [];
  if (wantDiscord) {
    const cfg = orExit(() => loadDiscordConfig(), DiscordConfigError);
    const { startDiscord } = await import('./adapters/discord/client.js');
    const handle = await startDiscord(bot, { ...cfg, log });
    stops.push(() => handle.stop());
    log('info', 'discord adapter started', { applicationId: cfg.applicationId, commands: cfg.guildId ? 'guild' : 'global' });
  }
  if (wantSlack) {
    const cfg = orExit(() => loadSlackConfig(), SlackConfigError);
    const { startSlack } = await import('./adapters/slack/app.js');
    const { LogLevel } = await import('@slack/bolt');
    const levels = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR } as const;
    const handle = await startSlack(bot, { ...cfg, logLevel: levels[config.LOG_LEVEL] });
    stops.push(() => handle.stop());
    log('info', 'slack adapter started', { mode: cfg.appToken ? 'socket' : 'http', port: cfg.port });
  }

  const shutdown = async () => {
    clearInterval(pruneTimer);
    await bot.stop();
    for (const stop of stops) await stop().catch(() => {});
    await store.close();
  };

  if (consoleMode) {
    bot.start();
    await runConsole(bot, {
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
      userName: config.CONSOLE_USER,
    });
    await shutdown();
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

main().catch((e) => {
  process.stderr.write(`careerbot failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
