/**
 * Drives the real Bolt app (startSlack) through the fake Slack, the same way
 * over HTTP and over Socket Mode, so the two e2e suites share their scenarios.
 */
import { LogLevel, type Logger } from '@slack/bolt';
import type { CareerBot } from '../../../src/core/bot.js';
import type { CommandDef } from '../../../src/core/command.js';
import { ManualClock } from '../../../src/core/clock.js';
import { makeTestBot, type Backend } from '../../helpers/bot.js';
import { startSlack, type SlackHandle, type SlackOptions } from '../../../src/adapters/slack/app.js';
import { FakeSlack, type FakeUser, type ResponsePost, type StoredMessage } from './server.js';
import { interactiveElements, type ClickedElement } from './payloads.js';
import { boltLogger } from '../../../src/adapters/slack/log.js';
import { LogSink } from '../../helpers/log-sink.js';
import { ServiceServer } from '../../../src/server/http.js';
import { SqlInstallationRepo } from '../../../src/store/installations.js';
import type { Workspace } from './payloads.js';

/** SLACK_STATE_SECRET of OAuth harnesses. */
export const STATE_SECRET = 'harness-state-secret-0123456789';

export type Mode = 'http' | 'socket';

export interface Channel { id: string; name: string }
export interface User { id: string; name: string }

export const CHANNEL: Channel = { id: 'C0GENERAL', name: 'general' };
export const ENG: Channel = { id: 'C0ENG0001', name: 'eng' };
export const ADMIN: FakeUser = { id: 'U0ADMIN01', name: 'ada', is_admin: true };
export const OWNER: FakeUser = { id: 'U0OWNER01', name: 'olga', is_owner: true };
export const ALICE: FakeUser = { id: 'U0ALICE01', name: 'alice' };
export const BOB: FakeUser = { id: 'U0BOB0001', name: 'bob' };
export const CAROL: FakeUser = { id: 'U0CAROL01', name: 'carol' };
/** Not a workspace admin, but on SLACK_ADMIN_USER_IDS. */
export const LISTED: FakeUser = { id: 'U0LISTED1', name: 'lee' };

/** Collects what Bolt and the adapter log, so tests stay quiet and can assert on warnings. */
export class MemoryLogger implements Logger {
  readonly lines: { level: string; msg: string }[] = [];
  private level = LogLevel.WARN;
  private push(level: string, m: unknown[]): void {
    this.lines.push({ level, msg: m.map((x) => (x instanceof Error ? x.message : typeof x === 'string' ? x : JSON.stringify(x))).join(' ') });
  }
  debug(...m: unknown[]): void { if (this.level === LogLevel.DEBUG) this.push('debug', m); }
  info(...m: unknown[]): void { if (this.level === LogLevel.DEBUG || this.level === LogLevel.INFO) this.push('info', m); }
  warn(...m: unknown[]): void { if (this.level !== LogLevel.ERROR) this.push('warn', m); }
  error(...m: unknown[]): void { this.push('error', m); }
  setLevel(l: LogLevel): void { this.level = l; }
  getLevel(): LogLevel { return this.level; }
  setName(): void {}
}

export interface Harness {
  mode: Mode;
  fake: FakeSlack;
  bot: CareerBot;
  clock: ManualClock;
  handle: SlackHandle;
  logger: MemoryLogger;
  /** Run a slash command (from `team`, default the fake's first workspace); resolves once acked (HTTP 200 / Socket ack) with the response_url to watch. */
  command(user: User, command: string, text?: string, channel?: Channel, team?: Workspace): Promise<{ responseUrl: string; ackMs: number; status?: number }>;
  /** Run a command and wait for the first respond() post. */
  ask(user: User, command: string, text?: string, channel?: Channel, team?: Workspace): Promise<ResponsePost['body']>;
  /** Click an element of a message as `user`. */
  click(user: User, message: ClickTarget, pick: (e: ClickedElement) => boolean, opts?: { selected?: { text: string; value: string }; team?: Workspace }): Promise<{ responseUrl: string; status?: number }>;
  /** The app's HTTP origin (OAuth harnesses: install pages; HTTP mode: events too). */
  origin: string;
  /** Send an Events API body (uninstall events) the way this mode delivers them. */
  event(body: Record<string, unknown>): Promise<void>;
  /** Deliver an interactive payload (a view_submission, a Home-tab click) the way this mode does; resolves with the ack body. */
  interactive(payload: Record<string, unknown>): Promise<Record<string, unknown> | undefined>;
  /** Click and wait for the respond() post. */
  clickAndWait(user: User, message: ClickTarget, pick: (e: ClickedElement) => boolean): Promise<ResponsePost['body']>;
  close(): Promise<void>;
}

/** A message that can be clicked: a posted one, or an (ephemeral) respond() body. */
export interface ClickTarget {
  channel: Channel;
  ts: string;
  text: string;
  blocks: unknown[];
  ephemeral?: boolean;
}

export function posted(m: StoredMessage, channel: Channel): ClickTarget {
  return { channel, ts: m.ts, text: m.text, blocks: m.blocks };
}

let ephemeralTs = 0;
export function fromResponse(body: ResponsePost['body'], channel: Channel): ClickTarget {
  return {
    channel,
    ts: `1600000000.${String(++ephemeralTs).padStart(6, '0')}`,
    text: String(body.text ?? ''),
    blocks: Array.isArray(body.blocks) ? body.blocks : [],
    ephemeral: body.response_type !== 'in_channel',
  };
}

