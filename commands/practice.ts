import { defineCommand } from '../src/core/command.js';
import { TOPIC_CHOICES } from '../src/core/topics.js';
import { answer, nextQuestion, parseSession } from '../src/core/practice.js';

export default defineCommand(() => ({
  name: 'practice',
  description: 'Private spaced-repetition practice: the quiz items you missed come back, new ones fill in',
  example: '/practice rag',
  options: [{ name: 'topic', type: 'string', description: 'Only this topic, e.g. rag, agents, cost (default: any)', choices: TOPIC_CHOICES }],
  run(input, ctx) {
    const topic = (input.options.topic as string | undefined) ?? 'any';
    return nextQuestion(ctx, { topic, seq: 0, news: 0 });
  },
  actions: [
    // practice:start:<topic> (from /me, /plan, a nudge) and practice:next:<topic>:<seq>:<new>
    { verb: 'start', run: ([topic], ctx) => nextQuestion(ctx, parseSession([topic, '0', '0'])) },
    { verb: 'next', run: (args, ctx) => nextQuestion(ctx, parseSession(args)) },
    // practice:a:<review>:<choice>:<topic>:<seq>:<new>
    { verb: 'a', run: (args, ctx) => answer(ctx, args) },
  ],
}));
