/**
 * Payload checks the fake Discord applies to everything the bot sends, against
 * DISCORD_LIMITS (the same table the renderers use) and the documented rules in
 * ../shared/PLATFORMS.md. Each function returns a list of problems; empty = valid.
 */
import { DISCORD_DOCS as L } from './limits.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): v is string => typeof v === 'string';

const ALLOWED_MESSAGE_FLAGS = (1 << 2) | (1 << 6) | (1 << 12); // suppress embeds, ephemeral, suppress notifications

export interface MessageCheckOptions {
  /** The merged result must have content, an embed or a component (create; edits check the merged message). */
  requireBody?: boolean;
  /** Channel messages cannot be ephemeral. */
  allowEphemeral?: boolean;
}

export function checkMessage(body: unknown, opts: MessageCheckOptions = {}): string[] {
  const p: string[] = [];
  if (!isObj(body)) return ['message body is not an object'];
  const content = body.content;
  if (content !== undefined && content !== null) {
    if (!str(content)) p.push('content is not a string');
    else if (content.length > L.content) p.push(`content has ${content.length} chars (max ${L.content})`);
  }
  if (body.embeds !== undefined && body.embeds !== null) p.push(...checkEmbeds(body.embeds));
  if (body.components !== undefined && body.components !== null) p.push(...checkComponents(body.components));
  if (body.flags !== undefined && body.flags !== null) {
    const flags = Number(body.flags);
    if (!Number.isInteger(flags) || (flags & ~ALLOWED_MESSAGE_FLAGS) !== 0) p.push(`flags ${String(body.flags)} contain bits that cannot be set`);
    if (!opts.allowEphemeral && flags & (1 << 6)) p.push('flags: a channel message cannot be ephemeral');
  }
  if (body.nonce !== undefined) {
    const n = body.nonce;
    if (!(str(n) || typeof n === 'number')) p.push('nonce must be a string or integer');
    else if (String(n).length > 25) p.push(`nonce has ${String(n).length} chars (max 25)`);
  }
  if (body.enforce_nonce === true && body.nonce === undefined) p.push('enforce_nonce without nonce');
  if (opts.requireBody) {
    const hasContent = str(content) && content.trim().length > 0;
    const hasEmbeds = Array.isArray(body.embeds) && body.embeds.length > 0;
    const hasComponents = Array.isArray(body.components) && body.components.length > 0;
    if (!hasContent && !hasEmbeds && !hasComponents) p.push('Cannot send an empty message (no content, embeds or components)');
  }
  return p;
}

export function checkEmbeds(embeds: unknown): string[] {
  const p: string[] = [];
  if (!Array.isArray(embeds)) return ['embeds is not an array'];
  if (embeds.length > L.embeds) p.push(`${embeds.length} embeds (max ${L.embeds})`);
  let total = 0;
  embeds.forEach((e, i) => {
    const at = `embeds[${i}]`;
    if (!isObj(e)) return void p.push(`${at} is not an object`);
    const len = (v: unknown, max: number, name: string): void => {
      if (v === undefined || v === null) return;
      if (!str(v)) return void p.push(`${at}.${name} is not a string`);
      total += v.length;
      if (v.length > max) p.push(`${at}.${name} has ${v.length} chars (max ${max})`);
    };
    len(e.title, L.embedTitle, 'title');
    len(e.description, L.embedDescription, 'description');
    if (e.color !== undefined && (!Number.isInteger(e.color) || (e.color as number) < 0 || (e.color as number) > 0xffffff)) {
      p.push(`${at}.color is not a 24-bit integer`);
    }
    if (e.footer !== undefined) {
      if (!isObj(e.footer) || !str(e.footer.text) || !e.footer.text) p.push(`${at}.footer.text is required`);
      else len(e.footer.text, L.footer, 'footer.text');
    }
    if (e.author !== undefined) len(isObj(e.author) ? e.author.name : undefined, L.authorName, 'author.name');
    if (e.fields !== undefined) {
      if (!Array.isArray(e.fields)) return void p.push(`${at}.fields is not an array`);
      if (e.fields.length > L.embedFields) p.push(`${at}: ${e.fields.length} fields (max ${L.embedFields})`);
      e.fields.forEach((f, j) => {
        if (!isObj(f)) return void p.push(`${at}.fields[${j}] is not an object`);
        if (!str(f.name) || f.name.length === 0) p.push(`${at}.fields[${j}].name is empty`);
        if (!str(f.value) || f.value.length === 0) p.push(`${at}.fields[${j}].value is empty`);
        len(f.name, L.fieldName, `fields[${j}].name`);
        len(f.value, L.fieldValue, `fields[${j}].value`);
      });
    }
    const hasAny = e.title || e.description || (Array.isArray(e.fields) && e.fields.length) || e.footer || e.author || e.image || e.thumbnail;
    if (!hasAny) p.push(`${at} is empty`);
  });
  if (total > L.embedTotal) p.push(`embeds total ${total} chars (max ${L.embedTotal})`);
  return p;
}

