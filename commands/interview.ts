import { reportAction } from '../src/core/report.js';
import { defineCommand } from '../src/core/command.js';
import type { InterviewQuestion } from '../src/core/guide/model.js';
import { errorReply, type Reply } from '../src/core/reply.js';
import { bullets } from '../src/core/format.js';
import { topicLabel, levelLabel } from '../src/core/labels.js';
import { TOPIC_CHOICES, LEVEL_CHOICES } from '../src/core/topics.js';
import { truncate } from '../src/core/limits.js';
import { outlineSource, pickQuestion as pick } from '../src/core/interview.js';

function questionReply(q: InterviewQuestion, again: string): Reply {
  const [, , topic = 'any', level = 'any'] = again.split(':');
  return {
    // The exact question, so "Post to channel" posts this one rather than a new draw.
    share: `interview:show:${q.id}:${topic}:${level}`,
    visibility: 'private',
    text: `Interview question: ${truncate(q.question, 200)}`,
    cards: [
      {
        title: '🎤 Interview question',
        body: `**${q.question}**`,
        fields: [
          { label: 'Topic', value: topicLabel(q.topic), inline: true },
          { label: 'Level', value: levelLabel(q.level), inline: true },
          { label: `What the interviewer is testing${q.source === 'guide' && q.ours.includes('tests') ? ' (careerbot’s note)' : ''}`, value: q.tests },
        ],
        footer:
          q.source === 'guide'
            ? `Question${q.ours.includes('tests') ? '' : ' and what it tests'} from the guide · think first, then reveal the strong answer`
            : 'Think it through, then reveal the strong answer',
        accent: 'info',
      },
    ],
    actions: [
      [
        { kind: 'button', id: `interview:reveal:${q.id}`, label: 'Show strong answer', style: 'primary' },
        { kind: 'button', id: again, label: 'Another question', style: 'secondary' },
      ],
    ],
  };
}

export function strongAnswer(q: InterviewQuestion): Reply {
  // On the guide's own questions, say which parts careerbot added.
  const ours = (part: 'pitfalls' | 'follow_ups') => (q.source === 'guide' && q.ours.includes(part) ? ' (careerbot’s notes)' : '');
  const fields = [{ label: `Common pitfalls${ours('pitfalls')}`, value: bullets(q.pitfalls) }];
  if (q.follow_ups.length) fields.push({ label: `Likely follow-ups${ours('follow_ups')}`, value: bullets(q.follow_ups) });
  return {
    visibility: 'private',
    text: `Strong answer outline for: ${truncate(q.question, 150)}`,
    cards: [
      {
        title: '✅ A strong answer covers',
        body: `**${q.question}**\n\n${q.outline.map((p, i) => `${i + 1}. ${p}`).join('\n')}`,
        fields,
        footer: `${topicLabel(q.topic)} · ${levelLabel(q.level)}${outlineSource(q)}`,
        accent: 'success',
      },
    ],
    actions: [[{ kind: 'button', id: `interview:report:${q.id}`, label: 'Report this question', style: 'secondary' }]],
  };
}

function allSeenLead(n: number, topic?: string, level?: string): string {
  const what = `${topic ? `${topicLabel(topic)} ` : ''}questions${level ? ` at ${levelLabel(level).toLowerCase()}` : ''}`;
  return `You have seen all ${n} ${what}; here is the one you saw longest ago.`;
}

export default defineCommand(() => ({
  name: 'interview',
  description: 'A practice interview question with what it tests and a strong-answer outline',
  example: '/interview rag senior',
  shareable: true,
  options: [
    { name: 'topic', type: 'string', description: 'A topic, e.g. rag, agents, evaluation, cost, career', choices: TOPIC_CHOICES },
    { name: 'level', type: 'string', description: 'junior, mid, senior or staff', choices: LEVEL_CHOICES },
  ],
  async run(input, ctx) {
    const topic = input.options.topic as string | undefined;
    const level = input.options.level as string | undefined;
    const p = await pick(ctx, topic, level);
    if (!p)
      return errorReply(
        `There is no ${level ? levelLabel(level).toLowerCase() + ' ' : ''}question on ${topic ? topicLabel(topic) : 'that'} yet.`,
        topic ? `/interview ${topic}` : '/interview',
      );
    const r = questionReply(p.q, `interview:next:${topic ?? 'any'}:${level ?? 'any'}`);
    return p.allSeen ? { ...r, lead: allSeenLead(p.allSeen, topic, level) } : r;
  },
  actions: [
    {
      verb: 'reveal',
      run([id], ctx) {
        const q = id ? ctx.guide.question(id) : undefined;
        return q ? strongAnswer(q) : errorReply('That question is no longer in the bank.', '/interview');
      },
    },
    {
      verb: 'show',
      run([id, topic, level], ctx) {
        const q = id ? ctx.guide.question(id) : undefined;
        return q ? questionReply(q, `interview:next:${topic ?? 'any'}:${level ?? 'any'}`) : errorReply('That question is no longer in the bank.', '/interview');
      },
    },
    {
      verb: 'next',
      async run([topic, level], ctx) {
        const t = topic && topic !== 'any' ? topic : undefined;
        const l = level && level !== 'any' ? level : undefined;
        const p = (await pick(ctx, t, l)) ?? (await pick(ctx));
        if (!p) return errorReply('The question bank is empty.');
        const r = questionReply(p.q, `interview:next:${topic ?? 'any'}:${level ?? 'any'}`);
        return p.allSeen ? { ...r, lead: allSeenLead(p.allSeen, t, l) } : r;
      },
    },
    reportAction('interview'),
  ],
}));
