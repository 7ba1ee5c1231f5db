/** A writer process for bench/loop.ts: answers and daily claims into the shared database for DURATION_MS. */
import { openStore } from '../src/store/open.js';

const [url, path, id] = [process.env.DATABASE_URL, process.env.DATABASE_PATH ?? '', process.env.WRITER_ID ?? 'w'];
const store = openStore({ DATABASE_URL: url, DATABASE_PATH: path, DATABASE_POOL_MAX: 4 });
const end = Date.now() + Number(process.env.DURATION_MS ?? 10_000);
let n = 0;
const round = process.env.ROUND_ID!;
await Promise.all(
  Array.from({ length: 4 }, async (_, k) => {
    while (Date.now() < end) {
      const i = n++;
      await store.recordAnswer({ roundId: round, platform: 'slack', workspaceId: 'T1', userId: `${id}-${k}-${i}`, userName: 'w', choice: 0, correct: i % 2 === 0, answeredAt: Date.now() });
      await store.claimDailyPost({ scheduleId: 's', platform: 'slack', channelId: `${id}-${k}-${i}`, localDate: '2026-01-01', questionId: 'q', claimedAt: Date.now() }, id, Date.now() + 60_000);
    }
  }),
);
process.stdout.write(`${n}\n`);
await store.close();
