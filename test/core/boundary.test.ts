/** The core stays platform-free: nothing under src/core or commands/ imports discord.js or Bolt, even transitively. */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const FORBIDDEN = /^(discord\.js|@discordjs\/|@slack\/|discord-api-types)/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(f) ? [p] : [];
  });
}

function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec).replace(/\.js$/, '');
  for (const c of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(c)) return c;
  return null;
}

describe('import boundary', () => {
  const starts = [...files(join(root, 'src/core')), ...files(join(root, 'commands'))];

  it('finds the files it checks', () => {
    expect(starts.length).toBeGreaterThan(20);
  });

  it('no platform SDK is reachable from src/core or commands/', () => {
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string, chain: string[]) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of imports(file)) {
        if (FORBIDDEN.test(spec)) offenders.push([...chain, file].map((f) => f.replace(root, '')).join(' → ') + ` imports ${spec}`);
        const local = resolveLocal(file, spec);
        if (local) {
          if (local.includes('/src/adapters/')) offenders.push(`${file.replace(root, '')} imports adapter ${local.replace(root, '')}`);
          visit(local, [...chain, file]);
        }
      }
    };
    for (const f of starts) visit(f, []);
    expect(offenders).toEqual([]);
    expect(seen.size).toBeGreaterThanOrEqual(starts.length);
  });

  it('src/store and src/domain reach nothing in src/core (no core <-> store cycle)', () => {
    const starts = [...files(join(root, 'src/store')), ...files(join(root, 'src/domain'))];
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string, chain: string[]) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of imports(file)) {
        const local = resolveLocal(file, spec);
        if (!local) continue;
        if (local.includes('/src/core/') || local.includes('/src/adapters/') || local.includes('/commands/'))
          offenders.push([...chain, file, local].map((f) => f.replace(root, '')).join(' → '));
        else visit(local, [...chain, file]);
      }
    };
    for (const f of starts) visit(f, []);
    expect(starts.length).toBeGreaterThan(2);
    expect(offenders).toEqual([]);
  });

  it('the checker itself sees every import form', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'boundary-')), 'x.ts');
    writeFileSync(f, "import { Client } from 'discord.js';\nimport type { App } from '@slack/bolt';\nexport * from './y.js';\nconst m = await import('@discordjs/rest');\nimport 'side-effect';\n");
    const found = imports(f);
    expect(found).toEqual(['discord.js', '@slack/bolt', './y.js', '@discordjs/rest', 'side-effect']);
    expect(found.filter((s) => FORBIDDEN.test(s))).toEqual(['discord.js', '@slack/bolt', '@discordjs/rest']);
  });
});
