/**
 * Discord interactions over HTTP (the application's Interactions Endpoint URL):
 * POST /discord/interactions, each request signed by Discord with Ed25519 over
 * `X-Signature-Timestamp + body`. A bad, missing or stale signature gets 401
 * before anything runs. PING (type 1) gets PONG; everything else runs through
 * the same handler as the gateway path (createInteractionHandler), built into
 * discord.js interaction objects the way the gateway builds them.
 *
 * The initial response travels in the HTTP response: the interaction's
 * callback (reply, deferReply, update, respond…) is caught before it would go
 * to Discord's callback route and becomes this request's answer. Edits and
 * follow-ups after a deferral go over REST as usual. Nothing here needs the
 * gateway, so stateless workers (DISCORD_GATEWAY=off) can sit behind any load
 * balancer.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Client } from 'discord.js';
import type { DiscordLog } from './log.js';

/** Requests older (or newer) than this are refused as stale: a captured request cannot be replayed later. */
export const MAX_SKEW_SECONDS = 300;
/** Discord's initial-response deadline is 3 s; answer before it even if the handler is stuck. */
const ANSWER_WITHIN_MS = 2_900;
const MAX_BODY_BYTES = 1024 * 1024;

/** The Developer Portal shows the public key as 64 hex characters (32 raw bytes). */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error('DISCORD_PUBLIC_KEY must be the 64 hex characters shown in the Developer Portal');
  // SPKI DER for Ed25519: a fixed 12-byte prefix, then the raw key.
  const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(hex, 'hex')]);
  return createPublicKey({ key: der, format: 'der', type: 'spki' });
}

/** True when the signature over timestamp + body is Discord's and the timestamp is fresh. */
export function verifySignature(key: KeyObject, body: Buffer, signature: string | undefined, timestamp: string | undefined, nowSec = Date.now() / 1000): boolean {
  if (!signature || !timestamp || !/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowSec - Number(timestamp)) > MAX_SKEW_SECONDS) return false;
  try {
    return verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signature, 'hex'));
  } catch {
    return false;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

const send = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(text);
};

type Post = Client['rest']['post'];

/**
 * The route handler for POST /discord/interactions. `client` is the discord.js
 * client whose InteractionCreate listener runs the bot (logged in or not).
 */
export function createHttpInteractions(client: Client, opts: { publicKey: string; log: DiscordLog }): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const key = publicKeyFromHex(opts.publicKey);
  const pending = new Map<string, (body: unknown) => void>();

  // Turn the interaction's initial callback into this request's HTTP response.
  const rest = client.rest;
  const post: Post = rest.post.bind(rest);
  rest.post = (async (route: Parameters<Post>[0], options?: Parameters<Post>[1]) => {
    const m = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(route);
    const answer = m ? pending.get(m[1]!) : undefined;
    if (answer) {
      pending.delete(m![1]!);
      answer(options?.body);
      return undefined;
    }
    return post(route, options);
  }) as Post;

  // discord.js builds interaction objects from a raw payload in its InteractionCreate
  // action, as the gateway handler does (internal in v14, but the gateway's own path).
  const actions = (client as unknown as { actions: { InteractionCreate: { handle(data: unknown): void } } }).actions;

  return async (req, res) => {
    const body = await readBody(req);
    if (!body) return send(res, 413, { error: 'request body too large' });
    const sig = req.headers['x-signature-ed25519'];
    const ts = req.headers['x-signature-timestamp'];
    if (!verifySignature(key, body, typeof sig === 'string' ? sig : undefined, typeof ts === 'string' ? ts : undefined)) {
      opts.log('warn', 'discord http interaction refused: bad, missing or stale signature', { ip: req.socket.remoteAddress });
      return send(res, 401, { error: 'invalid request signature' });
    }
    let payload: { id?: unknown; type?: unknown };
    try {
      payload = JSON.parse(body.toString('utf8')) as { id?: unknown; type?: unknown };
    } catch {
      return send(res, 400, { error: 'body is not JSON' });
    }
    if (payload.type === 1) return send(res, 200, { type: 1 }); // PING -> PONG
    const id = typeof payload.id === 'string' ? payload.id : '';
    if (!/^\d{1,20}$/.test(id)) return send(res, 400, { error: 'interaction has no id' });

    let timer: NodeJS.Timeout | undefined;
    const answered = new Promise<unknown>((resolve) => {
      pending.set(id, resolve);
      timer = setTimeout(() => resolve(undefined), ANSWER_WITHIN_MS);
    });
    try {
      actions.InteractionCreate.handle(payload);
    } catch (err) {
      // A payload discord.js cannot build: logged, answered, and the process keeps serving.
      opts.log('error', 'discord http interaction could not be read', { error: err instanceof Error ? err.message : String(err) });
      pending.delete(id);
      clearTimeout(timer);
      return send(res, 400, { error: 'malformed interaction' });
    }
    const answer = await answered;
    clearTimeout(timer);
    pending.delete(id);
    if (answer === undefined) {
      opts.log('error', 'discord http interaction got no answer in time', { interaction: id });
      return send(res, 500, { error: 'no answer' });
    }
    send(res, 200, answer);
  };
}
