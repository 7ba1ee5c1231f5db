/**
 * Reply -> Slack Block Kit, purely. No SDK import: the block shapes below are
 * plain data, structurally compatible with @slack/types' KnownBlock.
 *
 * Every limit comes from SLACK_LIMITS; texts are cut with truncate(), and
 * anything that cannot be cut into shape (an option value that is too long) is
 * dropped rather than sent, so Slack never sees an invalid payload.
 */
import { SLACK_LIMITS, truncate } from '../../core/limits.js';
import type { Action, Button, Card, Field, Form, Reply, SelectMenu } from '../../core/reply.js';

export interface PlainText { type: 'plain_text'; text: string; emoji?: boolean }
export interface MrkdwnText { type: 'mrkdwn'; text: string }
export type TextObject = PlainText | MrkdwnText;

export interface HeaderBlock { type: 'header'; text: PlainText }
export interface SectionBlock { type: 'section'; text?: MrkdwnText; fields?: MrkdwnText[] }
export interface ContextBlock { type: 'context'; elements: MrkdwnText[] }
export interface DividerBlock { type: 'divider' }
export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: PlainText;
  value: string;
  style?: 'primary' | 'danger';
}
export interface SelectOption { text: PlainText; value: string; description?: PlainText }
export interface StaticSelectElement {
  type: 'static_select';
  action_id: string;
  placeholder: PlainText;
  options: SelectOption[];
}
export interface ActionsBlock { type: 'actions'; elements: (ButtonElement | StaticSelectElement)[] }
export type SlackBlock = HeaderBlock | SectionBlock | ContextBlock | DividerBlock | ActionsBlock;

export interface SlackMessage {
  /** Notification / accessibility fallback (mrkdwn). */
  text: string;
  blocks: SlackBlock[];
}

/** Character that joins a duplicate action id with its counter; never produced by core ids. */
const DEDUPE_SEP = '#';

// ---------------------------------------------------------------- mrkdwn

/** Mentions Slack must receive unescaped: <@U123>, <@U123|name>, <#C123>, <#C123|name>, <!here>. */
const MENTION = /<(?:[@#][A-Za-z0-9]+(?:\|[^<>]*)?|![a-z]+(?:\^[A-Za-z0-9]+)?(?:\|[^<>]*)?)>/g;

/** Escape the three control characters of Slack text, leaving mentions intact. */
export function escapeSlack(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(MENTION)) {
    out += escapePlain(text.slice(last, m.index));
    out += m[0];
    last = m.index + m[0].length;
  }
  return out + escapePlain(text.slice(last));
}

function escapePlain(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The core's markdown subset -> Slack mrkdwn:
 * `**x**` -> `*x*`; `_x_` and `` `x` `` stay; "- " bullets -> "• "; mentions stay;
 * `& < >` escaped everywhere else (also inside code, as Slack requires).
 */
export function toMrkdwn(md: string): string {
  return md
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      const bullet = /^(\s*)[-*] (.*)$/.exec(line);
      const body = bullet ? `${bullet[1]}• ${bullet[2]}` : line;
      return convertInline(body);
    })
    .join('\n');
}

