import { defineCommand } from '../src/core/command.js';
import { entryCard } from '../src/core/format.js';
import { findEntry, skillSuggestions } from '../src/core/lookup.js';
import { errorReply } from '../src/core/reply.js';
import { truncate, SHOWN } from '../src/core/limits.js';

export default defineCommand(() => ({
  name: 'skill',
  description: 'What a skill or AI term means, why it matters, who needs it, tools and roadmap',
  example: '/skill rag',
  shareable: true,
  options: [
    {
      name: 'name',
      type: 'string',
      description: 'A skill or term, e.g. rag, embeddings, top-p, pgvector',
      required: true,
      rest: true,
      autocomplete: (partial, ctx) => skillSuggestions(ctx.guide, partial),
    },
  ],
  run(input, ctx) {
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
      return errorReply(`I don't know “${query}” yet.`, '/skill rag', 'Try a skill from the guide (rag, vector databases, prompt engineering, llmops…) or a term like top-p, bm25 or reranking.');
    const names = hit.candidates.map((e) => `**${e.name}**`).join(', ');
    const problem = hit.kind === 'ambiguous' ? `“${query}” matches several entries: ${names}. Which one?` : `I don't know “${query}”. Did you mean ${names}?`;
    return {
      visibility: 'private',
      text: problem.replace(/\*\*/g, ''),
      cards: [{ title: hit.kind === 'ambiguous' ? 'Which one?' : 'Did you mean…', body: problem, accent: 'warning' }],
      actions: [buttons],
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
