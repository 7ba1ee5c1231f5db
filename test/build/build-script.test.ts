/**
 * scripts/build.mjs (npm run build, npm start's prestart) on a small project
 * with the real TypeScript compiler: the second build starts no compiler when
 * nothing changed, and a deleted command's output is gone after the next build.
 * The compiler is started through a wrapper that counts its runs.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = join(root, 'scripts/build.mjs');
const realTsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');

function project(): { dir: string; runs: () => number; build: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'careerbot-build-'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, types: [], outDir: 'dist', rootDir: '.' } }),
  );
  writeFileSync(
    join(dir, 'tsconfig.build.json'),
    JSON.stringify({ extends: './tsconfig.json', compilerOptions: { incremental: true, tsBuildInfoFile: 'dist/.tsbuildinfo' }, include: ['src', 'commands', 'scripts'] }),
  );
  for (const d of ['src', 'commands']) mkdirSync(join(dir, d));
  writeFileSync(join(dir, 'src/main.ts'), 'export const main = 1;\n');
  writeFileSync(join(dir, 'commands/salary.ts'), 'export default "salary";\n');
  writeFileSync(join(dir, 'commands/oldcmd.ts'), 'export default "oldcmd";\n');
  const counter = join(dir, 'tsc-runs.log');
  const wrapper = join(dir, 'count-tsc.cjs');
  writeFileSync(wrapper, `require('node:fs').appendFileSync(${JSON.stringify(counter)}, 'run\\n');\nrequire(${JSON.stringify(realTsc)});\n`);
  return {
    dir,
    runs: () => (existsSync(counter) ? readFileSync(counter, 'utf8').split('\n').filter(Boolean).length : 0),
    build: () => {
      const r = spawnSync(process.execPath, [script], { cwd: dir, env: { ...process.env, CAREERBOT_TSC: wrapper }, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
    },
  };
}

describe('npm run build (scripts/build.mjs)', () => {
  it('compiles once; the second build with unchanged sources starts no compiler', () => {
    const p = project();
    p.build();
    expect(p.runs()).toBe(1);
    expect(existsSync(join(p.dir, 'dist/src/main.js'))).toBe(true);
    p.build();
    expect(p.runs()).toBe(1);
    writeFileSync(join(p.dir, 'src/main.ts'), 'export const main = 2;\n');
    p.build();
    expect(p.runs()).toBe(2);
    expect(readFileSync(join(p.dir, 'dist/src/main.js'), 'utf8')).toContain('main = 2');
  }, 60_000);

  it('a deleted command is gone from dist/ after the next build', () => {
    const p = project();
    p.build();
    expect(existsSync(join(p.dir, 'dist/commands/oldcmd.js'))).toBe(true);
    rmSync(join(p.dir, 'commands/oldcmd.ts'));
    p.build();
    expect(existsSync(join(p.dir, 'dist/commands/oldcmd.js'))).toBe(false);
    expect(existsSync(join(p.dir, 'dist/commands/oldcmd.js.map'))).toBe(false);
    expect(existsSync(join(p.dir, 'dist/commands/salary.js'))).toBe(true);
  }, 60_000);

  it('rebuilds an output that was deleted by hand', () => {
    const p = project();
    p.build();
    rmSync(join(p.dir, 'dist/src/main.js'));
    p.build();
    expect(existsSync(join(p.dir, 'dist/src/main.js'))).toBe(true);
  }, 60_000);
});
