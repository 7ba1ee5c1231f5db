import { defineCommand, type CommandContext, type CommandInput } from '../src/core/command.js';
import { errorReply, type Reply } from '../src/core/reply.js';
import { usageError } from '../src/core/parse.js';
import { canonicalTimeZone, normaliseTime, TIME_RE, timeProblem, timeZoneNote, timeZoneProblem } from '../src/core/time.js';
import { describeNudge, mark, nudgeId, planReply, weekdayWord } from '../src/core/plan.js';
import { memberOf } from '../src/core/practice.js';
import { quote } from '../src/core/safe.js';

async function stop(ctx: CommandContext, workspaceId: string): Promise<Reply> {
  const id = nudgeId({ ...memberOf(ctx.scope), workspaceId });
  const off = await ctx.store.disableNudge(id, null, ctx.clock.now().getTime());
  return {
    visibility: 'private',
    text: off ? 'Weekly reminders stopped. Turn them on again with `/plan nudge mon 09:00 Europe/Berlin`.' : 'Weekly reminders were already off.',
    cards: [],
    actions: [],
  };
}

export default defineCommand(() => {
  const def = {
    name: 'plan',
    description: 'Your personal SWE → AI Engineer roadmap checklist, with an optional weekly reminder',
    example: '/plan',
    defaultSubcommand: 'show',
    subcommands: [
      { name: 'show', description: 'Your checklist: progress per phase and the next item', example: '/plan', options: [] },
      {
        name: 'nudge',
        description: 'A weekly direct message with your next items (or off)',
        example: '/plan nudge mon 09:00 Europe/Berlin',
        options: [
          {
            name: 'day',
            type: 'string' as const,
            description: 'Weekday, e.g. mon; or off to stop',
            required: true,
            maxLength: 10,
            match: (t: string) => /^off$/i.test(t) || weekdayWord(t) !== undefined,
            diagnose: (t: string) => (/day$|^(mo|tu|we|th|fr|sa|su)[a-z]?$/i.test(t) ? `“${quote(t)}” is not a weekday: use mon, tue, … sun, or off.` : undefined),
            example: '/plan nudge mon 09:00 Europe/Berlin',
          },
          { name: 'time', type: 'string' as const, description: 'Local time, 24-hour HH:MM, e.g. 09:00', maxLength: 10, match: (t: string) => TIME_RE.test(t), diagnose: timeProblem, example: '/plan nudge mon 09:00 Europe/Berlin' },
          {
            name: 'timezone',
            type: 'string' as const,
            description: 'IANA timezone, e.g. Europe/Berlin, America/New_York, UTC',
            maxLength: 64,
            match: (t: string) => canonicalTimeZone(t) !== null,
            diagnose: timeZoneProblem,
            example: '/plan nudge fri 17:30 America/New_York',
          },
        ],
      },
    ],
    async run(input: CommandInput, ctx: CommandContext): Promise<Reply> {
      if (input.subcommand !== 'nudge') return planReply(ctx);
      const sub = def.subcommands[1]!;
      const o = input.options as Record<string, string | undefined>;
      if (/^off$/i.test(o.day ?? '')) return stop(ctx, ctx.scope.workspaceId);
      const weekday = weekdayWord(o.day ?? '');
      if (!weekday) return usageError(def, sub, `“${quote(o.day ?? '')}” is not a weekday: use mon, tue, … sun, or off.`);
      const time = o.time ? normaliseTime(o.time) : null;
      if (!time) return usageError(def, sub, '`/plan nudge` needs a local time, 24-hour HH:MM, e.g. 09:00.');
      const timezone = o.timezone ? canonicalTimeZone(o.timezone) : null;
      if (!timezone) return usageError(def, sub, '`/plan nudge` needs an IANA timezone such as Europe/Berlin, America/New_York or UTC.');
      const m = memberOf(ctx.scope);
      const now = ctx.clock.now().getTime();
      const n = { ...m, id: nudgeId(m), weekday, time, timezone, enabled: true, disabledReason: null, updatedAt: now };
      await ctx.store.putNudge(n);
      const note = timeZoneNote(timezone, now);
      return {
        visibility: 'private',
        text: `${describeNudge(n)}.`,
        cards: [{ title: '⏰ Weekly reminder on', body: `${describeNudge(n)}. It lists your next roadmap items and how many practice items are due.${note ? `\n${note}` : ''}`, accent: 'success' }],
        actions: [[{ kind: 'button', id: 'plan:nudgeoff', label: 'Stop these reminders', style: 'danger' }]],
      };
    },
    actions: [
      { verb: 'show', run: (_a: string[], ctx: CommandContext) => planReply(ctx) },
      { verb: 'done', run: ([id]: string[], ctx: CommandContext) => mark(ctx, id, true) },
      { verb: 'undo', run: ([id]: string[], ctx: CommandContext) => mark(ctx, id, false) },
      { verb: 'nudgeoff', run: (_a: string[], ctx: CommandContext) => stop(ctx, ctx.scope.workspaceId) },
      {
        verb: 'stop',
        run: ([ws]: string[], ctx: CommandContext) => {
          let workspaceId: string;
          try {
            workspaceId = decodeURIComponent(ws ?? '');
          } catch {
            return errorReply('That button is damaged; use `/plan nudge off`.', '/plan nudge off');
          }
          return stop(ctx, workspaceId || ctx.scope.workspaceId);
        },
      },
    ],
  };
  return def;
});
