/**
 * Core configuration from the environment, validated with zod. Platform
 * variables (DISCORD_*, SLACK_*) are parsed by their adapters. Errors name the
 * variable and what is wrong; values are never printed (some are secrets).
 */
import { z } from 'zod';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const int = (min: number, max: number, def: number) =>
  z.preprocess(blank, z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`).default(def));

const postgresUrl = z.preprocess(
  blank,
  z
    .string()
    .trim()
    // The value is never echoed: it may hold a password.
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '';
      } catch {
        return false;
      }
    }, 'must be a URL like postgres://user:password@host:5432/careerbot (leave it unset to use the SQLite file at DATABASE_PATH)')
    .optional(),
);

const EnvSchema = z.object({
  /** postgres://… selects PostgreSQL; unset means the SQLite file at DATABASE_PATH. */
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_MAX: int(1, 200, 10),
  /** Stored rounds and daily posts older than this are pruned (all-time scores are kept). */
  RETENTION_DAYS: int(1, 100_000, 400),
  DATABASE_PATH: z.preprocess(blank, z.string().trim().default('./var/careerbot.db')),
  DATA_DIR: z.preprocess(blank, z.string().trim().default('data')),
  LOG_LEVEL: z.preprocess(blank, z.enum(['debug', 'info', 'warn', 'error'], { error: 'must be one of debug, info, warn, error' }).default('info')),
  DAILY_CATCHUP_MINUTES: int(0, 24 * 60, 360),
  DAILY_LEASE_SECONDS: int(5, 3600, 120),
  QUIZ_DEFAULT_SECONDS: int(10, 300, 30),
  PORT: int(0, 65535, 3000),
  HOST: z.preprocess(blank, z.string().trim().optional()),
  CONSOLE_USER: z.preprocess(blank, z.string().trim().regex(/^\S+$/, 'must be one word').default('you')),
});

export type AppConfig = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const res = EnvSchema.safeParse(env);
  if (!res.success) throw new ConfigError(res.error.issues.map((i) => `${String(i.path[0] ?? 'environment')}: ${i.message}`));
  return res.data;
}
