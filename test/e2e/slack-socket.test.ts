/**
 * The Slack adapter in Socket Mode, end to end: apps.connections.open on the
 * fake Web API, a WebSocket on 127.0.0.1 (hello, envelopes, acks by
 * envelope_id, disconnect/reconnect), replies through response_url.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, startHarness, textOf, type Harness } from './fake-slack/harness.js';
import { sharedScenarios } from './fake-slack/scenarios.js';

describe('Slack over Socket Mode', () => {
  sharedScenarios('socket');
});

describe('Slack Socket Mode connection', () => {
  let h: Harness;
  beforeAll(async () => {
    // A short ping timeout is also a short reconnect back-off.
    h = await startHarness('socket', { slack: { socket: { clientPingTimeoutMs: 500 } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('GIVEN a connected app THEN it used the app token for apps.connections.open and the bot token for auth.test', () => {
    const open = h.fake.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]?.token).toBe(h.fake.appToken);
    expect(h.fake.callsTo('auth.test')[0]?.token).toBe(h.fake.botToken);
    expect(h.fake.socketConnections).toBe(1);
  });

  it('WHEN Slack sends disconnect THEN the app reconnects and keeps answering', async () => {
    h.fake.disconnectSocket();
    await h.fake.waitForSocket(2, 5_000);
    expect(h.fake.callsTo('apps.connections.open')).toHaveLength(2);
    const body = await h.ask(ALICE, '/salary', 'swe junior');
    expect(textOf(body)).toMatch(/Junior Software Engineer|Junior SWE/i);
    expect(h.fake.violations).toEqual([]);
  });

  it('WHEN an envelope arrives THEN the ack frame carries its envelope_id', async () => {
    const before = h.fake.socketFrames.length;
    await h.ask(ALICE, '/help');
    const frames = h.fake.socketFrames.slice(before);
    expect(frames).toHaveLength(1);
    expect(String(frames[0]?.envelope_id)).toMatch(/^env-/);
  });
});
