/**
 * One logger for the whole process: pino, JSON lines on stderr (pino-pretty
 * when stderr is a terminal and it is installed). The core keeps its small
 * `Logger` function type; `coreLogger` implements it over a pino logger, and
 * the adapters take child loggers carrying platform, workspace, shard and
 * command. Secrets never reach a line: known secret fields are redacted by
 * path, and every string is scrubbed of the configured secret values and of
 * anything shaped like a Slack or Discord token.
 */
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger as Pino } from 'pino';
import type { Logger } from './core/bot.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type { Pino };

/** Fields that hold secrets wherever they appear (top level or one level down, and request headers). */
const SECRET_KEYS = ['token', 'botToken', 'appToken', 'userToken', 'refreshToken', 'signingSecret', 'secret', 'clientSecret', 'client_secret', 'stateSecret', 'access_token', 'refresh_token', 'password', 'authorization', 'Authorization', 'cookie'];
export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'req.headers["x-slack-signature"]',
  'headers["x-slack-signature"]',
];

/** Token shapes: Slack (xoxb-, xoxp-, xapp-…) and Discord bot tokens (three base64url parts). */
const TOKEN_PATTERNS = [/\bxox[abpers]-[A-Za-z0-9-]+/g, /\bxapp-[A-Za-z0-9-]+/g, /\b[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{20,}\b/g];
/**
 * Secrets inside JSON text that a library writes into a message (the Slack
 * WebClient's debug line of oauth.v2.access carries client_secret and the code).
 */
const SECRET_JSON_FIELDS = /("(?:client_secret|code|access_token|refresh_token|token|state_secret)"\s*:\s*")[^"]*/g;
/** Interaction and webhook tokens travel in REST paths: /interactions/{id}/{token}/callback, /webhooks/{app}/{token}. */
const PATH_TOKENS = [/(\/interactions\/\d+\/)[^/?\s]+/g, /(\/webhooks\/\d+\/)[^/?\s]+/g];

/** The values of secret environment variables, so they can be scrubbed from any string. */
export function secretsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return ['DISCORD_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'DATABASE_URL']
    .map((k) => env[k]?.trim())
    .filter((v): v is string => !!v && v.length >= 8);
}

export function makeScrubber(secrets: readonly string[]): (s: string) => string {
  const known = [...secrets].sort((a, b) => b.length - a.length);
  return (s) => {
    let out = s;
    for (const v of known) if (out.includes(v)) out = out.split(v).join('[redacted]');
    for (const re of TOKEN_PATTERNS) out = out.replace(re, '[redacted]');
    out = out.replace(SECRET_JSON_FIELDS, '$1[redacted]');
    for (const re of PATH_TOKENS) out = out.replace(re, '$1:token');
    return out;
  };
}

function scrubValue(v: unknown, scrub: (s: string) => string, depth = 0): unknown {
  if (typeof v === 'string') return scrub(v);
  if (v instanceof Error) return { type: v.name, message: scrub(v.message), stack: v.stack ? scrub(v.stack) : undefined };
  if (depth >= 3 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => scrubValue(x, scrub, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = scrubValue(x, scrub, depth + 1);
  return out;
}

export interface RootLogOptions {
  level: LogLevel;
  /** Where lines go (default stderr, synchronously so nothing is lost on exit). */
  destination?: DestinationStream;
  /** Readable output via pino-pretty (default: when stderr is a terminal and pino-pretty is installed). */
  pretty?: boolean;
  /** Secret values to scrub from every string (default: from the environment). */
  secrets?: readonly string[];
  base?: Record<string, unknown>;
}

function prettyStream(): DestinationStream | undefined {
  try {
    const require = createRequire(import.meta.url);
    const pretty = require('pino-pretty') as (o: Record<string, unknown>) => DestinationStream;
    return pretty({ destination: 2, sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  } catch {
    return undefined; // a production install (no dev dependencies): plain JSON
  }
}

/** The process's root logger. */
export function createRootLogger(opts: RootLogOptions): Pino {
  const scrub = makeScrubber(opts.secrets ?? secretsFromEnv());
  const pretty = opts.pretty ?? Boolean(process.stderr.isTTY);
  const destination = opts.destination ?? (pretty ? prettyStream() : undefined) ?? pino.destination({ fd: 2, sync: true });
  return pino(
    {
      level: opts.level,
      base: opts.base ?? { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        // Every argument is scrubbed: messages are often built from SDK strings.
        logMethod(args, method) {
          const clean = args.map((a) => scrubValue(a, scrub)) as Parameters<typeof method>;
          return method.apply(this, clean);
        },
      },
    },
    destination,
  );
}

/** The core's Logger over pino: `log('warn', 'msg', { extra })`. */
export function coreLogger(p: Pino): Logger {
  return (level, msg, extra) => {
    if (extra) p[level](extra, msg);
    else p[level](msg);
  };
}

/** Convenience for code that only needs a Logger: a root pino logger on stderr at `level`. */
export function makeLogger(level: LogLevel): Logger {
  return coreLogger(createRootLogger({ level }));
}
