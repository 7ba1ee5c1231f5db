/**
 * Writes the Slack app manifest (YAML) generated from commands/.
 *
 *   npm run manifest:slack                                        # Socket Mode -> slack-manifest.yaml
 *   npm run manifest:slack -- --http --url https://bot.example.com/slack/events
 *   npm run manifest:slack -- --oauth --url https://bot.example.com   # many workspaces (HTTP), installable from a link
 *   npm run manifest:slack -- --oauth --socket --url https://bot.example.com   # many workspaces over Socket Mode
 *   npm run manifest:slack -- --out -                             # print instead of writing
 *   options: --name <app name> (default careerbot), --data <dir> (default data)
 *
 * Then: api.slack.com/apps -> Create New App -> From a manifest -> paste.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { loadGuide } from '../src/core/guide/load.js';
import { loadCommands } from '../src/core/registry.js';
import { buildSlackManifest } from '../src/adapters/slack/manifest.js';

const { values } = parseArgs({
  options: {
    http: { type: 'boolean', default: false },
    socket: { type: 'boolean', default: false },
    oauth: { type: 'boolean', default: false },
    url: { type: 'string' },
    name: { type: 'string', default: 'careerbot' },
    out: { type: 'string', default: 'slack-manifest.yaml' },
    data: { type: 'string', default: 'data' },
  },
});

if (values.http && values.socket) {
  console.error('manifest-slack: choose --http or --socket, not both');
  process.exit(2);
}
// --oauth: HTTP unless --socket, and --url is the bot's base URL (its /slack/events and /slack/oauth_redirect follow).
const socketMode = values.oauth ? values.socket : !values.http;
const base = values.oauth ? (values.url ?? '').replace(/\/slack\/events\/?$/, '').replace(/\/+$/, '') : undefined;
const requestUrl = values.oauth ? (socketMode ? undefined : `${base}/slack/events`) : values.url;

try {
  const guide = loadGuide(values.data);
  const commands = await loadCommands(guide);
  const manifest = buildSlackManifest(commands, { socketMode, requestUrl, name: values.name, oauth: values.oauth ? { baseUrl: base ?? '' } : undefined });
  const yaml = `# Slack app manifest for ${manifest.display_information.name}, generated from commands/ by scripts/manifest-slack.ts.\n` +
    `# Mode: ${socketMode ? 'Socket Mode (set SLACK_APP_TOKEN, an xapp- token with connections:write)' : `HTTP (${requestUrl})`}.\n` +
    (values.oauth
      ? `# Many workspaces: set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET (not SLACK_BOT_TOKEN); workspaces install at ${base}/slack/install.\n`
      : '') +
    stringify(manifest, { lineWidth: 0 });
  if (values.out === '-') process.stdout.write(yaml);
  else {
    writeFileSync(values.out, yaml);
    console.log(`manifest-slack: wrote ${values.out} (${manifest.features.slash_commands.length} slash commands, ${socketMode ? 'Socket Mode' : 'HTTP'})`);
  }
} catch (e) {
  console.error(`manifest-slack: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
