/**
 * Block Kit payload checks for the fake Slack: what the real Slack would turn
 * into `invalid_blocks` (or silently mangle) is reported as a violation, and
 * the tests fail on any violation. Limits come from SLACK_LIMITS only.
 */
import { SLACK_DOCS as SLACK_LIMITS, SLACK_VIEW_DOCS as VIEW } from './limits.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const BLOCK_KEYS: Record<string, string[]> = {
  header: ['type', 'block_id', 'text'],
  section: ['type', 'block_id', 'text', 'fields', 'accessory', 'expand'],
  context: ['type', 'block_id', 'elements'],
  divider: ['type', 'block_id'],
  actions: ['type', 'block_id', 'elements'],
};
const BUTTON_KEYS = ['type', 'action_id', 'text', 'value', 'style', 'url', 'confirm', 'accessibility_label'];
const SELECT_KEYS = ['type', 'action_id', 'placeholder', 'options', 'option_groups', 'initial_option', 'confirm', 'focus_on_load'];

/** A `<` in Slack text must open a mention/link entity; anything else had to be escaped. */
const ENTITY = /^<(?:[@#][A-Za-z0-9]+(?:\|[^<>]*)?|![a-z]+(?:\^[A-Za-z0-9]+)?(?:\|[^<>]*)?|(?:https?|mailto):[^<>]*)>/;

function checkEscaping(text: string, where: string, out: string[]): void {
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
    if (!ENTITY.test(text.slice(i))) {
      out.push(`${where}: unescaped "<" at ${i} (${JSON.stringify(text.slice(i, i + 20))})`);
      return;
    }
  }
  const stripped = text.replace(new RegExp(ENTITY.source.slice(1), 'g'), '');
  if (stripped.includes('>')) out.push(`${where}: unescaped ">"`);
  if (/&(?!amp;|lt;|gt;)/.test(stripped)) out.push(`${where}: unescaped "&"`);
}

function checkText(
  v: unknown,
  where: string,
  max: number,
  out: string[],
  allowed: ('plain_text' | 'mrkdwn')[] = ['plain_text', 'mrkdwn'],
): void {
  if (!isObj(v)) { out.push(`${where}: text object missing`); return; }
  if (!allowed.includes(v.type as 'plain_text')) out.push(`${where}: text type ${String(v.type)} not in ${allowed.join('|')}`);
  if (typeof v.text !== 'string') { out.push(`${where}: text is not a string`); return; }
  if (v.text.length < 1) out.push(`${where}: empty text`);
  if (v.text.length > max) out.push(`${where}: ${v.text.length} chars > ${max}`);
  if (v.type === 'mrkdwn') checkEscaping(v.text, where, out);
  for (const k of Object.keys(v)) {
    if (!['type', 'text', 'emoji', 'verbatim'].includes(k)) out.push(`${where}: unknown key ${k}`);
  }
}

function checkKeys(v: Obj, allowed: string[], where: string, out: string[]): void {
  for (const k of Object.keys(v)) if (!allowed.includes(k)) out.push(`${where}: unknown key ${k}`);
}

function checkLen(v: unknown, where: string, max: number, out: string[], required = true): void {
  if (v === undefined && !required) return;
  if (typeof v !== 'string' || v.length < 1) { out.push(`${where}: missing`); return; }
  if (v.length > max) out.push(`${where}: ${v.length} chars > ${max}`);
}

function checkElement(el: unknown, where: string, out: string[]): string | undefined {
  if (!isObj(el)) { out.push(`${where}: not an object`); return undefined; }
  if (el.type === 'button') {
    checkKeys(el, BUTTON_KEYS, where, out);
    checkText(el.text, `${where}.text`, SLACK_LIMITS.buttonText, out, ['plain_text']);
    checkLen(el.action_id, `${where}.action_id`, SLACK_LIMITS.actionId, out);
    checkLen(el.value, `${where}.value`, SLACK_LIMITS.buttonValue, out, false);
    if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') {
      out.push(`${where}.style: ${String(el.style)} is not primary|danger`);
    }
  } else if (el.type === 'static_select') {
    checkKeys(el, SELECT_KEYS, where, out);
    checkLen(el.action_id, `${where}.action_id`, SLACK_LIMITS.actionId, out);
    checkText(el.placeholder, `${where}.placeholder`, SLACK_LIMITS.placeholder, out, ['plain_text']);
    const opts = el.options;
    if (!Array.isArray(opts) || opts.length < 1) out.push(`${where}.options: missing`);
    else {
      if (opts.length > SLACK_LIMITS.selectOptions) out.push(`${where}.options: ${opts.length} > ${SLACK_LIMITS.selectOptions}`);
      const values = new Set<string>();
      opts.forEach((o, i) => {
        const w = `${where}.options[${i}]`;
        if (!isObj(o)) { out.push(`${w}: not an object`); return; }
        checkKeys(o, ['text', 'value', 'description', 'url'], w, out);
        checkText(o.text, `${w}.text`, SLACK_LIMITS.optionText, out, ['plain_text']);
        checkLen(o.value, `${w}.value`, SLACK_LIMITS.optionValue, out);
        if (o.description !== undefined) checkText(o.description, `${w}.description`, SLACK_LIMITS.optionText, out, ['plain_text']);
        if (typeof o.value === 'string') {
          if (values.has(o.value)) out.push(`${w}.value: duplicate ${o.value}`);
          values.add(o.value);
        }
      });
    }
  } else {
    out.push(`${where}: unsupported element type ${String(el.type)}`);
  }
  return typeof el.action_id === 'string' ? el.action_id : undefined;
}

