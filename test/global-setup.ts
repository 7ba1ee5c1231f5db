/**
 * Before any test file: build dist/ the way `npm run build` does (a no-op when
 * the sources are unchanged), so the end-to-end tests run the compiled entry
 * point that `npm start` and the Docker image run.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed: see the compiler output above');
}
