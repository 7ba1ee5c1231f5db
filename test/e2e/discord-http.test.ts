/**
 * Discord interactions over HTTP: a worker with the gateway off, answering
 * signed POSTs from the fake Discord (which signs with a key pair it generates)
 * through the same handler as the gateway path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { FakeDiscord, type FakeMember } from './fake-discord/index.js';
import { makeTestBot, type TestBot } from '../helpers/bot.js';
import { startDiscord, type DiscordHandle } from '../../src/adapters/discord/client.js';

describe('Discord HTTP interactions (gateway off)', () => {
  let fake: FakeDiscord;
  let tb: TestBot;
  let discord: DiscordHandle;
  let server: Server;
  let ada: FakeMember;

  beforeAll(async () => {
    fake = await new FakeDiscord({ guilds: 1, channelsPerGuild: 4 }).start();
    tb = await makeTestBot();
    discord = await startDiscord(tb.bot, {
      token: fake.token,
      applicationId: fake.applicationId,
      apiUrl: fake.apiUrl,
      guildId: fake.guildId(0),
      publicKey: fake.publicKey,
      gateway: false,
      log: () => {},
    });
    server = createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/discord/interactions') return void discord.interactions!(req, res);
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    fake.interactionsUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/discord/interactions`;
    ada = fake.member({ name: 'ada', admin: true });
  });

  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await discord?.stop();
    await tb?.cleanup();
    await fake?.close();
  });

  it('GIVEN the gateway is off WHEN the worker starts THEN it opened no gateway session and registered the commands over REST', () => {
    expect(fake.stats.identifies).toBe(0);
    expect(fake.stats.connections).toBe(0);
    expect((fake.guildCommands.get(fake.guildId(0)) ?? []).map((c) => c.name)).toContain('salary');
  });

  it('GIVEN Discord saves the endpoint URL WHEN it sends PING THEN the worker answers PONG', async () => {
    const res = await fake.ping();
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ type: 1 });
  });

  it('GIVEN signed interactions WHEN /salary, autocomplete and a quiz click arrive THEN each is answered in the HTTP response', async () => {
    const salary = await fake.answer(fake.slash({ member: ada, name: 'salary', options: { role: 'ai', level: 'senior' } }));
    expect(salary.callbackType).toBe(4);
    expect(JSON.stringify(salary.message)).toContain('$200K–$260K');

    const ac = await fake.answer(fake.autocomplete({ member: ada, name: 'skill', focused: 'name', value: 'rag' }));
    expect(ac.callbackType).toBe(8);
    expect((ac.choices ?? []).length).toBeGreaterThan(0);

    const channelId = fake.channelId(0, 2);
    const started = await fake.answer(fake.slash({ member: ada, name: 'quiz', channelId, options: { questions: 1, seconds: 10 } }));
    expect(JSON.stringify(started.message)).toContain('Started');
    const question = await fake.until(() => fake.channelMessages(channelId)[0], { what: 'the question' });
    const click = await fake.answer(fake.click({ member: fake.member({ name: 'bob' }), messageId: question.id, customId: fake.buttons(question.id)[0]!.customId }));
    expect(JSON.stringify(click.message)).toMatch(/you answered A/);
    expect(fake.deliveries.every((d) => d.status === 200)).toBe(true);
    fake.assertNoViolations();
  });

  it('GIVEN unsigned, wrongly signed, stale or altered requests WHEN they arrive THEN each gets 401 and nothing runs', async () => {
    const channelId = fake.channelId(0, 3);
    let payload: Record<string, unknown> = {};
    fake.slash({ member: ada, name: 'quiz', channelId, options: { questions: 1, seconds: 10 }, dryRun: (p) => (payload = p) });
    const body = JSON.stringify(payload);
    const good = fake.signedHeaders(body);
    const cases: [string, string, Record<string, string>][] = [
      ['unsigned', body, { 'content-type': 'application/json' }],
      ['wrong signature', body, { ...good, 'x-signature-ed25519': good['x-signature-ed25519']!.replace(/^./, (c) => (c === '0' ? '1' : '0')) }],
      ['stale', body, fake.signedHeaders(body, Math.floor(Date.now() / 1000) - 600)],
      ['from the future', body, fake.signedHeaders(body, Math.floor(Date.now() / 1000) + 600)],
      ['altered body', body.replace('"questions"', '"questionz"'), good],
      ['garbage signature', body, { ...good, 'x-signature-ed25519': 'zz' }],
    ];
    for (const [what, b, headers] of cases) {
      const res = await fake.postRaw(b, headers);
      expect(res.status, what).toBe(401);
    }
    expect(fake.channelMessages(channelId)).toHaveLength(0);
    expect(await tb.store.activeSession('discord', channelId)).toEqual([]);
    // The same request, correctly signed, does run.
    const ok = await fake.postRaw(body, fake.signedHeaders(body));
    expect(ok.status).toBe(200);
    await fake.until(() => fake.channelMessages(channelId)[0], { what: 'the question after a valid request' });
  });
});

describe('an HTTP-interactions worker started as the README says (DISCORD_PUBLIC_KEY, DISCORD_GATEWAY=off)', () => {
  it('GIVEN the real entry point WHEN Discord posts signed interactions to PORT/discord/interactions THEN it answers, is ready without a gateway, and exits on SIGTERM', async () => {
    const { freePort, spawnBot, untilReady } = await import('../helpers/net.js');
    const fake = await new FakeDiscord({ guilds: 1, channelsPerGuild: 2 }).start();
    const port = await freePort();
    const child = spawnBot({
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_GUILD_ID: fake.guildId(0),
      DISCORD_PUBLIC_KEY: fake.publicKey,
      DISCORD_GATEWAY: 'off',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    try {
      await untilReady(port, 30_000);
      fake.interactionsUrl = `http://127.0.0.1:${port}/discord/interactions`;
      expect(JSON.parse((await fake.ping()).body)).toEqual({ type: 1 });
      const a = await fake.answer(fake.slash({ member: fake.member({ name: 'ada' }), name: 'salary', options: { role: 'ai', level: 'senior' } }));
      expect(JSON.stringify(a.message)).toContain('$200K–$260K');
      expect(fake.stats.identifies).toBe(0);
      expect(stderr).not.toContain(fake.token);
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      fake.assertNoViolations();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await fake.close();
    }
  }, 60_000);
});