function checkBlock(b: unknown, where: string, out: string[]): void {
  if (!isObj(b)) { out.push(`${where}: not an object`); return; }
  const type = String(b.type);
  const keys = BLOCK_KEYS[type];
  if (!keys) { out.push(`${where}: unsupported block type ${type}`); return; }
  checkKeys(b, keys, where, out);
  if (b.block_id !== undefined) checkLen(b.block_id, `${where}.block_id`, SLACK_LIMITS.blockId, out);
  switch (type) {
    case 'header':
      checkText(b.text, `${where}.text`, SLACK_LIMITS.headerText, out, ['plain_text']);
      break;
    case 'section': {
      if (b.text === undefined && b.fields === undefined) out.push(`${where}: needs text or fields`);
      if (b.text !== undefined) checkText(b.text, `${where}.text`, SLACK_LIMITS.sectionText, out);
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields) || b.fields.length < 1) out.push(`${where}.fields: empty`);
        else {
          if (b.fields.length > SLACK_LIMITS.sectionFields) out.push(`${where}.fields: ${b.fields.length} > ${SLACK_LIMITS.sectionFields}`);
          b.fields.forEach((f, i) => checkText(f, `${where}.fields[${i}]`, SLACK_LIMITS.sectionFieldText, out));
        }
      }
      break;
    }
    case 'context': {
      if (!Array.isArray(b.elements) || b.elements.length < 1) { out.push(`${where}.elements: empty`); break; }
      if (b.elements.length > SLACK_LIMITS.contextElements) out.push(`${where}.elements: ${b.elements.length} > ${SLACK_LIMITS.contextElements}`);
      b.elements.forEach((e, i) => checkText(e, `${where}.elements[${i}]`, SLACK_LIMITS.contextText, out));
      break;
    }
    case 'actions': {
      if (!Array.isArray(b.elements) || b.elements.length < 1) { out.push(`${where}.elements: empty`); break; }
      if (b.elements.length > SLACK_LIMITS.actionsElements) out.push(`${where}.elements: ${b.elements.length} > ${SLACK_LIMITS.actionsElements}`);
      const ids = new Set<string>();
      b.elements.forEach((e, i) => {
        const id = checkElement(e, `${where}.elements[${i}]`, out);
        if (id !== undefined) {
          if (ids.has(id)) out.push(`${where}.elements[${i}].action_id: duplicate ${id} within block`);
          ids.add(id);
        }
      });
      break;
    }
    default:
      break;
  }
}

/**
 * Check one message payload (chat.postMessage / chat.update / chat.postEphemeral
 * arguments, or a response_url body). Returns the violations found; [] when valid.
 */
export function validateMessage(payload: unknown, where = 'message'): string[] {
  const out: string[] = [];
  if (!isObj(payload)) return [`${where}: not an object`];
  const { text, blocks } = payload;
  if (text !== undefined) {
    if (typeof text !== 'string') out.push(`${where}.text: not a string`);
    else {
      if (text.length > SLACK_LIMITS.messageText) out.push(`${where}.text: ${text.length} > ${SLACK_LIMITS.messageText}`);
      checkEscaping(text, `${where}.text`, out);
    }
  }
  if (blocks === undefined) {
    if (typeof text !== 'string' || text.length === 0) out.push(`${where}: neither text nor blocks`);
    return out;
  }
  if (!Array.isArray(blocks)) return [...out, `${where}.blocks: not an array`];
  if (typeof text !== 'string' || text.trim() === '') out.push(`${where}.text: missing fallback text for blocks`);
  if (blocks.length > SLACK_LIMITS.blocks) out.push(`${where}.blocks: ${blocks.length} > ${SLACK_LIMITS.blocks}`);
  blocks.forEach((b, i) => checkBlock(b, `${where}.blocks[${i}]`, out));
  return out;
}

const INPUT_KEYS = ['type', 'block_id', 'label', 'hint', 'optional', 'element', 'dispatch_action'];
const TEXT_INPUT_KEYS = ['type', 'action_id', 'initial_value', 'multiline', 'min_length', 'max_length', 'placeholder', 'dispatch_action_config', 'focus_on_load'];

