/**
 * Reads a quiz or practice question off a rendered message the way a member
 * would: which guide item it shows, and the letters of its right and of a wrong
 * option as printed ("**A.** text" on Discord, "*A.* text" on Slack).
 */
import type { Guide, QuizItem } from '../../src/core/guide/model.js';

const flat = (t: string): string => t.replace(/\\([*_~`>|])/g, '$1').replace(/\s+/g, ' ').trim();

export function readQuestion(guide: Guide, shown: string): { item: QuizItem; right: string; wrong: string; letters: string[] } {
  const text = flat(shown);
  const item = guide.quizItems.find((q) => text.includes(flat(q.question)));
  if (!item) throw new Error(`no quiz item of the guide in:\n${shown}`);
  const options = [...shown.matchAll(/^\*{1,2}([A-D])\.\*{1,2} (.+)$/gm)].map((m) => ({ letter: m[1]!, text: flat(m[2]!) }));
  const letterOf = (optText: string): string | undefined => {
    const t = flat(optText);
    return (options.find((o) => o.text === t) ?? options.find((o) => o.text.startsWith(t.slice(0, 40))))?.letter;
  };
  const right = letterOf(item.options.find((o) => o.correct)!.text);
  const wrong = letterOf(item.options.find((o) => !o.correct)!.text);
  if (!right || !wrong) throw new Error(`options of ${item.id} not found as printed in:\n${shown}`);
  return { item, right, wrong, letters: options.map((o) => o.letter) };
}
