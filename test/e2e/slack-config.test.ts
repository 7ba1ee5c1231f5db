import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadSlackConfig, SlackConfigError, slackEnabled } from '../../src/adapters/slack/config.js';
import { BOT_SCOPES, buildSlackManifest, usageHint } from '../../src/adapters/slack/manifest.js';
import { loadGuide } from '../../src/core/guide/load.js';
import { loadCommands } from '../../src/core/registry.js';
import { SLACK_DOCS as SLACK_LIMITS } from './fake-slack/limits.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

describe('Slack configuration', () => {
  it('GIVEN HTTP-mode variables THEN defaults fill in API URL, port and allow-list', () => {
    const cfg = loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: SECRET });
    expect(cfg).toMatchObject({ botToken: 'xoxb-1-2-abc', signingSecret: SECRET, apiUrl: 'https://slack.com/api/', port: 3000, adminUserIds: [] });
    expect(cfg.appToken).toBeUndefined();
  });

  it('GIVEN Socket Mode variables THEN no signing secret is needed; the API URL gets its trailing slash; the list is split', () => {
    const cfg = loadSlackConfig({
      SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A1-2-xyz', SLACK_API_URL: 'http://127.0.0.1:9/api',
      SLACK_ADMIN_USER_IDS: 'U012ABCDEF, W0123456', PORT: '8080',
    });
    expect(cfg).toMatchObject({ appToken: 'xapp-1-A1-2-xyz', apiUrl: 'http://127.0.0.1:9/api/', adminUserIds: ['U012ABCDEF', 'W0123456'], port: 8080 });
  });

  it('GIVEN bad values THEN the error names each variable and the problem, never the value', () => {
    const secretToken = 'xoxp-SECRET-VALUE';
    let err: unknown;
    try {
      loadSlackConfig({ SLACK_BOT_TOKEN: secretToken, SLACK_APP_TOKEN: 'xoxb-wrong', SLACK_API_URL: 'ftp://x', SLACK_ADMIN_USER_IDS: 'bob', PORT: '99999' });
    } catch (e) { err = e; }
    expect(err).toBeInstanceOf(SlackConfigError);
    const msg = (err as Error).message;
    for (const v of ['SLACK_BOT_TOKEN: must be a bot token starting with "xoxb-"', 'SLACK_APP_TOKEN:', 'SLACK_API_URL:', 'SLACK_ADMIN_USER_IDS:', 'PORT: must be at most 65535']) {
      expect(msg).toContain(v);
    }
    expect(msg).not.toContain('SECRET-VALUE');
  });

  it('GIVEN HTTP mode without a signing secret THEN it says which variable is missing', () => {
    expect(() => loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET: is required in HTTP mode/);
    expect(slackEnabled({ SLACK_BOT_TOKEN: ' ' })).toBe(false);
    expect(slackEnabled({ SLACK_BOT_TOKEN: 'xoxb-1' })).toBe(true);
  });
});

describe('Slack configuration: one workspace or many', () => {
  const OAUTH = { SLACK_CLIENT_ID: '1111111111.2222222222', SLACK_CLIENT_SECRET: 'client-secret-0123456789abcdef', SLACK_STATE_SECRET: 'state-secret-0123456789abcdef' };

  it('GIVEN the OAuth variables and no bot token THEN many-workspace mode, with the redirect URI when given', () => {
    const cfg = loadSlackConfig({ ...OAUTH, SLACK_SIGNING_SECRET: SECRET, SLACK_REDIRECT_URI: 'https://bot.example.com/slack/oauth_redirect' });
    expect(cfg.botToken).toBeUndefined();
    expect(cfg.oauth).toEqual({
      clientId: OAUTH.SLACK_CLIENT_ID, clientSecret: OAUTH.SLACK_CLIENT_SECRET, stateSecret: OAUTH.SLACK_STATE_SECRET,
      redirectUri: 'https://bot.example.com/slack/oauth_redirect',
    });
    expect(slackEnabled({ SLACK_CLIENT_ID: OAUTH.SLACK_CLIENT_ID })).toBe(true);
  });

  it('GIVEN both SLACK_BOT_TOKEN and OAuth variables THEN a configuration error names the conflicting variables, never their values', () => {
    let err: unknown;
    try {
      loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_CLIENT_ID: OAUTH.SLACK_CLIENT_ID, SLACK_CLIENT_SECRET: OAUTH.SLACK_CLIENT_SECRET, SLACK_SIGNING_SECRET: SECRET });
    } catch (e) { err = e; }
    expect(err).toBeInstanceOf(SlackConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain('SLACK_BOT_TOKEN: conflicts with SLACK_CLIENT_ID, SLACK_CLIENT_SECRET');
    expect(msg).not.toContain(OAUTH.SLACK_CLIENT_SECRET);
    expect(msg).not.toContain('xoxb-1-2-abc');
  });

  it('GIVEN only some OAuth variables, or a redirect URI on another path THEN each missing or wrong variable is named', () => {
    expect(() => loadSlackConfig({ SLACK_CLIENT_ID: OAUTH.SLACK_CLIENT_ID, SLACK_SIGNING_SECRET: SECRET })).toThrow(
      /SLACK_CLIENT_SECRET: is required when SLACK_CLIENT_ID is set.*SLACK_STATE_SECRET: is required/,
    );
    expect(() => loadSlackConfig({ ...OAUTH, SLACK_SIGNING_SECRET: SECRET, SLACK_REDIRECT_URI: 'https://bot.example.com/callback' })).toThrow(
      /SLACK_REDIRECT_URI: must end in \/slack\/oauth_redirect/,
    );
    expect(() => loadSlackConfig({ SLACK_SIGNING_SECRET: SECRET })).toThrow(/SLACK_BOT_TOKEN: is required \(or set SLACK_CLIENT_ID/);
  });
});

