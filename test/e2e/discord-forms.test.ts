/**
 * Forms (modals) and direct messages on Discord, end to end: the real discord.js
 * client and the real core (SQLite) against the fake Discord, which checks every
 * modal against Discord's documented limits (fake-discord/limits.ts, literal).
 * Forms run both over the gateway and over HTTP interactions (gateway off).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeDiscord, type FakeMember } from './fake-discord/index.js';
import { checkModal } from './fake-discord/validate.js';
import { makeTestBot, type TestBot } from '../helpers/bot.js';
import { formCommands, type Submission } from '../helpers/form-commands.js';
import { startDiscord, type DiscordHandle } from '../../src/adapters/discord/client.js';
import type { DiscordBot } from '../../src/adapters/discord/interactions.js';
import { isPermanent, PostError } from '../../src/core/poster.js';
import { reply } from '../../src/core/reply.js';

const text = (m: unknown): string => JSON.stringify(m);

for (const transport of ['gateway', 'http'] as const) {
  describe(`Discord forms over ${transport === 'gateway' ? 'the gateway' : 'HTTP interactions'}`, () => {
    let fake: FakeDiscord;
    let tb: TestBot;
    let discord: DiscordHandle;
    let server: Server | undefined;
    let bob: FakeMember;
    const submissions: Submission[] = [];
    const knobs = { slowMs: 0 };

    beforeAll(async () => {
      fake = await new FakeDiscord({ guilds: 1, channelsPerGuild: 4 }).start();
      tb = await makeTestBot({ commands: formCommands(submissions) });
      const bot = tb.bot;
      const core: DiscordBot = {
        commands: () => bot.commands(),
        attachPoster: (p) => bot.attachPoster(p),
        autocomplete: (...a) => bot.autocomplete(...a),
        runAction: (...a) => bot.runAction(...a),
        runSubmit: (...a) => bot.runSubmit(...a),
        runCommand: async (...a) => {
          if (knobs.slowMs) await sleep(knobs.slowMs);
          return bot.runCommand(...a);
        },
      };
      discord = await startDiscord(core, {
        token: fake.token,
        applicationId: fake.applicationId,
        apiUrl: fake.apiUrl,
        guildId: fake.guildId(0),
        deferAfterMs: 300,
        backoff: { baseMs: 50, maxMs: 200, attempts: 3 },
        log: () => {},
        ...(transport === 'http' ? { publicKey: fake.publicKey, gateway: false } : {}),
      });
      if (transport === 'http') {
        server = createServer((req, res) => {
          if (req.method === 'POST' && req.url === '/discord/interactions') return void discord.interactions!(req, res);
          res.writeHead(404).end();
        });
        await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
        fake.interactionsUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/discord/interactions`;
      }
      bob = fake.member({ name: 'bob' });
    });

    afterEach(() => {
      knobs.slowMs = 0;
      fake.assertNoViolations();
    });

    afterAll(async () => {
      await new Promise((r) => (server ? server.close(r) : r(undefined)));
      await discord?.stop();
      await tb?.cleanup();
      await fake?.close();
    });

    it('GIVEN a command answering with a form WHEN it runs THEN a modal (type 9) opens with the form, and its submission reaches the submit action and is answered privately', async () => {
      const opened = fake.slash({ member: bob, name: 'formtest' });
      const a = await fake.answer(opened);
      expect(a.callbackType).toBe(9);
      const modal = a.modal!;
      expect(modal.custom_id).toBe('formtest:save:q1');
      expect(modal.title).toBe('Your answer');
      expect(modal.components).toHaveLength(2);
      const [answer, note] = modal.components.map((r) => r.components[0]!);
      expect(answer).toMatchObject({ type: 4, custom_id: 'answer', style: 2, label: 'Your answer', min_length: 2, max_length: 2000, required: true });
      expect(note).toMatchObject({ custom_id: 'note', style: 1, required: false, max_length: 100, value: 'first try' });

      const sent = fake.submitModal({ opened, member: bob, values: { answer: 'RAG <b>grounds</b> answers in **retrieved** text', note: 'ok' } });
      expect(sent.type).toBe(5);
      const done = await fake.answer(sent);
      expect(done.callbackType).toBe(4);
      expect(done.message!.flags & 64).toBe(64); // private
      expect(text(done.message)).toMatch(/Your answer, saved/);
      const got = submissions.at(-1)!;
      expect(got).toMatchObject({ id: 'formtest:save:q1', platform: 'discord', userId: bob.user.id, channelId: fake.channelId(0, 0), workspaceId: fake.guildId(0) });
      expect(got.values).toEqual({ answer: 'RAG <b>grounds</b> answers in **retrieved** text', note: 'ok' });
      // The answer is echoed escaped (quote): no markdown of the user's survives as formatting.
      expect(text(done.message)).not.toContain('**retrieved**');
    });

    it('GIVEN a "Write my answer" button WHEN clicked THEN the click opens the modal, and the submission (with the message) is answered privately', async () => {
      const asked = await fake.answer(fake.slash({ member: bob, name: 'formbtn' }));
      const button = fake.buttons(asked.message!.id).find((b) => b.label === 'Write my answer')!;
      const click = fake.click({ member: bob, messageId: asked.message!.id, customId: button.customId });
      const a = await fake.answer(click);
      expect(a.callbackType).toBe(9);
      expect(a.modal!.custom_id).toBe('formtest:save:q2');
      const done = await fake.answer(fake.submitModal({ opened: click, member: bob, values: { answer: 'An answer from a button' } }));
      expect(done.callbackType).toBe(4);
      expect(done.message!.flags & 64).toBe(64);
      expect(submissions.at(-1)).toMatchObject({ id: 'formtest:save:q2', values: { answer: 'An answer from a button', note: 'first try' } });
    });

    it('GIVEN a submit action slower than the defer window THEN the submission is deferred privately and the answer edited in', async () => {
      const opened = fake.slash({ member: bob, name: 'formtest' });
      await fake.answer(opened);
      const done = await fake.answer(fake.submitModal({ opened, member: bob, values: { answer: 'slow' } }));
      expect(done.deferred).toBe(true);
      expect(done.callbackType).toBe(5);
      expect(done.message!.flags & 64).toBe(64);
      expect(text(done.message)).toMatch(/Your answer, saved/);
    });

    it('GIVEN a form whose title, label, placeholder and lengths exceed Discord limits THEN the renderer cuts them so the fake accepts the modal', async () => {
      const opened = fake.slash({ member: bob, name: 'formtest', options: { long: true } });
      const a = await fake.answer(opened);
      expect(a.callbackType).toBe(9);
      const modal = a.modal!;
      expect(modal.title.length).toBeLessThanOrEqual(45);
      expect(modal.title.endsWith('…')).toBe(true);
      const [answer, note] = modal.components.map((r) => r.components[0]!);
      expect(answer!.label.length).toBe(45);
      expect(answer!.placeholder!.length).toBe(100);
      expect(answer!.max_length).toBe(4000);
      expect(note!.value).toHaveLength(100); // a pre-filled value never exceeds its input's max_length
      expect(checkModal(modal)).toEqual([]);
    });

    it('GIVEN the core is slow to answer with a form THEN the interaction is deferred and the fallback text is shown privately (no modal after a deferral)', async () => {
      knobs.slowMs = 700;
      const a = await fake.answer(fake.slash({ member: bob, name: 'formtest' }));
      expect(a.deferred).toBe(true);
      expect(a.callbackType).toBe(5);
      expect(a.message!.flags & 64).toBe(64);
      expect(a.message!.content).toMatch(/fallback/);
    });
  });
}

describe('Discord direct messages (Poster.direct)', () => {
  let fake: FakeDiscord;
  let tb: TestBot;
  let discord: DiscordHandle;

  beforeAll(async () => {
    // No nonce deduplication (it lasts minutes on Discord): only the key marker can find an earlier DM.
    fake = await new FakeDiscord({ guilds: 1, channelsPerGuild: 2, nonceWindowMs: 0 }).start();
    tb = await makeTestBot();
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

  const nudge = reply({
    text: 'Your week: 3 practice items are due.',
    cards: [{ title: 'This week', body: 'Next on your plan: **evals**.' }],
    actions: [[{ kind: 'button', id: 'plan:nudge-off', label: 'Stop these nudges' }]],
  });

  it('GIVEN a member WHEN the core sends them a DM THEN it opens the DM channel and posts there, carrying the key', async () => {
    const ann = fake.member({ name: 'ann' });
    const ref = await discord.poster.direct(ann.user.id, nudge, 'nudge:ann:2026-W48');
    expect(ref.channelId).toBe(fake.dmChannel(ann.user.id));
    const dm = fake.dmMessages(ann.user.id);
    expect(dm).toHaveLength(1);
    expect(dm[0]!.id).toBe(ref.messageId);
    expect(dm[0]!.flags & 64).toBe(0);
    expect(text(dm[0])).toMatch(/Next on your plan/);
    expect(text(dm[0]!.components)).toMatch(/plan:nudge-off~k[\w-]{16}/); // the key's marker, for a later search
    expect(fake.requestsTo('POST', '/users/@me/channels')[0]?.body).toEqual({ recipient_id: ann.user.id });
  });

  it('GIVEN the response to a DM is lost after Discord created it WHEN the core retries with mayExist THEN the earlier DM is found and none is added', async () => {
    const cy = fake.member({ name: 'cy' });
    await discord.poster.direct(cy.user.id, nudge, 'warmup:cy'); // the DM channel exists
    const channel = fake.dmChannel(cy.user.id)!;
    // The first attempt's response is lost (a 502 after Discord created the message).
    fake.fault({ method: 'POST', path: `/channels/${channel}/messages`, status: 502, passThrough: true, times: 1 });
    const first = await discord.poster.direct(cy.user.id, nudge, 'nudge:cy:2026-W48');
    expect(first.existing).toBe(true); // the poster's retry looked first and found it
    // Later (a crash, a lease taken over), the core retries the same nudge with mayExist.
    const later = await discord.poster.direct(cy.user.id, nudge, 'nudge:cy:2026-W48', { mayExist: true });
    expect(later).toMatchObject({ existing: true, messageId: first.messageId });
    expect(fake.dmMessages(cy.user.id)).toHaveLength(2); // the warm-up and one nudge, not two
  });

  it('GIVEN a member who does not accept DMs from the bot WHEN the core sends one THEN it fails permanently with 50007 and a reason for people', async () => {
    const dee = fake.member({ name: 'dee' });
    fake.closeDms(dee.user.id);
    const err = await discord.poster.direct(dee.user.id, nudge, 'nudge:dee:2026-W48').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PostError);
    expect(isPermanent(err)).toBe(true);
    expect((err as PostError).code).toBe(50007);
    expect((err as PostError).reason).toMatch(/direct message/);
    expect(fake.dmMessages(dee.user.id)).toHaveLength(0);
    expect(fake.requestsTo('POST', `/channels/${fake.dmChannel(dee.user.id)}/messages`)).toHaveLength(1); // not retried
  });
});

describe('the fake Discord refuses modals beyond the documented limits', () => {
  const good = {
    custom_id: 'formtest:save:q1',
    title: 'Your answer',
    components: [{ type: 1, components: [{ type: 4, custom_id: 'answer', style: 2, label: 'Your answer', max_length: 4000, required: true }] }],
  };
  const row = good.components[0]!;
  const input = row.components[0]!;

  it('GIVEN a valid modal THEN no problem; GIVEN each limit exceeded by one THEN a problem naming it', () => {
    expect(checkModal(good)).toEqual([]);
    expect(checkModal({ ...good, title: 't'.repeat(46) }).join()).toMatch(/title/);
    expect(checkModal({ ...good, custom_id: 'c'.repeat(101) }).join()).toMatch(/custom_id/);
    expect(checkModal({ ...good, components: Array(6).fill(row) }).join()).toMatch(/1-5 components/);
    expect(checkModal({ ...good, components: [] }).join()).toMatch(/1-5 components/);
    expect(checkModal({ ...good, components: [{ type: 1, components: [{ ...input, label: 'l'.repeat(46) }] }] }).join()).toMatch(/label/);
    expect(checkModal({ ...good, components: [{ type: 1, components: [{ ...input, max_length: 4001 }] }] }).join()).toMatch(/max_length/);
    expect(checkModal({ ...good, components: [{ type: 1, components: [{ ...input, placeholder: 'p'.repeat(101) }] }] }).join()).toMatch(/placeholder/);
    expect(checkModal({ ...good, components: [{ type: 1, components: [{ ...input, min_length: 10, max_length: 5 }] }] }).join()).toMatch(/min_length > max_length/);
    expect(checkModal({ ...good, components: [{ type: 1, components: [{ ...input, style: 3 }] }] }).join()).toMatch(/style/);
  });

  it('GIVEN an over-long modal title POSTed as an interaction callback THEN the fake answers 400 and records a violation', async () => {
    const fake = await new FakeDiscord({ guilds: 1 }).start();
    try {
      await fetch(`${fake.apiUrl}/v10/applications/${fake.applicationId}/guilds/${fake.guildId(0)}/commands`, {
        method: 'PUT',
        headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
        body: JSON.stringify([{ name: 'formtest', description: 'x', type: 1 }]),
      });
      let payload: Record<string, unknown> = {};
      const rec = fake.slash({ member: fake.member(), name: 'formtest', dryRun: (p) => (payload = p) });
      fake.interactions.set(rec.id, rec); // known to the fake, with no client to dispatch it to
      const res = await fetch(`${fake.apiUrl}/v10/interactions/${String(payload.id)}/${String(payload.token)}/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 9, data: { ...good, title: 'A modal title far longer than forty-five characters' } }),
      });
      expect(res.status).toBe(400);
      expect(fake.violations.map((v) => v.problems.join()).join()).toMatch(/modal title must be 1-45/);
    } finally {
      await fake.close();
    }
  });
});
