#!/usr/bin/env node
/* global process, console */
/**
 * `npm run build` / `npm start`'s prestart: compile only when the sources
 * changed, and never leave stale output behind.
 *
 * - The inputs (every .ts under src/, commands/ and scripts/, the tsconfig
 *   files, package.json and package-lock.json) are hashed; the hash of the
 *   last successful build is kept in dist/.build-stamp.json. Same hash and the
 *   entry point present: nothing to do, and no compiler is started.
 * - Otherwise tsc runs (incremental, with dist/.tsbuildinfo, so a one-file
 *   change recompiles little), then every file in dist/ whose source is gone
 *   is deleted: a deleted command must not survive in dist/commands and be
 *   loaded (and registered) by the compiled bot.
 * - A shipped image has dist/ but no sources: nothing to build.
 *
 * Plain JavaScript, so that deciding whether to build needs no build.
 * Options: --force (always compile), --verbose (say what was decided).
 * CAREERBOT_TSC overrides the compiler's path (the tests use it to count runs).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const root = process.cwd();
const args = new Set(process.argv.slice(2));
const verbose = args.has('--verbose') || process.env.CAREERBOT_BUILD_VERBOSE === '1';
const say = (m) => verbose && console.error(`build: ${m}`);

const SOURCE_DIRS = ['src', 'commands', 'scripts'];
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
const DIST = join(root, 'dist');
const STAMP = join(DIST, '.build-stamp.json');
const ENTRY = join(DIST, 'src', 'main.js');

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const sources = SOURCE_DIRS.flatMap((d) => walk(join(root, d))).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort();

if (sources.length === 0 && existsSync(ENTRY)) {
  say('no sources here (a shipped build): nothing to compile');
  process.exit(0);
}

const hash = createHash('sha256');
for (const f of [...sources, ...CONFIG_FILES.map((c) => join(root, c)).filter(existsSync)]) {
  hash.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
}
const digest = hash.digest('hex');

const previous = (() => {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8')).digest;
  } catch {
    return undefined;
  }
})();

if (!args.has('--force') && previous === digest && existsSync(ENTRY)) {
  say(`up to date (${sources.length} sources unchanged)`);
  process.exit(0);
}

say(`compiling (${previous ? 'sources changed' : 'no previous build'})`);
rmSync(STAMP, { force: true });
// Incremental only from a complete earlier build: tsc trusts its .tsbuildinfo and would not re-emit deleted outputs.
if (!previous || !existsSync(ENTRY)) rmSync(join(DIST, '.tsbuildinfo'), { force: true });
const tsc = process.env.CAREERBOT_TSC ?? createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);

// Stale output: compiled files whose .ts source no longer exists.
const sourceSet = new Set(sources.map((f) => relative(root, f)));
let removed = 0;
for (const d of SOURCE_DIRS) {
  for (const f of walk(join(DIST, d))) {
    const rel = relative(DIST, f);
    const src = rel.replace(/(\.d)?\.(js|js\.map|d\.ts\.map)$/, '.ts').replace(/\.d\.ts$/, '.ts');
    if (!sourceSet.has(src)) {
      rmSync(f);
      removed++;
    }
  }
  pruneEmptyDirs(join(DIST, d));
}
if (removed) say(`removed ${removed} stale file(s) from dist/`);

writeFileSync(STAMP, JSON.stringify({ digest, sources: sources.length }) + '\n');

function pruneEmptyDirs(dir) {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) pruneEmptyDirs(join(dir, e.name));
  if (readdirSync(dir).length === 0) rmdirSync(dir);
}
