/**
 * One option parser for free text (Slack and the console) and one coercion step
 * shared by every platform, so `/salary ai senior`, `/salary level:L5` and a
 * Discord option payload all end up as the same validated CommandInput.
 */
import { TEXT_MAX, type CommandDef, type CommandInput, type OptionDef, type OptionValue, type SubcommandDef } from './command.js';
import { norm } from './guide/model.js';
import { distance } from './search.js';
import { errorReply, type Reply } from './reply.js';
import { quote } from './safe.js';

export type Parsed = { ok: true; input: CommandInput } | { ok: false; error: Reply };

/** Splits on whitespace, keeping "quoted phrases" and Slack's <#C1|name> tokens whole. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|“([^”]*)”|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push((m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').trim());
  return out.filter((t) => t.length > 0);
}

/** "/salary ai senior" → { name: "salary", rest: "ai senior" }. The slash is optional. */
export function splitCommandLine(line: string): { name: string; rest: string } | null {
  const m = /^\s*\/?([\p{L}\p{N}_-]+)\s*([\s\S]*)$/u.exec(line);
  if (!m) return null;
  return { name: m[1]!.toLowerCase(), rest: m[2]!.trim() };
}

export function usageOf(def: CommandDef, sub?: SubcommandDef): string {
  return sub?.example ?? def.example;
}

function choiceMatches(opt: OptionDef, token: string): boolean {
  if (!opt.choices) return false;
  const t = norm(token);
  return opt.choices.some((c) => norm(c.value) === t || norm(c.name) === t || (c.aliases ?? []).some((a) => norm(a) === t));
}

function accepts(opt: OptionDef, token: string): boolean {
  if (opt.match) return opt.match(token);
  if (opt.choices) return choiceMatches(opt, token);
  if (opt.type === 'boolean') return norm(token) === norm(opt.name);
  if (opt.type === 'integer') return /^-?\d+$/.test(token);
  if (opt.type === 'channel') return /^<#[A-Z0-9]+(\|[^>]*)?>$|^#\S+$/i.test(token);
  return false;
}

/** A free-form option takes any positional word its stricter siblings did not claim. */
function isFree(opt: OptionDef): boolean {
  return opt.type === 'string' && !opt.match && !opt.choices;
}

/** "See /help salary": where every option of a command is explained. */
function moreHelp(def: CommandDef): string {
  return `see /help ${def.name}`;
}

/** A short usage error: the problem, one example, and /help. */
export function usageError(def: CommandDef, sub: SubcommandDef | undefined, problem: string, example?: string): Reply {
  return errorReply(problem, example ?? usageOf(def, sub), undefined, moreHelp(def));
}

/** The largest edit distance that still counts as a typo of a word this long. */
function typoDistance(len: number): number {
  return len <= 2 ? 0 : len <= 4 ? 1 : len <= 7 ? 2 : 3;
}

/** The nearest of `names` to a mistyped word, if it is close enough to be a typo. */
export function nearest(word: string, names: readonly string[]): string | undefined {
  const w = norm(word);
  if (!w) return undefined;
  let best: { name: string; d: number } | undefined;
  for (const n of names) {
    const d = distance(w, norm(n), typoDistance(w.length));
    if (d <= typoDistance(w.length) && (!best || d < best.d)) best = { name: n, d };
  }
  return best?.name;
}

/** What a mistyped choice most likely meant, as the user would type it (a value or alias, not a display name). */
function nearestChoice(opt: OptionDef, word: string): string | undefined {
  if (!opt.choices) return undefined;
  const w = norm(word);
  const max = typoDistance(w.length);
  if (max === 0) return undefined;
  let best: { say: string; d: number } | undefined;
  for (const c of opt.choices)
    for (const [n, say] of [[c.value, c.value], [c.name, c.value], ...(c.aliases ?? []).map((a) => [a, a])] as [string, string][]) {
      const d = distance(w, norm(n), max);
      if (d <= max && (!best || d < best.d)) best = { say, d };
    }
  return best?.say;
}

/** "level" → "the level"; used in "You gave the level twice". */
function optionWord(opt: OptionDef): string {
  return opt.name;
}