function convertInline(line: string): string {
  // Split on code spans so that ** inside `code` is left alone.
  const parts = line.split(/(`[^`\n]+`)/);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return escapeSlack(part);
      return escapeSlack(part).replace(/\*\*(?=\S)([^*]*?\S)\*\*/g, '*$1*');
    })
    .join('');
}

/**
 * Truncate Slack text without leaving half an entity (`&am`) or half a mention
 * (`<@U12`) before the ellipsis.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = truncate(text, max).slice(0, -1); // drop the ellipsis, re-add below
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  const lt = cut.lastIndexOf('<');
  if (lt >= 0 && !cut.slice(lt).includes('>')) cut = cut.slice(0, lt);
  return cut + '…';
}

// ---------------------------------------------------------------- blocks

const plain = (text: string, max: number): PlainText => ({
  type: 'plain_text',
  // Slack rejects empty plain_text; a single space is not allowed either.
  text: truncate(text.trim() === '' ? '…' : text, max),
  emoji: true,
});

const mrkdwn = (md: string, max: number): MrkdwnText => {
  const text = toMrkdwn(md);
  return { type: 'mrkdwn', text: truncateMrkdwn(text.trim() === '' ? '…' : text, max) };
};

/** Split converted mrkdwn on paragraph breaks into chunks of at most `max`. */
function chunkMrkdwn(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const chunks: string[] = [];
  let current = '';
  for (const para of text.split(/\n\n/)) {
    const candidate = current === '' ? para : `${current}\n\n${para}`;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current !== '') chunks.push(current);
    current = para.length <= max ? para : truncateMrkdwn(para, max);
  }
  if (current !== '') chunks.push(current);
  return chunks;
}

function fieldText(f: Field): string {
  const label = truncate(f.label, 150);
  return `*${toMrkdwn(label)}*\n${toMrkdwn(f.value)}`;
}

function renderFields(fields: Field[]): SectionBlock[] {
  const blocks: SectionBlock[] = [];
  let inline: MrkdwnText[] = [];
  const flush = (): void => {
    if (inline.length > 0) blocks.push({ type: 'section', fields: inline });
    inline = [];
  };
  for (const f of fields) {
    if (f.inline !== true) {
      flush();
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: truncateMrkdwn(fieldText(f), SLACK_LIMITS.sectionText) },
      });
      continue;
    }
    inline.push({ type: 'mrkdwn', text: truncateMrkdwn(fieldText(f), SLACK_LIMITS.sectionFieldText) });
    if (inline.length === SLACK_LIMITS.sectionFields) flush();
  }
  flush();
  return blocks;
}

function renderCard(card: Card): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  if (card.title && card.title.trim() !== '') {
    blocks.push({ type: 'header', text: plain(card.title, SLACK_LIMITS.headerText) });
  }
  if (card.body && card.body.trim() !== '') {
    for (const chunk of chunkMrkdwn(toMrkdwn(card.body), SLACK_LIMITS.sectionText)) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
    }
  }
  if (card.fields && card.fields.length > 0) blocks.push(...renderFields(card.fields));
  if (card.footer && card.footer.trim() !== '') {
    blocks.push({ type: 'context', elements: [mrkdwn(card.footer, SLACK_LIMITS.contextText)] });
  }
  return blocks;
}

/** Hands out action ids unique within the whole message (Slack requires it per block). */
class ActionIds {
  private readonly seen = new Map<string, number>();
  take(id: string): string {
    let base = id.length <= SLACK_LIMITS.actionId ? id : id.slice(0, SLACK_LIMITS.actionId);
    const n = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, n);
    if (n === 1) return base;
    const suffix = `${DEDUPE_SEP}${n}`;
    base = base.slice(0, SLACK_LIMITS.actionId - suffix.length);
    return base + suffix;
  }
}

function renderButton(b: Button, ids: ActionIds): ButtonElement | undefined {
  if (b.id.length > SLACK_LIMITS.buttonValue) return undefined;
  const el: ButtonElement = {
    type: 'button',
    action_id: ids.take(b.id),
    text: plain(b.label, SLACK_LIMITS.buttonText),
    // The full core id travels in `value`: routing never depends on action_id dedupe.
    value: b.id,
  };
  if (b.style === 'primary' || b.style === 'success') el.style = 'primary';
  else if (b.style === 'danger') el.style = 'danger';
  return el;
}

function renderSelect(s: SelectMenu, ids: ActionIds): StaticSelectElement | undefined {
  const options: SelectOption[] = [];
  for (const o of s.options) {
    if (o.value === '' || o.value.length > SLACK_LIMITS.optionValue) continue; // cannot be cut: drop
    const opt: SelectOption = { text: plain(o.label, SLACK_LIMITS.optionText), value: o.value };
    if (o.description && o.description.trim() !== '') {
      opt.description = plain(o.description, SLACK_LIMITS.optionText);
    }
    options.push(opt);
    if (options.length === SLACK_LIMITS.selectOptions) break;
  }
  if (options.length === 0) return undefined;
  return {
    type: 'static_select',
    action_id: ids.take(s.id),
    placeholder: plain(s.placeholder, SLACK_LIMITS.placeholder),
    options,
  };
}

function renderActions(rows: Action[][]): ActionsBlock[] {
  const ids = new ActionIds();
  const blocks: ActionsBlock[] = [];
  for (const row of rows) {
    let elements: ActionsBlock['elements'] = [];
    for (const a of row) {
      const el = a.kind === 'button' ? renderButton(a, ids) : renderSelect(a, ids);
      if (!el) continue;
      elements.push(el);
      if (elements.length === SLACK_LIMITS.actionsElements) {
        blocks.push({ type: 'actions', elements });
        elements = [];
      }
    }
    if (elements.length > 0) blocks.push({ type: 'actions', elements });
  }
  return blocks;
}

/**
 * Render a Reply as a Slack message: header/section/context per card, actions blocks per row.
 * `maxBlocks`: 50 for a message (the default), 100 for a Home tab (VIEW_LIMITS.blocks).
 */
export function renderReply(reply: Reply, opts: { maxBlocks?: number } = {}): SlackMessage {
  const content: SlackBlock[] = [];
  if (reply.lead?.trim() && reply.cards.length) content.push({ type: 'section', text: mrkdwn(reply.lead, SLACK_LIMITS.sectionText) });
  reply.cards.forEach((card, i) => {
    if (i > 0) content.push({ type: 'divider' });
    content.push(...renderCard(card));
  });
  let actions = renderActions(reply.actions);
  const max = opts.maxBlocks ?? SLACK_LIMITS.blocks;
  if (actions.length > max) actions = actions.slice(0, max);
  let blocks: SlackBlock[];
  if (content.length + actions.length <= max) {
    blocks = [...content, ...actions];
  } else {
    // Keep every button (they are how the user goes on); cut the content and say so.
    const room = Math.max(0, max - actions.length - 1);
    const kept = content.slice(0, room);
    while (kept.length > 0 && kept[kept.length - 1]?.type === 'divider') kept.pop();
    blocks = [
      ...kept,
      ...(room > 0 ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: '…(shortened for Slack)' }] } as ContextBlock] : []),
      ...actions,
    ].slice(0, max);
  }
  const fallback = reply.text.trim() !== '' ? reply.text : (reply.cards[0]?.title ?? '…');
  return { text: truncateMrkdwn(toMrkdwn(fallback), SLACK_LIMITS.messageText), blocks };
}

// ---------------------------------------------------------------- views (modals, App Home)

/**
 * Slack's view limits (docs.slack.dev/reference/views/modal-views: title, submit
 * and close ≤ 24, ≤ 100 blocks, private_metadata ≤ 3000, callback_id ≤ 255;
 * reference/block-kit/blocks/input-block: label ≤ 2000; block-elements/
 * plain-text-input-element: min_length and max_length ≤ 3000, placeholder ≤ 150).
 * Here rather than in core/limits.ts, which holds what the core must respect.
 */
export const VIEW_LIMITS = {
  title: 24,
  button: 24,
  blocks: 100,
  privateMetadata: 3000,
  callbackId: 255,
  inputLabel: 2000,
  inputLength: 3000,
  placeholder: 150,
} as const;

export interface PlainTextInputElement {
  type: 'plain_text_input';
  action_id: string;
  multiline?: boolean;
  min_length?: number;
  max_length: number;
  initial_value?: string;
  placeholder?: PlainText;
}
export interface InputBlock { type: 'input'; block_id: string; label: PlainText; optional: boolean; element: PlainTextInputElement }
export interface ModalView {
  type: 'modal';
  callback_id: string;
  title: PlainText;
  submit: PlainText;
  close: PlainText;
  private_metadata?: string;
  blocks: InputBlock[];
}
export interface HomeView { type: 'home'; blocks: SlackBlock[] }

/** Cut to `max` without splitting a surrogate pair and without an ellipsis (a value the user edits). */
function cutValue(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}

/**
 * A Form -> a modal view for views.open: one input block per field (block_id and
 * action_id = the field id), within every documented limit: title and buttons
 * cut to 24, lengths clamped to 3000 (min ≤ max), a pre-filled value cut to its
 * max. undefined when the form cannot be a modal (an id over 255 characters, a
 * private_metadata over 3000, no usable field): the adapter shows the fallback.
 */
export function renderModal(form: Form, privateMetadata?: string): ModalView | undefined {
  const V = VIEW_LIMITS;
  if (!form.id || form.id.length > V.callbackId) return undefined;
  if (privateMetadata !== undefined && privateMetadata.length > V.privateMetadata) return undefined;
  const seen = new Set<string>();
  const blocks: InputBlock[] = [];
  for (const f of form.fields) {
    if (!f.id || f.id.length > SLACK_LIMITS.actionId || seen.has(f.id)) continue;
    seen.add(f.id);
    const max = Math.min(V.inputLength, Math.max(1, Math.floor(f.maxLength || V.inputLength)));
    const element: PlainTextInputElement = { type: 'plain_text_input', action_id: f.id, max_length: max };
    if (f.multiline) element.multiline = true;
    if (f.minLength !== undefined && f.minLength > 0) element.min_length = Math.min(Math.floor(f.minLength), max);
    if (f.value) element.initial_value = cutValue(f.value, max);
    if (f.placeholder?.trim()) element.placeholder = plain(f.placeholder.trim(), V.placeholder);
    blocks.push({ type: 'input', block_id: f.id, label: plain(f.label.trim() || f.id, V.inputLabel), optional: f.required === false, element });
  }
  if (!blocks.length) return undefined;
  const view: ModalView = {
    type: 'modal',
    callback_id: form.id,
    title: plain(form.title.trim() || 'Form', V.title),
    submit: plain(form.submit?.trim() || 'Submit', V.button),
    close: plain('Cancel', V.button),
    blocks: blocks.slice(0, V.blocks),
  };
  if (privateMetadata) view.private_metadata = privateMetadata;
  return view;
}

/**
 * A Reply as an App Home tab: the same Block Kit as a message, up to 100 blocks.
 * A reply without cards (a plain answer, an error) shows its text as a section.
 */
export function renderHome(reply: Reply): HomeView {
  const { blocks } = renderReply(reply, { maxBlocks: VIEW_LIMITS.blocks });
  if (!reply.cards.length) {
    blocks.unshift({ type: 'section', text: mrkdwn(reply.text.trim() || '…', SLACK_LIMITS.sectionText) });
    if (blocks.length > VIEW_LIMITS.blocks) blocks.length = VIEW_LIMITS.blocks;
  }
  return { type: 'home', blocks };
}
