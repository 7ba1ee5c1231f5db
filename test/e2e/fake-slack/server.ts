/**
 * A fake Slack on 127.0.0.1 for end-to-end tests of the Bolt adapter.
 *
 * - Web API under `/api/<method>` (the base a WebClient gets as `slackApiUrl`):
 *   auth.test, apps.connections.open, chat.postMessage, chat.update,
 *   chat.postEphemeral, conversations.history (with metadata), conversations.join,
 *   users.info. Every call is recorded; faults (429 + Retry-After, 5xx, Slack
 *   errors) can be queued per method.
 * - `response_url` receiver under `/respond/<n>`: records what respond() posts,
 *   and flags more than 5 uses of one URL (Slack's limit).
 * - Socket Mode WebSocket under `/socket`: hello on connect, envelopes sent by
 *   the test, acks awaited by envelope_id, `disconnect` on demand.
 * - Helpers that send signed slash commands and block_actions to an app's
 *   `/slack/events` endpoint.
 * - Several workspaces (teams), each with its own bot token once installed:
 *   the authorize page `/oauth/v2/authorize` (a user approves for a team and is
 *   redirected with code + state), `oauth.v2.access` (code -> a new bot token),
 *   every Web API call answered as the team its token belongs to, and
 *   uninstalls (the team's tokens revoked, `app_uninstalled` /
 *   `tokens_revoked` events sent to the app).
 *
 * Every message payload it receives is validated against SLACK_LIMITS; the
 * violations are collected in `violations` and tests assert it stays empty.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';
import { blockActionsPayload, homeActionPayload, nextTrigger, slashCommandFields, viewSubmissionPayload, type ActionArgs, type ClickedElement, type CommandArgs, type OpenedView, type Workspace } from './payloads.js';
import { nowSec, signSlackRequest } from './signing.js';
import { validateMessage, validateView } from './validate.js';
import { SLACK_VIEW_DOCS } from './limits.js';

export interface FakeUser {
  id: string;
  name: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  is_bot?: boolean;
}

/** A workspace on the fake. `botToken` is set once the app is installed there. */
export interface FakeTeam extends Workspace {
  name: string;
  botUserId: string;
  botId: string;
  botToken?: string;
  /** Enterprise Grid org the team belongs to. */
  enterpriseId?: string;
}

export interface StoredMessage {
  /** The team whose token posted it. */
  team?: string;
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  user: string;
  bot_id: string;
  edited?: { ts: string };
}

export interface ApiCall {
  /** The team the call's token belongs to (none for an unknown token). */
  team?: string;
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  at: number;
  /** HTTP status the fake answered with. */
  status: number;
  /** Slack error code when ok:false. */
  error?: string;
}

export interface ResponsePost {
  url: string;
  body: Record<string, unknown>;
  at: number;
  /** performance.now() when it arrived (for latency measurements in this process). */
  atPerf: number;
}

export type Fault =
  | { kind: 'ratelimit'; retryAfterSec: number }
  | { kind: 'http'; status: number }
  | { kind: 'error'; error: string }
  /** The call takes effect, but the answer is lost: an HTTP error comes back instead. */
  | { kind: 'lost'; status: number };

export interface FakeSlackOptions {
  signingSecret?: string;
  botToken?: string;
  appToken?: string;
  workspace?: Partial<Workspace>;
  botUserId?: string;
  botId?: string;
}

