/**
 * Issue 15 on Discord, end to end with the REAL commands (/quiz, /practice,
 * /mock, /plan): the real discord.js client and the real core (SQLite, the
 * guide's data, a hand-moved clock) against the fake Discord, which checks
 * every message, modal and DM against Discord's documented limits. The member's
 * view is read off what the fake recorded: ephemeral replies, modals, DMs.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type FakeMember, type StoredMessage } from './fake-discord/index.js';
import { checkModal } from './fake-discord/validate.js';
import { makeTestBot, type TestBot } from '../helpers/bot.js';
import { readQuestion } from '../helpers/read-question.js';
import { startDiscord, type DiscordHandle } from '../../src/adapters/discord/client.js';

const DAY = 86_400_000;
const EPHEMERAL = 64;

/** Everything a member sees of a message: content, embed titles, descriptions, fields and footers, button labels. */
function seen(m: StoredMessage | undefined): string {
  if (!m) return '';
  const embeds = (m.embeds as { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string } }[]).flatMap((e) => [
    e.title ?? '',
    e.description ?? '',
    ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    e.footer?.text ?? '',
  ]);
  const labels = (m.components as { components?: { label?: string }[] }[]).flatMap((r) => (r.components ?? []).map((c) => c.label ?? ''));
  return [m.content, ...embeds, ...labels].filter(Boolean).join('\n');
}

