/**
 * Issue 10, item 14: the text users read. One spelling convention (US, as the
 * guide uses) in everything shown; no doubled words or punctuation; the same
 * phase names everywhere /roadmap is shown or accepted; medals only for people
 * who got something right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestBot, scope, seedAnswer, type TestBot } from '../helpers/bot.js';
import { renderConsole } from '../../src/adapters/console/render.js';
import type { Reply } from '../../src/core/reply.js';

let tb: TestBot;
beforeAll(async () => {
  tb = await makeTestBot();
});
afterAll(async () => {
  await tb.cleanup();
});

/** Every string value of the guide that is shown to users (ids and search aliases are not). */
function shownStrings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => shownStrings(v, `${path}.${i}`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      /^(id|ids|aliases|keywords|related|roadmap_steps|phase|role|level|topic|kind|category|source|difficulty|requirement|nature|currency|generated|ours)$/.test(k) ? [] : shownStrings(v, path ? `${path}.${k}` : k),
    );
  }
  return [];
}

const ISE_OK = new Set(
  'advise advised advises advising advertise advertised advertising arise arises arising comprise comprised comprises comprising compromise compromised compromises concise despise devise devised devising disguise disguised enterprise enterprises excise exercise exercised exercises expertise franchise improvise improvised improvisation merchandise noise noises otherwise paradise praise praised precise premise premises promise promised promises raise raised raises raising revise revised revises revising rise rises rising supervise supervised supervising supervisor supervisors surmise surprise surprised surprises surprising televise wise likewise clockwise pairwise stepwise piecewise elementwise poise treatise demise cruise bruise reprise incise anise chemise noisier chastise chastised promising disable'.split(' '),
);
const OUR_OK = new Set('our ours your yours four fours hour hours pour pours poured pouring tour tours toured touring flour sour detour detours contour contours devour devours course courses'.split(' '));

/** British spellings, one reason each. */
function britishSpellings(text: string): string[] {
  const bad: string[] = [];
  for (const m of text.matchAll(/\b[A-Za-z]+is(?:e|es|ed|ing|ation|ations|ational|ationally|er|ers|able|ability)\b/g)) if (!ISE_OK.has(m[0].toLowerCase())) bad.push(m[0]);
  for (const m of text.matchAll(/\b[A-Za-z]*[a-z]our(?:s|al|ed|ing|ite|ites|able)?\b/g)) if (!OUR_OK.has(m[0].toLowerCase())) bad.push(m[0]);
  for (const m of text.matchAll(/\b[A-Za-z]*(?:label|model|cancel|travel|fuel|level|signal|tunnel|channel|marshal|total|equal|dial|funnel|panel|rival|shovel|swivel)l(?:ed|ing|er|ers)\b/gi)) bad.push(m[0]);
  for (const m of text.matchAll(/\b[A-Za-z]*(?:centr|theatr|fibr|litr|calibr|lustr|sombr|meagr)e[sd]?\b/gi)) bad.push(m[0]);
  for (const m of text.matchAll(/\b(?:catalogue[sd]?|analogue|programmes?|licences?|defences?|offences?|practis(?:e|ed|es|ing)|whilst|amongst|learnt|spelt|grey|ageing|judgements?|artefacts?|sceptic\w*|enquir\w*|fulfil|enrol|instalments?|skilful|wilful|analys(?:e|ed|es|ing)|paralys(?:e|ed|es|ing)|catalys(?:e|ed|es|ing)|maths)\b/gi)) bad.push(m[0]);
  return bad;
}

async function everyReply(): Promise<[string, Reply][]> {
  const me = scope();
  const out: [string, Reply][] = [];
  const lines = ['/help', ...tb.bot.commands().map((c) => `/help ${c.name}`), '/salary', '/salary ai senior', '/salary senior', '/compare', '/compare work', '/compare skills', '/roadmap', '/roadmap 1', '/roadmap 2', '/roadmap 3', '/career', '/dayinlife', '/faq', '/skill'];
  for (const c of tb.bot.guide.tracks) lines.push(`/career ${c.id}`);
  for (const e of tb.bot.guide.entries) lines.push(`/skill ${e.id}`);
  for (const l of lines) out.push([l, await tb.bot.runText(l, me)]);
  return out;
}

const text = (r: Reply) => [r.text, r.lead ?? '', ...r.cards.flatMap((c) => [c.title ?? '', c.body ?? '', c.footer ?? '', ...(c.fields ?? []).flatMap((f) => [f.label, f.value])])].join('\n');

