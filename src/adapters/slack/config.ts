/**
 * Slack adapter configuration, read from the environment once and validated
 * with zod. An error names the variable and what is wrong with it, never its
 * value (tokens must not reach logs).
 */
import { z } from 'zod';

export interface SlackConfig {
  /** xoxb-… bot token (SLACK_BOT_TOKEN). */
  botToken: string;
  /** Signing secret for HTTP mode (SLACK_SIGNING_SECRET); unused in Socket Mode. */
  signingSecret?: string;
  /** xapp-… app-level token (SLACK_APP_TOKEN): Socket Mode when set. */
  appToken?: string;
  /** Web API base (SLACK_API_URL), for proxies and tests; ends with "/". */
  apiUrl: string;
  /** Users treated as admins in addition to workspace admins/owners (SLACK_ADMIN_USER_IDS). */
  adminUserIds: string[];
  /** HTTP port in HTTP mode (PORT). */
  port: number;
  /** Interface to listen on in HTTP mode (SLACK_HOST; default all interfaces, as Slack must reach it). */
  host?: string;
}

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const token = (prefix: string, what: string) =>
  z.string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a string') })
    .trim()
    .refine((s) => s.startsWith(prefix), { message: `must be ${what} starting with "${prefix}"` })
    .refine((s) => !/\s/.test(s), { message: 'must not contain whitespace' });

const EnvSchema = z
  .object({
    SLACK_BOT_TOKEN: token('xoxb-', 'a bot token'),
    SLACK_SIGNING_SECRET: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .min(16, 'looks too short: copy the Signing Secret from the app\'s "Basic Information" page')
        .refine((s) => !/\s/.test(s), { message: 'must not contain whitespace' })
        .optional(),
    ),
    SLACK_APP_TOKEN: z.preprocess(blankToUndefined, token('xapp-', 'an app-level token').optional()),
    SLACK_API_URL: z.preprocess(
      blankToUndefined,
      z
        .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' })
        .transform((u) => (u.endsWith('/') ? u : `${u}/`))
        .default(DEFAULT_SLACK_API_URL),
    ),
    SLACK_ADMIN_USER_IDS: z.preprocess(
      blankToUndefined,
      z
        .string()
        .transform((s) => s.split(/[\s,]+/).filter(Boolean))
        .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must list Slack user ids like U012ABCDEF, comma-separated')))
        .default([]),
    ),
    PORT: z.preprocess(
      blankToUndefined,
      z.coerce.number({ error: 'must be a port number' }).int('must be a whole number').min(0).max(65535, 'must be at most 65535').default(3000),
    ),
    SLACK_HOST: z.preprocess(blankToUndefined, z.string().trim().optional()),
  })
  .superRefine((env, ctx) => {
    if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
      });
    }
  });

export class SlackConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Slack configuration: ${problems.join('; ')}`);
    this.name = 'SlackConfigError';
  }
}

/** True when the environment asks for the Slack adapter (SLACK_BOT_TOKEN set). */
export function slackEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.SLACK_BOT_TOKEN ?? '').trim() !== '';
}

/** Parse the Slack variables; throws SlackConfigError listing `VARIABLE: problem` lines. */
export function loadSlackConfig(env: NodeJS.ProcessEnv = process.env): SlackConfig {
  const res = EnvSchema.safeParse(env);
  if (!res.success) {
    throw new SlackConfigError(res.error.issues.map((i) => `${String(i.path[0] ?? 'environment')}: ${i.message}`));
  }
  const e = res.data;
  return {
    botToken: e.SLACK_BOT_TOKEN,
    signingSecret: e.SLACK_SIGNING_SECRET,
    appToken: e.SLACK_APP_TOKEN,
    apiUrl: e.SLACK_API_URL,
    adminUserIds: e.SLACK_ADMIN_USER_IDS,
    port: e.PORT,
    host: e.SLACK_HOST,
  };
}
