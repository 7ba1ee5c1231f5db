/**
 * One bad gateway event never takes the process down.
 *
 * discord.js builds its objects from each dispatch synchronously inside the
 * gateway's message handler (client/websocket/WebSocketManager.js, attachEvents →
 * handlePacket → PacketHandlers[t] → actions → e.g. `new ChatInputCommandInteraction`).
 * A payload Discord should never send (an interaction with no member and no
 * user, `data.options` that is not an array, no `data`, member permissions that
 * are not a number, a button click without `message`…) throws there; the throw
 * escapes @discordjs/ws's async message handler as an unhandled rejection and
 * Node exits. A proxy, a platform bug or an API change can send such a payload.
 *
 * `handlePacket` is the one place every dispatch goes through, so it is wrapped:
 * a throw drops that one event, which is logged (type, shard, the interaction
 * id and what threw — never the payload, which carries the interaction token)
 * and counted as `careerbot_malformed_events_total{platform="discord"}`.
 * Everything else keeps being served. Anything that goes wrong outside a single
 * event's handling (login, a closed gateway) is not caught here.
 */
import type { Client } from 'discord.js';
import type { DiscordLog } from './log.js';
import type { Metrics } from '../../server/metrics.js';

interface Packet {
  t?: string;
  d?: { id?: unknown; type?: unknown };
}

interface PacketHandling {
  handlePacket(packet: Packet | undefined, shard: unknown): boolean;
}

export function guardPackets(client: Client, opts: { log: DiscordLog; metrics?: Metrics }): void {
  const ws = client.ws as unknown as PacketHandling;
  const original = ws.handlePacket.bind(ws);
  ws.handlePacket = (packet, shard) => {
    try {
      return original(packet, shard);
    } catch (err) {
      const kind = typeof packet?.t === 'string' ? packet.t : 'unknown';
      opts.metrics?.malformed('discord', kind);
      opts.log('error', 'discord event dropped: it could not be handled', {
        event: kind,
        shard: (shard as { id?: number } | undefined)?.id,
        id: typeof packet?.d?.id === 'string' ? packet.d.id : undefined,
        interactionType: typeof packet?.d?.type === 'number' ? packet.d.type : undefined,
        error: err instanceof Error ? err.message : String(err),
      });
      return true;
    }
  };
}
