import { defineCommand } from '../src/core/command.js';
import { entryCard, CATEGORY_TEXT } from '../src/core/format.js';
import type { Guide } from '../src/core/guide/model.js';
import { findEntry, skillSuggestions } from '../src/core/lookup.js';
import { errorReply, type Reply } from '../src/core/reply.js';
import { truncate, SHOWN } from '../src/core/limits.js';
import { quote } from '../src/core/safe.js';

/** No name given: the guide's skills as a menu, grouped as the guide groups them. */
function browse(guide: Guide): Reply {
  const groups = (['ai-differentiator', 'shared', 'swe-centric'] as const).map((c) => ({
    c,
    skills: guide.skills.filter((s) => s.category === c),
  }));
  return {
    visibility: 'private',
    text: `The guide's ${guide.skills.length} skills; pick one, or type /skill <term> for any of ${guide.glossary.length} glossary terms.`,
    cards: [
      {
        title: '🧰 Skills in the guide',
        body: groups.map((g) => `**${CATEGORY_TEXT[g.c]}**: ${g.skills.map((s) => s.name).join(' · ')}`).join('\n\n'),
        footer: `Also ${guide.glossary.length} glossary terms: try /skill top-p, /skill bm25, /skill pgvector`,
        accent: 'info',
      },
    ],
    actions: [
      [
        {
          kind: 'select',
          id: 'skill:show',
          placeholder: 'Choose a skill',
          options: groups.flatMap((g) => g.skills).slice(0, 25).map((s) => ({ label: truncate(s.name, 75), value: s.id, description: truncate(CATEGORY_TEXT[s.category], 100) })),
        },
      ],
    ],
  };
}

export default defineCommand(() => ({
  name: 'skill',
  description: 'What a skill or AI term means, why it matters, who needs it, tools and roadmap',
  example: '/skill rag',
  shareable: true,
  options: [
    {
      name: 'name',
      type: 'string',
      description: 'A skill or term, e.g. rag, embeddings, top-p, pgvector (leave out to browse)',
      rest: true,
      autocomplete: (partial, ctx) => skillSuggestions(ctx.guide, partial),
    },
  ],
  run(input, ctx) {
    if (input.options.name === undefined) return browse(ctx.guide);
    const query = String(input.options.name);
    const hit = findEntry(ctx.guide, query);
    if (hit.kind === 'found') return entryCard(ctx.guide, hit.entry);
    const buttons = hit.candidates.map((e) => ({
      kind: 'button' as const,
      id: `skill:show:${e.id}`,
      label: truncate(e.name, SHOWN.buttonLabel),
      style: 'secondary' as const,
    }));
    if (!buttons.length)
      return errorReply(`I don't know “${quote(query)}” yet.`, '/skill rag', undefined, '/skill alone lists every skill');
    const names = hit.candidates.map((e) => `**${e.name}**`).join(', ');
    const problem = hit.kind === 'ambiguous' ? `“${quote(query)}” matches several entries: ${names}. Which one?` : `I don't know “${quote(query)}”. Did you mean ${names}?`;
    return {
      visibility: 'private',
      text: problem.replace(/\*\*/g, ''),
      cards: [{ title: hit.kind === 'ambiguous' ? 'Which one?' : 'Did you mean…', body: problem, accent: 'warning' }],
      actions: [buttons],
      error: true,
    };
  },
  actions: [
    {
      verb: 'show',
      run([id], ctx) {
        const e = id ? ctx.guide.entry(id) : undefined;
        return e ? entryCard(ctx.guide, e) : errorReply('That entry no longer exists.', '/skill rag');
      },
    },
  ],
}));
