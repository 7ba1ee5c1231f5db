/** Reply → plain terminal text, with every button and select option numbered. */
import type { Reply } from '../../core/reply.js';

export interface NumberedAction {
  n: number;
  /** The action id to run (for a select option: the select id, with `value` set). */
  id: string;
  value?: string;
  label: string;
}

/** Markdown subset → plain text: drop ** and backticks, keep bullets, mentions as they are. */
export function plain(md: string): string {
  return md.replace(/\*\*(.+?)\*\*/gs, '$1').replace(/`([^`]+)`/g, '$1').replace(/(^|\s)_(\S[^_]*\S|\S)_(?=\s|$|[.,;:!?])/g, '$1$2');
}

function wrap(text: string, width: number, indent = ''): string {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    if (para.length <= width) {
      out.push(indent + para);
      continue;
    }
    const bullet = /^(\s*(?:[-•]|\d+\.)\s+)/.exec(para)?.[1] ?? '';
    let line = '';
    for (const word of para.split(' ')) {
      if ((line + ' ' + word).trim().length > width && line) {
        out.push(indent + line);
        line = ' '.repeat(bullet.length) + word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) out.push(indent + line);
  }
  return out.join('\n');
}

export function renderConsole(reply: Reply, startAt = 1, width = 78): { text: string; actions: NumberedAction[] } {
  const lines: string[] = [];
  const actions: NumberedAction[] = [];
  if (reply.cards.length === 0) lines.push(wrap(plain(reply.text), width));
  else if (reply.lead?.trim()) lines.push(wrap(plain(reply.lead), width), '');
  for (const card of reply.cards) {
    if (card.title) {
      lines.push(plain(card.title));
      lines.push('─'.repeat(Math.min(width, Math.max(8, [...plain(card.title)].length))));
    }
    if (card.body) lines.push(wrap(plain(card.body), width));
    for (const f of card.fields ?? []) {
      lines.push('');
      const label = plain(f.label).trimEnd();
      lines.push(/[.:?!…]$/.test(label) ? label : `${label}:`);
      lines.push(wrap(plain(f.value), width - 2, '  '));
    }
    if (card.footer) {
      lines.push('');
      lines.push(wrap(`(${plain(card.footer)})`, width));
    }
    lines.push('');
  }
  let n = startAt;
  for (const row of reply.actions) {
    const parts: string[] = [];
    for (const a of row) {
      if (a.kind === 'button') {
        actions.push({ n, id: a.id, label: a.label });
        parts.push(`[${n}] ${a.label}`);
        n++;
      } else {
        lines.push(`${a.placeholder}:`);
        for (const o of a.options) {
          actions.push({ n, id: a.id, value: o.value, label: o.label });
          lines.push(`  [${n}] ${o.label}`);
          n++;
        }
      }
    }
    if (parts.length) lines.push(parts.join('   '));
  }
  if (actions.length) lines.push('(type a number to press a button)');
  return { text: lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd(), actions };
}
