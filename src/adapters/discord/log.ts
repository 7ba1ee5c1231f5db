/** The adapter's logger: the core's shape, so main.ts can pass one logger (pino, see src/log.ts) everywhere. */
import type { Logger } from '../../core/bot.js';

export type DiscordLog = Logger;

/** Used when no logger is given (tests, scripts): JSON lines on stderr at info. */
export const defaultDiscordLog: DiscordLog = (level, msg, extra) => {
  if (level === 'debug') return;
  const line = JSON.stringify({ level, time: new Date().toISOString(), platform: 'discord', msg, ...extra });
  process.stderr.write(line + '\n');
};
