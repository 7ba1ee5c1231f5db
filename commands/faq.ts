import { defineCommand } from '../src/core/command.js';
import type { FaqEntry } from '../src/core/guide/model.js';
import { faqIndex } from '../src/core/lookup.js';
import { truncate, SHOWN } from '../src/core/limits.js';
import type { Reply } from '../src/core/reply.js';
import { quote } from '../src/core/safe.js';

function answer(f: FaqEntry, more: FaqEntry[] = []): Reply {
  return {
    visibility: 'private',
    text: f.question,
    cards: [{ title: `❔ ${truncate(f.question, SHOWN.cardTitle - 2)}`, body: f.answer, footer: 'From the guide’s FAQ · /faq lists every question', accent: 'info' }],
    actions: more.length
      ? [more.slice(0, 5).map((m) => ({ kind: 'button' as const, id: `faq:show:${m.id}`, label: truncate(m.question, SHOWN.buttonLabel), style: 'secondary' as const }))]
      : [],
    share: `faq:show:${f.id}`,
  };
}

export default defineCommand(() => ({
  name: 'faq',
  description: 'Frequently asked questions about AI vs Software Engineering; search by words',
  example: '/faq which pays more',
  shareable: true,
  options: [
    {
      name: 'query',
      type: 'string',
      description: 'Words to search for, e.g. salary, transition, education',
      rest: true,
      maxLength: 200,
      autocomplete: (partial, ctx) =>
        faqIndex(ctx.guide)
          .rank(partial, 25)
          .map((r) => ({ name: truncate(r.item.question, SHOWN.choiceName), value: r.item.id })),
    },
  ],
  run(input, ctx) {
    const g = ctx.guide;
    const q = input.options.query as string | undefined;
    if (q) {
      const byId = g.faq.find((f) => f.id === q);
      if (byId) return answer(byId);
      const ranked = faqIndex(g).rank(q, 4);
      const words = q.toLowerCase().split(/\s+/).filter((w) => w.length > 2);
      // Multi-word questions: rank by how many query words the entry contains.
      const scored = ranked.length
        ? ranked.map((r) => r.item)
        : g.faq
            .map((f) => ({ f, n: words.filter((w) => `${f.question} ${f.answer} ${f.keywords.join(' ')}`.toLowerCase().includes(w)).length }))
            .filter((x) => x.n > 0)
            .sort((a, b) => b.n - a.n)
            .map((x) => x.f);
      const [best, ...rest] = scored;
      if (best) return answer(best, rest.slice(0, 3));
    }
    return {
      visibility: 'private',
      text: q ? `No FAQ matches “${quote(q)}”. Here are all the questions.` : 'Frequently asked questions',
      cards: [
        {
          title: '❔ Frequently asked questions',
          body: `${q ? `Nothing matched “${quote(q)}”. ` : ''}Pick a question:\n${g.faq.map((f, i) => `${i + 1}. ${f.question}`).join('\n')}`,
          accent: q ? 'warning' : 'info',
        },
      ],
      actions: [
        [
          {
            kind: 'select',
            id: 'faq:show',
            placeholder: 'Choose a question',
            options: g.faq.slice(0, 25).map((f) => ({ label: truncate(f.question, 75), value: f.id })),
          },
        ],
      ],
      // Nothing matched: a question back to the user, so it stays private.
      error: q ? true : undefined,
    };
  },
  actions: [
    {
      verb: 'show',
      run([id], ctx) {
        const f = ctx.guide.faq.find((x) => x.id === id);
        return f ? answer(f) : { visibility: 'private', text: 'That question is no longer in the FAQ; see /faq.', cards: [], actions: [] };
      },
    },
  ],
}));