export async function startHarness(
  mode: Mode,
  opts: {
    start?: string;
    slack?: Partial<SlackOptions>;
    /** Many workspaces: Bolt's OAuth instead of a bot token. */
    oauth?: boolean;
    backend?: Backend;
    /** Test commands beside those of commands/ (see makeTestBot). */
    commands?: CommandDef[];
  } = {},
): Promise<Harness> {
  const fake = await FakeSlack.start();
  for (const u of [ADMIN, OWNER, ALICE, BOB, CAROL, LISTED]) fake.addUser(u);
  const clock = new ManualClock(opts.start ?? '2026-03-02T08:00:00Z'); // a Monday
  const { bot, cleanup, store } = await makeTestBot({ clock, seed: 42, backend: opts.backend, commands: opts.commands });
  // OAuth: the redirect URI must be known before Bolt is built, so the server listens first.
  let server: ServiceServer | undefined;
  let installations: SqlInstallationRepo | undefined;
  let oauthOpts: Partial<SlackOptions> = {};
  if (opts.oauth) {
    server = new ServiceServer({});
    await server.listen(0, '127.0.0.1');
    installations = new SqlInstallationRepo(store.db);
    oauthOpts = {
      botToken: undefined,
      oauth: {
        clientId: fake.clientId,
        clientSecret: fake.clientSecret,
        stateSecret: STATE_SECRET,
        redirectUri: `http://127.0.0.1:${server.port}/slack/oauth_redirect`,
      },
      installations,
      store: bot.store,
      server,
    };
  }
  const logger = new MemoryLogger();
  // Bolt's and the adapter's lines also go through the real JSON logger at debug, checked at close().
  const sink = new LogSink();
  const json = boltLogger(sink.root.child({ platform: 'slack' }));
  const tee: Logger = {
    debug: (...m) => (logger.debug(...m), json.debug(...m)),
    info: (...m) => (logger.info(...m), json.info(...m)),
    warn: (...m) => (logger.warn(...m), json.warn(...m)),
    error: (...m) => (logger.error(...m), json.error(...m)),
    setLevel: (l) => logger.setLevel(l),
    getLevel: () => logger.getLevel(),
    setName: () => {},
  };
  let handle: SlackHandle;
  try {
    handle = await startSlack(bot, {
      botToken: fake.botToken,
      signingSecret: fake.signingSecret,
      appToken: mode === 'socket' ? fake.appToken : undefined,
      apiUrl: fake.apiUrl,
      adminUserIds: [LISTED.id],
      port: 0,
      host: '127.0.0.1',
      logger: tee,
      retryConfig: { retries: 1, minTimeout: 50, maxTimeout: 100 },
      poster: { backoffMs: 50, maxRetryAfterSec: 5 },
      store: bot.store,
      ...oauthOpts,
      ...opts.slack,
    });
  } catch (e) {
    await server?.close();
    await installations?.close();
    await fake.close();
    await cleanup();
    throw e;
  }
  const origin = `http://127.0.0.1:${server?.port ?? handle.port ?? 0}`;
  const target = `${origin}/slack/events`;

  const command: Harness['command'] = async (user, cmd, text = '', channel = CHANNEL, team) => {
    const t0 = performance.now();
    if (mode === 'http') {
      const res = await fake.sendCommand(target, { command: cmd, text, user, channel, team });
      if (res.status !== 200) throw new Error(`${cmd} ${text}: HTTP ${res.status}`);
      return { responseUrl: res.responseUrl, ackMs: res.ms, status: res.status };
    }
    const res = await fake.socketCommand({ command: cmd, text, user, channel, team });
    return { responseUrl: res.responseUrl, ackMs: performance.now() - t0 };
  };

  const click: Harness['click'] = async (user, message, pick, o = {}) => {
    const el = interactiveElements(message.blocks).find(pick);
    if (!el) throw new Error(`no matching element in message "${message.text}"`);
    const args = {
      user,
      channel: message.channel,
      message: { ts: message.ts, text: message.text, blocks: message.blocks },
      isEphemeral: message.ephemeral ?? false,
      element: o.selected ? { ...el, selected: o.selected } : el,
      team: o.team,
    };
    if (mode === 'http') {
      const res = await fake.sendAction(target, args);
      if (res.status !== 200) throw new Error(`click ${el.action_id}: HTTP ${res.status}`);
      return { responseUrl: res.responseUrl, status: res.status };
    }
    const res = await fake.socketAction(args);
    return { responseUrl: res.responseUrl };
  };

  return {
    mode,
    fake,
    bot,
    clock,
    handle,
    logger,
    origin,
    async event(body) {
      if (mode === 'http') {
        const res = await fake.sendEvent(target, body);
        if (res.status !== 200) throw new Error(`event: HTTP ${res.status}`);
      } else await fake.socketEvent(body);
    },
    command,
    async ask(user, cmd, text, channel, team) {
      const { responseUrl } = await command(user, cmd, text, channel, team);
      return (await fake.waitForResponse(responseUrl)).body;
    },
    click,
    interactive: (payload) => fake.interactive(payload, mode === 'http' ? target : undefined),
    async clickAndWait(user, message, pick) {
      const { responseUrl } = await click(user, message, pick);
      return (await fake.waitForResponse(responseUrl)).body;
    },
    async close() {
      await handle.stop();
      await server?.close();
      await installations?.close();
      await fake.close();
      await cleanup(); // stops the bot, closes the store, removes the temp dir
      sink.assertClean([...fake.issuedTokens, fake.appToken, fake.signingSecret, ...(opts.oauth ? [fake.clientSecret, STATE_SECRET] : [])]);
    },
  };
}

/** All visible text of a message body (blocks and fallback), for assertions. */
export function textOf(body: { text?: unknown; blocks?: unknown }): string {
  const parts: string[] = [String(body.text ?? '')];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') parts.push(o.text);
      for (const [k, x] of Object.entries(o)) if (k !== 'text' || typeof x !== 'string') walk(x);
    }
  };
  walk(body.blocks);
  return parts.join('\n');
}
