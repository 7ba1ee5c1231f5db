/**
 * The Slack adapter over HTTP, end to end: the real Bolt HTTPReceiver on
 * 127.0.0.1, signed requests from the fake Slack, replies through response_url
 * and the Web API of the fake.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack, type SlackCore, type SlackHandle } from '../../src/adapters/slack/app.js';
import type { Scope } from '../../src/core/command.js';
import type { Reply } from '../../src/core/reply.js';
import { ALICE, CHANNEL, MemoryLogger, startHarness, type Harness } from './fake-slack/harness.js';
import { FakeSlack } from './fake-slack/server.js';
import { interactiveElements } from './fake-slack/payloads.js';
import { nowSec } from './fake-slack/signing.js';
import { sharedScenarios } from './fake-slack/scenarios.js';

describe('Slack over HTTP', () => {
  sharedScenarios('http');
});

describe('Slack HTTP request verification', () => {
  let h: Harness;
  let target: string;
  beforeAll(async () => {
    h = await startHarness('http');
    target = `http://127.0.0.1:${h.handle.port}/slack/events`;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('GIVEN a bad signature WHEN a slash command arrives THEN 401 and nothing runs', async () => {
    const res = await h.fake.sendCommand(target, { command: '/salary', text: 'ai', user: ALICE, channel: CHANNEL }, { secret: 'not-the-signing-secret' });
    expect(res.status).toBe(401);
    const garbage = await h.fake.sendCommand(target, { command: '/salary', text: 'ai', user: ALICE, channel: CHANNEL }, { signature: 'v0=deadbeef' });
    expect(garbage.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.fake.responsesTo(res.responseUrl)).toHaveLength(0);
    expect(h.fake.responsesTo(garbage.responseUrl)).toHaveLength(0);
  });

  it('GIVEN a correctly signed but stale request (301 s old) THEN it is rejected', async () => {
    const res = await h.fake.sendCommand(target, { command: '/salary', text: 'ai', user: ALICE, channel: CHANNEL }, { timestampSec: nowSec() - 301 });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.fake.responsesTo(res.responseUrl)).toHaveLength(0);
  });

  it('GIVEN a correctly signed request dated 6 minutes ahead THEN it is refused (401) and nothing runs; 4 minutes ahead is within the window', async () => {
    const ahead = await h.fake.sendCommand(target, { command: '/salary', text: 'ai', user: ALICE, channel: CHANNEL }, { timestampSec: nowSec() + 6 * 60 });
    expect(ahead.status).toBe(401);
    const near = await h.fake.sendCommand(target, { command: '/salary', text: 'ai', user: ALICE, channel: CHANNEL }, { timestampSec: nowSec() + 4 * 60 });
    expect(near.status).toBe(200);
    // The in-window request is answered; by then the refused one would have been too.
    await h.fake.waitForResponse(near.responseUrl);
    expect(h.fake.responsesTo(ahead.responseUrl)).toHaveLength(0);
    expect(h.logger.lines.some((l) => /more than 5 minutes in the future/.test(l.msg))).toBe(true);
  });

  it('GIVEN a signed block_actions with a bad signature THEN 401', async () => {
    const res = await h.fake.sendAction(target, {
      user: ALICE, channel: CHANNEL,
      message: { ts: '1.000001', text: 'x', blocks: [] },
      element: { type: 'button', action_id: 'skill:show:rag-architecture', block_id: 'b', value: 'skill:show:rag-architecture', text: 'RAG' },
    }, { secret: 'wrong' });
    expect(res.status).toBe(401);
  });

  it('GIVEN a correct signature THEN 200 and the health route answers', async () => {
    const res = await h.fake.sendCommand(target, { command: '/help', user: ALICE, channel: CHANNEL });
    expect(res.status).toBe(200);
    await h.fake.waitForResponse(res.responseUrl);
    const health = await fetch(`http://127.0.0.1:${h.handle.port}/healthz`);
    expect(health.status).toBe(200);
    expect(h.fake.violations).toEqual([]);
  });
});

describe('Slack routing details (a stub core behind the real Bolt app)', () => {
  const calls: { kind: string; name: string; arg?: string; value?: string; scope: Scope }[] = [];
  let fake: FakeSlack;
  let handle: SlackHandle;
  let target: string;
  const logger = new MemoryLogger();
  const public_ = (text: string, extra: Partial<Reply> = {}): Reply => ({ visibility: 'public', text, cards: [], actions: [], ...extra });
  const core: SlackCore = {
    commands: () => [
      { name: 'pick', description: 'd', example: '/pick', run: () => public_('x') },
      { name: 'daily', description: 'd', example: '/daily', admin: true, run: () => public_('x') },
    ],
    attachPoster: () => {},
    async runCommandText(name, text, scope) {
      calls.push({ kind: 'command', name, arg: text, scope });
      return public_(`ran ${name}`, {
        actions: [
          [{ kind: 'button', id: 'pick:same', label: 'One' }, { kind: 'button', id: 'pick:same', label: 'Two' }],
          [{ kind: 'select', id: 'pick:choose', placeholder: 'Choose', options: [{ label: 'Apple', value: 'apple' }, { label: 'Pear', value: 'pear' }] }],
        ],
      });
    },
    async runAction(id, scope, value) {
      calls.push({ kind: 'action', name: id, value, scope });
      if (id === 'pick:same') return { ...public_('updated'), mode: 'update' };
      if (id === 'pick:choose') return { visibility: 'private', text: `chose ${value}`, cards: [], actions: [], mode: 'update' };
      return public_('?');
    },
  };

  beforeAll(async () => {
    fake = await FakeSlack.start();
    fake.addUser({ id: 'U0PLAIN01', name: 'plain' });
    handle = await startSlack(core, {
      botToken: fake.botToken, signingSecret: fake.signingSecret, apiUrl: fake.apiUrl,
      adminUserIds: [], port: 0, host: '127.0.0.1', logger, poster: { backoffMs: 10 },
    });
    target = `http://127.0.0.1:${handle.port}/slack/events`;
  });
  afterAll(async () => {
    await handle?.stop();
    await fake?.close();
  });

  it('GIVEN two buttons with one core id THEN action_ids differ, and the click routes by value; update -> replace_original', async () => {
    const res = await fake.sendCommand(target, { command: '/pick', text: 'anything', user: { id: 'U0PLAIN01', name: 'plain' }, channel: CHANNEL });
    const body = (await fake.waitForResponse(res.responseUrl)).body;
    expect(body.response_type).toBe('in_channel');
    expect(calls.at(-1)).toMatchObject({ kind: 'command', name: 'pick', arg: 'anything', scope: { platform: 'slack', workspaceId: fake.workspace.teamId, channelId: CHANNEL.id, userId: 'U0PLAIN01', userName: 'plain', isAdmin: false } });
    expect(fake.callsTo('users.info')).toHaveLength(0); // not an admin-capable command: no lookup
    const els = interactiveElements(body.blocks as unknown[]);
    expect(els[0]!.action_id).not.toBe(els[1]!.action_id);
    const msg = { ts: '1700000999.000001', text: String(body.text), blocks: body.blocks as unknown[] };
    const click = await fake.sendAction(target, { user: { id: 'U0PLAIN01', name: 'plain' }, channel: CHANNEL, message: msg, element: els[1]! });
    const upd = (await fake.waitForResponse(click.responseUrl)).body;
    expect(calls.at(-1)).toMatchObject({ kind: 'action', name: 'pick:same', value: undefined });
    expect(upd.replace_original).toBe(true);
    expect(upd.response_type).toBeUndefined();
  });

  it('GIVEN a select THEN the chosen value is passed; a private update of a public message becomes a new ephemeral', async () => {
    const msg = { ts: '1700000999.000002', text: 'x', blocks: [] as unknown[] };
    const click = await fake.sendAction(target, {
      user: { id: 'U0PLAIN01', name: 'plain' }, channel: CHANNEL, message: msg,
      element: { type: 'static_select', action_id: 'pick:choose', block_id: 'b1', selected: { text: 'Pear', value: 'pear' } },
    });
    const body = (await fake.waitForResponse(click.responseUrl)).body;
    expect(calls.at(-1)).toMatchObject({ kind: 'action', name: 'pick:choose', value: 'pear' });
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: 'chose pear' });
  });

  it('GIVEN an admin-only command and users.info failing THEN not admin, with a hint that says why', async () => {
    fake.fault('users.info', { kind: 'error', error: 'ratelimited' });
    await fake.waitForResponse((await fake.sendCommand(target, { command: '/daily', text: 'set', user: { id: 'U0PLAIN01', name: 'plain' }, channel: CHANNEL })).responseUrl);
    expect(calls.at(-1)?.scope).toMatchObject({ isAdmin: false, adminHint: expect.stringMatching(/could not check your Slack role.*ratelimited/) });
    await fake.waitForResponse((await fake.sendCommand(target, { command: '/daily', text: 'set', user: { id: 'U0PLAIN01', name: 'plain' }, channel: CHANNEL })).responseUrl);
    expect(calls.at(-1)?.scope).toMatchObject({ isAdmin: false, adminHint: expect.stringMatching(/workspace admins and owners/) });
  });

  it('GIVEN the bot is not in the channel THEN the poster joins it once and posts', async () => {
    fake.notMember.add('C0PRIVATE');
    const ref = await handle.poster.post('C0PRIVATE', public_('hello'), 'daily:x:2026-03-02');
    expect(fake.callsTo('conversations.join')).toHaveLength(1);
    expect(ref.messageId).toBe(fake.channelMessages('C0PRIVATE')[0]?.ts);
    expect(fake.violations).toEqual([]);
  });

  it('GIVEN a wrong bot token THEN start-up fails naming SLACK_BOT_TOKEN, without the token', async () => {
    const wrong = 'xoxb-wrong-token-value';
    const err = await startSlack(core, {
      botToken: wrong, signingSecret: fake.signingSecret, apiUrl: fake.apiUrl, adminUserIds: [], port: 0, host: '127.0.0.1', logger,
    }).then(() => undefined, (e: unknown) => e as Error);
    expect(err?.message).toMatch(/^SLACK_BOT_TOKEN: Slack rejected the bot token \(invalid_auth\)/);
    expect(err?.message).not.toContain(wrong);
  });

  it('GIVEN a Retry-After above the cap THEN the poster gives up with an error instead of waiting', async () => {
    const h2 = await startSlack(core, {
      botToken: fake.botToken, signingSecret: fake.signingSecret, apiUrl: fake.apiUrl,
      adminUserIds: [], port: 0, host: '127.0.0.1', logger, poster: { maxRetryAfterSec: 1 },
    });
    try {
      fake.fault('chat.postMessage', { kind: 'ratelimit', retryAfterSec: 30 });
      const t0 = Date.now();
      await expect(h2.poster.post(CHANNEL.id, public_('x'))).rejects.toThrow(/rate limited \(retry after 30s\)/);
      expect(Date.now() - t0).toBeLessThan(2000);
    } finally {
      await h2.stop();
    }
  });
});