export function checkComponents(rows: unknown): string[] {
  const p: string[] = [];
  if (!Array.isArray(rows)) return ['components is not an array'];
  if (rows.length > L.actionRows) p.push(`${rows.length} action rows (max ${L.actionRows})`);
  const ids = new Set<string>();
  rows.forEach((row, i) => {
    const at = `components[${i}]`;
    if (!isObj(row) || row.type !== 1) return void p.push(`${at} is not an action row (type 1)`);
    const comps = row.components;
    if (!Array.isArray(comps) || comps.length === 0) return void p.push(`${at} has no components`);
    if (comps.length > L.buttonsPerRow) p.push(`${at}: ${comps.length} components (max ${L.buttonsPerRow})`);
    const hasSelect = comps.some((c) => isObj(c) && c.type === 3);
    if (hasSelect && comps.length > 1) p.push(`${at}: a select menu must be alone in its row`);
    comps.forEach((c, j) => {
      const cat = `${at}.components[${j}]`;
      if (!isObj(c)) return void p.push(`${cat} is not an object`);
      if (c.custom_id !== undefined) {
        if (!str(c.custom_id) || c.custom_id.length < 1 || c.custom_id.length > L.customId) {
          p.push(`${cat}.custom_id must be 1-${L.customId} chars`);
        } else if (ids.has(c.custom_id)) p.push(`${cat}.custom_id "${c.custom_id}" is duplicated`);
        else ids.add(c.custom_id);
      }
      if (c.type === 2) {
        const style = Number(c.style);
        if (![1, 2, 3, 4, 5, 6].includes(style)) p.push(`${cat}.style ${String(c.style)} is invalid`);
        if (style === 5 ? !str(c.url) : !str(c.custom_id)) p.push(`${cat}: ${style === 5 ? 'link button needs url' : 'button needs custom_id'}`);
        if (c.label === undefined && c.emoji === undefined) p.push(`${cat}: button needs a label or emoji`);
        if (c.label !== undefined && (!str(c.label) || c.label.length > L.buttonLabel)) p.push(`${cat}.label must be ≤ ${L.buttonLabel} chars`);
      } else if (c.type === 3) {
        if (!str(c.custom_id)) p.push(`${cat}: select needs custom_id`);
        if (c.placeholder !== undefined && (!str(c.placeholder) || c.placeholder.length > L.selectPlaceholder)) {
          p.push(`${cat}.placeholder must be ≤ ${L.selectPlaceholder} chars`);
        }
        const opts = c.options;
        if (!Array.isArray(opts) || opts.length < 1 || opts.length > L.selectOptions) p.push(`${cat}: 1-${L.selectOptions} options required`);
        else {
          const values = new Set<string>();
          opts.forEach((o, k) => {
            if (!isObj(o)) return void p.push(`${cat}.options[${k}] is not an object`);
            if (!str(o.label) || o.label.length < 1 || o.label.length > L.selectOptionLabel) p.push(`${cat}.options[${k}].label must be 1-${L.selectOptionLabel}`);
            if (!str(o.value) || o.value.length < 1 || o.value.length > L.selectOptionValue) p.push(`${cat}.options[${k}].value must be 1-${L.selectOptionValue}`);
            else if (values.has(o.value)) p.push(`${cat}.options[${k}].value duplicated`);
            else values.add(o.value);
            if (o.description !== undefined && (!str(o.description) || o.description.length > L.selectOptionDescription)) {
              p.push(`${cat}.options[${k}].description must be ≤ ${L.selectOptionDescription}`);
            }
          });
        }
      } else p.push(`${cat}: component type ${String(c.type)} not expected in a message row`);
    });
  });
  return p;
}

export function checkChoices(choices: unknown): string[] {
  const p: string[] = [];
  if (!Array.isArray(choices)) return ['choices is not an array'];
  if (choices.length > L.autocompleteChoices) p.push(`${choices.length} autocomplete choices (max ${L.autocompleteChoices})`);
  choices.forEach((c, i) => {
    if (!isObj(c)) return void p.push(`choices[${i}] is not an object`);
    if (!str(c.name) || c.name.length < 1 || c.name.length > L.choiceName) p.push(`choices[${i}].name must be 1-${L.choiceName} chars`);
    if (str(c.value)) {
      if (c.value.length > L.choiceValue) p.push(`choices[${i}].value has ${c.value.length} chars (max ${L.choiceValue})`);
    } else if (typeof c.value !== 'number') p.push(`choices[${i}].value must be a string or number`);
  });
  return p;
}