describe('issue 15 through the fake Discord with the real commands', () => {
  let fake: FakeDiscord;
  let tb: TestBot;
  let discord: DiscordHandle;

  beforeAll(async () => {
    fake = await new FakeDiscord({ guilds: 1, channelsPerGuild: 3 }).start();
    tb = await makeTestBot(); // 2026-11-25 09:00 UTC, a Wednesday
    discord = await startDiscord(tb.bot, {
      token: fake.token,
      applicationId: fake.applicationId,
      apiUrl: fake.apiUrl,
      guildId: fake.guildId(0),
      backoff: { baseMs: 50, maxMs: 200, attempts: 3 },
      log: () => {},
    });
  });
  afterEach(() => fake.assertNoViolations());
  afterAll(async () => {
    await discord?.stop();
    await tb?.cleanup();
    await fake?.close();
  });

  /** A member runs a command; resolves with the private answer, checked to be private. */
  const run = async (member: FakeMember, name: string, opts: { subcommand?: string; options?: Record<string, string | number | boolean>; channelId?: string } = {}): Promise<StoredMessage> => {
    const a = await fake.answer(fake.slash({ member, name, ...opts }));
    expect(a.message, `/${name} answered with a message`).toBeDefined();
    return a.message!;
  };
  /** A member clicks the button labelled `label` on a message; resolves with the answer they see. */
  const click = async (member: FakeMember, m: StoredMessage, label: string | RegExp): Promise<StoredMessage> => {
    const b = fake.buttons(m.id).find((x) => (typeof label === 'string' ? x.label === label : label.test(x.label)));
    if (!b) throw new Error(`no button ${String(label)} on:\n${seen(m)}`);
    const a = await fake.answer(fake.click({ member, messageId: m.id, customId: b.customId }));
    return a.message!;
  };

  it('GIVEN a member who misses two items of a channel quiz WHEN they /practice the next day THEN both come back as due; answered right, a later /practice that day no longer shows them', async () => {
    const bob = fake.member({ name: 'bob' });
    const channelId = fake.channelId(0, 1);
    const started = await run(bob, 'quiz', { channelId, options: { questions: 2, seconds: 10 } });
    expect(started.flags & EPHEMERAL).toBe(EPHEMERAL);
    const missed: string[] = [];
    for (let k = 0; k < 2; k++) {
      // The open question: the channel message with answer buttons (a revealed one has none left).
      const round = await fake.until(() => fake.channelMessages(channelId).find((m) => fake.buttons(m.id).some((b) => b.customId.startsWith('quiz:a:'))), { what: `quiz question ${k + 1}` });
      expect(round.flags & EPHEMERAL).toBe(0); // the quiz is in the channel
      const q = readQuestion(tb.bot.guide, seen(round));
      missed.push(q.item.id);
      const feedback = await click(bob, round, q.wrong);
      expect(feedback.flags & EPHEMERAL).toBe(EPHEMERAL);
      expect(feedback.content).toContain(`you answered ${q.wrong}`);
      tb.clock.advance(10_000);
      await tb.bot.tick(); // the reveal
      const revealed = await fake.until(() => (fake.messages.get(round.id)!.edits > 0 ? fake.messages.get(round.id) : undefined), { what: 'the reveal' });
      expect(seen(revealed)).toMatch(new RegExp(`answer ${q.right}\\b`));
      expect(seen(revealed)).toContain('Right (0/1)');
      tb.clock.advance(3_000);
      await tb.bot.tick(); // the next question
    }
    expect(new Set(missed).size).toBe(2);

    tb.clock.advance(DAY);
    let shown = await run(bob, 'practice', { channelId });
    expect(shown.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(shown.content).toMatch(/^2 items due now/);
    const back: string[] = [];
    for (let k = 0; k < 2; k++) {
      expect(seen(shown)).toContain('Due for review');
      const q = readQuestion(tb.bot.guide, seen(shown));
      back.push(q.item.id);
      const fb = await click(bob, shown, q.right);
      expect(fb.flags & EPHEMERAL).toBe(EPHEMERAL);
      expect(seen(fb)).toContain(`Right — ${q.right}`);
      expect(seen(fb)).toContain(q.item.explanation.slice(0, 60));
      expect(seen(fb)).toMatch(/Comes back in \d+ days/);
      shown = await click(bob, fb, 'Next');
    }
    expect(back.sort()).toEqual([...missed].sort());
    expect(shown.content).toMatch(/^0 items due now · next due in \d+ days/);
    expect(seen(shown)).toContain('A new item for you');

    // Later that day: nothing due, and neither missed item is what /practice shows.
    tb.clock.advance(3 * 3_600_000);
    const later = await run(bob, 'practice', { channelId });
    expect(later.content).toMatch(/^0 items due now/);
    expect(missed).not.toContain(readQuestion(tb.bot.guide, seen(later)).item.id);
  });

  it('GIVEN /mock WHEN the member writes an answer in the modal and marks every outline point THEN the score is in /mock history (theirs only), and /mock forget + confirm empties it', async () => {
    const cy = fake.member({ name: 'cy' });
    const asked = await run(cy, 'mock', { subcommand: 'start', options: { topic: 'rag', level: 'senior' } });
    expect(asked.flags & EPHEMERAL).toBe(EPHEMERAL);
    const question = tb.bot.guide.interviewQuestions.find((q) => seen(asked).includes(q.question))!;
    expect(question).toMatchObject({ topic: 'rag', level: 'senior' });

    const write = fake.click({ member: cy, messageId: asked.id, customId: fake.buttons(asked.id).find((b) => b.label === 'Write my answer')!.customId });
    const opened = await fake.answer(write);
    expect(opened.callbackType).toBe(9); // a modal
    expect(checkModal(opened.modal!)).toEqual([]); // within the literal limits (the fake also refused anything beyond them)
    expect(opened.modal!.components[0]!.components[0]).toMatchObject({ custom_id: 'answer', style: 2, required: true, max_length: 3000 });

    const typed = 'I would check chunking first <@123456789012345678> @everyone **loud**\nthen retrieval recall.';
    const graded = await fake.answer(fake.submitModal({ opened: write, member: cy, values: { answer: typed } }));
    expect(graded.message!.flags & EPHEMERAL).toBe(EPHEMERAL);
    let out = graded.message!;
    expect(seen(out)).toContain('Your answer');
    expect(seen(out)).not.toContain('<@123456789012345678>'); // no ping from the member's own text
    expect(seen(out)).not.toContain('**loud**');
    expect(seen(out)).toContain(question.outline[0]!.slice(0, 60));

    const n = question.outline.length;
    for (let i = 1; i <= n; i++) out = await click(cy, out, i % 2 ? `${i} covered` : `${i} missed`);
    const covered = Math.ceil(n / 2);
    expect(out.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(seen(out)).toContain(`Score: ${covered}/${n}`);

    const hist = await run(cy, 'mock', { subcommand: 'history' });
    expect(hist.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(seen(hist)).toContain(`RAG and retrieval · Senior · **${covered}/${n}**`);
    // Another member's history does not show it.
    expect(seen(await run(fake.member({ name: 'eve' }), 'mock', { subcommand: 'history' }))).toContain('No mock interviews yet');

    const ask = await run(cy, 'mock', { subcommand: 'forget' });
    expect(ask.content).toBe('Delete your 1 stored mock answer and its score? This cannot be undone.');
    expect(await click(cy, ask, 'Delete 1 mock answer').then(seen)).toContain('Deleted 1 mock answer');
    expect(seen(await run(cy, 'mock', { subcommand: 'history' }))).toContain('No mock interviews yet');
  });

  it('GIVEN /plan nudge mon 09:00 Europe/Berlin WHEN the bot ticks at that instant THEN exactly one DM with a stop button; clicked in the DM (no guild) it stops, and a week later no DM', async () => {
    const ann = fake.member({ name: 'ann' });
    tb.clock.set('2026-11-27T12:00:00Z'); // a Friday
    const on = await run(ann, 'plan', { subcommand: 'nudge', options: { day: 'mon', time: '09:00', timezone: 'Europe/Berlin' } });
    expect(on.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(seen(on)).toContain('Mondays at 09:00 (Europe/Berlin)');

    tb.clock.set('2026-11-30T07:59:00Z'); // 08:59 in Berlin
    await tb.bot.tick();
    expect(fake.dmChannel(ann.user.id)).toBeUndefined();
    tb.clock.set('2026-11-30T08:00:00Z'); // 09:00 in Berlin (CET)
    await tb.bot.tick();
    expect(fake.requestsTo('POST', '/users/@me/channels').filter((r) => (r.body as { recipient_id?: string }).recipient_id === ann.user.id)).toHaveLength(1);
    const dms = fake.dmMessages(ann.user.id);
    expect(dms).toHaveLength(1);
    const dm = dms[0]!;
    expect(dm.guild_id).toBeUndefined();
    expect(seen(dm)).toContain('0/12 roadmap items done');
    expect(seen(dm)).toContain('LLM Fundamentals');
    expect(seen(dm)).toContain('Stop these reminders');
    // Commands are registered per server, so the DM says where /practice and /plan work.
    expect(seen(dm)).toContain('In the server where you set up this reminder, /practice starts a session');
    tb.clock.set('2026-11-30T08:01:00Z');
    await tb.bot.tick();
    expect(fake.dmMessages(ann.user.id)).toHaveLength(1); // once per week

    const stopClick = fake.click({ member: ann, messageId: dm.id, customId: fake.buttons(dm.id).find((b) => b.label === 'Stop these reminders')!.customId });
    expect(stopClick.guildId).toBe(''); // a DM interaction: no guild
    const stopped = await fake.answer(stopClick);
    expect(stopped.message!.content).toMatch(/^Weekly reminders stopped/);
    expect(seen(await run(ann, 'plan', { subcommand: 'show' }))).toContain('Weekly reminder: off');

    tb.clock.set('2026-12-07T08:00:00Z');
    await tb.bot.tick();
    expect(fake.dmMessages(ann.user.id)).toHaveLength(1);
    expect(fake.requestsTo('POST', `/channels/${fake.dmChannel(ann.user.id)}/messages`)).toHaveLength(1);
  });

  it('GIVEN a member whose DMs are closed WHEN their nudge is due THEN one attempt, the nudge is off, and /plan tells them why in words meant for them', async () => {
    const dee = fake.member({ name: 'dee' });
    fake.closeDms(dee.user.id);
    tb.clock.set('2026-12-08T12:00:00Z');
    await run(dee, 'plan', { subcommand: 'nudge', options: { day: 'mon', time: '09:00', timezone: 'Europe/Berlin' } });
    tb.clock.set('2026-12-14T08:00:00Z');
    await tb.bot.tick();
    const attempts = () => fake.requestsTo('POST', `/channels/${fake.dmChannel(dee.user.id)}/messages`);
    expect(attempts()).toHaveLength(1);
    expect(attempts()[0]!.status).toBe(403);
    const plan = seen(await run(dee, 'plan', { subcommand: 'show' }));
    expect(plan).toContain('Weekly reminder: off');
    expect(plan).toContain('you do not accept direct messages from me');
    expect(plan).not.toContain(`<@${dee.user.id}>`); // not spoken of in the third person, with a ping of themselves

    tb.clock.set('2026-12-14T08:30:00Z');
    await tb.bot.tick();
    tb.clock.set('2026-12-21T08:00:00Z');
    await tb.bot.tick();
    expect(attempts()).toHaveLength(1);
  });
});
