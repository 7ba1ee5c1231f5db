/**
 * A Slack app manifest generated from the command definitions: every command
 * of commands/ becomes a slash command with its description and a usage hint
 * built from its options, plus interactivity, the bot scopes the adapter
 * uses, and Socket Mode on or off. Pure: returns data; scripts/manifest-slack.ts
 * writes it as YAML.
 */
import { SLACK_LIMITS, truncate } from '../../core/limits.js';
import type { CommandDef, OptionDef } from '../../core/command.js';

export interface ManifestOptions {
  /** App name (≤ 35 chars). */
  name?: string;
  /** Socket Mode (no public URL) or HTTP with a request URL. */
  socketMode: boolean;
  /** HTTP mode: the public URL of /slack/events, e.g. https://bot.example.com/slack/events. */
  requestUrl?: string;
  /**
   * Many workspaces: installable from a link through OAuth. Needs the bot's public
   * base URL (https://bot.example.com): the redirect URL is <base>/slack/oauth_redirect.
   * Declares the uninstall events and allows org-wide installs on Enterprise Grid.
   */
  oauth?: { baseUrl: string };
}

/** Events the bot subscribes to in many-workspace mode: both end a workspace's installation. */
export const OAUTH_BOT_EVENTS = ['app_uninstalled', 'tokens_revoked'] as const;

/** Events every install subscribes to: a member opening the App Home tab (views.publish answers it). */
export const BOT_EVENTS = ['app_home_opened'] as const;

/**
 * Bot scopes, each for a call the adapter makes:
 * commands (slash commands), chat:write (respond, post, update),
 * chat:write.public (daily posts in public channels the bot was not invited to),
 * users:read (users.info: admin/owner check), channels:history + groups:history
 * (conversations.history: find an earlier daily post by its metadata key),
 * channels:join (join a public channel when history needs membership),
 * im:write (conversations.open: the IM for a direct message, a weekly nudge or a
 * Home-tab button's answer), im:history (conversations.history in that IM: find an
 * earlier nudge by its metadata key). The App Home tab and modals need no scope.
 */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'users:read',
  'channels:history',
  'groups:history',
  'channels:join',
  'im:write',
  'im:history',
] as const;

export interface SlackManifest {
  _metadata: { major_version: number; minor_version: number };
  display_information: { name: string; description: string; long_description?: string; background_color: string };
  features: {
    bot_user: { display_name: string; always_online: boolean };
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean };
    slash_commands: { command: string; description: string; usage_hint?: string; should_escape: boolean; url?: string }[];
  };
  oauth_config: { redirect_urls?: string[]; scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
}

const MAX_SLASH_COMMANDS = 50;

function optionHint(o: OptionDef): string {
  const label = o.choices && o.choices.length <= 4 ? o.choices.map((c) => c.value).join('|') : o.name;
  return o.required ? `<${label}>` : `[${label}]`;
}

/** "[role] [level]" or "set <channel> <time> … | status | off". */
export function usageHint(def: CommandDef): string | undefined {
  let hint: string;
  if (def.subcommands?.length) {
    hint = def.subcommands
      .map((s) => [s.name, ...s.options.map(optionHint)].join(' '))
      .join(' | ');
  } else {
    hint = (def.options ?? []).map(optionHint).join(' ');
  }
  hint = hint.trim();
  return hint === '' ? undefined : truncate(hint, SLACK_LIMITS.usageHint);
}

export function buildSlackManifest(commands: readonly CommandDef[], opts: ManifestOptions): SlackManifest {
  if (opts.oauth && !/^https:\/\/[^/]+/.test(opts.oauth.baseUrl)) {
    throw new Error(`--oauth needs the bot's public https:// URL (e.g. --url https://bot.example.com), got ${opts.oauth.baseUrl || 'none'}`);
  }
  if (!opts.socketMode && !opts.requestUrl) {
    throw new Error('HTTP mode needs the public request URL (e.g. https://bot.example.com/slack/events)');
  }
  if (opts.requestUrl && !/^https:\/\//.test(opts.requestUrl)) {
    throw new Error(`the request URL must be https:// (Slack only calls https), got ${opts.requestUrl}`);
  }
  if (commands.length > MAX_SLASH_COMMANDS) {
    throw new Error(`Slack allows ${MAX_SLASH_COMMANDS} slash commands per app; commands/ defines ${commands.length}`);
  }
  const name = truncate(opts.name ?? 'careerbot', 35);
  const url = opts.socketMode ? undefined : opts.requestUrl;
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name,
      description: truncate('Career guide: AI Engineer vs Software Engineer — salaries, skills, interviews, quizzes.', 140),
      background_color: '#1d3557',
    },
    features: {
      bot_user: { display_name: name.toLowerCase().replace(/[^a-z0-9._-]/g, '-').slice(0, 80), always_online: true },
      // The Home tab shows /me; the Messages tab holds direct messages (nudges), read-only: the bot reads no DMs.
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: true },
      slash_commands: commands.map((def) => {
        const hint = usageHint(def);
        const command = `/${def.name}`;
        if (command.length > SLACK_LIMITS.commandName) throw new Error(`${command}: longer than ${SLACK_LIMITS.commandName} characters`);
        return {
          command,
          description: truncate(def.description, SLACK_LIMITS.commandDescription),
          ...(hint ? { usage_hint: hint } : {}),
          // Channels and users arrive as <#C123|name> / <@U123>, which the core's parser understands.
          should_escape: true,
          ...(url ? { url } : {}),
        };
      }),
    },
    oauth_config: {
      ...(opts.oauth ? { redirect_urls: [`${opts.oauth.baseUrl.replace(/\/+$/, '')}/slack/oauth_redirect`] } : {}),
      scopes: { bot: [...BOT_SCOPES] },
    },
    settings: {
      event_subscriptions: { ...(url ? { request_url: url } : {}), bot_events: [...BOT_EVENTS, ...(opts.oauth ? OAUTH_BOT_EVENTS : [])] },
      interactivity: { is_enabled: true, ...(url ? { request_url: url } : {}) },
      org_deploy_enabled: Boolean(opts.oauth),
      socket_mode_enabled: opts.socketMode,
      token_rotation_enabled: false,
    },
  };
}