describe('Slack app manifest', () => {
  it('GIVEN the commands of commands/ THEN every one is a slash command within Slack limits, with escaping on', async () => {
    const commands = await loadCommands(loadGuide('data'));
    const m = buildSlackManifest(commands, { socketMode: true });
    expect(m.features.slash_commands.map((c) => c.command).sort()).toEqual(commands.map((c) => `/${c.name}`).sort());
    for (const c of m.features.slash_commands) {
      expect(c.command.length).toBeLessThanOrEqual(SLACK_LIMITS.commandName);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(SLACK_LIMITS.commandDescription);
      expect((c.usage_hint ?? '').length).toBeLessThanOrEqual(SLACK_LIMITS.usageHint);
      expect(c.should_escape).toBe(true);
      expect(c.url).toBeUndefined();
    }
    expect(m.settings).toMatchObject({ socket_mode_enabled: true, interactivity: { is_enabled: true }, event_subscriptions: { bot_events: ['app_home_opened'] } });
    expect(m.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(m.oauth_config.scopes.bot).toEqual([...BOT_SCOPES]);
    expect(BOT_SCOPES).toEqual(expect.arrayContaining(['im:write', 'im:history']));
    const daily = commands.find((c) => c.name === 'daily')!;
    expect(usageHint(daily)).toMatch(/^set <channel> <time> <timezone>/);
  });

  it('GIVEN `manifest:slack -- --oauth --url https://host` THEN the manifest declares the redirect URL, the uninstall events, the scopes and org-wide installs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'careerbot-manifest-'));
    const out = join(dir, 'm.yaml');
    const r = spawnSync(process.execPath, ['dist/scripts/manifest-slack.js', '--oauth', '--url', 'https://bot.example.com', '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const m = parseYaml(readFileSync(out, 'utf8')) as ReturnType<typeof buildSlackManifest>;
    expect(m.oauth_config.redirect_urls).toEqual(['https://bot.example.com/slack/oauth_redirect']);
    expect(m.oauth_config.scopes.bot).toEqual([...BOT_SCOPES]);
    expect(m.settings.event_subscriptions).toEqual({ request_url: 'https://bot.example.com/slack/events', bot_events: ['app_home_opened', 'app_uninstalled', 'tokens_revoked'] });
    expect(m.settings).toMatchObject({ socket_mode_enabled: false, org_deploy_enabled: true, interactivity: { request_url: 'https://bot.example.com/slack/events' } });
    expect(m.features.slash_commands.every((c) => c.url === 'https://bot.example.com/slack/events')).toBe(true);

    const sock = spawnSync(process.execPath, ['dist/scripts/manifest-slack.js', '--oauth', '--socket', '--url', 'https://bot.example.com', '--out', '-'], { encoding: 'utf8' });
    const ms = parseYaml(sock.stdout) as ReturnType<typeof buildSlackManifest>;
    expect(ms.settings).toMatchObject({ socket_mode_enabled: true, event_subscriptions: { bot_events: ['app_home_opened', 'app_uninstalled', 'tokens_revoked'] } });
    expect(ms.oauth_config.redirect_urls).toEqual(['https://bot.example.com/slack/oauth_redirect']);

    const noUrl = spawnSync(process.execPath, ['dist/scripts/manifest-slack.js', '--oauth', '--out', '-'], { encoding: 'utf8' });
    expect(noUrl.status).toBe(1);
    expect(noUrl.stderr).toMatch(/--oauth needs the bot's public https:\/\/ URL/);
  });

  it('GIVEN HTTP mode THEN commands and interactivity point at the request URL, which must be https', async () => {
    const commands = await loadCommands(loadGuide('data'));
    const url = 'https://bot.example.com/slack/events';
    const m = buildSlackManifest(commands, { socketMode: false, requestUrl: url });
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(m.settings.interactivity.request_url).toBe(url);
    expect(m.features.slash_commands.every((c) => c.url === url)).toBe(true);
    expect(() => buildSlackManifest(commands, { socketMode: false })).toThrow(/needs the public request URL/);
    expect(() => buildSlackManifest(commands, { socketMode: false, requestUrl: 'http://x/slack/events' })).toThrow(/https/);
  });
});