export function parseText(def: CommandDef, text: string): Parsed {
  const tokens = tokenize(text);
  let sub: SubcommandDef | undefined;
  if (def.subcommands?.length) {
    const first = tokens[0];
    sub = first ? def.subcommands.find((s) => s.name === first.toLowerCase()) : undefined;
    if (sub) tokens.shift();
    else if (!first && def.defaultSubcommand) sub = def.subcommands.find((s) => s.name === def.defaultSubcommand);
    else if (first && def.defaultTakesWords && def.defaultSubcommand) {
      // "/mock rag senior": words that name no action are the default action's options,
      // unless they fit none of them and look like a typo of an action ("/mock histroy").
      const dflt = def.subcommands.find((s) => s.name === def.defaultSubcommand);
      const viaDefault = parseText({ ...def, subcommands: undefined, options: dflt?.options ?? [] }, text);
      const near = nearest(first, def.subcommands.map((s) => s.name));
      if (viaDefault.ok) return { ok: true, input: { subcommand: def.defaultSubcommand, options: viaDefault.input.options } };
      if (!near) return { ok: false, error: usageError(def, dflt, viaDefault.error.text) };
    }
    if (!sub) {
      const names = def.subcommands.map((s) => s.name);
      const near = first ? nearest(first, names) : undefined;
      const problem = !first
        ? `\`/${def.name}\` needs an action: ${names.join(', ')}.`
        : near
          ? `\`/${def.name}\` has no “${quote(first, 32)}” action. Did you mean ${near}?`
          : `\`/${def.name}\` has no “${quote(first, 32)}” action. Actions: ${names.join(', ')}.`;
      return { ok: false, error: usageError(def, undefined, problem, near ? def.subcommands.find((s) => s.name === near)?.example : def.example) };
    }
  }
  const opts = sub?.options ?? def.options ?? [];
  const values: Record<string, OptionValue> = {};
  const positional: string[] = [];
  for (const t of tokens) {
    const m = /^([a-z][a-z_-]*)[:=](.*)$/i.exec(t);
    const named = m ? opts.find((o) => o.name === m[1]!.toLowerCase()) : undefined;
    if (m && named) {
      if (!m[2]) return { ok: false, error: usageError(def, sub, `Option \`${named.name}\` needs a value after the colon.`) };
      values[named.name] = m[2];
    } else positional.push(t);
  }
  for (let i = 0; i < positional.length; i++) {
    const open = opts.filter((o) => !(o.name in values));
    let placed = false;
    // Try the longest run of words first, so multi-word choices ("ai engineer", "new grad") match.
    for (let len = Math.min(5, positional.length - i); len >= 1 && !placed; len--) {
      const phrase = positional.slice(i, i + len).join(' ');
      const opt = open.find((o) => !o.rest && accepts(o, phrase));
      if (opt) {
        values[opt.name] = opt.type === 'boolean' ? true : phrase;
        i += len - 1;
        placed = true;
      }
    }
    if (placed) continue;
    const free = open.find(isFree) ?? open.find((o) => o.rest);
    if (free) {
      if (free.rest) {
        values[free.name] = positional.slice(i).join(' ');
        i = positional.length;
      } else values[free.name] = positional[i]!;
      continue;
    }
    return { ok: false, error: usageError(def, sub, unplaced(positional[i]!, opts, open, values)) };
  }
  return coerce(def, { subcommand: sub?.name, options: values });
}

/** Why a positional word fits nowhere, as specifically as can be said. */
function unplaced(word: string, opts: OptionDef[], open: OptionDef[], values: Record<string, OptionValue>): string {
  // A second value for an option that already has one: "/salary ai senior junior".
  const twice = opts.find((o) => o.name in values && o.type !== 'boolean' && !o.rest && accepts(o, word));
  if (twice) return `You gave the ${optionWord(twice)} twice (“${quote(String(values[twice.name]))}” and “${quote(word)}”); give one.`;
  // A value that looks meant for an option but is not valid: "9am", "berlin".
  for (const o of open) {
    const problem = o.diagnose?.(word);
    if (problem) return problem;
  }
  // A typo of a choice: "senoir", "ragg".
  for (const o of open) {
    const near = nearestChoice(o, word);
    if (near) return `“${quote(word)}” is not a ${optionWord(o)}. Did you mean ${near}?`;
  }
  const kinds = open.filter((o) => o.choices?.length).map(optionWord);
  if (kinds.length) return `“${quote(word)}” is not a ${kinds.join(', ').replace(/, ([^,]*)$/, ' or $1')}.`;
  return `I didn't understand “${quote(word)}”.`;
}

