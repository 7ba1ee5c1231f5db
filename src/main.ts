/**
 * Wiring only: config → guide → store → bot → adapters. With no platform
 * credentials, the local console chat runs; with DISCORD_TOKEN and/or
 * SLACK_BOT_TOKEN, those adapters start instead.
 */
import { resolve } from 'node:path';
import { loadConfig, ConfigError } from './config.js';
import { loadGuide, GuideError } from './core/guide/load.js';
import { SqliteStore } from './store/sqlite.js';
import { CareerBot } from './core/bot.js';
import { makeLogger } from './log.js';
import { runConsole } from './adapters/console/chat.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
  let guide;
  try {
    guide = loadGuide(resolve(config.DATA_DIR));
  } catch (e) {
    if (e instanceof GuideError) fail(e.message);
    throw e;
  }
  const wantDiscord = (process.env.DISCORD_TOKEN ?? '').trim() !== '';
  const wantSlack = (process.env.SLACK_BOT_TOKEN ?? '').trim() !== '';
  const consoleMode = !wantDiscord && !wantSlack;
  // In the console, keep stderr for real problems only.
  const log = makeLogger(consoleMode && config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);

  const store = new SqliteStore(resolve(config.DATABASE_PATH));
  await store.migrate();
  const bot = await CareerBot.create({
    guide,
    store,
    log,
    config: { catchUpMinutes: config.DAILY_CATCHUP_MINUTES, claimRetryMinutes: config.DAILY_RETRY_MINUTES, quizDefaultSeconds: config.QUIZ_DEFAULT_SECONDS },
  });

  const stops: (() => Promise<void>)[] = [];
  if (wantDiscord) {
    const { loadDiscordConfig, DiscordConfigError } = await import('./adapters/discord/config.js');
    let cfg;
    try {
      cfg = loadDiscordConfig();
    } catch (e) {
      if (e instanceof DiscordConfigError) fail(e.message);
      throw e;
    }
    const { startDiscord } = await import('./adapters/discord/client.js');
    const handle = await startDiscord(bot, { ...cfg, log });
    stops.push(() => handle.stop());
    log('info', 'discord adapter started', { applicationId: cfg.applicationId, commands: cfg.guildId ? 'guild' : 'global' });
  }
  if (wantSlack) {
    const { loadSlackConfig, SlackConfigError } = await import('./adapters/slack/config.js');
    let cfg;
    try {
      cfg = loadSlackConfig();
    } catch (e) {
      if (e instanceof SlackConfigError) fail(e.message);
      throw e;
    }
    const { startSlack } = await import('./adapters/slack/app.js');
    const { LogLevel } = await import('@slack/bolt');
    const levels = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR } as const;
    const handle = await startSlack(bot, { ...cfg, logLevel: levels[config.LOG_LEVEL] });
    stops.push(() => handle.stop());
    log('info', 'slack adapter started', { mode: cfg.appToken ? 'socket' : 'http', port: cfg.port });
  }

  const shutdown = async () => {
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
      void shutdown().then(() => process.exit(0));
    });
}

main().catch((e) => {
  process.stderr.write(`careerbot failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
