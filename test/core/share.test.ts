/**
 * Issue 10, item 11: "Post to channel" is on every shareable card however it was
 * reached (a command, did-you-mean, Related, the skill menu, track and phase
 * buttons, the FAQ menu, Another question), and it posts that same card.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestBot, scope, type TestBot } from '../helpers/bot.js';
import type { Reply } from '../../src/core/reply.js';

let tb: TestBot;
beforeAll(async () => {
  tb = await makeTestBot();
});
afterAll(async () => {
  await tb.cleanup();
});
const me = scope();
const shareButton = (r: Reply) => r.actions.flat().find((a) => a.kind === 'button' && a.label === 'Post to channel');
const button = (r: Reply, pred: (id: string) => boolean) => r.actions.flat().find((a) => pred(a.id))!.id;

async function expectShareable(r: Reply, what: string): Promise<void> {
  expect(r.visibility, what).toBe('private');
  const b = shareButton(r);
  expect(b, `${what}: no Post to channel`).toBeDefined();
  const posted = await tb.bot.runAction(b!.id, me);
  expect(posted.visibility, what).toBe('public');
  expect(posted.cards[0]?.title, what).toBe(r.cards[0]?.title);
  expect(shareButton(posted), `${what}: a posted card has no share button`).toBeUndefined();
}

describe('Post to channel, however a card was reached', () => {
  it('did-you-mean → a suggestion', async () => {
    const dym = await tb.bot.runText('/skill promt enginering', me);
    expect(shareButton(dym)).toBeUndefined(); // the question back is not shareable
    await expectShareable(await tb.bot.runAction(button(dym, (id) => id.startsWith('skill:show:')), me), 'did-you-mean');
  });

  it('a Related button', async () => {
    const card = await tb.bot.runText('/skill rag', me);
    await expectShareable(await tb.bot.runAction(button(card, (id) => id.startsWith('skill:show:')), me), 'related');
  });

  it('the skill menu', async () => {
    const menu = await tb.bot.runText('/skill', me);
    await expectShareable(await tb.bot.runAction('skill:show', me, 'vector-databases'), 'skill menu');
    expect(menu.actions.flat()[0]!.kind).toBe('select');
  });

  it('track, phase and FAQ buttons', async () => {
    await expectShareable(await tb.bot.runAction(button(await tb.bot.runText('/career', me), (id) => id.startsWith('career:track:')), me), 'career track');
    await expectShareable(await tb.bot.runAction(button(await tb.bot.runText('/roadmap', me), (id) => id.startsWith('roadmap:phase:')), me), 'roadmap phase');
    await expectShareable(await tb.bot.runAction('faq:show', me, tb.bot.guide.faq[0]!.id), 'faq menu');
  });

  it('Another question, and the shared card is the same question (not a new draw)', async () => {
    const first = await tb.bot.runText('/interview rag', me);
    await expectShareable(first, '/interview');
    const reveal = (r: Reply) => button(r, (id) => id.startsWith('interview:reveal:'));
    const posted = await tb.bot.runAction(shareButton(first)!.id, me);
    expect(reveal(posted)).toBe(reveal(first));
    const next = await tb.bot.runAction(button(first, (id) => id.startsWith('interview:next:')), me);
    await expectShareable(next, 'another question');
    expect(reveal(await tb.bot.runAction(shareButton(next)!.id, me))).toBe(reveal(next));
  });

  it('a forged share of something that is not shareable is refused', async () => {
    for (const id of ['pub:quiz:a:x:1', 'pub:daily:set', 'pub:reports:resolve:quiz:x', 'pub:nope:x']) {
      const r = await tb.bot.runAction(id, me);
      expect(r.visibility, id).toBe('private');
      expect(r.error, id).toBe(true);
    }
  });
});
