/** The pino logger (src/log.ts): JSON lines, levels, child fields, and no secret in any line. */
import { describe, expect, it } from 'vitest';
import { coreLogger, createRootLogger, secretsFromEnv } from '../../src/log.js';
import { boltLogger } from '../../src/adapters/slack/log.js';
import { LogLevel } from '@slack/bolt';

function capture(level: 'debug' | 'info' | 'warn' | 'error', secrets: string[] = []) {
  const lines: string[] = [];
  const root = createRootLogger({ level, secrets, pretty: false, destination: { write: (s: string) => void lines.push(s) } });
  return { root, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const DISCORD_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB';
const SLACK_BOT = 'xoxb-1234-5678-abcdefABCDEF';
const SIGNING = 'f'.repeat(32);

describe('the logger', () => {
  it('writes one JSON object per line with time, level and msg, and child fields', () => {
    const c = capture('info');
    coreLogger(c.root.child({ platform: 'discord' }))('info', 'discord ready', { shard: 0 });
    const [o] = c.parsed();
    expect(o).toMatchObject({ level: 'info', msg: 'discord ready', platform: 'discord', shard: 0 });
    expect(typeof o!.time).toBe('string');
  });

  it('keeps to its level: debug lines only at debug', () => {
    const info = capture('info');
    coreLogger(info.root)('debug', 'hidden');
    expect(info.lines).toEqual([]);
    const debug = capture('debug');
    coreLogger(debug.root)('debug', 'shown');
    expect(debug.parsed()[0]!.msg).toBe('shown');
  });

  it('hides OAuth secrets: the client and state secrets by field and from the environment, and client_secret, code and tokens inside JSON text a library writes', () => {
    const c = capture('debug', secretsFromEnv({ SLACK_CLIENT_SECRET: 'env-client-secret-123', SLACK_STATE_SECRET: 'env-state-secret-456' }));
    const log = coreLogger(c.root);
    log('info', 'oauth', { slack: { clientSecret: 'field-secret-1', stateSecret: 'field-secret-2', refreshToken: 'field-secret-3' } });
    // What the Slack WebClient writes at debug for oauth.v2.access and its answer (the key "token" aside, it redacts nothing).
    boltLogger(c.root).debug('http request body: {"client_id":"1.2","client_secret":"json-secret-4","code":"json-secret-5","redirect_uri":"https://x/slack/oauth_redirect"}');
    boltLogger(c.root).debug('http request result: {"ok":true,"access_token":"json-secret-6","refresh_token":"json-secret-7"}');
    log('warn', 'state was env-state-secret-456 and client env-client-secret-123');
    const all = c.lines.join('\n');
    for (const s of ['field-secret-1', 'field-secret-2', 'field-secret-3', 'json-secret-4', 'json-secret-5', 'json-secret-6', 'json-secret-7', 'env-client-secret-123', 'env-state-secret-456'])
      expect(all, s).not.toContain(s);
    expect(all).toContain('"redirect_uri\\":\\"https://x/slack/oauth_redirect');
  });

  it('redacts secret fields by path, at the top level, one level down and in headers', () => {
    const c = capture('info');
    coreLogger(c.root)('info', 'config', { token: 'plain-secret-1', slack: { signingSecret: 'plain-secret-2', botToken: 'plain-secret-3' }, headers: { authorization: 'Bot plain-secret-4' } });
    const line = c.lines[0]!;
    for (const s of ['plain-secret-1', 'plain-secret-2', 'plain-secret-3', 'plain-secret-4']) expect(line).not.toContain(s);
    expect(line).toContain('[redacted]');
  });

  it('scrubs configured secret values and token shapes from any string, including error messages', () => {
    const c = capture('debug', [DISCORD_TOKEN, SIGNING]);
    const log = coreLogger(c.root);
    log('error', `request failed with Authorization: Bot ${DISCORD_TOKEN}`, { error: new Error(`bad secret ${SIGNING}`) });
    log('info', `slack said ${SLACK_BOT} and xapp-1-A111-222-abc`);
    log('debug', 'discord api call', { route: 'https://discord.com/api/v10/interactions/1234567890123/aW50ZXJhY3Rpb24secret/callback' });
    const all = c.lines.join('\n');
    for (const s of [DISCORD_TOKEN, SIGNING, SLACK_BOT, 'xapp-1-A111-222-abc', 'aW50ZXJhY3Rpb24secret']) expect(all).not.toContain(s);
    expect(c.parsed().length).toBe(3);
  });

  it("gives Bolt a Logger whose setLevel(INFO) does not silence LOG_LEVEL=debug", () => {
    const c = capture('debug', [SLACK_BOT]);
    const bolt = boltLogger(c.root.child({ platform: 'slack' }));
    bolt.setLevel(LogLevel.INFO); // what Bolt does to a logger it is given without a level
    bolt.debug('http request body:', { token: SLACK_BOT });
    const [o] = c.parsed();
    expect(o).toMatchObject({ level: 'debug', platform: 'slack' });
    expect(String(o!.msg)).toContain('http request body:');
    expect(c.lines[0]).not.toContain(SLACK_BOT);
  });
});
