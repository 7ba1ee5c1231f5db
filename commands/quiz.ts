import { reportAction } from '../src/core/report.js';
import { defineCommand } from '../src/core/command.js';
import { errorReply } from '../src/core/reply.js';
import { TOPIC_CHOICES } from '../src/core/topics.js';
import { topicLabel } from '../src/core/labels.js';

export default defineCommand(() => ({
  name: 'quiz',
  description: 'Start a multiple-choice quiz in this channel: buttons, one answer each, reveal',
  example: '/quiz rag questions:3 seconds:20',
  options: [
    { name: 'topic', type: 'string', description: 'A topic, e.g. rag, agents, cost, career (default: any)', choices: TOPIC_CHOICES },
    { name: 'questions', type: 'integer', description: 'How many questions, one after another (1–10, default 1)', min: 1, max: 10, example: '/quiz questions:3' },
    { name: 'seconds', type: 'integer', description: 'Seconds to answer each question (10–300, default 30)', min: 10, max: 300, example: '/quiz seconds:45' },
  ],
  async run(input, ctx) {
    const topic = input.options.topic as string | undefined;
    const questions = (input.options.questions as number | undefined) ?? 1;
    const seconds = (input.options.seconds as number | undefined) ?? ctx.config.quizDefaultSeconds;
    const pool = ctx.quiz.items(topic);
    if (pool.length === 0) return errorReply(`There are no quiz questions on ${topic ? topicLabel(topic) : 'that topic'} yet.`, '/quiz');
    return ctx.quiz.start(ctx.scope, { topic, questions: Math.min(questions, pool.length), seconds });
  },
  actions: [
    {
      verb: 'a',
      run([roundId, choice], ctx) {
        if (!roundId || !choice || !/^\d$/.test(choice)) return errorReply('That answer button is damaged; please use the buttons on the question.');
        return ctx.quiz.answer(roundId, Number(choice), ctx.scope);
      },
    },
    reportAction('quiz'),
  ],
}));
