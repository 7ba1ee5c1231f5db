/**
 * CommandDef[] -> Discord application-command JSON, and the diff against what
 * Discord already has. Pure: no SDK at run time, no I/O.
 *
 * Decisions:
 * - Admin commands get `default_member_permissions: "32"` (Manage Server). The
 *   run-time check (ManageGuild or Administrator; Administrator implies every
 *   permission) then matches what Discord shows by default. "0" would hide the
 *   command from Manage Server holders who would pass the run-time check. Server
 *   owners can still change who sees it under Server Settings -> Integrations.
 *   A command with only some admin subcommands cannot be gated per subcommand on
 *   Discord: it is left visible and the core refuses at run time.
 * - Global commands are guild-only: `contexts: [0]`, `integration_types: [0]`.
 *   Guild-scoped commands (DISCORD_GUILD_ID) omit both: they only exist in that guild.
 * - Definitions that would be rejected (bad names, values over the limits,
 *   more than 25 options/choices, over 8000 characters) throw here with the
 *   command and option named, instead of an opaque 400 from Discord.
 */
import { TEXT_MAX, type CommandDef, type OptionDef, type SubcommandDef } from '../../core/command.js';
import { DISCORD_LIMITS as L, truncate } from '../../core/limits.js';

export const OPTION_TYPE = { subcommand: 1, string: 3, integer: 4, boolean: 5, channel: 7 } as const;
/** Manage Server (1 << 5). */
export const MANAGE_GUILD = '32';
/** Text and announcement channels: where a daily post can go. */
export const POSTABLE_CHANNEL_TYPES = [0, 5] as const;

export type CommandScope = 'global' | 'guild';

export interface OptionJson {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  choices?: { name: string; value: string | number }[];
  autocomplete?: boolean;
  min_value?: number;
  max_value?: number;
  max_length?: number;
  channel_types?: number[];
  options?: OptionJson[];
}

export interface CommandJson {
  type: 1;
  name: string;
  description: string;
  options?: OptionJson[];
  default_member_permissions: string | null;
  contexts?: number[];
  integration_types?: number[];
}

export class CommandDefinitionError extends Error {
  override name = 'CommandDefinitionError';
}

const lower = (s: string): boolean => s === s.toLowerCase();

function checkName(where: string, name: string): void {
  if (!L.commandNamePattern.test(name) || !lower(name)) {
    throw new CommandDefinitionError(`${where}: name "${name}" must be 1-${L.commandName} lowercase letters, digits, - or _`);
  }
}

function description(text: string, fallback: string): string {
  return truncate(text.trim() || fallback, L.commandDescription);
}

function buildOption(where: string, o: OptionDef): OptionJson {
  const at = `${where} option "${o.name}"`;
  checkName(at, o.name);
  const json: OptionJson = { type: OPTION_TYPE[o.type], name: o.name, description: description(o.description, o.name) };
  if (o.required) json.required = true;
  if (o.choices?.length) {
    if (o.type !== 'string' && o.type !== 'integer') throw new CommandDefinitionError(`${at}: choices need a string or integer option`);
    if (o.choices.length > L.choices) throw new CommandDefinitionError(`${at}: ${o.choices.length} choices, Discord allows ${L.choices}`);
    json.choices = o.choices.map((c) => {
      if (c.value.length < 1 || c.value.length > L.choiceValue) {
        throw new CommandDefinitionError(`${at}: choice value "${c.value}" must be 1-${L.choiceValue} characters`);
      }
      const value = o.type === 'integer' ? Number(c.value) : c.value;
      if (typeof value === 'number' && !Number.isSafeInteger(value)) {
        throw new CommandDefinitionError(`${at}: choice value "${c.value}" is not an integer`);
      }
      return { name: truncate(c.name.trim() || c.value, L.choiceName), value };
    });
  } else if (o.autocomplete && o.type === 'string') {
    // Discord does not allow autocomplete together with choices; choices win.
    json.autocomplete = true;
  }
  if (o.type === 'string' && !o.choices?.length) json.max_length = Math.min(o.maxLength ?? TEXT_MAX, L.stringOptionLength);
  if (o.type === 'integer') {
    if (o.min !== undefined) json.min_value = o.min;
    if (o.max !== undefined) json.max_value = o.max;
  }
  if (o.type === 'channel') json.channel_types = [...POSTABLE_CHANNEL_TYPES];
  return json;
}

function buildOptions(where: string, options: readonly OptionDef[]): OptionJson[] {
  if (options.length > L.options) throw new CommandDefinitionError(`${where}: ${options.length} options, Discord allows ${L.options}`);
  const names = new Set<string>();
  for (const o of options) {
    if (names.has(o.name)) throw new CommandDefinitionError(`${where}: option "${o.name}" is declared twice`);
    names.add(o.name);
  }
  const built = options.map((o) => buildOption(where, o));
  // Discord requires required options before optional ones; keep the declared order otherwise.
  return [...built.filter((o) => o.required), ...built.filter((o) => !o.required)];
}

function buildSubcommand(where: string, s: SubcommandDef): OptionJson {
  const at = `${where} subcommand "${s.name}"`;
  checkName(at, s.name);
  const json: OptionJson = { type: OPTION_TYPE.subcommand, name: s.name, description: description(s.description, s.name) };
  const options = buildOptions(at, s.options);
  if (options.length) json.options = options;
  return json;
}

