/**
 * `npm run deploy:discord`: build the application-command JSON from commands/,
 * compare it with what Discord has, and bulk-overwrite only when something
 * changed. Guild-scoped when DISCORD_GUILD_ID is set (instant; for development),
 * global otherwise.
 *
 *   npm run deploy:discord              # diff, then overwrite if changed
 *   npm run deploy:discord -- --dry-run # only show the diff
 *   npm run deploy:discord -- --global  # ignore DISCORD_GUILD_ID
 *   npm run deploy:discord -- --json    # print the command JSON and exit (no network)
 *
 * Reads DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_API_URL, DISCORD_GUILD_ID
 * and DATA_DIR (default ./data). Never prints the token.
 */
import { resolve } from 'node:path';
import { REST } from 'discord.js';
import { loadGuide, GuideError } from '../src/core/guide/load.js';
import { loadCommands } from '../src/core/registry.js';
import { loadDiscordConfig, DiscordConfigError } from '../src/adapters/discord/config.js';
import { buildCommands, CommandDefinitionError } from '../src/adapters/discord/commands.js';
import { syncCommands } from '../src/adapters/discord/register.js';

async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv);
  // Relative to the working directory, as for `npm start` (the compiled script lives in dist/scripts/).
  const dataDir = resolve(process.env.DATA_DIR?.trim() || 'data');
  const defs = await loadCommands(loadGuide(dataDir));

  if (flags.has('--json')) {
    const scope = flags.has('--global') || !process.env.DISCORD_GUILD_ID?.trim() ? 'global' : 'guild';
    process.stdout.write(JSON.stringify(buildCommands(defs, scope), null, 2) + '\n');
    return 0;
  }

  const cfg = loadDiscordConfig();
  const guildId = flags.has('--global') ? undefined : cfg.guildId;
  const rest = new REST({ api: cfg.apiUrl }).setToken(cfg.token);
  const result = await syncCommands(rest, defs, { applicationId: cfg.applicationId, guildId, dryRun: flags.has('--dry-run') });
  const where = guildId ? `guild ${guildId}` : 'global (all servers; clients may take a moment to refresh)';
  process.stdout.write(`Discord commands for application ${cfg.applicationId}, ${where}:\n`);
  const d = result.diff;
  for (const [label, names] of [['added', d.added], ['changed', d.changed], ['removed', d.removed], ['unchanged', d.unchanged]] as const) {
    if (names.length) process.stdout.write(`  ${label.padEnd(9)} ${names.map((n) => '/' + n).join(' ')}\n`);
  }
  if (result.written) process.stdout.write(`Overwrote ${result.commands.length} commands.\n`);
  else if (result.changed) process.stdout.write('Dry run: nothing sent. Run without --dry-run to apply.\n');
  else process.stdout.write('Up to date: nothing sent.\n');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const known = e instanceof DiscordConfigError || e instanceof GuideError || e instanceof CommandDefinitionError;
    process.stderr.write(`deploy:discord failed: ${known || !(e instanceof Error) ? String((e as Error).message ?? e) : e.stack}\n`);
    process.exit(1);
  },
);