const OPTION_TYPES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

function checkName(at: string, name: unknown, p: string[]): void {
  if (!str(name) || !L.commandNamePattern.test(name) || name !== name.toLowerCase()) p.push(`${at}.name "${String(name)}" is invalid`);
}
function checkDescription(at: string, d: unknown, p: string[]): void {
  if (!str(d) || d.length < 1 || d.length > L.commandDescription) p.push(`${at}.description must be 1-${L.commandDescription} chars`);
}

function countChars(o: Obj): number {
  let n = (str(o.name) ? o.name.length : 0) + (str(o.description) ? o.description.length : 0);
  for (const c of Array.isArray(o.choices) ? o.choices : []) {
    if (isObj(c)) n += String(c.name ?? '').length + String(c.value ?? '').length;
  }
  for (const sub of Array.isArray(o.options) ? o.options : []) if (isObj(sub)) n += countChars(sub);
  return n;
}

function checkOptions(at: string, options: unknown, p: string[], depth: number): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) return void p.push(`${at}.options is not an array`);
  if (options.length > L.options) p.push(`${at}: ${options.length} options (max ${L.options})`);
  let seenOptional = false;
  const names = new Set<string>();
  options.forEach((o, i) => {
    const oat = `${at}.options[${i}]`;
    if (!isObj(o)) return void p.push(`${oat} is not an object`);
    checkName(oat, o.name, p);
    checkDescription(oat, o.description, p);
    if (str(o.name)) {
      if (names.has(o.name)) p.push(`${oat}: duplicate option name ${o.name}`);
      names.add(o.name);
    }
    const type = Number(o.type);
    if (!OPTION_TYPES.has(type)) p.push(`${oat}.type ${String(o.type)} is invalid`);
    if (type === 1 || type === 2) {
      if (depth > 1 || (type === 2 && depth > 0)) p.push(`${oat}: subcommands nested too deeply`);
      if (o.required) p.push(`${oat}: a subcommand cannot be required`);
      checkOptions(oat, o.options, p, depth + 1);
      return;
    }
    if (o.required) {
      if (seenOptional) p.push(`${oat}: required options must come before optional ones`);
    } else seenOptional = true;
    if (o.choices !== undefined) {
      if (!Array.isArray(o.choices)) p.push(`${oat}.choices is not an array`);
      else {
        if (o.choices.length > L.choices) p.push(`${oat}: ${o.choices.length} choices (max ${L.choices})`);
        if (![3, 4, 10].includes(type)) p.push(`${oat}: choices only on string/integer/number options`);
        if (o.autocomplete) p.push(`${oat}: autocomplete cannot be combined with choices`);
        o.choices.forEach((c, k) => {
          if (!isObj(c) || !str(c.name) || c.name.length < 1 || c.name.length > L.choiceName) p.push(`${oat}.choices[${k}].name must be 1-${L.choiceName} chars`);
          const v = isObj(c) ? c.value : undefined;
          if (type === 3 && (!str(v) || v.length < 1 || v.length > L.choiceValue)) p.push(`${oat}.choices[${k}].value must be a string of 1-${L.choiceValue}`);
          if (type === 4 && !Number.isInteger(v)) p.push(`${oat}.choices[${k}].value must be an integer`);
        });
      }
    }
    if (o.autocomplete && ![3, 4, 10].includes(type)) p.push(`${oat}: autocomplete only on string/integer/number options`);
    if ((o.min_value !== undefined || o.max_value !== undefined) && ![4, 10].includes(type)) p.push(`${oat}: min/max_value only on numeric options`);
    if (o.channel_types !== undefined && type !== 7) p.push(`${oat}: channel_types only on channel options`);
  });
}

/** One command in a bulk overwrite (type CHAT_INPUT). */
export function checkCommand(cmd: unknown, i: number): string[] {
  const p: string[] = [];
  const at = `commands[${i}]`;
  if (!isObj(cmd)) return [`${at} is not an object`];
  const type = cmd.type === undefined ? 1 : Number(cmd.type);
  if (type !== 1) return p; // only chat-input commands are used by this bot
  checkName(at, cmd.name, p);
  checkDescription(at, cmd.description, p);
  checkOptions(at, cmd.options, p, 0);
  const dmp = cmd.default_member_permissions;
  if (dmp !== undefined && dmp !== null && !(str(dmp) && /^\d+$/.test(dmp))) p.push(`${at}.default_member_permissions must be a permission bit string`);
  for (const k of ['contexts', 'integration_types'] as const) {
    const v = cmd[k];
    if (v !== undefined && v !== null && (!Array.isArray(v) || v.some((x) => ![0, 1, 2].includes(Number(x))))) p.push(`${at}.${k} is invalid`);
  }
  const chars = countChars(cmd);
  if (chars > L.commandTotal) p.push(`${at}: ${chars} chars (max ${L.commandTotal})`);
  return p;
}

