/**
 * Command registration: build the JSON from the command definitions, read what
 * Discord has, and bulk-overwrite only when something differs. Used at start-up
 * and by `npm run deploy:discord`. Guild-scoped when a guild id is given (instant,
 * for development), global otherwise.
 */
import { Routes, type REST } from 'discord.js';
import type { CommandDef } from '../../core/command.js';
import { buildCommands, diffCommands, hasChanges, describeDiff, type CommandDiff, type CommandJson, type CommandScope } from './commands.js';
import { withBackoff, type BackoffOptions } from './backoff.js';

export interface SyncOptions {
  applicationId: string;
  guildId?: string;
  /** Compare only; never write. */
  dryRun?: boolean;
  backoff?: Partial<BackoffOptions>;
}

export interface SyncResult {
  scope: CommandScope;
  guildId?: string;
  /** True when the commands were (or, in a dry run, would be) overwritten. */
  changed: boolean;
  written: boolean;
  diff: CommandDiff;
  commands: CommandJson[];
  summary: string;
}

export async function syncCommands(rest: REST, defs: readonly CommandDef[], opts: SyncOptions): Promise<SyncResult> {
  const scope: CommandScope = opts.guildId ? 'guild' : 'global';
  const commands = buildCommands(defs, scope);
  const route = opts.guildId
    ? Routes.applicationGuildCommands(opts.applicationId, opts.guildId)
    : Routes.applicationCommands(opts.applicationId);
  const remote = (await withBackoff(() => rest.get(route), opts.backoff)) as unknown[];
  const diff = diffCommands(commands, Array.isArray(remote) ? remote : [], scope);
  const changed = hasChanges(diff);
  const where = opts.guildId ? `guild ${opts.guildId}` : 'global';
  if (!changed || opts.dryRun) {
    const summary = changed ? `${where}: would update (${describeDiff(diff)})` : `${where}: ${commands.length} commands up to date, nothing sent`;
    return { scope, guildId: opts.guildId, changed, written: false, diff, commands, summary };
  }
  await withBackoff(() => rest.put(route, { body: commands }), opts.backoff);
  return { scope, guildId: opts.guildId, changed, written: true, diff, commands, summary: `${where}: overwrote ${commands.length} commands (${describeDiff(diff)})` };
}
