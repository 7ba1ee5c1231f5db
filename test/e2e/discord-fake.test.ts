/**
 * The fake Discord itself: it must reject what Discord rejects (so the e2e tests
 * mean something), speak the gateway the way discord.js expects, and the deploy
 * script must diff before it writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { FakeDiscord } from './fake-discord/index.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

async function api(fake: FakeDiscord, method: string, path: string, body?: unknown, auth = true): Promise<{ status: number; json: any }> {
  const res = await fetch(`${fake.apiUrl}/v10${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bot ${fake.token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** A raw gateway client: collects frames, answers nothing by itself. */
function gateway(url: string): Promise<{ ws: WebSocket; frames: any[]; next: (pred: (f: any) => boolean, ms?: number) => Promise<any> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}?v=10&encoding=json`);
    const frames: any[] = [];
    const waiters: [(f: any) => boolean, (f: any) => void][] = [];
    ws.on('message', (raw) => {
      const f = JSON.parse(raw.toString());
      frames.push(f);
      for (const w of [...waiters]) if (w[0](f)) {
        waiters.splice(waiters.indexOf(w), 1);
        w[1](f);
      }
    });
    const next = (pred: (f: any) => boolean, ms = 3000): Promise<any> => {
      const seen = frames.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((res, rej) => {
        const t = setTimeout(() => rej(new Error(`no such frame; got ${JSON.stringify(frames.map((f) => f.t ?? f.op))}`)), ms);
        waiters.push([pred, (f) => (clearTimeout(t), res(f))]);
      });
    };
    ws.once('open', () => resolve({ ws, frames, next }));
    ws.once('error', reject);
  });
}

describe('fake Discord', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await new FakeDiscord({ guilds: 3, channelsPerGuild: 4 }).start();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('GIVEN invalid message payloads WHEN posted THEN the fake answers 400 and records a violation for each', async () => {
    const ch = fake.channelId(0, 1);
    const bad = [
      { content: 'x'.repeat(2001) },
      { embeds: [{ title: 't'.repeat(257) }] },
      { embeds: Array.from({ length: 2 }, () => ({ description: 'd'.repeat(3500) })) },
      { embeds: [{ title: 't', fields: [{ name: '', value: 'v' }] }] },
      { components: Array.from({ length: 6 }, (_, r) => ({ type: 1, components: [{ type: 2, style: 1, custom_id: `b${r}`, label: 'b' }] })) },
      { components: [{ type: 1, components: Array.from({ length: 6 }, (_, k) => ({ type: 2, style: 1, custom_id: `c${k}`, label: 'c' })) }] },
      { components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'x'.repeat(101), label: 'l' }] }] },
      { components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'a', label: 'l'.repeat(81) }] }] },
      { components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'a', label: 'a' }, { type: 2, style: 1, custom_id: 'a', label: 'b' }] }] },
      { content: 'ephemeral in a channel', flags: 64 },
      { content: 'n', nonce: 'n'.repeat(26), enforce_nonce: true },
      { content: '' },
    ];
    for (const body of bad) expect((await api(fake, 'POST', `/channels/${ch}/messages`, body)).status).toBe(400);
    expect(fake.violations).toHaveLength(bad.length);
    expect(() => fake.assertNoViolations()).toThrow(/invalid payload/);
    fake.violations.length = 0;
    expect((await api(fake, 'POST', `/channels/${ch}/messages`, { content: 'ok' }, false)).status).toBe(401);
    fake.violations.length = 0;
  });

  it('GIVEN invalid command JSON WHEN bulk-overwritten THEN the fake rejects it like Discord', async () => {
    const path = `/applications/${fake.applicationId}/commands`;
    const bad = [
      [{ name: 'Upper', description: 'd' }],
      [{ name: 'ok', description: '' }],
      [{ name: 'ok', description: 'd', options: [{ type: 3, name: 'a', description: 'a' }, { type: 3, name: 'b', description: 'b', required: true }] }],
      [{ name: 'ok', description: 'd', options: [{ type: 3, name: 'a', description: 'a', autocomplete: true, choices: [{ name: 'x', value: 'x' }] }] }],
      [{ name: 'ok', description: 'd', options: [{ type: 3, name: 'a', description: 'a', choices: Array.from({ length: 26 }, (_, k) => ({ name: `${k}`, value: `${k}` })) }] }],
    ];
    for (const body of bad) expect((await api(fake, 'PUT', path, body)).status).toBe(400);
    expect(fake.violations).toHaveLength(bad.length);
    fake.violations.length = 0;
    const ok = await api(fake, 'PUT', path, [{ name: 'ok', description: 'd' }]);
    expect(ok.status).toBe(200);
    expect(ok.json[0]).toMatchObject({ name: 'ok', type: 1, default_member_permissions: null, integration_types: [0], dm_permission: true });
    await api(fake, 'PUT', path, []);
  });

  it('GIVEN a gateway client WHEN it identifies THEN HELLO, READY (user, guilds, application) and ACKs come; GUILD_CREATE only with the Guilds intent; RESUME replays', async () => {
    const a = await gateway(fake.gatewayUrl);
    const hello = await a.next((f) => f.op === 10);
    expect(hello.d.heartbeat_interval).toBeGreaterThan(0);
    a.ws.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 0, properties: {}, shard: [0, 1] } }));
    const ready = await a.next((f) => f.t === 'READY');
    expect(ready.d.user.id).toBe(fake.applicationId);
    expect(ready.d.application).toEqual({ id: fake.applicationId, flags: 0 });
    expect(ready.d.guilds).toHaveLength(3);
    a.ws.send(JSON.stringify({ op: 1, d: ready.s }));
    await a.next((f) => f.op === 11);
    await new Promise((r) => setTimeout(r, 100));
    expect(a.frames.some((f) => f.t === 'GUILD_CREATE')).toBe(false);

    const b = await gateway(fake.gatewayUrl);
    b.ws.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 1, properties: {}, shard: [0, 1] } }));
    await b.next((f) => f.t === 'GUILD_CREATE' && f.d.id === fake.guildId(2));
    expect(b.frames.filter((f) => f.t === 'GUILD_CREATE')).toHaveLength(3);
    b.ws.close(1000);
    await fake.until(() => fake.resumableSessions === 1, { what: 'B to end its session' });

    // Drop A, dispatch while it is away, resume: the missed event is replayed, then RESUMED.
    fake.dropGateway();
    await new Promise((r) => setTimeout(r, 50));
    fake.dispatch(fake.guildId(0), 'TEST_EVENT', { n: 1 });
    const c = await gateway(ready.d.resume_gateway_url);
    c.ws.send(JSON.stringify({ op: 6, d: { token: fake.token, session_id: ready.d.session_id, seq: ready.s } }));
    const replayed = await c.next((f) => f.t === 'TEST_EVENT');
    const resumed = await c.next((f) => f.t === 'RESUMED');
    expect(resumed.s).toBeGreaterThan(replayed.s);

    const d = await gateway(fake.gatewayUrl);
    d.ws.send(JSON.stringify({ op: 6, d: { token: fake.token, session_id: 'nope', seq: 1 } }));
    expect((await d.next((f) => f.op === 9)).d).toBe(false);
    for (const x of [a, c, d]) x.ws.terminate();
  });

  it('GIVEN a late or second interaction response WHEN received THEN the fake refuses it and records it', async () => {
    const g = await gateway(fake.gatewayUrl);
    g.ws.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 0, properties: {}, shard: [0, 1] } }));
    await g.next((f) => f.t === 'READY');
    await api(fake, 'PUT', `/applications/${fake.applicationId}/commands`, [{ name: 'ping', description: 'ping' }]);
    const rec = fake.slash({ member: fake.member(), name: 'ping' });
    const frame = await g.next((f) => f.t === 'INTERACTION_CREATE');
    expect(frame.d).toMatchObject({ entitlements: [], authorizing_integration_owners: { '0': fake.guildId(0) }, type: 2 });
    const cb = `/interactions/${rec.id}/${rec.token}/callback`;
    expect((await api(fake, 'POST', cb, { type: 4, data: { content: 'pong' } }, false)).status).toBe(204);
    expect((await api(fake, 'POST', cb, { type: 4, data: { content: 'again' } }, false)).status).toBe(400);
    rec.dispatchedAt -= 10_000;
    const late = fake.slash({ member: fake.member(), name: 'ping' });
    late.dispatchedAt -= 3_500;
    expect((await api(fake, 'POST', `/interactions/${late.id}/${late.token}/callback`, { type: 4, data: { content: 'late' } }, false)).status).toBe(404);
    expect(fake.violations.map((v) => v.problems.join(' '))).toEqual([expect.stringMatching(/already acknowledged/), expect.stringMatching(/after \d+ ms/)]);
    fake.violations.length = 0;
    g.ws.terminate();
    await api(fake, 'PUT', `/applications/${fake.applicationId}/commands`, []);
  });

  it('GIVEN the deploy script WHEN run twice against the fake THEN the first run overwrites and the second sends nothing', async () => {
    const env = { ...process.env, DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl, DISCORD_GUILD_ID: '' };
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    const first = await run(tsx, ['scripts/deploy-discord.ts'], { cwd: root, env, timeout: 60_000 });
    expect(first.stdout).toMatch(/global/);
    expect(first.stdout).toMatch(/added\s+\/\w+/);
    expect(first.stdout).toMatch(/Overwrote \d+ commands/);
    const second = await run(tsx, ['scripts/deploy-discord.ts'], { cwd: root, env, timeout: 60_000 });
    expect(second.stdout).toMatch(/Up to date: nothing sent/);
    expect(fake.requestsTo('PUT', `/applications/${fake.applicationId}/commands`).filter((r) => Array.isArray(r.body) && (r.body as unknown[]).length > 1)).toHaveLength(1);
    expect(first.stdout + first.stderr + second.stdout + second.stderr).not.toContain(fake.token);
    expect(fake.globalCommands.every((c) => Array.isArray(c.contexts) && (c.contexts as number[])[0] === 0)).toBe(true);
    fake.assertNoViolations();
  }, 120_000);
});
