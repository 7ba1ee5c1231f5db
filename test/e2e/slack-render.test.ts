import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SLACK_DOCS as SLACK_LIMITS } from './fake-slack/limits.js';
import { errorReply, reply, type Reply } from '../../src/core/reply.js';
import { escapeSlack, renderReply, toMrkdwn, truncateMrkdwn } from '../../src/adapters/slack/render.js';
import { validateMessage } from './fake-slack/validate.js';

const valid = (r: Reply): ReturnType<typeof renderReply> => {
  const msg = renderReply(r);
  expect(validateMessage(msg)).toEqual([]);
  return msg;
};

describe('toMrkdwn', () => {
  it('GIVEN the core markdown subset WHEN converted THEN Slack mrkdwn comes out', () => {
    expect(toMrkdwn('**bold** and _it_ and `code`')).toBe('*bold* and _it_ and `code`');
    expect(toMrkdwn('- one\n- two\n• three\n  - nested')).toBe('• one\n• two\n• three\n  • nested');
    expect(toMrkdwn('para\n\npara 2')).toBe('para\n\npara 2');
  });

  it('GIVEN & < > WHEN converted THEN they are escaped, mentions are not', () => {
    expect(toMrkdwn('R&D <b> a>b <@U123ABC> <#C42|eng> <!here>')).toBe(
      'R&amp;D &lt;b&gt; a&gt;b <@U123ABC> <#C42|eng> <!here>',
    );
    expect(escapeSlack('<@U1>&<@U2>')).toBe('<@U1>&amp;<@U2>');
  });

  it('GIVEN ** inside a code span WHEN converted THEN it is left alone, but still escaped', () => {
    expect(toMrkdwn('`a**b**c <x>` and **y**')).toBe('`a**b**c &lt;x&gt;` and *y*');
  });

  it('GIVEN text cut in the middle of an entity WHEN truncated THEN no half entity or mention remains', () => {
    const t = `${'a'.repeat(8)}&amp;bbb`;
    expect(truncateMrkdwn(t, 11)).toBe(`${'a'.repeat(8)}…`);
    expect(truncateMrkdwn(`xx <@U12345678> yy`, 8)).toBe('xx …');
  });
});

