/**
 * Reply -> Discord message payload. Pure: no SDK at run time (only `import type`),
 * no I/O, and never an invalid payload: every text is cut to DISCORD_LIMITS with
 * truncate(), and things that cannot be cut meaningfully (a custom_id, a select
 * value) are dropped rather than sent broken.
 *
 * The payload uses Discord's API field names (snake_case), so the same object is
 * a valid REST body (create/edit message, webhook) and valid discord.js input
 * (interaction.reply/update/editReply/followUp accept API-shaped embeds/rows).
 */
import type { Accent, Action, Button, ButtonStyle, Card, Form, Reply, SelectMenu } from '../../core/reply.js';
import type { Choice } from '../../core/command.js';
import { DISCORD_LIMITS as L, truncate } from '../../core/limits.js';

/** Discord's message flag for "only the invoking user can see this". */
export const EPHEMERAL = 1 << 6;

export interface DiscordEmbedField { name: string; value: string; inline?: boolean }
export interface DiscordEmbed {
  title?: string;
  description?: string;
  color?: number;
  fields?: DiscordEmbedField[];
  footer?: { text: string };
}
export interface DiscordButton { type: 2; style: 1 | 2 | 3 | 4; custom_id: string; label: string }
export interface DiscordSelect {
  type: 3;
  custom_id: string;
  placeholder?: string;
  min_values: 1;
  max_values: 1;
  options: { label: string; value: string; description?: string }[];
}
export interface DiscordRow { type: 1; components: (DiscordButton | DiscordSelect)[] }
export interface DiscordMessage {
  content: string;
  embeds: DiscordEmbed[];
  components: DiscordRow[];
  flags?: number;
  /**
   * Who may be pinged. Interaction replies and edits ping nobody (mentions still
   * render as names); channel posts ping exactly the mentions in their content
   * (e.g. the daily post's configured "@here" or role).
   */
  allowed_mentions: AllowedMentions;
}
export interface AllowedMentions {
  parse: ('everyone' | 'users' | 'roles')[];
  users?: string[];
  roles?: string[];
}

/** Embed colours per accent (Discord brand palette where one exists). */
export const ACCENT_COLOURS: Record<Accent, number> = {
  neutral: 0x99aab5,
  info: 0x5865f2,
  success: 0x57f287,
  warning: 0xfee75c,
  danger: 0xed4245,
  swe: 0x3498db,
  ai: 0x9b59b6,
};

const BUTTON_STYLES: Record<ButtonStyle, DiscordButton['style']> = {
  primary: 1,
  secondary: 2,
  success: 3,
  danger: 4,
};

/** Discord rejects empty field names/values; a zero-width space renders as nothing. */
const BLANK = '\u200b';

export interface RenderOptions {
  /**
   * 'reply': an interaction reply (private -> ephemeral flag).
   * 'channel': a channel message posted over REST (never ephemeral).
   * 'edit': replaces an existing message (never changes flags; clears what the
   *  new reply does not have).
   */
  target?: 'reply' | 'channel' | 'edit';
}

/** Render a Reply as a Discord message payload within every documented limit. */
export function renderMessage(reply: Reply, opts: RenderOptions = {}): DiscordMessage {
  const target = opts.target ?? 'reply';
  const embeds = renderEmbeds(reply.cards);
  const components = renderComponents(reply.actions);
  let content = '';
  if (embeds.length === 0) {
    // Cards carry the message; `text` is the fallback when there are none.
    content = truncate(reply.text.trim() || (components.length ? '' : '…'), L.content);
  } else {
    // Embeds never ping: a posted message keeps the mentions of its text as content, then the lead.
    const mentions = target === 'channel' ? mentionsIn(reply.text) : [];
    content = truncate([...mentions, reply.lead?.trim() ?? ''].filter(Boolean).join(' '), L.content);
  }
  if (!content && embeds.length === 0 && components.length === 0) content = '…';
  const msg: DiscordMessage = {
    content,
    embeds,
    components,
    allowed_mentions: target === 'channel' ? allowedMentions(content) : { parse: [] },
  };
  if (target === 'reply' && reply.visibility === 'private') msg.flags = EPHEMERAL;
  return msg;
}

const MENTION_RE = /@everyone|@here|<@!?\d{15,21}>|<@&\d{15,21}>/g;