/** Characters Discord counts against the 8000 limit: names, descriptions, choice names and values. */
export function commandChars(c: CommandJson | OptionJson): number {
  let n = c.name.length + c.description.length;
  for (const o of c.options ?? []) n += commandChars(o);
  for (const ch of ('choices' in c ? c.choices : undefined) ?? []) n += ch.name.length + String(ch.value).length;
  return n;
}

export function buildCommand(def: CommandDef, scope: CommandScope): CommandJson {
  const where = `command "/${def.name}"`;
  checkName(where, def.name);
  const json: CommandJson = {
    type: 1,
    name: def.name,
    description: description(def.description, def.name),
    default_member_permissions: def.admin ? MANAGE_GUILD : null,
  };
  if (def.subcommands?.length) {
    if (def.options?.length) throw new CommandDefinitionError(`${where}: cannot mix subcommands and options`);
    if (def.subcommands.length > L.options) throw new CommandDefinitionError(`${where}: more than ${L.options} subcommands`);
    json.options = def.subcommands.map((s) => buildSubcommand(where, s));
  } else if (def.options?.length) {
    json.options = buildOptions(where, def.options);
  }
  if (scope === 'global') {
    json.contexts = [0];
    json.integration_types = [0];
  }
  const chars = commandChars(json);
  if (chars > L.commandTotal) throw new CommandDefinitionError(`${where}: ${chars} characters, Discord allows ${L.commandTotal}`);
  return json;
}

/** Every command, as the bulk-overwrite body. */
export function buildCommands(defs: readonly CommandDef[], scope: CommandScope): CommandJson[] {
  const seen = new Set<string>();
  for (const d of defs) {
    if (seen.has(d.name)) throw new CommandDefinitionError(`command "/${d.name}" is declared twice`);
    seen.add(d.name);
  }
  if (defs.length > 100) throw new CommandDefinitionError(`${defs.length} commands, Discord allows 100`);
  return defs.map((d) => buildCommand(d, scope));
}

// ---------------------------------------------------------------------------
// Diff: normalise both sides to the fields we set, with Discord's defaults filled
// in, so a command Discord echoes back with ids, versions, nulls and defaults
// compares equal to the local one.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function rec(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function numList(v: unknown): number[] | null {
  return Array.isArray(v) ? [...v].map(Number).sort((a, b) => a - b) : null;
}
function orNull(v: unknown): Json {
  return v === undefined || v === null ? null : (v as Json);
}

function normOption(raw: unknown): Json {
  const o = rec(raw);
  const type = Number(o.type);
  const isSub = type === 1 || type === 2;
  return {
    type,
    name: String(o.name ?? ''),
    description: String(o.description ?? ''),
    required: isSub ? false : o.required === true,
    autocomplete: o.autocomplete === true,
    choices: arr(o.choices).map((c) => ({ name: String(rec(c).name ?? ''), value: (rec(c).value ?? null) as Json })),
    min_value: orNull(o.min_value),
    max_value: orNull(o.max_value),
    min_length: orNull(o.min_length),
    max_length: orNull(o.max_length),
    channel_types: numList(o.channel_types) ?? [],
    options: arr(o.options).map(normOption),
  };
}

/** The comparable form of a command, from our JSON or from Discord's answer. */
export function normaliseCommand(raw: unknown, scope: CommandScope): Json {
  const c = rec(raw);
  const out: { [k: string]: Json } = {
    type: Number(c.type ?? 1),
    name: String(c.name ?? ''),
    description: String(c.description ?? ''),
    default_member_permissions: orNull(c.default_member_permissions),
    nsfw: c.nsfw === true,
    options: arr(c.options).map(normOption),
  };
  if (scope === 'global') {
    // Discord fills in integration_types [0] when none were given; contexts stay null.
    out.contexts = numList(c.contexts);
    out.integration_types = numList(c.integration_types) ?? [0];
  }
  return out;
}

export interface CommandDiff {
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: string[];
}

export function diffCommands(local: readonly CommandJson[], remote: readonly unknown[], scope: CommandScope): CommandDiff {
  const key = (c: unknown): string => `${Number(rec(c).type ?? 1)}:${String(rec(c).name)}`;
  const remoteByKey = new Map(remote.map((c) => [key(c), c]));
  const diff: CommandDiff = { added: [], removed: [], changed: [], unchanged: [] };
  for (const c of local) {
    const r = remoteByKey.get(key(c));
    remoteByKey.delete(key(c));
    if (r === undefined) diff.added.push(c.name);
    else if (JSON.stringify(normaliseCommand(c, scope)) === JSON.stringify(normaliseCommand(r, scope))) diff.unchanged.push(c.name);
    else diff.changed.push(c.name);
  }
  for (const r of remoteByKey.values()) diff.removed.push(String(rec(r).name));
  return diff;
}

export function hasChanges(d: CommandDiff): boolean {
  return d.added.length + d.removed.length + d.changed.length > 0;
}

export function describeDiff(d: CommandDiff): string {
  const parts: string[] = [];
  if (d.added.length) parts.push(`added ${d.added.map((n) => '/' + n).join(', ')}`);
  if (d.changed.length) parts.push(`changed ${d.changed.map((n) => '/' + n).join(', ')}`);
  if (d.removed.length) parts.push(`removed ${d.removed.map((n) => '/' + n).join(', ')}`);
  if (!parts.length) parts.push(`${d.unchanged.length} unchanged`);
  return parts.join('; ');
}
