import { defineCommand, type CommandContext } from '../src/core/command.js';
import { errorReply, type Reply } from '../src/core/reply.js';
import type { StoredReport } from '../src/store/store.js';
import { truncate, SHOWN } from '../src/core/limits.js';
import { quote } from '../src/core/safe.js';

type Kind = StoredReport['itemKind'];

/** The question a report is about, as text (it may have left the bank since). */
export function reportedText(ctx: Pick<CommandContext, 'guide'>, kind: Kind, id: string): string | undefined {
  return kind === 'interview' ? ctx.guide.question(id)?.question : ctx.guide.quizItem(id)?.question;
}

interface Group {
  kind: Kind;
  id: string;
  count: number;
  first: number;
}

function groups(reports: readonly StoredReport[]): Group[] {
  const by = new Map<string, Group>();
  for (const r of reports) {
    const key = `${r.itemKind}:${r.itemId}`;
    const g = by.get(key) ?? { kind: r.itemKind, id: r.itemId, count: 0, first: r.createdAt };
    g.count++;
    g.first = Math.min(g.first, r.createdAt);
    by.set(key, g);
  }
  return [...by.values()].sort((a, b) => b.count - a.count || a.first - b.first);
}

const SHOWN_ITEMS = 10;

async function list(ctx: CommandContext): Promise<Reply> {
  const { platform, workspaceId } = ctx.scope;
  const open = groups(await ctx.store.listReports({ platform, workspaceId, open: true }));
  if (!open.length)
    return { visibility: 'private', text: 'No open reports: nobody here has reported a question, or every report is resolved.', cards: [], actions: [] };
  const fields = open.slice(0, SHOWN_ITEMS).map((g) => ({
    label: `${g.kind === 'quiz' ? 'Quiz' : 'Interview'} · ${g.id} · ${g.count} report${g.count === 1 ? '' : 's'} since ${new Date(g.first).toISOString().slice(0, 10)}`,
    value: truncate(reportedText(ctx, g.kind, g.id) ?? '(no longer in the bank)', 300),
  }));
  const total = open.reduce((n, g) => n + g.count, 0);
  return {
    visibility: 'private',
    text: `${total} open report${total === 1 ? '' : 's'} on ${open.length} question${open.length === 1 ? '' : 's'}.`,
    cards: [
      {
        title: '🚩 Reported questions',
        body: `Members reported these questions. Fix or dismiss, then mark them resolved: a button below, or \`/reports resolve <id> [note]\`.${open.length > SHOWN_ITEMS ? ` Showing the ${SHOWN_ITEMS} most reported of ${open.length}.` : ''}`,
        fields,
        footer: 'Maintainers of the question bank export every report with npm run reports',
        accent: 'warning',
      },
    ],
    actions: [
      open.slice(0, 5).map((g) => ({
        kind: 'button' as const,
        id: `reports:resolve:${g.kind}:${g.id}`,
        label: truncate(`Resolve ${g.id}`, SHOWN.buttonLabel),
        style: 'secondary' as const,
      })),
    ],
  };
}

async function resolve(ctx: CommandContext, kinds: Kind[], id: string, note: string | null): Promise<Reply> {
  const { platform, workspaceId, userId } = ctx.scope;
  let n = 0;
  for (const itemKind of kinds) n += await ctx.store.resolveReports({ platform, workspaceId, itemKind, itemId: id, by: userId, note, at: ctx.clock.now().getTime() });
  if (!n) return errorReply(`There is no open report on “${quote(id)}” here.`, '/reports', undefined, 'see /help reports');
  return { visibility: 'private', text: `Resolved ${n} report${n === 1 ? '' : 's'} of ${id}.`, cards: [], actions: [] };
}

export default defineCommand(() => ({
  name: 'reports',
  description: 'Questions members reported: list them and mark them resolved',
  example: '/reports',
  admin: true,
  defaultSubcommand: 'list',
  subcommands: [
    { name: 'list', description: 'Open reports here, most reported first', example: '/reports list', options: [] },
    {
      name: 'resolve',
      description: 'Mark every open report of a question resolved',
      example: '/reports resolve guide-agent-vs-rag reworded',
      options: [
        { name: 'id', type: 'string', description: 'The question id shown by /reports', required: true, maxLength: 60, match: (t) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(t) },
        { name: 'note', type: 'string', description: 'What was done (optional)', rest: true, maxLength: 200 },
      ],
    },
  ],
  async run(input, ctx) {
    if (input.subcommand === 'resolve') return resolve(ctx, ['interview', 'quiz'], String(input.options.id), (input.options.note as string | undefined) ?? null);
    return list(ctx);
  },
  actions: [
    {
      verb: 'resolve',
      run([kind, id], ctx) {
        // Buttons are not gated like commands: check here.
        if (!ctx.scope.isAdmin) return errorReply(`Only admins can resolve reports.${ctx.scope.adminHint ? ' ' + ctx.scope.adminHint : ''}`);
        if ((kind !== 'quiz' && kind !== 'interview') || !id) return errorReply('That button is damaged; use /reports.');
        return resolve(ctx, [kind], id, null);
      },
    },
  ],
}));