/** Mentions written in a text, in order, without repeats. */
export function mentionsIn(text: string): string[] {
  return [...new Set(text.match(MENTION_RE) ?? [])];
}

/** Ping exactly the mentions in `content` (≤ 100 users / roles, as Discord allows). */
export function allowedMentions(content: string): AllowedMentions {
  const found = mentionsIn(content);
  const users = found.filter((m) => /^<@!?\d/.test(m)).map((m) => m.replace(/\D/g, '')).slice(0, 100);
  const roles = found.filter((m) => m.startsWith('<@&')).map((m) => m.replace(/\D/g, '')).slice(0, 100);
  const out: AllowedMentions = { parse: found.some((m) => m === '@everyone' || m === '@here') ? ['everyone'] : [] };
  if (users.length) out.users = users;
  if (roles.length) out.roles = roles;
  return out;
}

/** Cards -> embeds: ≤ 10 embeds, per-part limits, and ≤ 6000 characters across all embeds. */
export function renderEmbeds(cards: readonly Card[]): DiscordEmbed[] {
  let budget: number = L.embedTotal;
  /** Cut a text to fit both its own limit and the remaining total; undefined when nothing fits. */
  const fit = (text: string | undefined, max: number): string | undefined => {
    const t = text?.trim();
    if (!t) return undefined;
    const room = Math.min(max, budget);
    if (room < 2 && t.length > room) return undefined;
    const out = truncate(t, room);
    budget -= out.length;
    return out;
  };
  const embeds: DiscordEmbed[] = [];
  for (const card of cards.slice(0, L.embeds)) {
    const e: DiscordEmbed = { color: ACCENT_COLOURS[card.accent ?? 'neutral'] };
    const title = fit(card.title, L.embedTitle);
    if (title) e.title = title;
    const description = fit(card.body, L.embedDescription);
    if (description) e.description = description;
    const fields: DiscordEmbedField[] = [];
    for (const f of (card.fields ?? []).slice(0, L.embedFields)) {
      const rawName = f.label.trim() || BLANK;
      const rawValue = f.value.trim() || BLANK;
      // A field needs at least one character of name and of value.
      if (budget < 2) break;
      const name = truncate(rawName, Math.min(L.fieldName, Math.max(1, budget - 1)));
      budget -= name.length;
      const value = truncate(rawValue, Math.min(L.fieldValue, budget));
      budget -= value.length;
      const field: DiscordEmbedField = { name, value };
      if (f.inline) field.inline = true;
      fields.push(field);
    }
    if (fields.length) e.fields = fields;
    const footer = fit(card.footer, L.footer);
    if (footer) e.footer = { text: footer };
    if (e.title || e.description || e.fields) embeds.push(e);
  }
  return embeds;
}

/** Action rows: ≤ 5 rows; ≤ 5 buttons per row; a select alone in its row; unique custom_ids. */
export function renderComponents(rows: readonly (readonly Action[])[]): DiscordRow[] {
  const out: DiscordRow[] = [];
  const seen = new Set<string>();
  const usable = (id: string): boolean => id.length > 0 && id.length <= L.customId && !seen.has(id);
  for (const row of rows) {
    let buttons: DiscordButton[] = [];
    const flush = (): void => {
      if (buttons.length) out.push({ type: 1, components: buttons });
      buttons = [];
    };
    for (const action of row) {
      if (!usable(action.id)) continue;
      if (action.kind === 'button') {
        seen.add(action.id);
        buttons.push(renderButton(action));
        if (buttons.length === L.buttonsPerRow) flush();
      } else {
        const select = renderSelect(action);
        if (!select) continue;
        seen.add(action.id);
        flush();
        out.push({ type: 1, components: [select] });
      }
    }
    flush();
  }
  return out.slice(0, L.actionRows);
}

function renderButton(b: Button): DiscordButton {
  return {
    type: 2,
    style: BUTTON_STYLES[b.style ?? 'secondary'],
    custom_id: b.id,
    label: truncate(b.label.trim() || b.id, L.buttonLabel),
  };
}

