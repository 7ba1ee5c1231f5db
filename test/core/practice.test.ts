/**
 * Personal spaced-repetition practice (issue 15), driven through the console as
 * a member would: items missed in a channel quiz come back in /practice the next
 * day; answering them right pushes them out; a double click grades once; the
 * leaderboard does not move.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { consoleSession, type ConsoleSession } from '../helpers/console.js';
import type { QuizItem } from '../../src/core/guide/model.js';

const DAY = 86_400_000;
const flat = (t: string) => t.replace(/\s+/g, ' ');
let s: ConsoleSession;
afterEach(async () => {
  await s.cleanup();
});

/** The quiz item a printed question shows, and the letters of its right and a wrong answer as printed. */
function shown(out: string): { item: QuizItem; right: string; wrong: string } {
  const text = flat(out);
  const item = s.bot.guide.quizItems.find((q) => text.includes(flat(q.question)));
  if (!item) throw new Error(`no quiz item in:\n${out}`);
  // The options as printed: "A. text B. text …" (flattened), each up to the next letter or the footer.
  const marks = [...text.matchAll(/(?:^| )([A-D])\. /g)];
  const options = marks.map((m, i) => ({ letter: m[1]!, text: text.slice(m.index! + m[0].length, marks[i + 1]?.index ?? text.length) }));
  const letterOf = (optText: string) => {
    const t = flat(optText);
    return (options.find((o) => o.text.trim() === t) ?? options.find((o) => o.text.startsWith(`${t} (`) || o.text.startsWith(`${t} [`)))?.letter;
  };
  const right = letterOf(item.options.find((o) => o.correct)!.text)!;
  const wrong = letterOf(item.options.find((o) => !o.correct)!.text)!;
  return { item, right, wrong };
}

describe('/practice', () => {
  it('GIVEN two quiz items missed in a channel quiz WHEN the member practises the next day THEN both come back first; answered right, they leave the due list for days', async () => {
    s = await consoleSession();
    const started = await s.type('/quiz questions:2 seconds:10');
    const missed: string[] = [];
    let question = started;
    for (let k = 1; k <= 2; k++) {
      const q = shown(question);
      missed.push(q.item.id);
      expect(await s.type(s.button(question, q.wrong))).toContain(`you answered ${q.wrong}`);
      s.clock.advance(10_000);
      await s.bot.tick(); // reveal
      s.clock.advance(3_000);
      await s.bot.tick(); // the next question
      question = s.drain();
      question = question.slice(question.lastIndexOf('❓')); // the next question, not the reveal before it
    }
    const board = await s.type('/leaderboard');
    expect(board).toMatch(/@ada — 0 right of 2/);

    s.clock.advance(DAY + 60_000);
    let out = await s.type('/practice');
    expect(flat(out)).toContain('2 items due now');
    const back: string[] = [];
    for (let k = 0; k < 2; k++) {
      expect(out).toContain('Due for review');
      const q = shown(out);
      back.push(q.item.id);
      const fb = await s.type(s.button(out, q.right));
      expect(fb).toContain(`Right — ${q.right}`);
      expect(flat(fb)).toContain(flat(q.item.explanation).slice(0, 40));
      expect(fb).toMatch(/Comes back in \d+ days/);
      out = await s.type(s.button(fb, 'Next'));
    }
    expect(back.sort()).toEqual([...missed].sort());
    // Both answered right: nothing is due, the next one is days away, and new items fill the session.
    expect(flat(out)).toMatch(/0 items due now · next due in \d+ days/);
    expect(out).toContain('A new item for you');
    const cards = await s.store.practiceCards({ platform: 'console', workspaceId: 'console', userId: 'ada' });
    const now = s.clock.now().getTime();
    for (const id of missed) expect(cards.find((c) => c.itemId === id)!.due).toBeGreaterThan(now + DAY);

    // Practice never counts on the leaderboard.
    expect(await s.type('/leaderboard')).toMatch(/@ada — 0 right of 2/);
  });

  it('a double click on an answer grades once; a wrong answer comes back the next day; another member cannot answer it', async () => {
    s = await consoleSession();
    const out = await s.type('/practice rag');
    expect(out).toContain('RAG and retrieval');
    const q = shown(out);
    expect(q.item.topic).toBe('rag');
    const first = await s.type(s.button(out, q.wrong));
    expect(first).toContain(`Not quite — the answer is ${q.right}`);
    expect(first).toContain('Comes back in 24 h');
    const second = await s.type(s.button(out, q.right));
    expect(second).toContain(`You already answered this one (${q.wrong})`);
    expect(await s.store.practiceReviewCount({ platform: 'console', workspaceId: 'console', userId: 'ada' })).toBe(1);
    await s.type('/as bob');
    expect(await s.type(s.button(out, q.right))).toMatch(/not yours/);
    await s.type('/as ada');
    s.clock.advance(DAY);
    const next = await s.type('/practice rag');
    expect(flat(next)).toContain('1 item due now');
    expect(shown(next).item.id).toBe(q.item.id);
  });

  it('a session takes a few new items, then ends saying how many are due and when the next is', async () => {
    s = await consoleSession();
    let out = await s.type('/practice');
    for (let k = 0; k < 3; k++) {
      expect(out).toContain(`Practice ${k + 1}/5`);
      const fb = await s.type(s.button(out, shown(out).wrong));
      out = await s.type(s.button(fb, 'Next'));
    }
    expect(flat(out)).toMatch(/Session done: 3 questions\. 0 items due now · next due in 24 h/);
  });
});