const TRUE = new Set(['true', 'yes', 'y', 'on', '1']);
const FALSE = new Set(['false', 'no', 'n', 'off', '0']);

/** Validates and normalises an input from any platform against the command's definition. */
export function coerce(def: CommandDef, input: CommandInput): Parsed {
  let sub: SubcommandDef | undefined;
  if (def.subcommands?.length) {
    sub = def.subcommands.find((s) => s.name === (input.subcommand ?? def.defaultSubcommand));
    if (!sub) return { ok: false, error: usageError(def, undefined, `\`/${def.name}\` needs one of: ${def.subcommands.map((s) => s.name).join(', ')}.`) };
  }
  const opts = sub?.options ?? def.options ?? [];
  const out: Record<string, OptionValue> = {};
  for (const [name, raw] of Object.entries(input.options)) {
    const opt = opts.find((o) => o.name === name);
    if (!opt) return { ok: false, error: usageError(def, sub, `\`/${def.name}\` has no option “${quote(name, 32)}”.`) };
    const v = coerceOne(opt, raw);
    if (typeof v === 'object') return { ok: false, error: usageError(def, sub, v.problem, opt.example) };
    out[name] = v;
  }
  for (const opt of opts)
    if (opt.required && !(opt.name in out))
      return { ok: false, error: usageError(def, sub, `\`/${def.name}${sub ? ' ' + sub.name : ''}\` needs ${article(opt.name)} **${opt.name}** (${opt.description.replace(/\.$/, '')}).`) };
  return { ok: true, input: { subcommand: sub?.name, options: out } };
}

function article(w: string): string {
  return /^[aeiou]/i.test(w) ? 'an' : 'a';
}

function coerceOne(opt: OptionDef, raw: OptionValue): OptionValue | { problem: string } {
  const s = String(raw).trim();
  switch (opt.type) {
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      const k = s.toLowerCase();
      if (TRUE.has(k)) return true;
      if (FALSE.has(k)) return false;
      return { problem: `**${opt.name}** must be yes or no, not “${quote(s)}”.` };
    }
    case 'integer': {
      const n = typeof raw === 'number' ? raw : /^-?\d+$/.test(s) ? Number(s) : NaN;
      if (!Number.isInteger(n)) return { problem: `**${opt.name}** must be a whole number, not “${quote(s)}”.` };
      if (opt.min !== undefined && n < opt.min) return { problem: `**${opt.name}** must be at least ${opt.min} (got ${n}).` };
      if (opt.max !== undefined && n > opt.max) return { problem: `**${opt.name}** must be at most ${opt.max} (got ${n}).` };
      return n;
    }
    case 'channel': {
      const m = /^<#([A-Z0-9]+)(?:\|[^>]*)?>$/i.exec(s) ?? /^#?([\p{L}\p{N}_.-]+)$/u.exec(s);
      if (!m) return { problem: `**${opt.name}** must be a channel like #general, not “${quote(s)}”.` };
      return m[1]!;
    }
    default: {
      if (!s) return { problem: `**${opt.name}** must not be empty.` };
      if (opt.choices) {
        // Discord sends the exact value; only free text needs normalising.
        const exact = opt.choices.find((c) => c.value === s);
        if (exact) return exact.value;
        const t = norm(s);
        const c = opt.choices.find(
          (c) => norm(c.value) === t || norm(c.name) === t || (c.aliases ?? []).some((a) => norm(a) === t),
        );
        if (!c) {
          const near = nearestChoice(opt, s);
          const few = opt.choices.length <= 5 ? ` Choose ${opt.choices.map((c) => c.value).join(', ').replace(/, ([^,]*)$/, ' or $1')}.` : '';
          return { problem: `“${quote(s)}” is not a ${optionWord(opt)}.${near ? ` Did you mean ${near}?` : few}` };
        }
        return c.value;
      }
      if (opt.match && !opt.match(s)) return { problem: opt.diagnose?.(s) ?? `“${quote(s)}” is not a valid **${opt.name}**.` };
      // Discord enforces max_length itself; free text is cut to the same bound.
      return [...s].slice(0, opt.maxLength ?? TEXT_MAX).join('');
    }
  }
}
