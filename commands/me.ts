import { defineCommand } from '../src/core/command.js';
import { forgetAsk, forgetNow, home } from '../src/core/home.js';

export default defineCommand(() => ({
  name: 'me',
  description: 'Your home: practice due, quiz streak, plan progress and mock scores (only you see it)',
  example: '/me',
  defaultSubcommand: 'show',
  subcommands: [
    { name: 'show', description: 'Your home', example: '/me', options: [] },
    { name: 'forget', description: 'Delete all your personal data (asks first; leaderboards unaffected)', example: '/me forget', options: [] },
  ],
  run(input, ctx) {
    return input.subcommand === 'forget' ? forgetAsk() : home(ctx);
  },
  actions: [
    { verb: 'show', run: (_a, ctx) => home(ctx) },
    { verb: 'forget', run: () => forgetAsk() },
    { verb: 'forgetyes', run: (_a, ctx) => forgetNow(ctx) },
  ],
}));
