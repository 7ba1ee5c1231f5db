/**
 * Many workspaces (issue 14), end to end: the real Bolt app with its own OAuth
 * (install page, state cookie, the fake's authorize page, oauth.v2.access),
 * installations in the real SQLite file, every call with the token of the
 * workspace it is for, and uninstalls that delete the workspace.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../src/adapters/slack/manifest.js';
import { PostError } from '../../src/core/poster.js';
import { ADMIN, ALICE, BOB, CAROL, STATE_SECRET, posted, startHarness, textOf, type Channel, type Harness, type Mode } from './fake-slack/harness.js';
import type { FakeTeam } from './fake-slack/server.js';

const A_GEN: Channel = { id: 'C0AGEN001', name: 'general' };
const A_ENG: Channel = { id: 'C0AENG001', name: 'eng' };
const B_GEN: Channel = { id: 'C0BGEN001', name: 'general' };
const B_ENG: Channel = { id: 'C0BENG001', name: 'eng' };

const b64url = (s: string | Buffer): string => Buffer.from(s).toString('base64url');
/** An HS256 JWT, as Bolt's state store issues them (payload: installOptions, now, random). */
function jwt(payload: object, secret: string): string {
  const head = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  return `${head}.${b64url(createHmac('sha256', secret).update(head).digest())}`;
}

/** The whole flow a browser goes through: install page -> Slack's authorize page -> redirect back with code + state. */
async function install(h: Harness, teamId: string, opts: { orgWide?: boolean } = {}): Promise<{ status: number; html: string; authorizeUrl: URL }> {
  const page = await fetch(`${h.origin}/slack/install`);
  expect(page.status).toBe(200);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  expect(cookie).toMatch(/^slack-app-oauth-state=/);
  const html = await page.text();
  const href = /<a href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  expect(href).toBeDefined();
  const approved = await h.fake.approve(href!, teamId, opts);
  expect(approved.status).toBe(302);
  const done = await fetch(approved.location!, { headers: { cookie }, redirect: 'manual' });
  return { status: done.status, html: await done.text(), authorizeUrl: new URL(href!) };
}

