/**
 * Bolt's Logger over pino, so Bolt, its WebClient and Socket Mode client write
 * the same JSON lines as the rest of the process.
 *
 * The level is the operator's (LOG_LEVEL): Bolt calls `setLevel(INFO)` on the
 * logger it is given unless it is also given a level, and the same logger
 * object is shared by App, receiver and WebClient, so one such call would turn
 * debug off everywhere. `setLevel` is therefore recorded for `getLevel` but does
 * not change what is written; the adapter also passes `logLevel` to each of them.
 */
import { LogLevel, type Logger } from '@slack/bolt';
import type { Logger as CoreLogger } from '../../core/bot.js';
import type { Pino } from '../../log.js';

const TO_BOLT = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR } as const;

export function boltLevel(level: keyof typeof TO_BOLT): LogLevel {
  return TO_BOLT[level];
}

function text(parts: unknown[]): string {
  return parts
    .map((x) => (typeof x === 'string' ? x : x instanceof Error ? (x.stack ?? x.message) : safeJson(x)))
    .join(' ');
}

function safeJson(x: unknown): string {
  try {
    return JSON.stringify(x) ?? String(x);
  } catch {
    return String(x);
  }
}

export function boltLogger(p: Pino): Logger {
  let level: LogLevel = (TO_BOLT as Record<string, LogLevel>)[p.level] ?? LogLevel.INFO;
  const write = (lvl: 'debug' | 'info' | 'warn' | 'error', parts: unknown[]): void => {
    if (!p.isLevelEnabled(lvl)) return;
    p[lvl](text(parts));
  };
  return {
    debug: (...m) => write('debug', m),
    info: (...m) => write('info', m),
    warn: (...m) => write('warn', m),
    error: (...m) => write('error', m),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    // One logger is shared by App, receiver and WebClient: a name set by one would mislabel the others.
    setName: () => {},
  };
}

/** The core's Logger shape over a Bolt Logger (fields become a JSON suffix). */
export function fromBoltLogger(logger: Logger): CoreLogger {
  return (level, msg, extra) => (extra ? logger[level](msg, extra) : logger[level](msg));
}
