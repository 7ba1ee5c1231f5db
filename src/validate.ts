/**
 * `npm run validate`: loads data/, prints one line per kind as `<kind>: <count>`,
 * and exits non-zero with every problem listed as `file: path.to.field: reason`.
 */
import { resolve } from 'node:path';
import { loadGuide, GuideError } from './core/guide/load.js';

const dir = resolve(process.argv[2] ?? 'data');
try {
  const guide = loadGuide(dir);
  for (const [kind, n] of Object.entries(guide.counts())) console.log(`${kind}: ${n}`);
} catch (e) {
  if (e instanceof GuideError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
