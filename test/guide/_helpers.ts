/**
 * Shared helpers for the guide tests. Not a test file itself (vitest only picks up *.test.ts).
 * Expectations live in the test files, transcribed from
 * ../shared/guide/ai-engineer-vs-software-engineer-2026.txt — never read back from data/.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { loadGuide, GuideError } from '../../src/core/guide/load.js';
import type { Guide } from '../../src/core/guide/model.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DATA_DIR = fileURLToPath(new URL('../../data', import.meta.url));

let cached: Guide | null = null;
/** The guide loaded from the real data/ (once per test file). */
export function guide(): Guide {
  cached ??= loadGuide(DATA_DIR);
  return cached;
}

/** Lowercase, unify every kind of dash to "-", collapse whitespace: for "does the text mention X" checks. */
export function flat(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Our own normalisation for "the same text": case, accents, punctuation and spacing
 * are ignored; only letters and digits (in order) count. Deliberately stricter than
 * the loader's norm() so the test can catch what the loader lets through.
 */
export function canon(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Assert that `text` mentions every needle (case- and dash-insensitive). Returns the missing ones. */
export function missing(text: string, needles: readonly string[]): string[] {
  const t = flat(text);
  return needles.filter((n) => !t.includes(flat(n)));
}

// ------------------------------------------------------------------ corrupt copies of data/

/** A throw-away copy of the real data/ in the OS temp dir. */
export class DataCopy {
  readonly dir: string;
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'careerbot-guide-'));
    cpSync(DATA_DIR, this.dir, { recursive: true });
  }
  path(file: string): string {
    return join(this.dir, file);
  }
  /** The file name as the loader prints it (relative to the working directory). */
  shown(file: string): string {
    return relative(process.cwd(), join(this.dir, file));
  }
  read(file: string): string {
    return readFileSync(this.path(file), 'utf8');
  }
  write(file: string, text: string): void {
    writeFileSync(this.path(file), text);
  }
  /** Replace text; fails loudly if the anchor is not there (so a data edit cannot silently defuse a test). */
  replace(file: string, from: string, to: string): void {
    const before = this.read(file);
    if (!before.includes(from)) throw new Error(`fixture anchor not found in ${file}: ${JSON.stringify(from)}`);
    this.write(file, before.replace(from, to));
  }
  /** Edit a file as plain data (parsed YAML), then write it back. */
  edit<T = any>(file: string, fn: (doc: T) => void): void {
    const doc = parse(this.read(file)) as T;
    fn(doc);
    this.write(file, stringify(doc, { lineWidth: 0 }));
  }
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Load a directory and return the reported problems ([] when it loads). */
export function problemsOf(dir: string): string[] {
  try {
    loadGuide(dir);
    return [];
  } catch (e) {
    if (e instanceof GuideError) return e.problems;
    throw e;
  }
}
