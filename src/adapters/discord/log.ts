/** The adapter's logger: the core's shape, so main.ts can pass one logger (pino, see src/log.ts) everywhere. */
import type { Logger } from '../../core/bot.js';
import { coreLogger, createRootLogger } from '../../log.js';

export type DiscordLog = Logger;

/** Used when no logger is given (tests, scripts): the process's pino logger at info, secrets redacted. */
export function defaultDiscordLog(): DiscordLog {
  return coreLogger(createRootLogger({ level: 'info' }).child({ platform: 'discord' }));
}
