/**
 * Test commands that exercise the adapters' forms, DMs and home views without
 * depending on any real command: `/formtest` answers with a form, `/formbtn`
 * with a "Write my answer" button whose click answers with a form, and `/me`
 * (a stand-in for the member's home) with a card and that button. The submit
 * action records what it received (the test asserts on what the adapter
 * delivered, not on what it wrote itself) and answers privately, echoing the
 * answer through quote().
 */
import type { CommandDef, Platform } from '../../src/core/command.js';
import { errorReply, reply, type Form } from '../../src/core/reply.js';
import { quote } from '../../src/core/safe.js';

export interface Submission {
  id: string;
  values: Record<string, string>;
  platform: Platform;
  workspaceId: string;
  channelId: string;
  userId: string;
}

/** A long title and label, beyond both platforms' limits (Discord 45, Slack 24). */
export const LONG_TITLE = 'A form title that is much longer than any modal title may be';
export const LONG_LABEL = 'A field label that goes on and on, far beyond the forty-five characters Discord allows';

function answerForm(question: string, opts: { long?: boolean } = {}): Form {
  return {
    id: `formtest:save:${question}`,
    title: opts.long ? LONG_TITLE : 'Your answer',
    submit: 'Save my answer',
    fields: [
      {
        id: 'answer',
        label: opts.long ? LONG_LABEL : 'Your answer',
        placeholder: opts.long ? 'p'.repeat(300) : 'Explain it as you would in an interview',
        multiline: true,
        required: true,
        minLength: 2,
        maxLength: opts.long ? 9_000 : 2_000,
      },
      { id: 'note', label: 'A note to yourself', required: false, maxLength: 100, value: opts.long ? 'v'.repeat(200) : 'first try' },
    ],
  };
}

export function formCommands(submissions: Submission[], opts: { /** Extra cards on /me, to fill a Home tab past a message's 50 blocks. */ homeCards?: () => number } = {}): CommandDef[] {
  const open: CommandDef = {
    name: 'formtest',
    description: 'Opens a test form',
    example: '/formtest',
    options: [{ name: 'long', description: 'Over-long title and labels', type: 'boolean' }],
    run: (input) =>
      reply({ text: 'Write your answer in the form (this line is the fallback).', form: answerForm(input.options.long ? 'long' : 'q1', { long: input.options.long === true }) }),
    actions: [
      { verb: 'open', run: (args) => reply({ text: 'Write your answer in the form.', form: answerForm(args[0] ?? 'q2') }) },
      {
        verb: 'save',
        run: async (args, ctx) => {
          const values = ctx.form ?? {};
          if (values.answer === 'slow') await new Promise((r) => setTimeout(r, 3_500)); // past Slack's 3 s ack window and Discord's defer window
          submissions.push({ id: `formtest:save:${args.join(':')}`, values, platform: ctx.scope.platform, workspaceId: ctx.scope.workspaceId, channelId: ctx.scope.channelId, userId: ctx.scope.userId });
          if (values.answer === 'no') return errorReply('That answer is too short to grade: write a sentence or two.');
          return reply({
            text: `Saved your answer to ${args[0] ?? '?'}.`,
            cards: [{ title: 'Your answer, saved', body: quote(values.answer ?? '', 500), footer: values.note ? `Note: ${quote(values.note, 100)}` : undefined }],
          });
        },
      },
    ],
  };
  const button: CommandDef = {
    name: 'formbtn',
    description: 'A button that opens a test form',
    example: '/formbtn',
    run: () =>
      reply({
        text: 'A mock question: what is RAG?',
        cards: [{ title: 'Mock question', body: 'What is retrieval-augmented generation?' }],
        actions: [[{ kind: 'button', id: 'formtest:open:q2', label: 'Write my answer', style: 'primary' }]],
      }),
  };
  const me: CommandDef = {
    name: 'me',
    description: 'Your home (test stand-in)',
    example: '/me',
    run: (_input, ctx) =>
      reply({
        text: 'Your home',
        cards: [
          { title: 'Your home', body: `Hello <@${ctx.scope.userId}>: **3** practice items due.`, fields: [{ label: 'Streak', value: '2 days', inline: true }] },
          ...Array.from({ length: opts.homeCards?.() ?? 0 }, (_, i) => ({ title: `Topic ${i + 1}`, body: `Progress on topic ${i + 1}.` })),
        ],
        actions: [[{ kind: 'button', id: 'formtest:open:home', label: 'Write my answer', style: 'primary' }, { kind: 'button', id: 'formtest:hello:x', label: 'Say hello' }]],
      }),
    actions: [{ verb: 'noop', run: () => reply({ text: 'ok' }) }],
  };
  open.actions!.push({ verb: 'hello', run: (_a, ctx) => reply({ text: `Hello <@${ctx.scope.userId}>, from your home.` }) });
  return [open, button, me];
}