interface PendingAck {
  resolve: (payload: Record<string, unknown> | undefined) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

const JSON_ARGS = new Set(['blocks', 'metadata', 'attachments', 'view']);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.startsWith('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if (JSON_ARGS.has(k)) {
      try { out[k] = JSON.parse(v); } catch { out[k] = v; }
    } else out[k] = v;
  }
  return out;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class FakeSlack {
  readonly signingSecret: string;
  readonly botToken: string;
  readonly appToken: string;
  readonly workspace: Workspace;
  readonly botUserId: string;
  readonly botId: string;
  /** The app's OAuth credentials on this fake (what SLACK_CLIENT_ID / SLACK_CLIENT_SECRET hold). */
  readonly clientId = '1111111111.2222222222';
  readonly clientSecret = 'fake-client-secret-0123456789abcdef';
  /** Workspaces by team id; the default workspace is installed with `botToken`. */
  readonly teams = new Map<string, FakeTeam>();
  /** Valid bot tokens -> their team (an org-wide install's token -> its enterprise, as `E…`). */
  private readonly tokens = new Map<string, string>();
  /** Authorization codes handed out by the authorize page, not yet exchanged. */
  private readonly codes = new Map<string, { teamId: string; redirectUri?: string; scope: string; orgWide: boolean }>();
  private tokenSeq = 0;
  private codeSeq = 0;

  readonly calls: ApiCall[] = [];
  readonly responses: ResponsePost[] = [];
  readonly violations: string[] = [];
  readonly users = new Map<string, FakeUser>();
  /** Posted messages per channel, oldest first. */
  readonly messages = new Map<string, StoredMessage[]>();
  /** Channels the bot is not a member of (postMessage/history answer not_in_channel until joined). */
  readonly notMember = new Set<string>();
  /** Modals opened with views.open, by view id. */
  readonly views = new Map<string, OpenedView>();
  /** The published Home tab per `team:user`. */
  readonly homeViews = new Map<string, OpenedView>();
  /** chat.postEphemeral calls that were accepted. */
  readonly ephemerals: { team?: string; channel: string; user: string; text: string; blocks: unknown[] }[] = [];
  /** The app's IM channel per user (conversations.open). */
  readonly ims = new Map<string, string>();
  /** Users the app cannot open an IM with: user id -> Slack error (cannot_dm_bot, user_not_found…). */
  readonly dmErrors = new Map<string, string>();
  /** trigger_ids handed to the app: when, and whether one was exchanged already. */
  private readonly triggers = new Map<string, { at: number; used: boolean; user?: string }>();
  private viewSeq = 0;
  /** Every Socket Mode frame the app sent (acks), parsed. */
  readonly socketFrames: Record<string, unknown>[] = [];
  socketConnections = 0;

  private server!: Server;
  private wss!: WebSocketServer;
  private port = 0;
  private readonly faults = new Map<string, Fault[]>();
  /** Held-back responses per Web API method, in ms (the call is carried out at once). */
  private readonly latencies = new Map<string, number>();
  /** Channels where every post/update/history call answers this error (archived, gone, ...). */
  readonly channelErrors = new Map<string, string>();
  private readonly pendingAcks = new Map<string, PendingAck>();
  private sockets: WebSocket[] = [];
  private responseSeq = 0;
  private envelopeSeq = 0;
  private tsSeq = 0;
  private readonly tsBase = 1_700_000_000;
  private readonly waiters = new Set<() => void>();
  private readonly responseUses = new Map<string, number>();

  private constructor(opts: FakeSlackOptions) {
    this.signingSecret = opts.signingSecret ?? 'fake-signing-secret';
    this.botToken = opts.botToken ?? 'xoxb-fake-bot-token';
    this.appToken = opts.appToken ?? 'xapp-fake-app-token';
    this.workspace = { teamId: 'T0FAKE001', teamDomain: 'fake-team', appId: 'A0FAKE001', ...opts.workspace };
    this.botUserId = opts.botUserId ?? 'U0BOT0001';
    this.botId = opts.botId ?? 'B0BOT0001';
    this.teams.set(this.workspace.teamId, { ...this.workspace, name: 'Fake Team', botUserId: this.botUserId, botId: this.botId, botToken: this.botToken });
    this.tokens.set(this.botToken, this.workspace.teamId);
    this.issuedTokens.push(this.botToken);
  }

  /** A workspace where the app is not installed yet. */
  addTeam(t: { teamId: string; teamDomain?: string; name?: string; enterpriseId?: string }): FakeTeam {
    const n = this.teams.size + 1;
    const team: FakeTeam = {
      teamId: t.teamId,
      teamDomain: t.teamDomain ?? t.teamId.toLowerCase(),
      appId: this.workspace.appId,
      name: t.name ?? `Team ${t.teamId}`,
      botUserId: `U0BOT${String(n).padStart(4, '0')}`,
      botId: `B0BOT${String(n).padStart(4, '0')}`,
      enterpriseId: t.enterpriseId,
    };
    this.teams.set(team.teamId, team);
    return team;
  }

  team(teamId: string): FakeTeam {
    const t = this.teams.get(teamId);
    if (!t) throw new Error(`fake-slack: no team ${teamId}`);
    return t;
  }

  /** Every bot token this fake has issued or was given (for "no secret in the logs" checks). */
  readonly issuedTokens: string[] = [];

  /**
   * A user of `teamId` approves the app on the authorize page: GETs the authorize
   * URL as a browser would and returns where Slack redirects to (code + state).
   */
  async approve(authorizeUrl: string, teamId: string, opts: { orgWide?: boolean } = {}): Promise<{ status: number; location: string | null; body: string }> {
    const u = new URL(authorizeUrl);
    u.searchParams.set('as_team', teamId);
    if (opts.orgWide) u.searchParams.set('org_wide', '1');
    const res = await fetch(u, { redirect: 'manual' });
    return { status: res.status, location: res.headers.get('location'), body: await res.text() };
  }

  /**
   * The app is removed from a team: its tokens stop working (token_revoked) and
   * the events Slack sends then are returned, for the test to deliver.
   */
  uninstall(teamId: string): { tokensRevoked: Record<string, unknown>; appUninstalled: Record<string, unknown> } {
    const team = this.team(teamId);
    for (const [tok, owner] of [...this.tokens]) if (owner === teamId) this.tokens.delete(tok);
    const revokedBotUser = team.botUserId;
    team.botToken = undefined;
    return {
      tokensRevoked: this.eventCallback(team, { type: 'tokens_revoked', tokens: { oauth: [], bot: [revokedBotUser] }, event_ts: `${nowSec()}.000100` }),
      appUninstalled: this.eventCallback(team, { type: 'app_uninstalled', event_ts: `${nowSec()}.000200` }),
    };
  }

  /** The app is removed from a whole org (an org-wide install): the org's token stops working. */
  uninstallOrg(enterpriseId: string): { appUninstalled: Record<string, unknown> } {
    for (const [tok, owner] of [...this.tokens]) if (owner === `E:${enterpriseId}`) this.tokens.delete(tok);
    const teams = [...this.teams.values()].filter((t) => t.enterpriseId === enterpriseId);
    for (const t of teams) Object.assign(t, { botToken: undefined, orgWide: false });
    const any = teams[0]!;
    return {
      appUninstalled: {
        token: 'deprecated-verification-token',
        enterprise_id: enterpriseId,
        api_app_id: any.appId,
        event: { type: 'app_uninstalled', event_ts: `${nowSec()}.000300` },
        type: 'event_callback',
        event_id: `Ev${++this.envelopeSeq}${Date.now()}`,
        event_time: nowSec(),
        authorizations: [{ enterprise_id: enterpriseId, team_id: null, user_id: any.botUserId, is_bot: true, is_enterprise_install: true }],
        is_ext_shared_channel: false,
      },
    };
  }

  /** An Events API `event_callback` body for a team. */
  eventCallback(team: FakeTeam, event: Record<string, unknown>): Record<string, unknown> {
    return {
      token: 'deprecated-verification-token',
      team_id: team.teamId,
      ...(team.enterpriseId ? { enterprise_id: team.enterpriseId } : {}),
      api_app_id: team.appId,
      event,
      type: 'event_callback',
      event_id: `Ev${++this.envelopeSeq}${Date.now()}`,
      event_time: nowSec(),
      authorizations: [{ enterprise_id: team.enterpriseId ?? null, team_id: team.teamId, user_id: team.botUserId, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    };
  }

  /** POST a signed Events API body to the app. */
  async sendEvent(target: string, body: Record<string, unknown>): Promise<{ status: number; body: string }> {
    return this.postSigned(target, JSON.stringify(body), 'application/json');
  }

  /** Deliver an Events API body over Socket Mode; resolves once acked. */
  async socketEvent(body: Record<string, unknown>): Promise<void> {
    await this.sendEnvelope('events_api', body);
  }

  static async start(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
    const fake = new FakeSlack(opts);
    await fake.listen();
    return fake;
  }

  /** Web API base, for `clientOptions.slackApiUrl` / SLACK_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A fresh response_url on this fake. */
  newResponseUrl(): string {
    return `${this.origin}/respond/${++this.responseSeq}`;
  }

  addUser(u: FakeUser): FakeUser {
    this.users.set(u.id, u);
    return u;
  }

  /** Queue faults for the next calls of `method` (consumed one per call). */
  fault(method: string, fault: Fault, times = 1): void {
    const q = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i++) q.push(fault);
    this.faults.set(method, q);
  }

  /** Hold back every response of `method` by `ms` (0 removes it). The call itself takes effect at once. */
  latency(method: string, ms: number): void {
    if (ms > 0) this.latencies.set(method, ms);
    else this.latencies.delete(method);
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  responsesTo(url: string): ResponsePost[] {
    return this.responses.filter((r) => r.url === url);
  }

  channelMessages(channel: string): StoredMessage[] {
    return this.messages.get(channel) ?? [];
  }

  /** Wait (bounded) until `pred` holds; re-checked on every recorded event and every 25 ms. */
  async waitFor<T>(pred: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = pred();
      if (v !== undefined && v !== false) return v;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`fake-slack: timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const done = (): void => { clearTimeout(t); this.waiters.delete(done); resolve(); };
        const t = setTimeout(done, Math.min(25, left));
        this.waiters.add(done);
      });
    }
  }

  /** Wait for the n-th post (1-based) to a response_url and return it. */
  async waitForResponse(url: string, n = 1, timeoutMs = 5000): Promise<ResponsePost> {
    return this.waitFor(() => this.responsesTo(url)[n - 1], `response #${n} to ${url}`, timeoutMs);
  }

  async waitForCalls(method: string, n: number, timeoutMs = 5000): Promise<ApiCall[]> {
    return this.waitFor(() => (this.callsTo(method).length >= n ? this.callsTo(method) : undefined), `${n} × ${method}`, timeoutMs);
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  // ------------------------------------------------------------ sending to the app (HTTP)

  /** POST a body to the app with a Slack signature (or a deliberately wrong one). */
  async postSigned(
    target: string,
    rawBody: string,
    contentType: string,
    opts: { timestampSec?: number; secret?: string; signature?: string } = {},
  ): Promise<{ status: number; body: string; ms: number }> {
    const ts = opts.timestampSec ?? nowSec();
    const signature = opts.signature ?? signSlackRequest(opts.secret ?? this.signingSecret, ts, rawBody);
    const t0 = performance.now();
    const res = await fetch(target, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signature,
      },
      body: rawBody,
    });
    const body = await res.text();
    return { status: res.status, body, ms: performance.now() - t0 };
  }

  /** Send a signed slash command to the app's `/slack/events`. */
  async sendCommand(
    target: string,
    args: Omit<CommandArgs, 'responseUrl'> & { responseUrl?: string; team?: Workspace },
    sig: { timestampSec?: number; secret?: string; signature?: string } = {},
  ): Promise<{ status: number; body: string; responseUrl: string; ms: number }> {
    const responseUrl = args.responseUrl ?? this.newResponseUrl();
    const fields = slashCommandFields(args.team ?? this.workspace, { ...args, responseUrl, triggerId: args.triggerId ?? this.trigger(undefined, args.user.id) });
    const raw = new URLSearchParams(fields).toString();
    const res = await this.postSigned(target, raw, 'application/x-www-form-urlencoded', sig);
    return { ...res, responseUrl };
  }

  /** Send a signed block_actions interaction (form body `payload=<JSON>`). */
  async sendAction(
    target: string,
    args: Omit<ActionArgs, 'responseUrl'> & { responseUrl?: string; team?: Workspace },
    sig: { timestampSec?: number; secret?: string; signature?: string } = {},
  ): Promise<{ status: number; body: string; responseUrl: string }> {
    const responseUrl = args.responseUrl ?? this.newResponseUrl();
    const payload = blockActionsPayload(args.team ?? this.workspace, { ...args, responseUrl });
    this.trigger(String(payload.trigger_id), args.user.id);
    const raw = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const res = await this.postSigned(target, raw, 'application/x-www-form-urlencoded', sig);
    return { ...res, responseUrl };
  }

  // ------------------------------------------------------------ sending to the app (Socket Mode)

  /** Wait until at least `n` Socket Mode connections have been opened (and greeted). */
  async waitForSocket(n = 1, timeoutMs = 10_000): Promise<void> {
    await this.waitFor(() => this.socketConnections >= n && this.openSocket() !== undefined, `socket connection #${n}`, timeoutMs);
  }

  private openSocket(): WebSocket | undefined {
    return [...this.sockets].reverse().find((s) => s.readyState === WebSocket.OPEN);
  }

  /** Send an envelope over the newest open socket; resolves with the ack's payload. */
  async sendEnvelope(
    type: 'slash_commands' | 'interactive' | 'events_api',
    payload: Record<string, unknown>,
    timeoutMs = 3000,
  ): Promise<Record<string, unknown> | undefined> {
    const ws = this.openSocket();
    if (!ws) throw new Error('fake-slack: no open Socket Mode connection');
    const envelopeId = `env-${++this.envelopeSeq}-${Date.now()}`;
    const ack = new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingAcks.delete(envelopeId);
        reject(new Error(`fake-slack: no ack for envelope ${envelopeId} (${type}) within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pendingAcks.set(envelopeId, { resolve, reject, timer });
    });
    ws.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api' }));
    return ack;
  }

  async socketCommand(
    args: Omit<CommandArgs, 'responseUrl'> & { responseUrl?: string; team?: Workspace },
  ): Promise<{ ack: Record<string, unknown> | undefined; responseUrl: string }> {
    const responseUrl = args.responseUrl ?? this.newResponseUrl();
    const ack = await this.sendEnvelope('slash_commands', slashCommandFields(args.team ?? this.workspace, { ...args, responseUrl, triggerId: args.triggerId ?? this.trigger(undefined, args.user.id) }));
    return { ack, responseUrl };
  }

  async socketAction(
    args: Omit<ActionArgs, 'responseUrl'> & { responseUrl?: string; team?: Workspace },
  ): Promise<{ ack: Record<string, unknown> | undefined; responseUrl: string }> {
    const responseUrl = args.responseUrl ?? this.newResponseUrl();
    const payload = blockActionsPayload(args.team ?? this.workspace, { ...args, responseUrl });
    this.trigger(String(payload.trigger_id), args.user.id);
    const ack = await this.sendEnvelope('interactive', payload);
    return { ack, responseUrl };
  }

  /** Ask the connected client to reconnect (Slack does this when recycling a pod). */
  disconnectSocket(reason = 'refresh_requested'): void {
    for (const ws of this.sockets) {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake' } }));
    }
  }

  // ------------------------------------------------------------ views, App Home, DMs

  /** A trigger_id handed to the app now (valid 3 s, exchangeable once). */
  trigger(id = nextTrigger(), user?: string): string {
    this.triggers.set(id, { at: Date.now(), used: false, user });
    return id;
  }

  /** The newest modal opened for a user. */
  lastModal(userId: string): OpenedView | undefined {
    return [...this.views.values()].filter((v) => v.userId === userId).pop();
  }

  /** The Home tab published for a user (of the default workspace unless `teamId`). */
  home(userId: string, teamId = this.workspace.teamId): OpenedView | undefined {
    return this.homeViews.get(`${teamId}:${userId}`);
  }

  /** Messages in the app's IM with a user. */
  dmMessages(userId: string): StoredMessage[] {
    const im = this.ims.get(userId);
    return im ? this.channelMessages(im) : [];
  }

  /**
   * The user fills in and submits a modal: a view_submission payload. Like the
   * Slack client, refuses values its inputs would not take (required, lengths).
   */
  viewSubmission(user: FakeUser, opened: OpenedView, typed: Record<string, string>): Record<string, unknown> {
    const values: Record<string, string> = {};
    for (const b of (opened.view.blocks as { type?: string; optional?: boolean; label?: { text?: string }; element?: { action_id?: string; min_length?: number; max_length?: number; initial_value?: string } }[]) ?? []) {
      if (b.type !== 'input' || !b.element?.action_id) continue;
      // An input the user leaves alone submits its pre-filled value.
      const v = typed[b.element.action_id] ?? b.element.initial_value ?? '';
      values[b.element.action_id] = v;
      const label = b.label?.text ?? b.element.action_id;
      if (!b.optional && v === '') throw new Error(`fake-slack: "${label}" is required`);
      if (v !== '' && b.element.min_length !== undefined && v.length < b.element.min_length) throw new Error(`fake-slack: "${label}" needs ${b.element.min_length} characters`);
      if (b.element.max_length !== undefined && v.length > b.element.max_length) throw new Error(`fake-slack: "${label}" takes at most ${b.element.max_length} characters`);
    }
    const team = this.team(opened.teamId);
    const payload = viewSubmissionPayload(team, { user, opened, values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === '' ? null : v])), triggerId: this.trigger(undefined, user.id) });
    return payload;
  }

  /** A click on a button of the user's published Home tab. */
  homeClick(user: FakeUser, pick: (e: ClickedElement) => boolean, teamId = this.workspace.teamId): Record<string, unknown> {
    const home = this.home(user.id, teamId);
    if (!home) throw new Error(`fake-slack: no Home tab published for ${user.id}`);
    const blocks = (home.view.blocks as unknown[]) ?? [];
    const el = interactiveOf(blocks).find(pick);
    if (!el) throw new Error('fake-slack: no matching element on the Home tab');
    return homeActionPayload(this.team(teamId), { user, viewId: home.id, blocks, element: el, triggerId: this.trigger(undefined, user.id) });
  }

  /** The app_home_opened event Slack sends when a user opens the app's Home tab. */
  homeOpened(user: FakeUser, teamId = this.workspace.teamId, tab: 'home' | 'messages' = 'home'): Record<string, unknown> {
    const event: Record<string, unknown> = { type: 'app_home_opened', user: user.id, channel: this.imFor(user.id), tab, event_ts: `${nowSec()}.000400` };
    const published = this.home(user.id, teamId);
    if (published) event.view = { id: published.id, ...published.view };
    return this.eventCallback(this.team(teamId), event);
  }

  /**
   * Deliver an interactive payload (view_submission, block_actions) over HTTP
   * (to `target`, signed) or, without a target, over Socket Mode. Resolves with
   * the ack body (what the app answered: `{response_action…}` or nothing).
   */
  async interactive(payload: Record<string, unknown>, target?: string): Promise<Record<string, unknown> | undefined> {
    if (!target) return this.sendEnvelope('interactive', payload);
    const res = await this.postSigned(target, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
    if (res.status !== 200) throw new Error(`fake-slack: interactive payload answered HTTP ${res.status}`);
    return res.body ? (JSON.parse(res.body) as Record<string, unknown>) : undefined;
  }

  private imFor(userId: string): string {
    let im = this.ims.get(userId);
    if (!im) {
      im = `D${userId.replace(/^U/, '').padEnd(8, '0').slice(0, 10)}`;
      this.ims.set(userId, im);
    }
    return im;
  }

  private openView(args: Record<string, unknown>, teamId: string | undefined): unknown {
    const triggerId = typeof args.trigger_id === 'string' ? args.trigger_id : '';
    const t = this.triggers.get(triggerId);
    if (!t) return { ok: false, error: 'invalid_trigger_id' };
    if (t.used) return { ok: false, error: 'exchanged_trigger_id' };
    if (Date.now() - t.at > SLACK_VIEW_DOCS.triggerMs) return { ok: false, error: 'expired_trigger_id' };
    const problems = validateView(args.view, 'views.open view');
    if (problems.length) {
      this.violations.push(...problems);
      return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } };
    }
    t.used = true;
    const view = args.view as Record<string, unknown>;
    if (view.type !== 'modal') return { ok: false, error: 'invalid_arguments' };
    const id = `V${String(++this.viewSeq).padStart(8, '0')}`;
    const opened: OpenedView = { id, hash: `${Date.now()}.h${this.viewSeq}`, teamId: teamId && !teamId.startsWith('E:') ? teamId : this.workspace.teamId, userId: t.user ?? '', view };
    this.views.set(id, opened);
    return { ok: true, view: { id, team_id: opened.teamId, ...view, hash: opened.hash, state: { values: {} } } };
  }


  private publishView(args: Record<string, unknown>, teamId: string | undefined): unknown {
    const user = typeof args.user_id === 'string' ? args.user_id : '';
    if (!user) return { ok: false, error: 'invalid_arguments' };
    const problems = validateView(args.view, `views.publish ${user}`);
    if (problems.length) {
      this.violations.push(...problems);
      return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } };
    }
    const view = args.view as Record<string, unknown>;
    if (view.type !== 'home') return { ok: false, error: 'not_allowed_view_type' };
    const team = teamId && !teamId.startsWith('E:') ? teamId : this.workspace.teamId;
    const prev = this.homeViews.get(`${team}:${user}`);
    const opened: OpenedView = { id: prev?.id ?? `V${String(++this.viewSeq).padStart(8, '0')}`, hash: `${Date.now()}.h${this.viewSeq}`, teamId: team, userId: user, view };
    this.homeViews.set(`${team}:${user}`, opened);
    return { ok: true, view: { id: opened.id, team_id: team, ...view, hash: opened.hash } };
  }

  // ------------------------------------------------------------ server

  private async listen(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.violations.push(`fake-slack internal error: ${String(err)}`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path !== '/socket') { socket.destroy(); return; }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.push(ws);
    this.socketConnections++;
    ws.on('message', (data) => {
      let frame: Record<string, unknown>;
      try { frame = JSON.parse(String(data)) as Record<string, unknown>; } catch {
        this.violations.push(`socket: non-JSON frame ${String(data).slice(0, 80)}`);
        return;
      }
      this.socketFrames.push(frame);
      const id = frame.envelope_id;
      const pending = typeof id === 'string' ? this.pendingAcks.get(id) : undefined;
      if (!pending || typeof id !== 'string') {
        this.violations.push(`socket: ack for unknown envelope ${String(id)}`);
        return;
      }
      this.pendingAcks.delete(id);
      clearTimeout(pending.timer);
      const payload = frame.payload as Record<string, unknown> | undefined;
      if (payload && Object.keys(payload).length > 0 && ('blocks' in payload || 'text' in payload)) {
        this.checkPayload(payload, `ack ${id}`);
      }
      pending.resolve(payload);
      this.notify();
    });
    ws.on('close', () => {
      this.sockets = this.sockets.filter((s) => s !== ws);
      this.notify();
    });
    ws.send(JSON.stringify({
      type: 'hello',
      num_connections: this.sockets.length,
      debug_info: { host: 'fake-slack', approximate_connection_time: 18060 },
      connection_info: { app_id: this.workspace.appId },
    }));
    this.notify();
  }

  private checkPayload(payload: unknown, where: string): void {
    const v = validateMessage(payload, where);
    this.violations.push(...v);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const raw = await readBody(req);
    if (req.method === 'POST' && url.pathname.startsWith('/respond/')) {
      const body = JSON.parse(raw) as Record<string, unknown>;
      const full = `${this.origin}${url.pathname}`;
      const uses = (this.responseUses.get(full) ?? 0) + 1;
      this.responseUses.set(full, uses);
      if (uses > 5) this.violations.push(`${full}: used ${uses} times (Slack allows 5)`);
      this.checkPayload(body, `respond ${url.pathname}`);
      if (body.response_type !== undefined && body.response_type !== 'ephemeral' && body.response_type !== 'in_channel') {
        this.violations.push(`respond ${url.pathname}: bad response_type ${String(body.response_type)}`);
      }
      this.responses.push({ url: full, body, at: Date.now(), atPerf: performance.now() });
      this.notify();
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (req.method === 'GET' && url.pathname === '/oauth/v2/authorize') return this.authorizePage(url, res);
    const m = /^\/api\/([\w.]+)$/.exec(url.pathname);
    if (req.method !== 'POST' || !m?.[1]) {
      res.writeHead(404);
      res.end();
      return;
    }
    const method = m[1];
    const args = parseArgs(raw, req.headers['content-type']);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : (typeof args.token === 'string' ? args.token : undefined);
    const call: ApiCall = { method, args, token, at: Date.now(), status: 200, team: token ? this.tokens.get(token) : undefined };
    this.calls.push(call);

    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      call.status = status;
      const b = body as { ok?: boolean; error?: string } | undefined;
      if (b && b.ok === false) call.error = b.error;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
      this.notify();
    };

    const fault = this.faults.get(method)?.shift();
    if (fault) {
      if (fault.kind === 'ratelimit') return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfterSec) });
      if (fault.kind === 'http') return send(fault.status, { ok: false, error: 'fatal_error' });
      if (fault.kind === 'error') return send(200, { ok: false, error: fault.error });
    }

    if (method === 'oauth.v2.access') return send(200, this.exchangeCode(args, auth));
    if (method === 'apps.connections.open') {
      if (token !== this.appToken) return send(200, { ok: false, error: 'invalid_auth' });
    } else if (!token || !this.tokens.has(token)) {
      // A token this fake issued once and revoked (uninstall) answers token_revoked, anything else invalid_auth.
      return send(200, { ok: false, error: token && this.issuedTokens.includes(token) ? 'token_revoked' : 'invalid_auth' });
    }
    const result = this.dispatch(method, args, call.team);
    const held = this.latencies.get(method);
    if (held) await sleep(held);
    if (fault?.kind === 'lost') return send(fault.status, { ok: false, error: 'fatal_error' });
    send(200, result);
  }

  private nextTs(): string {
    this.tsSeq++;
    return `${this.tsBase + this.tsSeq}.${String(this.tsSeq).padStart(6, '0')}`;
  }

  /** The authorize page: `as_team` says which workspace the (simulated) user approves for. */
  private authorizePage(url: URL, res: ServerResponse): void {
    const q = url.searchParams;
    const fail = (why: string): void => {
      this.violations.push(`authorize: ${why}`);
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(why);
    };
    if (q.get('client_id') !== this.clientId) return fail(`unknown client_id ${q.get('client_id')}`);
    if (!q.get('scope')) return fail('no scope');
    const state = q.get('state');
    if (!state) return fail('no state');
    const teamId = q.get('as_team') ?? '';
    if (!this.teams.has(teamId)) return fail(`no team ${teamId}`);
    const redirectUri = q.get('redirect_uri') ?? undefined;
    if (!redirectUri) return fail('no redirect_uri (this fake has no app-level redirect URL)');
    const code = `code-${++this.codeSeq}-${teamId}`;
    this.codes.set(code, { teamId, redirectUri, scope: q.get('scope') ?? '', orgWide: q.get('org_wide') === '1' });
    const to = new URL(redirectUri);
    to.searchParams.set('code', code);
    to.searchParams.set('state', state);
    res.writeHead(302, { location: to.toString() });
    res.end();
    this.notify();
  }

  /** oauth.v2.access: a code from the authorize page -> a new bot token for its team (or org). */
  private exchangeCode(args: Record<string, unknown>, auth: string | undefined): Record<string, unknown> {
    let id = args.client_id;
    let secret = args.client_secret;
    if (auth?.startsWith('Basic ')) [id, secret] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
    if (id !== this.clientId || secret !== this.clientSecret) return { ok: false, error: 'invalid_client_id' };
    const code = typeof args.code === 'string' ? args.code : '';
    const grant = this.codes.get(code);
    if (!grant) return { ok: false, error: 'invalid_code' };
    this.codes.delete(code);
    if (grant.redirectUri && args.redirect_uri !== grant.redirectUri) return { ok: false, error: 'bad_redirect_uri' };
    const team = this.team(grant.teamId);
    const token = `xoxb-${team.teamId}-${++this.tokenSeq}-${Math.random().toString(36).slice(2, 12)}`;
    const org = grant.orgWide && team.enterpriseId;
    this.tokens.set(token, org ? `E:${team.enterpriseId}` : team.teamId);
    this.issuedTokens.push(token);
    if (org) {
      // Every workspace of the org is served by the org's installation.
      for (const t of this.teams.values()) if (t.enterpriseId === team.enterpriseId) Object.assign(t, { botToken: token, orgWide: true });
    } else team.botToken = token;
    return {
      ok: true,
      app_id: team.appId,
      authed_user: { id: 'U0INSTALL1' },
      scope: grant.scope,
      token_type: 'bot',
      access_token: token,
      bot_user_id: team.botUserId,
      team: org ? null : { id: team.teamId, name: team.name },
      enterprise: team.enterpriseId ? { id: team.enterpriseId, name: `Org ${team.enterpriseId}` } : null,
      is_enterprise_install: Boolean(org),
    };
  }

  private dispatch(method: string, args: Record<string, unknown>, teamId?: string): unknown {
    const str = (k: string): string | undefined => (typeof args[k] === 'string' ? (args[k] as string) : undefined);
    const team = (teamId && this.teams.get(teamId)) || this.teams.get(this.workspace.teamId)!;
    const orgWide = teamId?.startsWith('E:') === true;
    switch (method) {
      case 'auth.test':
        return orgWide
          ? { ok: true, url: `https://org-${teamId!.slice(2).toLowerCase()}.enterprise.slack.com/`, team: null, user: 'careerbot', team_id: null, enterprise_id: teamId!.slice(2), user_id: team.botUserId, bot_id: team.botId, is_enterprise_install: true }
          : {
              ok: true,
              url: `https://${team.teamDomain}.slack.com/`,
              team: team.name,
              user: 'careerbot',
              team_id: team.teamId,
              user_id: team.botUserId,
              bot_id: team.botId,
              is_enterprise_install: false,
            };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket?ticket=${this.socketConnections + 1}` };
      case 'chat.postMessage': {
        const channel = str('channel');
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (this.channelErrors.has(channel)) return { ok: false, error: this.channelErrors.get(channel) };
        if (this.notMember.has(channel)) return { ok: false, error: 'not_in_channel' };
        this.checkPayload(args, `chat.postMessage ${channel}`);
        const msg: StoredMessage = {
          team: teamId,
          channel,
          ts: this.nextTs(),
          text: str('text') ?? '',
          blocks: Array.isArray(args.blocks) ? args.blocks : [],
          user: this.botUserId,
          bot_id: this.botId,
        };
        if (args.metadata && typeof args.metadata === 'object') msg.metadata = args.metadata as StoredMessage['metadata'];
        const list = this.messages.get(channel) ?? [];
        list.push(msg);
        this.messages.set(channel, list);
        return { ok: true, channel, ts: msg.ts, message: { type: 'message', ...msg } };
      }
      case 'chat.update': {
        const channel = str('channel') ?? '';
        if (this.channelErrors.has(channel)) return { ok: false, error: this.channelErrors.get(channel) };
        const msg = this.channelMessages(channel).find((x) => x.ts === str('ts'));
        if (!msg) return { ok: false, error: 'message_not_found' };
        this.checkPayload(args, `chat.update ${channel} ${msg.ts}`);
        if (args.text !== undefined) msg.text = str('text') ?? '';
        if (args.blocks !== undefined) msg.blocks = Array.isArray(args.blocks) ? args.blocks : [];
        msg.edited = { ts: this.nextTs() };
        return { ok: true, channel, ts: msg.ts, text: msg.text, message: { ...msg } };
      }
      case 'chat.postEphemeral': {
        const channel = str('channel') ?? '';
        if (!str('user')) return { ok: false, error: 'user_not_in_channel' };
        if (this.channelErrors.has(channel)) return { ok: false, error: this.channelErrors.get(channel) };
        if (this.notMember.has(channel)) return { ok: false, error: 'not_in_channel' };
        this.checkPayload(args, `chat.postEphemeral ${channel}`);
        this.ephemerals.push({ team: teamId, channel, user: str('user')!, text: str('text') ?? '', blocks: Array.isArray(args.blocks) ? args.blocks : [] });
        return { ok: true, message_ts: this.nextTs() };
      }
      case 'conversations.open': {
        const user = (str('users') ?? '').split(',')[0] ?? '';
        if (!user) return { ok: false, error: 'users_list_not_supplied' };
        const err = this.dmErrors.get(user);
        if (err) return { ok: false, error: err };
        return { ok: true, channel: { id: this.imFor(user) } };
      }
      case 'views.open':
        return this.openView(args, teamId);
      case 'views.publish':
        return this.publishView(args, teamId);
      case 'conversations.history': {
        const channel = str('channel') ?? '';
        if (this.channelErrors.has(channel)) return { ok: false, error: this.channelErrors.get(channel) };
        if (this.notMember.has(channel)) return { ok: false, error: 'not_in_channel' };
        const limit = Math.min(Math.max(Number(args.limit ?? 100) || 100, 1), 999);
        const withMeta = args.include_all_metadata === true || args.include_all_metadata === 'true';
        const all = [...this.channelMessages(channel)].reverse();
        const page = all.slice(0, limit).map((mm) => {
          const { metadata, channel: _c, ...rest } = mm;
          return withMeta && metadata ? { type: 'message', ...rest, metadata } : { type: 'message', ...rest };
        });
        return { ok: true, messages: page, has_more: all.length > limit, pin_count: 0 };
      }
      case 'conversations.join': {
        const channel = str('channel') ?? '';
        this.notMember.delete(channel);
        return { ok: true, channel: { id: channel, is_member: true } };
      }
      case 'users.info': {
        const u = this.users.get(str('user') ?? '');
        if (!u) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: u.id,
            team_id: team.teamId,
            name: u.name,
            real_name: u.name,
            deleted: false,
            is_admin: u.is_admin ?? false,
            is_owner: u.is_owner ?? false,
            is_primary_owner: u.is_primary_owner ?? false,
            is_restricted: false,
            is_ultra_restricted: false,
            is_bot: u.is_bot ?? false,
          },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  async close(): Promise<void> {
    for (const p of this.pendingAcks.values()) {
      clearTimeout(p.timer);
      p.reject(new Error('fake-slack closed'));
    }
    this.pendingAcks.clear();
    for (const ws of this.sockets) ws.terminate();
    this.sockets = [];
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await sleep(0);
  }
}

/** Interactive elements of blocks (buttons), with Slack-assigned block ids. */
function interactiveOf(blocks: unknown[]): ClickedElement[] {
  const out: ClickedElement[] = [];
  blocks.forEach((b, bi) => {
    const block = b as { type?: string; block_id?: string; elements?: { type: string; action_id: string; value?: string; text?: { text: string } }[] };
    if (block.type !== 'actions' || !Array.isArray(block.elements)) return;
    for (const el of block.elements) if (el.type === 'button') out.push({ type: 'button', action_id: el.action_id, block_id: block.block_id ?? `blk${bi}`, value: el.value, text: el.text?.text });
  });
  return out;
}
