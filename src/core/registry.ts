/**
 * Loads every command file in commands/ (one file per slash command) and
 * completes each definition: shareable lookups get a `public` option.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CommandDef, CommandFactory, OptionDef } from './command.js';
import type { Guide } from './guide/model.js';

export const PUBLIC_OPTION: OptionDef = {
  name: 'public',
  description: 'Post the answer in the channel for everyone (default: only you see it)',
  type: 'boolean',
};

/** commands/ relative to this file, both from source (src/core) and compiled (dist/src/core). */
export function commandsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, '..', '..', 'commands');
}

export async function loadCommands(guide: Guide, dir = commandsDir()): Promise<CommandDef[]> {
  const files = readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !f.startsWith('_'))
    .sort();
  const defs: CommandDef[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { default?: CommandFactory };
    if (typeof mod.default !== 'function') throw new Error(`${join(dir, f)}: must export default defineCommand(...)`);
    defs.push(complete(mod.default(guide)));
  }
  const names = new Set<string>();
  for (const d of defs) {
    if (names.has(d.name)) throw new Error(`two commands are named "${d.name}"`);
    names.add(d.name);
  }
  return defs;
}

function complete(def: CommandDef): CommandDef {
  if (!def.shareable || def.subcommands) return def;
  const options = [...(def.options ?? [])];
  if (!options.some((o) => o.name === 'public')) options.push(PUBLIC_OPTION);
  return { ...def, options };
}