describe('renderReply', () => {
  it('GIVEN a card with title, body, fields and footer THEN header, section, fields section and context', () => {
    const msg = valid(reply({
      visibility: 'public',
      text: 'Salary: AI engineer',
      cards: [{
        title: 'AI Engineer — senior',
        body: '**Base** band for _2026_:\n- US: `$180k–$240k`',
        fields: [{ label: 'Base', value: '$200k', inline: true }, { label: 'Total', value: '$300k', inline: true }],
        footer: 'Source: guide & surveys',
      }],
    }));
    expect(msg.text).toBe('Salary: AI engineer');
    expect(msg.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    expect(msg.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*Base* band for _2026_:\n• US: `$180k–$240k`' } });
    expect(msg.blocks[2]).toEqual({
      type: 'section',
      fields: [{ type: 'mrkdwn', text: '*Base*\n$200k' }, { type: 'mrkdwn', text: '*Total*\n$300k' }],
    });
    expect(msg.blocks[3]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Source: guide &amp; surveys' }] });
  });

  it('GIVEN buttons THEN the core id is action_id and value; styles map to primary/danger only', () => {
    const msg = valid(reply({
      text: 'q',
      actions: [[
        { kind: 'button', id: 'quiz:a:r1:0', label: 'A', style: 'primary' },
        { kind: 'button', id: 'quiz:a:r1:1', label: 'B', style: 'success' },
        { kind: 'button', id: 'quiz:a:r1:2', label: 'C', style: 'secondary' },
        { kind: 'button', id: 'quiz:a:r1:3', label: 'D', style: 'danger' },
      ]],
    }));
    const els = (msg.blocks[0] as { elements: { action_id: string; value: string; style?: string }[] }).elements;
    expect(els.map((e) => [e.action_id, e.value, e.style])).toEqual([
      ['quiz:a:r1:0', 'quiz:a:r1:0', 'primary'],
      ['quiz:a:r1:1', 'quiz:a:r1:1', 'primary'],
      ['quiz:a:r1:2', 'quiz:a:r1:2', undefined],
      ['quiz:a:r1:3', 'quiz:a:r1:3', 'danger'],
    ]);
  });

  it('GIVEN the same action id twice THEN action_ids are made unique and value keeps the id', () => {
    const msg = valid(reply({
      text: 'dup',
      actions: [[{ kind: 'button', id: 'skill:show:rag', label: 'RAG' }, { kind: 'button', id: 'skill:show:rag', label: 'RAG again' }]],
    }));
    const els = (msg.blocks[0] as { elements: { action_id: string; value: string }[] }).elements;
    expect(els[0]?.action_id).not.toBe(els[1]?.action_id);
    expect(els.every((e) => e.value === 'skill:show:rag')).toBe(true);
  });

  it('GIVEN a select menu THEN a static_select with the prefix as action_id', () => {
    const msg = valid(reply({
      text: 'pick',
      actions: [[{ kind: 'select', id: 'skill:pick', placeholder: 'Did you mean…', options: [
        { label: 'RAG', value: 'rag', description: 'Retrieval-augmented generation' },
        { label: 'Too long', value: 'x'.repeat(SLACK_LIMITS.optionValue + 1) },
      ] }]],
    }));
    const sel = (msg.blocks[0] as { elements: { type: string; action_id: string; options: unknown[] }[] }).elements[0];
    expect(sel?.type).toBe('static_select');
    expect(sel?.action_id).toBe('skill:pick');
    expect(sel?.options).toHaveLength(1); // the option whose value cannot be cut is dropped, not sent invalid
  });

  it('GIVEN oversize everything THEN every limit holds and nothing is invalid', () => {
    const big = 'x'.repeat(10_000);
    const msg = valid({
      visibility: 'public',
      text: big.repeat(5),
      cards: Array.from({ length: 30 }, (_, i) => ({
        title: `${i} ${big}`,
        body: `${big}\n\n${'y & z '.repeat(2000)}`,
        fields: Array.from({ length: 23 }, (_, j) => ({ label: `${j}${big}`, value: `<@U1> ${big}`, inline: j % 7 !== 0 })),
        footer: big,
      })),
      actions: [
        Array.from({ length: 30 }, (_, i) => ({ kind: 'button' as const, id: `quiz:a:r:${i}`, label: big })),
        [{ kind: 'select', id: 'skill:pick', placeholder: big, options: Array.from({ length: 150 }, (_, i) => ({ label: big, value: `v${i}` })) }],
      ],
    });
    expect(msg.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    // buttons survive the cut: 30 buttons -> 2 actions blocks, plus the select
    expect(msg.blocks.filter((b) => b.type === 'actions')).toHaveLength(3);
    expect(msg.blocks.some((b) => b.type === 'context' && JSON.stringify(b).includes('shortened'))).toBe(true);
  });

  it('GIVEN an error reply and an empty text THEN still a valid message with fallback text', () => {
    valid(errorReply('Unknown level "wizard".', '/salary ai senior'));
    const msg = valid({ visibility: 'private', text: '', cards: [{ title: 'Only a title' }], actions: [] });
    expect(msg.text).toBe('Only a title');
  });

  it('GIVEN the renderer source THEN it imports no SDK (pure: core types and limits only)', () => {
    const src = readFileSync(new URL('../../src/adapters/slack/render.ts', import.meta.url), 'utf8');
    const imports = [...src.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.every((p) => p?.startsWith('../../core/'))).toBe(true);
  });
});

describe('validateMessage (the fake Slack’s checker)', () => {
  it('flags each limit', () => {
    const v = validateMessage({
      text: 'a<b',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
        { type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } },
        { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
        { type: 'actions', elements: [
          { type: 'button', action_id: 'same', text: { type: 'plain_text', text: 'b'.repeat(76) }, value: 'v'.repeat(2001) },
          { type: 'button', action_id: 'same', text: { type: 'plain_text', text: 'ok' } },
        ] },
        { type: 'actions', elements: Array.from({ length: 26 }, (_, i) => ({ type: 'button', action_id: `a${i}`.padEnd(256, 'x'), text: { type: 'plain_text', text: 'x' } })) },
        ...Array.from({ length: 46 }, () => ({ type: 'divider' })),
      ],
    });
    const joined = v.join('\n');
    for (const needle of ['unescaped "<"', '> 50', '151 chars > 150', '3001 chars > 3000', '11 > 10', '76 chars > 75', '2001 chars > 2000', 'duplicate same', '26 > 25', '256 chars > 255']) {
      expect(joined).toContain(needle);
    }
  });
});