export function checkCommandList(body: unknown): string[] {
  if (!Array.isArray(body)) return ['bulk overwrite body is not an array'];
  const p: string[] = [];
  if (body.filter((c) => isObj(c) && (c.type ?? 1) === 1).length > 100) p.push('more than 100 chat-input commands');
  const names = new Set<string>();
  body.forEach((c, i) => {
    p.push(...checkCommand(c, i));
    if (isObj(c)) {
      const k = `${String(c.type ?? 1)}:${String(c.name)}`;
      if (names.has(k)) p.push(`commands[${i}]: duplicate name ${String(c.name)}`);
      names.add(k);
    }
  });
  return p;
}

/**
 * The data of a MODAL (type 9) interaction response: custom_id, title, 1-5 action
 * rows each holding exactly one text input within Discord's documented limits.
 */
export function checkModal(data: unknown): string[] {
  const p: string[] = [];
  if (!isObj(data)) return ['modal data is not an object'];
  if (!str(data.custom_id) || data.custom_id.length < 1 || data.custom_id.length > L.modalCustomId) p.push(`modal custom_id must be 1-${L.modalCustomId} chars`);
  if (!str(data.title) || data.title.length < 1 || data.title.length > L.modalTitle) p.push(`modal title must be 1-${L.modalTitle} chars (got ${str(data.title) ? data.title.length : typeof data.title})`);
  const rows = data.components;
  if (!Array.isArray(rows) || rows.length < 1 || rows.length > L.modalComponents) return [...p, `modal needs 1-${L.modalComponents} components (got ${Array.isArray(rows) ? rows.length : typeof rows})`];
  const ids = new Set<string>();
  rows.forEach((row, i) => {
    const at = `modal.components[${i}]`;
    if (!isObj(row) || row.type !== 1 || !Array.isArray(row.components) || row.components.length !== 1) return void p.push(`${at} must be an action row (type 1) holding one text input`);
    const t = row.components[0];
    if (!isObj(t) || t.type !== 4) return void p.push(`${at}.components[0] is not a text input (type 4)`);
    const tat = `${at}.components[0]`;
    if (!str(t.custom_id) || t.custom_id.length < 1 || t.custom_id.length > L.customId) p.push(`${tat}.custom_id must be 1-${L.customId} chars`);
    else if (ids.has(t.custom_id)) p.push(`${tat}.custom_id "${t.custom_id}" is duplicated`);
    else ids.add(t.custom_id);
    if (t.style !== 1 && t.style !== 2) p.push(`${tat}.style must be 1 or 2`);
    if (!str(t.label) || t.label.length < 1 || t.label.length > L.textInputLabel) p.push(`${tat}.label must be 1-${L.textInputLabel} chars (got ${str(t.label) ? t.label.length : typeof t.label})`);
    if (t.placeholder !== undefined && (!str(t.placeholder) || t.placeholder.length > L.textInputPlaceholder)) p.push(`${tat}.placeholder must be ≤ ${L.textInputPlaceholder} chars`);
    const min = t.min_length;
    const max = t.max_length;
    if (min !== undefined && (!Number.isInteger(min) || (min as number) < 0 || (min as number) > L.textInputMinLength)) p.push(`${tat}.min_length must be 0-${L.textInputMinLength}`);
    if (max !== undefined && (!Number.isInteger(max) || (max as number) < 1 || (max as number) > L.textInputMaxLength)) p.push(`${tat}.max_length must be 1-${L.textInputMaxLength}`);
    if (Number.isInteger(min) && Number.isInteger(max) && (min as number) > (max as number)) p.push(`${tat}: min_length > max_length`);
    if (t.required !== undefined && typeof t.required !== 'boolean') p.push(`${tat}.required must be a boolean`);
    if (t.value !== undefined) {
      if (!str(t.value) || t.value.length > L.textInputValue) p.push(`${tat}.value must be ≤ ${L.textInputValue} chars`);
      else if (Number.isInteger(max) && t.value.length > (max as number)) p.push(`${tat}.value is longer than its max_length`);
    }
  });
  return p;
}
