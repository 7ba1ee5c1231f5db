/** A separate process answering one quiz round as many users, to race real concurrent writers on one SQLite file. */
import { SqliteStore } from '../../src/store/sqlite.js';

const [dbPath, roundId, from, to, choice, at] = process.argv.slice(2) as [string, string, string, string, string, string];
const store = new SqliteStore(dbPath);
let stored = 0;
for (let u = Number(from); u < Number(to); u++) {
  const r = await store.recordAnswer({
    roundId,
    platform: 'slack',
    workspaceId: 'T1',
    userId: `U${u}`,
    userName: `user${u}`,
    choice: Number(choice),
    correct: Number(choice) === 0,
    answeredAt: Number(at),
  });
  if (r.stored) stored++;
}
await store.close();
process.stdout.write(JSON.stringify({ stored }));