describe('one spelling convention (US), as the guide uses', () => {
  it('in the guide data shown to users', () => {
    const g = tb.bot.guide;
    const all = [
      ...shownStrings({ roles: g.roles, contrast: g.contrast, sharedFoundation: g.sharedFoundation, verdict: g.verdict }, 'roles'),
      ...shownStrings(g.salaries, 'salaries'),
      ...shownStrings(g.skills, 'skills'),
      ...shownStrings(g.glossary, 'glossary'),
      ...shownStrings(g.tracks, 'tracks'),
      ...shownStrings(g.tracksData, 'tracksData'),
      ...shownStrings(g.roadmap, 'roadmap'),
      ...shownStrings(g.days, 'days'),
      ...shownStrings(g.faq, 'faq'),
      ...shownStrings(g.interviewQuestions, 'interview'),
      ...shownStrings(g.quizItems, 'quiz'),
    ];
    const bad = all.flatMap(([path, t]) => britishSpellings(t).map((w) => `${path}: ${w}`));
    expect(bad).toEqual([]);
  });

  it('in what every command says (descriptions, help, cards)', async () => {
    const bad: string[] = [];
    for (const c of tb.bot.commands()) {
      for (const t of [c.description, ...(c.options ?? []).map((o) => o.description), ...(c.subcommands ?? []).flatMap((s) => [s.description, ...s.options.map((o) => o.description)])])
        for (const w of britishSpellings(t)) bad.push(`/${c.name}: ${w}`);
    }
    for (const [line, r] of await everyReply()) for (const w of britishSpellings(text(r))) bad.push(`${line}: ${w}`);
    expect([...new Set(bad)]).toEqual([]);
  });
});

describe('no doubled words or punctuation', () => {
  it('in any reply, as the console shows it', async () => {
    const bad: string[] = [];
    for (const [line, r] of await everyReply()) {
      const shown = renderConsole(r).text;
      for (const m of shown.matchAll(/([.:;,!?…])\s*\1|…[:.]|\b(\w+)\s+\2\b/gi)) if (!/^\d/.test(m[0])) bad.push(`${line}: "${m[0]}"`);
      // A label that repeats the first words of its own value: "Evaluation is not optional: Evaluation cannot…"
      for (const c of r.cards) for (const f of c.fields ?? []) if (f.value.split(/\s+/)[0]!.toLowerCase() === f.label.split(/\s+/)[0]!.toLowerCase() && f.label.split(/\s+/).length > 2) bad.push(`${line}: field "${f.label}" / "${f.value.slice(0, 30)}"`);
    }
    expect(bad).toEqual([]);
  });

  it('/help says "admins" once per command', async () => {
    const help = text(await tb.bot.runText('/help', scope()));
    for (const line of help.split('\n')) expect((line.match(/admin/gi) ?? []).length, line).toBeLessThanOrEqual(1);
    const daily = text(await tb.bot.runText('/help daily', scope()));
    expect((daily.match(/admins/gi) ?? []).length).toBeLessThanOrEqual(1);
  });
});

describe('phase names', () => {
  it('every place a roadmap phase is named uses the same "Phase N: Name", and /roadmap accepts each', async () => {
    const shown = new Set<string>();
    for (const [, r] of await everyReply()) for (const m of text(r).matchAll(/Phase (\d)\s*[:·]\s*([A-Z][A-Za-z ]+?)(?=\s*[(·,\n]|$)/g)) shown.add(`Phase ${m[1]}: ${m[2]!.trim()}`);
    for (const q of tb.bot.guide.quizItems) for (const m of `${q.question} ${q.options.map((o) => o.text).join(' ')} ${q.explanation}`.matchAll(/Phase (\d)\s*[:·]\s*([A-Z][A-Za-z ]+?)(?=\s*[(·,.\n]|$)/g)) shown.add(`Phase ${m[1]}: ${m[2]!.trim()}`);
    const canonical = tb.bot.guide.roadmap.phases.map((p) => `Phase ${p.number}: ${p.name}`);
    expect([...shown].filter((s) => !canonical.includes(s))).toEqual([]);
    expect([...shown].sort()).toEqual([...canonical].sort());
    // Separators too: never "Phase 2 · Core Patterns".
    for (const [line, r] of await everyReply()) expect(text(r), line).not.toMatch(/Phase \d ·/);
    for (const p of tb.bot.guide.roadmap.phases)
      for (const name of [p.name, `phase ${p.number}`, String(p.number), `Phase ${p.number}: ${p.name}`]) {
        const r = await tb.bot.runText(`/roadmap ${name}`, scope());
        expect(r.error, `/roadmap ${name}`).toBeFalsy();
        expect(r.cards[0]?.title, `/roadmap ${name}`).toContain(`Phase ${p.number}: ${p.name}`);
      }
  });

  it('the name the guide gives phase 3 in its text ("Portfolio and Job Search") is accepted too', async () => {
    const r = await tb.bot.runText('/roadmap portfolio and job search', scope());
    expect(r.cards[0]?.title).toContain('Phase 3');
  });
});

describe('leaderboard medals', () => {
  it('no medal for someone with 0 right', async () => {
    const { QuizService } = await import('../../src/core/quiz.js');
    void QuizService;
    const store = tb.store;
    void store;
    for (const [i, user, correct] of [[1, 'ann', true], [2, 'ben', true], [3, 'cat', false]] as const)
      await seedAnswer(tb, { platform: 'console', workspaceId: 'medals', round: `medal-r${i}`, userId: user, userName: user, correct });
    const board = text(await tb.bot.runText('/leaderboard', scope({ workspaceId: 'medals' })));
    expect(board).toMatch(/🥇 @ann/);
    expect(board).toMatch(/🥈 @ben/);
    expect(board).not.toContain('🥉');
    expect(board).toMatch(/@cat — \*\*0\*\* right of 1/);
  });
});
