import { defineCommand } from '../src/core/command.js';
import { LEVEL_CHOICES, TOPIC_CHOICES } from '../src/core/topics.js';
import { forgetAsk, forgetNow, grade, history, start, submit, writeForm } from '../src/core/mock.js';

const any = (v: string | undefined) => (v && v !== 'any' ? v : undefined);

export default defineCommand(() => ({
  name: 'mock',
  description: 'A private mock interview: write your answer, then grade it against a strong answer',
  example: '/mock rag senior',
  defaultSubcommand: 'start',
  defaultTakesWords: true,
  subcommands: [
    {
      name: 'start',
      description: 'A mock interview question (optionally by topic and level)',
      example: '/mock rag senior',
      options: [
        { name: 'topic', type: 'string', description: 'A topic, e.g. rag, agents, evaluation, cost, career', choices: TOPIC_CHOICES },
        { name: 'level', type: 'string', description: 'junior, mid, senior or staff', choices: LEVEL_CHOICES },
      ],
    },
    { name: 'history', description: 'Your scores over time, weakest topics and what to try next', example: '/mock history', options: [] },
    { name: 'forget', description: 'Delete your stored mock answers (asks first)', example: '/mock forget', options: [] },
  ],
  run(input, ctx) {
    if (input.subcommand === 'history') return history(ctx);
    if (input.subcommand === 'forget') return forgetAsk(ctx);
    return start(ctx, input.options.topic as string | undefined, input.options.level as string | undefined);
  },
  actions: [
    { verb: 'start', run: ([topic, level], ctx) => start(ctx, any(topic), any(level)) },
    { verb: 'write', run: ([qid], ctx) => writeForm(ctx, qid ?? '') },
    { verb: 'submit', run: ([qid, token], ctx) => submit(ctx, qid, token) },
    { verb: 'g', run: (args, ctx) => grade(ctx, args) },
    { verb: 'hist', run: (_args, ctx) => history(ctx) },
    { verb: 'forget', run: (_args, ctx) => forgetAsk(ctx) },
    { verb: 'forgetyes', run: (_args, ctx) => forgetNow(ctx) },
  ],
}));
