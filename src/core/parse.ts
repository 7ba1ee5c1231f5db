/**
 * One option parser for free text (Slack and the console) and one coercion step
 * shared by every platform, so `/salary ai senior`, `/salary level:L5` and a
 * Discord option payload all end up as the same validated CommandInput.
 */
import { TEXT_MAX, type CommandDef, type CommandInput, type OptionDef, type OptionValue, type SubcommandDef } from './command.js';
import { norm } from './guide/model.js';
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

export function parseText(def: CommandDef, text: string): Parsed {
  const tokens = tokenize(text);
  let sub: SubcommandDef | undefined;
  if (def.subcommands?.length) {
    const first = tokens[0];
    sub = first ? def.subcommands.find((s) => s.name === first.toLowerCase()) : undefined;
    if (sub) tokens.shift();
    else if (!first && def.defaultSubcommand) sub = def.subcommands.find((s) => s.name === def.defaultSubcommand);
    if (!sub) {
      const names = def.subcommands.map((s) => s.name).join(', ');
      return {
        ok: false,
        error: errorReply(
          first ? `\`/${def.name}\` has no “${quote(first, 32)}” action. Choose one of: ${names}.` : `\`/${def.name}\` needs an action: ${names}.`,
          def.example,
        ),
      };
    }
  }
  const opts = sub?.options ?? def.options ?? [];
  const values: Record<string, OptionValue> = {};
  const positional: string[] = [];
  for (const t of tokens) {
    const m = /^([a-z][a-z_-]*)[:=](.*)$/i.exec(t);
    const named = m ? opts.find((o) => o.name === m[1]!.toLowerCase()) : undefined;
    if (m && named) {
      if (!m[2]) return { ok: false, error: errorReply(`Option \`${named.name}\` needs a value after the colon.`, usageOf(def, sub)) };
      values[named.name] = m[2];
    } else positional.push(t);
  }
  for (let i = 0; i < positional.length; i++) {
    const open = opts.filter((o) => !(o.name in values));
    let placed = false;
    // Try the longest run of words first, so multi-word choices ("ai engineer", "new grad") match.
    for (let len = Math.min(3, positional.length - i); len >= 1 && !placed; len--) {
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
    const word = positional[i]!;
    const hint = describeExpected(opts.filter((o) => !(o.name in values)));
    return {
      ok: false,
      error: errorReply(`I didn't understand “${quote(word)}” in \`/${def.name}${sub ? ' ' + sub.name : ''}\`.`, usageOf(def, sub), hint),
    };
  }
  return coerce(def, { subcommand: sub?.name, options: values });
}

function describeExpected(opts: OptionDef[]): string | undefined {
  const parts = opts.map((o) => (o.choices && o.choices.length <= 6 ? `${o.name} (${o.choices.map((c) => c.value).join(', ')})` : o.name));
  return parts.length ? `It accepts ${parts.join(', ')}.` : undefined;
}

const TRUE = new Set(['true', 'yes', 'y', 'on', '1']);
const FALSE = new Set(['false', 'no', 'n', 'off', '0']);

/** Validates and normalises an input from any platform against the command's definition. */
export function coerce(def: CommandDef, input: CommandInput): Parsed {
  let sub: SubcommandDef | undefined;
  if (def.subcommands?.length) {
    sub = def.subcommands.find((s) => s.name === (input.subcommand ?? def.defaultSubcommand));
    if (!sub)
      return {
        ok: false,
        error: errorReply(`\`/${def.name}\` needs one of: ${def.subcommands.map((s) => s.name).join(', ')}.`, def.example),
      };
  }
  const opts = sub?.options ?? def.options ?? [];
  const example = usageOf(def, sub);
  const out: Record<string, OptionValue> = {};
  for (const [name, raw] of Object.entries(input.options)) {
    const opt = opts.find((o) => o.name === name);
    if (!opt) return { ok: false, error: errorReply(`\`/${def.name}\` has no option “${quote(name, 32)}”.`, example) };
    const v = coerceOne(opt, raw);
    if (typeof v === 'object') return { ok: false, error: errorReply(v.problem, opt.example ?? example) };
    out[name] = v;
  }
  for (const opt of opts)
    if (opt.required && !(opt.name in out))
      return { ok: false, error: errorReply(`\`/${def.name}${sub ? ' ' + sub.name : ''}\` needs ${article(opt.name)} **${opt.name}** (${opt.description.replace(/\.$/, '')}).`, example) };
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
        if (!c)
          return { problem: `“${quote(s)}” is not a valid **${opt.name}**. Choose one of: ${opt.choices.map((c) => c.value).join(', ')}.` };
        return c.value;
      }
      if (opt.match && !opt.match(s)) return { problem: `“${quote(s)}” is not a valid **${opt.name}**.` };
      // Discord enforces max_length itself; free text is cut to the same bound.
      return [...s].slice(0, opt.maxLength ?? TEXT_MAX).join('');
    }
  }
}
