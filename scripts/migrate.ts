/**
 * `npm run migrate`: applies pending schema migrations to the configured database
 * (DATABASE_URL, else the SQLite file at DATABASE_PATH) and prints the version.
 * The bot also migrates at start-up; this is for deploys that migrate first.
 */
import { resolve } from 'node:path';
import { loadConfig, ConfigError } from '../src/config.js';
import { openStore } from '../src/store/open.js';
import { explainStartupError } from '../src/store/errors.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const store = openStore({ ...config, DATABASE_PATH: resolve(config.DATABASE_PATH) });
  try {
    const v = await store.migrate();
    process.stdout.write(`${store.kind} database at schema version ${v}\n`);
  } catch (e) {
    process.stderr.write(`${explainStartupError(e, config.DATABASE_URL)}\n`);
    process.exitCode = 1;
  } finally {
    await store.close().catch(() => {});
  }
}

void main();
