/**
 * Issue 10, item 1: user-typed text never becomes a live mention, a markdown
 * break-out or a public error, on any platform. Every command and option is
 * fed hostile text (as Slack escapes it, and as Discord and the console pass
 * it), and the rendered Slack, Discord and console payloads are searched for
 * what would ping or break out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestBot, scope, seedAnswer, type TestBot } from '../helpers/bot.js';
import { renderReply } from '../../src/adapters/slack/render.js';
import { renderMessage } from '../../src/adapters/discord/render.js';
import { renderConsole } from '../../src/adapters/console/render.js';
import type { Reply } from '../../src/core/reply.js';
import type { Scope } from '../../src/core/command.js';

/** What a member can type; Slack turns a typed @channel into <!channel> when a command escapes text. */
const HOSTILE = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S0DEVS01|@devs>',
  '<@U0ALICE01|alice>',
  '<@U0ALICE01>',
  '@everyone',
  '@here',
  '<@&123456789012345678>',
  '<@123456789012345678>',
  'a`b` **x**',
  '[click](https://evil.example)',
];

/** Anything in a rendered payload that would ping, link or escape formatting. */
function problems(reply: Reply): string[] {
  const out: string[] = [];
  const slack = JSON.stringify(renderReply(reply));
  for (const bad of ['<!channel', '<!here', '<!everyone', '<!subteam', '<@U0ALICE01']) if (slack.includes(bad)) out.push(`slack has ${bad}`);
  for (const target of ['reply', 'channel'] as const) {
    const d = renderMessage(reply, { target });
    const all = JSON.stringify([d.content, d.embeds]);
    for (const bad of ['@everyone', '@here', '<@&1234', '<@1234', '](https://evil']) if (all.includes(bad)) out.push(`discord ${target} has ${bad}`);
    if (d.allowed_mentions.parse.length || d.allowed_mentions.roles?.length || d.allowed_mentions.users?.length) out.push(`discord ${target} pings ${JSON.stringify(d.allowed_mentions)}`);
  }
  const texts = [reply.text, ...reply.cards.flatMap((c) => [c.title ?? '', c.body ?? '', c.footer ?? '', ...(c.fields ?? []).flatMap((f) => [f.label, f.value])])];
  for (const t of texts) for (const line of t.split('\n')) if ((line.match(/`/g) ?? []).length % 2) out.push(`unbalanced backticks in "${line}"`);
  return out;
}

let tb: TestBot;
const admin: Scope = scope({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', isAdmin: true });

beforeAll(async () => {
  tb = await makeTestBot();
});
afterAll(async () => {
  await tb.cleanup();
});

describe('hostile text in every command and option', () => {
  it('never renders as a mention, a link or a code-span break-out (free text, Slack and console)', async () => {
    const found: string[] = [];
    for (const def of tb.bot.commands()) {
      const subs = def.subcommands?.map((s) => ({ name: s.name, options: s.options })) ?? [{ name: '', options: def.options ?? [] }];
      for (const sub of subs)
        for (const h of HOSTILE) {
          const lines = [`${sub.name} ${h}`, `${sub.name} ${h} public:true`, ...sub.options.map((o) => `${sub.name} ${o.name}:${h} public:true`)];
          for (const text of lines) {
            const r = await tb.bot.runCommandText(def.name, text.trim(), admin);
            for (const p of problems(r)) found.push(`/${def.name} ${text}: ${p}`);
          }
        }
    }
    expect(found).toEqual([]);
  });

  it('never renders as a mention when it arrives as a typed option (Discord)', async () => {
    const found: string[] = [];
    const discordAdmin = { ...admin, platform: 'discord' as const, workspaceId: '111111111111111111', channelId: '222222222222222222' };
    for (const def of tb.bot.commands()) {
      const subs = def.subcommands?.map((s) => ({ name: s.name as string | undefined, options: s.options })) ?? [{ name: undefined, options: def.options ?? [] }];
      for (const sub of subs)
        for (const o of sub.options.filter((x) => x.type === 'string'))
          for (const h of HOSTILE) {
            const r = await tb.bot.runCommand(def.name, { subcommand: sub.name, options: { [o.name]: h, ...(def.shareable ? { public: true } : {}) } }, discordAdmin);
            for (const p of problems(r)) found.push(`/${def.name} ${sub.name ?? ''} ${o.name}=${h}: ${p}`);
          }
    }
    expect(found).toEqual([]);
  });

  it('the console shows what was typed, without Slack’s brackets', async () => {
    const r = await tb.bot.runCommandText('skill', '<!channel> public:true', admin);
    const text = renderConsole(r).text;
    expect(text).toMatch(/@\u200bchannel/);
    expect(text).not.toContain('<!channel>');
  });
});

describe('errors are private', () => {
  it('even with public:true, on every shareable command', async () => {
    const leaked: string[] = [];
    for (const def of tb.bot.commands().filter((d) => d.shareable)) {
      for (const text of ['zzqx-no-such-thing public:true', 'public:true zzqx zzqy']) {
        const r = await tb.bot.runCommandText(def.name, text, admin);
        const isError = r.error === true || r.cards[0]?.accent === 'warning';
        if (isError && r.visibility !== 'private') leaked.push(`/${def.name} ${text}`);
      }
    }
    expect(leaked).toEqual([]);
  });

  it('/skill and /faq that find nothing answer privately with public:true', async () => {
    for (const line of ['skill <!channel> public:true', 'faq <!channel> public:true', 'skill qwxzv public:true']) {
      const [name, ...rest] = line.split(' ');
      const r = await tb.bot.runCommandText(name!, rest.join(' '), admin);
      expect(r.visibility, line).toBe('private');
    }
  });
});

describe('quote()', () => {
  it('shows Slack entities as the user saw them, and leaves nothing that pings, links or formats', async () => {
    const { quote } = await import('../../src/core/safe.js');
    const z = '\u200b';
    expect(quote('<!channel> and <!here|here> and <!subteam^S1|@devs>')).toBe(`@${z}channel and @${z}here and @devs`);
    expect(quote('<@U0ALICE01|alice> in <#C42|eng>')).toBe('@alice in #eng');
    expect(quote('@everyone <@&123456789012345678>')).toBe(`@${z}everyone @123456789012345678`);
    expect(quote('`code` **b** ~~s~~ ||spoiler|| [x](https://e.example)')).toBe(`ˋcodeˋ ∗∗b∗∗ ∼∼s∼∼ ǀǀspoilerǀǀ [x]${z}(https://e.example)`);
    expect(quote('two\nlines\tand\u0000 nul')).toBe('two lines and nul');
  });

  it('cuts long text to one short line', async () => {
    const { quote, ECHO_MAX } = await import('../../src/core/safe.js');
    const q = quote('x'.repeat(10_000));
    expect(q.length).toBe(ECHO_MAX);
    expect(q.endsWith('…')).toBe(true);
  });
});

describe('input length is bounded (item 3)', () => {
  it('Discord gets a max_length on every free-text string option', async () => {
    const { buildCommands } = await import('../../src/adapters/discord/commands.js');
    const missing: string[] = [];
    const walk = (cmd: string, opts: { type: number; name: string; choices?: unknown[]; max_length?: number; options?: unknown[] }[] = []) => {
      for (const o of opts) {
        if (o.type === 1) walk(`${cmd} ${o.name}`, o.options as typeof opts);
        else if (o.type === 3 && !o.choices?.length && !(o.max_length && o.max_length <= 200)) missing.push(`${cmd} ${o.name}`);
      }
    };
    for (const c of buildCommands(tb.bot.commands(), 'guild')) walk(`/${c.name}`, c.options as never);
    expect(missing).toEqual([]);
  });

  it('/faq followed by 10,000 characters answers in a few short lines on Slack and in the console', async () => {
    const long = Array.from({ length: 2000 }, (_, i) => `w${i}`).join(' ').slice(0, 10_000);
    const r = await tb.bot.runCommandText('faq', long, admin);
    const slack = JSON.stringify(renderReply(r));
    expect(slack).not.toContain('w1999');
    expect(slack).not.toContain('w300 ');
    const text = renderConsole(r).text;
    expect(text).not.toContain('w300 ');
    for (const t of [r.text, r.cards[0]?.body ?? '']) expect(t.split('\n')[0]!.length).toBeLessThan(200);
  });

  it('/skill and /help with 10,000 characters echo at most one short line of them', async () => {
    const long = 'abcdefghij'.repeat(1000);
    for (const cmd of ['skill', 'help']) {
      const r = await tb.bot.runCommandText(cmd, long, admin);
      const all = JSON.stringify(renderReply(r));
      expect(all.length, cmd).toBeLessThan(3000);
      expect(all, cmd).not.toContain('abcdefghij'.repeat(10));
    }
  });
});

describe('free text is cut to the option’s bound, as Discord would', () => {
  it('a 10,000-character /faq query reaches the command as 200 characters', async () => {
    const { parseText } = await import('../../src/core/parse.js');
    const faq = tb.bot.command('faq')!;
    const parsed = parseText(faq, 'q'.repeat(10_000));
    expect(parsed.ok && String(parsed.input.options.query).length).toBe(200);
  });
});

describe('the only mention the bot sends is a daily post’s', () => {
  it('a leaderboard posted in the channel names players without pinging them (private: mentions render as names)', async () => {
    const ws = 'T-board';
    await seedAnswer(tb, { platform: 'slack', workspaceId: ws, round: 'board-r1', userId: 'U0ALICE01', userName: 'alice', correct: true });
    const who = { ...admin, workspaceId: ws };
    const pub = await tb.bot.runCommandText('leaderboard', 'public:true', who);
    expect(pub.visibility).toBe('public');
    expect(JSON.stringify(renderReply(pub))).not.toContain('<@U0ALICE01');
    expect(JSON.stringify(renderReply(pub))).toContain('alice');
    const shared = await tb.bot.runAction((await tb.bot.runCommandText('leaderboard', '', who)).actions.flat().find((a) => a.kind === 'button' && a.label === 'Post to channel')!.id, who);
    expect(JSON.stringify(renderReply(shared))).not.toContain('<@U0ALICE01');
    const priv = await tb.bot.runCommandText('leaderboard', '', who);
    expect(JSON.stringify(renderReply(priv))).toContain('<@U0ALICE01>');
  });
});
