import { createHmac } from 'node:crypto';

/** Slack's v0 request signature: HMAC-SHA256 over `v0:{timestamp}:{raw body}`, hex. */
export function signSlackRequest(signingSecret: string, timestampSec: number, rawBody: string): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestampSec}:${rawBody}`);
  return `v0=${hmac.digest('hex')}`;
}

export const nowSec = (): number => Math.floor(Date.now() / 1000);
