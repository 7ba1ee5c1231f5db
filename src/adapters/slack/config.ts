/**
 * Slack adapter configuration, read from the environment once and validated
 * with zod. An error names the variable and what is wrong with it, never its
 * value (tokens must not reach logs).
 */
import { z } from 'zod';

export interface SlackOAuthConfig {
  /** SLACK_CLIENT_ID, SLACK_CLIENT_SECRET ("Basic Information" -> App Credentials). */
  clientId: string;
  clientSecret: string;
  /** SLACK_STATE_SECRET: signs the OAuth state (any long random string of yours). */
  stateSecret: string;
  /** SLACK_REDIRECT_URI: https://<host>/slack/oauth_redirect; optional when the app declares one redirect URL. */
  redirectUri?: string;
}

export interface SlackConfig {
  /** xoxb-… bot token (SLACK_BOT_TOKEN): one workspace. Absent when `oauth` is set. */
  botToken?: string;
  /** Many workspaces: installed through Bolt's OAuth, each with its own token. Absent when `botToken` is set. */
  oauth?: SlackOAuthConfig;
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

const secret = (hint: string) =>
  z.preprocess(
    blankToUndefined,
    z.string().trim().min(16, `looks too short: ${hint}`).refine((s) => !/\s/.test(s), { message: 'must not contain whitespace' }).optional(),
  );

const OAUTH_VARS = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

const EnvSchema = z
  .object({
    SLACK_BOT_TOKEN: z.preprocess(blankToUndefined, token('xoxb-', 'a bot token').optional()),
    SLACK_CLIENT_ID: z.preprocess(
      blankToUndefined,
      z.string().trim().regex(/^\d+\.\d+$/, 'must be the Client ID from the app\'s "Basic Information" page (digits.digits)').optional(),
    ),
    SLACK_CLIENT_SECRET: secret('copy the Client Secret from the app\'s "Basic Information" page'),
    SLACK_STATE_SECRET: secret('use a random string of at least 16 characters (e.g. `openssl rand -hex 32`)'),
    SLACK_REDIRECT_URI: z.preprocess(
      blankToUndefined,
      z
        .url({ protocol: /^https?$/, error: 'must be a URL such as https://bot.example.com/slack/oauth_redirect' })
        .refine((u) => new URL(u).pathname === '/slack/oauth_redirect', { message: 'must end in /slack/oauth_redirect (the path the bot serves)' })
        .optional(),
    ),
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
    const oauthSet = OAUTH_VARS.filter((k) => env[k] !== undefined);
    if (env.SLACK_BOT_TOKEN && oauthSet.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: `conflicts with ${oauthSet.join(', ')}: set SLACK_BOT_TOKEN for one workspace, or ${OAUTH_VARS.join(', ')} to install into many, not both`,
      });
    } else if (oauthSet.length > 0) {
      for (const k of OAUTH_VARS.filter((v) => env[v] === undefined))
        ctx.addIssue({ code: 'custom', path: [k], message: `is required when ${oauthSet.join(' and ')} ${oauthSet.length > 1 ? 'are' : 'is'} set (installing into many workspaces)` });
    } else if (!env.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: `is required (or set ${OAUTH_VARS.join(', ')} to install into many workspaces)` });
    }
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

/** True when the environment asks for the Slack adapter (SLACK_BOT_TOKEN, or any of the OAuth variables, set). */
export function slackEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['SLACK_BOT_TOKEN', ...OAUTH_VARS].some((k) => (env[k] ?? '').trim() !== '');
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
    oauth:
      e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET
        ? { clientId: e.SLACK_CLIENT_ID, clientSecret: e.SLACK_CLIENT_SECRET, stateSecret: e.SLACK_STATE_SECRET, redirectUri: e.SLACK_REDIRECT_URI }
        : undefined,
    signingSecret: e.SLACK_SIGNING_SECRET,
    appToken: e.SLACK_APP_TOKEN,
    apiUrl: e.SLACK_API_URL,
    adminUserIds: e.SLACK_ADMIN_USER_IDS,
    port: e.PORT,
    host: e.SLACK_HOST,
  };
}