function checkInput(b: Obj, where: string, out: string[]): void {
  checkKeys(b, INPUT_KEYS, where, out);
  checkLen(b.block_id, `${where}.block_id`, SLACK_LIMITS.blockId, out, false);
  checkText(b.label, `${where}.label`, VIEW.inputLabel, out, ['plain_text']);
  if (b.hint !== undefined) checkText(b.hint, `${where}.hint`, VIEW.inputHint, out, ['plain_text']);
  if (b.optional !== undefined && typeof b.optional !== 'boolean') out.push(`${where}.optional: not a boolean`);
  const el = b.element;
  if (!isObj(el) || el.type !== 'plain_text_input') { out.push(`${where}.element: not a plain_text_input`); return; }
  const w = `${where}.element`;
  checkKeys(el, TEXT_INPUT_KEYS, w, out);
  checkLen(el.action_id, `${w}.action_id`, SLACK_LIMITS.actionId, out);
  const min = el.min_length;
  const max = el.max_length;
  if (min !== undefined && (!Number.isInteger(min) || (min as number) < 0 || (min as number) > VIEW.inputMinLength)) out.push(`${w}.min_length: must be 0-${VIEW.inputMinLength}`);
  if (max !== undefined && (!Number.isInteger(max) || (max as number) < 1 || (max as number) > VIEW.inputMaxLength)) out.push(`${w}.max_length: must be 1-${VIEW.inputMaxLength}`);
  if (Number.isInteger(min) && Number.isInteger(max) && (min as number) > (max as number)) out.push(`${w}: min_length > max_length`);
  if (el.initial_value !== undefined) {
    if (typeof el.initial_value !== 'string') out.push(`${w}.initial_value: not a string`);
    else if (Number.isInteger(max) && el.initial_value.length > (max as number)) out.push(`${w}.initial_value: longer than max_length`);
  }
  if (el.placeholder !== undefined) checkText(el.placeholder, `${w}.placeholder`, VIEW.inputPlaceholder, out, ['plain_text']);
  if (el.multiline !== undefined && typeof el.multiline !== 'boolean') out.push(`${w}.multiline: not a boolean`);
}

/**
 * Check a view (views.open / views.publish `view`): a modal or a Home tab, its
 * blocks with the message rules plus input blocks (modals), within the view limits.
 */
export function validateView(view: unknown, where = 'view'): string[] {
  const out: string[] = [];
  if (!isObj(view)) return [`${where}: not an object`];
  const type = view.type;
  if (type !== 'modal' && type !== 'home') return [`${where}.type: ${String(type)} is not modal|home`];
  const allowed = ['type', 'blocks', 'private_metadata', 'callback_id', 'external_id', ...(type === 'modal' ? ['title', 'submit', 'close', 'clear_on_close', 'notify_on_close', 'submit_disabled'] : [])];
  checkKeys(view, allowed, where, out);
  if (view.private_metadata !== undefined && (typeof view.private_metadata !== 'string' || view.private_metadata.length > VIEW.privateMetadata)) out.push(`${where}.private_metadata: must be a string ≤ ${VIEW.privateMetadata}`);
  if (view.callback_id !== undefined) checkLen(view.callback_id, `${where}.callback_id`, VIEW.callbackId, out);
  const blocks = view.blocks;
  if (!Array.isArray(blocks)) return [...out, `${where}.blocks: not an array`];
  if (blocks.length > VIEW.blocks) out.push(`${where}.blocks: ${blocks.length} > ${VIEW.blocks}`);
  const blockIds = new Set<string>();
  let inputs = 0;
  blocks.forEach((b, i) => {
    const w = `${where}.blocks[${i}]`;
    if (isObj(b) && typeof b.block_id === 'string') {
      if (blockIds.has(b.block_id)) out.push(`${w}.block_id: duplicate ${b.block_id}`);
      blockIds.add(b.block_id);
    }
    if (isObj(b) && b.type === 'input') {
      inputs++;
      if (type !== 'modal') out.push(`${w}: input blocks are for modals here`);
      checkInput(b, w, out);
    } else checkBlock(b, w, out);
  });
  if (type === 'modal') {
    checkText(view.title, `${where}.title`, VIEW.title, out, ['plain_text']);
    if (view.close !== undefined) checkText(view.close, `${where}.close`, VIEW.close, out, ['plain_text']);
    if (view.submit !== undefined) checkText(view.submit, `${where}.submit`, VIEW.submit, out, ['plain_text']);
    else if (inputs > 0) out.push(`${where}.submit: required when the view has input blocks`);
    if (blocks.length === 0) out.push(`${where}.blocks: a modal needs at least one block`);
  }
  return out;
}