function renderSelect(s: SelectMenu): DiscordSelect | undefined {
  const options = s.options
    .filter((o) => o.value.length > 0 && o.value.length <= L.selectOptionValue)
    .slice(0, L.selectOptions)
    .map((o) => {
      const opt: DiscordSelect['options'][number] = {
        label: truncate(o.label.trim() || o.value, L.selectOptionLabel),
        value: o.value,
      };
      if (o.description?.trim()) opt.description = truncate(o.description.trim(), L.selectOptionDescription);
      return opt;
    });
  if (!options.length) return undefined;
  const select: DiscordSelect = { type: 3, custom_id: s.id, min_values: 1, max_values: 1, options };
  if (s.placeholder.trim()) select.placeholder = truncate(s.placeholder.trim(), L.selectPlaceholder);
  return select;
}

export interface DiscordChoice { name: string; value: string | number }

/**
 * Autocomplete choices: ≤ 25, names cut to 100; values that do not fit (or are not
 * integers for an integer option) are dropped, since a cut value would mean something else.
 */
export function renderChoices(choices: readonly Choice[], optionType: 'string' | 'integer' = 'string'): DiscordChoice[] {
  const out: DiscordChoice[] = [];
  for (const c of choices) {
    if (out.length >= L.autocompleteChoices) break;
    const name = truncate(c.name.trim() || c.value, L.choiceName);
    if (!name) continue;
    if (optionType === 'integer') {
      const n = Number(c.value);
      if (!Number.isSafeInteger(n)) continue;
      out.push({ name, value: n });
    } else {
      if (c.value.length < 1 || c.value.length > L.choiceValue) continue;
      out.push({ name, value: c.value });
    }
  }
  return out;
}

/** Characters counted against the 6000 total (title, description, field names/values, footer). */
export function embedChars(embeds: readonly DiscordEmbed[]): number {
  let n = 0;
  for (const e of embeds) {
    n += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
    for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  }
  return n;
}

/**
 * Discord's modal limits (DDocs `interactions/receiving-and-responding.mdx`, the
 * MODAL callback data; `components/reference.mdx`, "Text Input"). Here rather
 * than in core/limits.ts, which only holds what the core itself must respect.
 */
export const MODAL_LIMITS = {
  title: 45,
  customId: L.customId,
  /** Action rows, one text input each. */
  rows: 5,
  label: 45,
  placeholder: 100,
  /** max_length 1..4000, min_length 0..4000, value ≤ 4000. */
  inputLength: 4000,
} as const;

/** Text input styles. */
const SHORT = 1;
const PARAGRAPH = 2;

export interface DiscordTextInput {
  type: 4;
  custom_id: string;
  style: 1 | 2;
  label: string;
  placeholder?: string;
  min_length?: number;
  max_length: number;
  required: boolean;
  value?: string;
}
export interface DiscordModal {
  custom_id: string;
  title: string;
  components: { type: 1; components: [DiscordTextInput] }[];
}

/**
 * A Form -> the data of a MODAL (type 9) interaction response, within every
 * documented limit: title and labels cut to 45, at most 5 fields, lengths clamped
 * to 0..4000 (min ≤ max), a pre-filled value cut to the field's max. A form whose
 * id cannot be a custom_id (empty, > 100) or has no usable field renders as
 * undefined: the adapter then shows the reply's fallback instead.
 */
export function renderModal(form: Form): DiscordModal | undefined {
  const M = MODAL_LIMITS;
  if (!form.id || form.id.length > M.customId) return undefined;
  const seen = new Set<string>();
  const rows: DiscordModal['components'] = [];
  for (const f of form.fields) {
    if (rows.length === M.rows) break;
    if (!f.id || f.id.length > M.customId || seen.has(f.id)) continue;
    seen.add(f.id);
    const max = Math.min(M.inputLength, Math.max(1, Math.floor(f.maxLength || M.inputLength)));
    const input: DiscordTextInput = {
      type: 4,
      custom_id: f.id,
      style: f.multiline ? PARAGRAPH : SHORT,
      label: truncate(f.label.trim() || f.id, M.label),
      max_length: max,
      required: f.required !== false,
    };
    if (f.minLength !== undefined && f.minLength > 0) input.min_length = Math.min(Math.floor(f.minLength), max);
    if (f.placeholder?.trim()) input.placeholder = truncate(f.placeholder.trim(), M.placeholder);
    if (f.value) input.value = f.value.slice(0, max);
    rows.push({ type: 1, components: [input] });
  }
  if (!rows.length) return undefined;
  return { custom_id: form.id, title: truncate(form.title.trim() || 'Form', M.title), components: rows };
}