function oauthSuite(mode: Mode): void {
  let h: Harness;
  let A: FakeTeam;
  let B: FakeTeam;

  beforeAll(async () => {
    // 07:00 UTC on Monday 2 March 2026 = 08:00 in Berlin, an hour before the daily slot.
    h = await startHarness(mode, { oauth: true, start: '2026-03-02T07:00:00Z' });
    A = h.fake.addTeam({ teamId: 'T0ALPHA01', name: 'Alpha' });
    B = h.fake.addTeam({ teamId: 'T0BETA001', name: 'Beta' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('GIVEN two workspaces WHEN each installs through /slack/install THEN the code is exchanged on oauth.v2.access and each gets its own token', async () => {
    const a = await install(h, A.teamId);
    expect(a.status).toBe(200);
    expect(a.html).toContain('installed in <b>Alpha</b>');
    expect(a.authorizeUrl.origin + a.authorizeUrl.pathname).toBe(`${h.fake.origin}/oauth/v2/authorize`);
    expect(a.authorizeUrl.searchParams.get('scope')?.split(',')).toEqual([...BOT_SCOPES]);
    expect(a.authorizeUrl.searchParams.get('redirect_uri')).toBe(`${h.origin}/slack/oauth_redirect`);
    const b = await install(h, B.teamId);
    expect(b.status).toBe(200);
    expect(b.html).toContain('installed in <b>Beta</b>');
    const exchanges = h.fake.callsTo('oauth.v2.access');
    expect(exchanges.map((c) => c.error)).toEqual([undefined, undefined]);
    expect(A.botToken).toBeDefined();
    expect(B.botToken).toBeDefined();
    expect(A.botToken).not.toBe(B.botToken);

    // Each answers a command; the one command that needs users.info asks with that workspace's token.
    const ok = await h.ask(ADMIN, '/daily', 'status', A_GEN, A);
    expect(textOf(ok)).not.toMatch(/Only admins|not installed/);
    expect(h.fake.callsTo('users.info').at(-1)?.team).toBe(A.teamId);
    await h.ask(ADMIN, '/daily', 'status', B_GEN, B);
    expect(h.fake.callsTo('users.info').at(-1)?.team).toBe(B.teamId);
  });

  it('GIVEN a forged state, or one that is not from this browser, or an expired one THEN the redirect is refused with a page that says so, and no code is exchanged', async () => {
    const before = h.fake.callsTo('oauth.v2.access').length;
    const redirect = `${h.origin}/slack/oauth_redirect`;
    const fresh = { installOptions: { scopes: [...BOT_SCOPES] }, now: new Date().toJSON(), random: 7 };

    const forged = jwt(fresh, 'not-the-state-secret-at-all');
    const r1 = await fetch(`${redirect}?code=c1&state=${forged}`, { headers: { cookie: `slack-app-oauth-state=${forged}` } });
    expect(r1.status).toBe(400);
    expect(await r1.text()).toMatch(/could not be verified/);

    const genuine = jwt(fresh, STATE_SECRET);
    const r2 = await fetch(`${redirect}?code=c2&state=${genuine}`); // no cookie: not this browser's install
    expect(r2.status).toBe(400);
    expect(await r2.text()).toMatch(/could not be verified/);

    const old = jwt({ ...fresh, now: new Date(Date.now() - 11 * 60_000).toJSON() }, STATE_SECRET);
    const r3 = await fetch(`${redirect}?code=c3&state=${old}`, { headers: { cookie: `slack-app-oauth-state=${old}` } });
    expect(r3.status).toBe(400);
    expect(await r3.text()).toMatch(/install link has expired/);

    const r4 = await fetch(`${redirect}?error=access_denied&state=${genuine}`, { headers: { cookie: `slack-app-oauth-state=${genuine}` } });
    expect(r4.status).toBe(400);
    expect(await r4.text()).toMatch(/cancelled/);

    expect(h.fake.callsTo('oauth.v2.access')).toHaveLength(before);
  });

  it('GIVEN /daily set in both WHEN the slot comes THEN each workspace\'s post goes out with its own token and no other', async () => {
    for (const [team, ch] of [[A, A_ENG], [B, B_ENG]] as const) {
      const ok = await h.ask(ADMIN, '/daily', `set <#${ch.id}|${ch.name}> 09:00 Europe/Berlin weekdays`, A === team ? A_GEN : B_GEN, team);
      expect(String(ok.text)).toBe(`Daily interview question set up for <#${ch.id}>.`);
    }
    h.clock.set('2026-03-02T08:00:30Z'); // 09:00:30 in Berlin
    await h.bot.tick();
    for (const [team, ch] of [[A, A_ENG], [B, B_ENG]] as const) {
      const msgs = h.fake.channelMessages(ch.id);
      expect(msgs).toHaveLength(1);
      expect(msgs[0]?.team).toBe(team.teamId);
      const calls = h.fake.calls.filter((c) => c.args.channel === ch.id);
      expect(calls.length).toBeGreaterThan(0);
      expect(new Set(calls.map((c) => c.token))).toEqual(new Set([team.botToken]));
    }
  });

  it('GIVEN a quiz in each workspace, answered by users of each WHEN the rounds end THEN each reveal is a chat.update with that workspace\'s token', async () => {
    await h.ask(ALICE, '/quiz', 'questions:1 seconds:30', A_GEN, A);
    await h.ask(BOB, '/quiz', 'questions:1 seconds:30', B_GEN, B);
    const roundA = await h.fake.waitFor(() => h.fake.channelMessages(A_GEN.id)[0], 'the quiz in Alpha');
    const roundB = await h.fake.waitFor(() => h.fake.channelMessages(B_GEN.id)[0], 'the quiz in Beta');
    const first = (e: { text?: string }) => e.text === 'A';
    const clickA = await h.click(ALICE, posted(roundA, A_GEN), first, { team: A });
    const clickB = await h.click(CAROL, posted(roundB, B_GEN), first, { team: B });
    const a = (await h.fake.waitForResponse(clickA.responseUrl)).body;
    const b = (await h.fake.waitForResponse(clickB.responseUrl)).body;
    expect(String(a.text)).toMatch(/Got it/);
    expect(String(b.text)).toMatch(/Got it/);

    h.clock.advance(31_000);
    await h.bot.tick();
    const updates = await h.fake.waitForCalls('chat.update', 2);
    const byChannel = Object.fromEntries(updates.map((u) => [String(u.args.channel), u]));
    expect(byChannel[A_GEN.id]?.token).toBe(A.botToken);
    expect(byChannel[A_GEN.id]?.args.ts).toBe(roundA.ts);
    expect(byChannel[B_GEN.id]?.token).toBe(B.botToken);
    expect(textOf(h.fake.channelMessages(A_GEN.id)[0]!)).toMatch(/Quiz answer/);
    expect(textOf(h.fake.channelMessages(B_GEN.id)[0]!)).toMatch(/Quiz answer/);
  });

  it('GIVEN both workspaces WHEN a member opens the Home tab and the core sends a DM THEN views.publish, conversations.open and the DM each use that workspace\'s token', async () => {
    for (const [team, user] of [[A, ALICE], [B, BOB]] as const) {
      await h.event(h.fake.homeOpened(user, team.teamId));
      const home = await h.fake.waitFor(() => h.fake.home(user.id, team.teamId), `the Home tab in ${team.name}`);
      expect(home.teamId).toBe(team.teamId);
      const publish = h.fake.callsTo('views.publish').filter((c) => c.args.user_id === user.id);
      expect(new Set(publish.map((c) => c.token))).toEqual(new Set([team.botToken]));

      const ref = await h.handle.poster.direct(user.id, { visibility: 'private', text: 'Your weekly plan', cards: [], actions: [] }, `nudge:${team.teamId}:${user.id}`, { workspaceId: team.teamId });
      expect(ref.workspaceId).toBe(team.teamId);
      const calls = h.fake.calls.filter((c) => (c.method === 'conversations.open' && c.args.users === user.id) || (c.method === 'chat.postMessage' && c.args.channel === ref.channelId));
      expect(calls.map((c) => c.method)).toEqual(['conversations.open', 'chat.postMessage']);
      expect(new Set(calls.map((c) => c.token))).toEqual(new Set([team.botToken]));
    }
    expect(h.fake.violations).toEqual([]);
  });

  it('GIVEN Alpha uninstalls WHEN Slack sends tokens_revoked and app_uninstalled THEN its installation, schedules and data are gone at once, and Beta keeps working', async () => {
    const store = h.bot.store;
    expect(await store.listSchedules({ workspaceId: A.teamId })).toHaveLength(1);
    expect((await store.scores('slack', A.teamId, null)).length).toBeGreaterThan(0);
    const alphaToken = A.botToken;
    const events = h.fake.uninstall(A.teamId);
    await h.event(events.tokensRevoked);
    await h.event(events.appUninstalled); // the second one finds nothing left: no error either
    const gone = await waitUntil(async () => (await store.listSchedules({ workspaceId: A.teamId })).length === 0);
    expect(gone).toBe(true);
    expect(await store.scores('slack', A.teamId, null)).toEqual([]);
    expect(await store.listSchedules({ workspaceId: B.teamId })).toHaveLength(1);
    expect((await store.scores('slack', B.teamId, null)).length).toBeGreaterThan(0);

    // The next weekday's slot: Beta posts, Alpha's schedule is no more, and no call carries Alpha's token.
    const callsBefore = h.fake.calls.length;
    h.clock.set('2026-03-03T08:00:30Z');
    await h.bot.tick();
    expect(h.fake.channelMessages(B_ENG.id)).toHaveLength(2);
    expect(h.fake.channelMessages(A_ENG.id)).toHaveLength(1);
    expect(h.fake.calls.slice(callsBefore).filter((c) => c.token === alphaToken)).toEqual([]);

    // A post still asked for in Alpha (a retry in flight elsewhere) is a permanent error, not a retry loop.
    const err = await h.handle.poster
      .post(A_ENG.id, { visibility: 'public', text: 'x', cards: [], actions: [] }, undefined, { workspaceId: A.teamId })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PostError);
    expect((err as PostError).kind).toBe('permanent');

    // Beta still answers.
    const beta = await h.ask(BOB, '/salary', 'ai senior', B_GEN, B);
    expect(String(beta.text)).toMatch(/Senior AI Engineer/);
  });

  it('GIVEN a request still arriving for the uninstalled workspace, or from one that never installed THEN it is acked and answered "please reinstall", with no crash', async () => {
    const late = await h.ask(ALICE, '/salary', 'ai senior', A_GEN, A);
    expect(late.response_type).toBe('ephemeral');
    expect(String(late.text)).toMatch(/not installed in this workspace.*Please reinstall/);
    expect(String(late.text)).toContain(`${h.origin}/slack/install`);

    // A button on a message the bot posted in Alpha before it was removed.
    const daily = h.fake.channelMessages(A_ENG.id)[0]!;
    const clicked = await h.click(ALICE, posted(daily, A_ENG), (e) => e.value?.startsWith('interview:reveal:') === true, { team: A });
    expect(String((await h.fake.waitForResponse(clicked.responseUrl)).body.text)).toMatch(/not installed in this workspace/);

    const never = h.fake.addTeam({ teamId: 'T0NEVER01', name: 'Never' });
    const body = await h.ask(CAROL, '/quiz', '', A_GEN, never);
    expect(String(body.text)).toMatch(/not installed in this workspace/);
    expect(h.logger.lines.filter((l) => /unhandled/.test(l.msg))).toEqual([]);

    // The app still serves Beta after both.
    const beta = await h.ask(BOB, '/help', '', B_GEN, B);
    expect(textOf(beta)).toMatch(/\/salary/);
    expect(h.fake.violations).toEqual([]);
  });

  it('GIVEN Alpha installs again THEN it is served with its new token, starting from nothing', async () => {
    const oldTokens = new Set(h.fake.issuedTokens);
    const again = await install(h, A.teamId);
    expect(again.status).toBe(200);
    expect(oldTokens.has(A.botToken!)).toBe(false);
    const status = await h.ask(ADMIN, '/daily', 'status', A_GEN, A);
    expect(textOf(status)).not.toMatch(/not installed/);
    expect(h.fake.callsTo('users.info').at(-1)?.token).toBe(A.botToken);
    expect(await h.bot.store.listSchedules({ workspaceId: A.teamId })).toEqual([]);
  });

  it('GIVEN Beta\'s token is revoked before Slack\'s events arrive WHEN its daily post is due THEN token_revoked is a permanent error: one attempt, the schedule pauses itself, no retry', async () => {
    h.fake.uninstall(B.teamId); // the events are not delivered
    h.clock.set('2026-03-04T08:00:30Z');
    await h.bot.tick();
    h.clock.advance(5 * 60_000);
    await h.bot.tick();
    const attempts = h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === B_ENG.id && c.error);
    expect(attempts.map((c) => c.error)).toEqual(['token_revoked']);
    const [schedule] = await h.bot.store.listSchedules({ workspaceId: B.teamId });
    expect(schedule?.suspendedReason).toMatch(/token was revoked/);
  });
}

async function waitUntil(pred: () => Promise<boolean>, timeoutMs = 3000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await pred()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return pred();
}

describe('Slack on Enterprise Grid: an org-wide install serves every workspace of the org', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('http', { oauth: true, start: '2026-03-02T07:00:00Z' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('GIVEN an org-wide install WHEN a workspace of the org uses the bot THEN its token is the org\'s, for commands and daily posts alike; an org uninstall deletes the org\'s workspaces', async () => {
    const g1 = h.fake.addTeam({ teamId: 'T0GRID001', name: 'Grid One', enterpriseId: 'E0ORG0001' });
    const done = await install(h, g1.teamId, { orgWide: true });
    expect(done.status).toBe(200);
    expect(done.html).toContain('installed in <b>Org E0ORG0001</b>');
    const orgToken = g1.botToken;
    expect(orgToken).toBeDefined();
    expect(g1.orgWide).toBe(true);

    const set = await h.ask(ADMIN, '/daily', `set <#${A_ENG.id}|eng> 09:00 Europe/Berlin weekdays`, A_GEN, g1);
    expect(String(set.text)).toBe(`Daily interview question set up for <#${A_ENG.id}>.`);
    expect(h.fake.callsTo('users.info').at(-1)?.token).toBe(orgToken);

    // No request triggers the daily post: the poster finds the org's installation from the workspace id.
    h.clock.set('2026-03-02T08:00:30Z');
    await h.bot.tick();
    const calls = h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === A_ENG.id);
    expect(calls.map((c) => [c.token, c.error])).toEqual([[orgToken, undefined]]);

    const { appUninstalled } = h.fake.uninstallOrg('E0ORG0001');
    await h.event(appUninstalled);
    expect(await waitUntil(async () => (await h.bot.store.listSchedules({ workspaceId: g1.teamId })).length === 0)).toBe(true);
    const late = await h.ask(ALICE, '/salary', 'ai', A_GEN, g1);
    expect(String(late.text)).toMatch(/not installed in this workspace/);
  });
});

describe('Slack in many workspaces over HTTP (OAuth)', () => {
  oauthSuite('http');
});

describe('Slack in many workspaces over Socket Mode (OAuth; install pages on the one server)', () => {
  oauthSuite('socket');
});
