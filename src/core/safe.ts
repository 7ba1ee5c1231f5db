/**
 * User-typed text made safe to repeat in a reply, on every platform.
 *
 * Whatever a member typed can reach a reply (an error that quotes a bad value,
 * a search that found nothing), and a reply can be public. So anything a reply
 * repeats goes through quote(): one line, cut short, Slack's escaped entities
 * shown as the user saw them (<!channel> → @channel, <@U1|ada> → @ada), and
 * nothing left that a platform would turn into a ping, a link or formatting:
 * - @everyone / @here / @channel get a zero-width space after the @;
 * - any remaining <@…>, <#…>, <!…> or <@&…> gets one after the <;
 * - ` * ~ | become look-alikes, so a quote cannot close a code span or start
 *   bold, strikethrough or a spoiler; "](" is split so no masked link forms.
 * The only mention the bot ever sends is the one an admin configured for a
 * daily post; that one is stored by /daily set, never quoted from free text.
 */
import { truncate } from './limits.js';

const ZWSP = '\u200b';

/** Longest echo of a user's text in a reply. */
export const ECHO_MAX = 60;

/** Slack's escaped entities (and Discord's mention syntax) → what the user saw, as plain text. */
export function unwrapEntities(text: string): string {
  return text
    .replace(/<!(channel|here|everyone)(?:\|[^<>]*)?>/gi, '@$1')
    .replace(/<!subteam\^[A-Za-z0-9]+(?:\|([^<>]*))?>/g, (_, label: string | undefined) => (label ? (label.startsWith('@') ? label : `@${label}`) : '@group'))
    .replace(/<!date\^[^|<>]*(?:\|([^<>]*))?>/g, (_, label: string | undefined) => label ?? 'a date')
    .replace(/<@([A-Z0-9]+)(?:\|([^<>]*))?>/g, (_, id: string, name: string | undefined) => `@${name || id}`)
    .replace(/<@[!&]?(\d+)>/g, '@$1')
    .replace(/<#([A-Za-z0-9]+)(?:\|([^<>]*))?>/g, (_, id: string, name: string | undefined) => `#${name || id}`)
    .replace(/<((?:https?|mailto):[^|<>]+)(?:\|([^<>]*))?>/g, (_, url: string, label: string | undefined) => label || url);
}

/** Nothing in `text` can ping, link or format any more (it still reads the same). */
export function neutralise(text: string): string {
  return text
    .replace(/@(everyone|here|channel)/gi, `@${ZWSP}$1`)
    .replace(/<([@#!&])/g, `<${ZWSP}$1`)
    .replace(/`/g, 'ˋ')
    .replace(/\*/g, '∗')
    .replace(/~/g, '∼')
    .replace(/\|/g, 'ǀ')
    .replace(/\]\(/g, `]${ZWSP}(`);
}

/** User text as a reply may repeat it: one line, at most `max` characters, inert everywhere. */
export function quote(text: string, max = ECHO_MAX): string {
  const line = [...unwrapEntities(String(text))]
    .map((c) => (isControl(c) ? ' ' : c))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return neutralise(truncate(line, max));
}

function isControl(c: string): boolean {
  const n = c.codePointAt(0)!;
  return n < 0x20 || n === 0x7f || n === 0x2028 || n === 0x2029;
}
