/** DISCORD_REQUESTS_PER_SECOND: processes sharing one bot token split Discord's global 50 requests/s. */
import { describe, expect, it } from 'vitest';
import { loadDiscordConfig } from '../../src/adapters/discord/config.js';
import { boundedClientOptions } from '../../src/adapters/discord/client.js';

const env = { DISCORD_TOKEN: 'aaaa.bbbb.cccc', DISCORD_APPLICATION_ID: '123456789012345678' };

describe('DISCORD_REQUESTS_PER_SECOND', () => {
  it('defaults to the whole limit, takes a share, and refuses more than Discord allows', () => {
    expect(loadDiscordConfig(env).requestsPerSecond).toBeUndefined();
    expect(loadDiscordConfig({ ...env, DISCORD_REQUESTS_PER_SECOND: '16' }).requestsPerSecond).toBe(16);
    expect(() => loadDiscordConfig({ ...env, DISCORD_REQUESTS_PER_SECOND: '51' })).toThrow(/DISCORD_REQUESTS_PER_SECOND: must be at most 50/);
    expect(boundedClientOptions('http://x', 16).rest).toMatchObject({ globalRequestsPerSecond: 16 });
    expect(boundedClientOptions('http://x').rest).toMatchObject({ globalRequestsPerSecond: 50 });
  });
});
