/**
 * `npm run validate [dir]`: loads the guide's YAML the way the bot would and
 * prints one line per kind as `<kind>: <count>`; exits non-zero with every
 * problem listed as `file: path.to.field: reason`.
 *
 * The directory is, in order: the argument, DATA_DIR (as the bot reads it),
 * or data/.
 */
import { resolve } from 'node:path';
import { loadGuide, GuideError } from './core/guide/load.js';

const dir = resolve(process.argv[2] ?? (process.env.DATA_DIR?.trim() || 'data'));
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
