/**
 * A PostgreSQL that goes away while the bot runs: commands answer "try again in
 * a moment" (no crash, no stack trace to the user), and once it is back the same
 * bot answers again without a restart. The database sits behind a TCP proxy the
 * test cuts (every open connection dropped, new ones refused) and restores.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { makeTestBot, scope, type TestBot } from '../helpers/bot.js';
import { freshPgUrl } from '../helpers/pg.js';
import { RecordingPoster } from '../helpers/recording-poster.js';

class Proxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = createConnection(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', () => r()));
    this.port = (this.server.address() as { port: number }).port;
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((r) => this.server?.close(r));
  }
}

let tb: TestBot | undefined;
let proxy: Proxy | undefined;
afterEach(async () => {
  await tb?.cleanup().catch(() => {});
  await proxy?.down().catch(() => {});
  tb = proxy = undefined;
});

const text = (r: unknown) => JSON.stringify(r);

describe('the database going away while the bot runs', () => {
  it('commands answer "try again in a moment", and work again by themselves when it is back', async () => {
    const real = new URL(await freshPgUrl());
    proxy = new Proxy({ host: real.hostname, port: Number(real.port) });
    await proxy.up();
    const viaProxy = new URL(real);
    viaProxy.port = String(proxy.port);
    tb = await makeTestBot({ databaseUrl: viaProxy.toString() });
    tb.bot.attachPoster(new RecordingPoster('slack'));
    const s = scope({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' });

    expect(text(await tb.bot.runText('/leaderboard', s))).not.toMatch(/try again/i);
    await proxy.down();
    const during = text(await tb.bot.runText('/leaderboard', s));
    expect(during).toMatch(/can't reach my database right now\. Please try again in a moment/);
    expect(text(await tb.bot.runText('/quiz', s))).toMatch(/try again in a moment/);
    await proxy.up();
    const after = text(await tb.bot.runText('/quiz seconds:10', s));
    expect(after).not.toMatch(/try again/i);
    expect((await tb.store.activeSession('slack', 'C1')).length).toBe(1);
  });
});
