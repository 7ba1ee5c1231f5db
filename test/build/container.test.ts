/**
 * There is no Docker engine here, so the container files are checked for what
 * can be checked without one: compose.yaml parses and every service has a
 * health check and names npm scripts and services that exist; the Dockerfile is
 * on Node 24, has a HEALTHCHECK on /healthz, copies only files that exist, and
 * its runtime stage takes no compiler; and the runtime image's layout (package.json,
 * scripts/build.mjs, dist/, data/, no sources) runs the operator scripts.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

interface Service {
  build?: unknown;
  image?: string;
  command?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  environment?: Record<string, string>;
}

describe('compose.yaml', () => {
  const compose = parse(readFileSync(join(root, 'compose.yaml'), 'utf8')) as { services: Record<string, Service> };

  it('has PostgreSQL, the bot and the REST proxy, each with a health check', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['bot', 'postgres', 'rest-proxy']);
    for (const [name, s] of Object.entries(compose.services)) {
      expect(s.healthcheck?.test?.length, `${name} has a health check`).toBeGreaterThan(0);
    }
  });

  it('names npm scripts, services and files that exist', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      const cmd = s.command ?? [];
      const run = cmd.indexOf('run');
      if (cmd[0] === 'node') {
        const file = cmd.find((a) => a.endsWith('.js'))!;
        expect(existsSync(join(root, file)), `${name}: ${file}`).toBe(true);
        // …and the same program has an npm script for running it outside a container.
        expect(Object.values(pkg.scripts).some((v) => v.includes(`node ${file}`)), `${name}: an npm script runs ${file}`).toBe(true);
      }
      if (cmd[0] === 'npm') {
        const script = cmd.slice(run + 1).find((a) => !a.startsWith('-'));
        expect(pkg.scripts[script ?? ''], `${name}: npm script "${script}"`).toBeDefined();
        // The script runs compiled output, present in the image's dist/.
        for (const m of pkg.scripts[script!]!.matchAll(/node (dist\/\S+\.js)/g)) expect(existsSync(join(root, m[1]!)), m[1]).toBe(true);
      }
      for (const dep of Object.keys(s.depends_on ?? {})) {
        expect(compose.services[dep], `${name} depends on ${dep}`).toBeDefined();
        expect(s.depends_on![dep]!.condition).toBe('service_healthy');
      }
    }
    expect(compose.services.bot!.healthcheck!.test.join(' ')).toContain(`:${compose.services.bot!.environment!.PORT}/healthz`);
    expect(compose.services.bot!.environment!.DISCORD_API_URL).toMatch(/^http:\/\/rest-proxy:8080\//);
    expect(compose.services['rest-proxy']!.healthcheck!.test.join(' ')).toContain(':8080/healthz');
  });
});

describe('Dockerfile', () => {
  const text = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const lines = text.split('\n');
  const stages = text.split(/^FROM /m).slice(1);
  const runtime = stages.find((s) => / AS runtime/.test(s.split('\n')[0]!)) ?? '';

  it('builds on Node 24 and checks /healthz', () => {
    expect(text).toMatch(/ARG NODE_IMAGE=node:24-bookworm-slim/);
    expect(text).toMatch(/^HEALTHCHECK[\s\S]*\/healthz/m);
    expect(runtime).toMatch(/CMD \["node", "--enable-source-maps", "dist\/src\/main\.js"\]/);
  });

  it('copies only files that exist in the repository', () => {
    for (const l of lines.filter((x) => /^COPY (?!--from)/.test(x))) {
      const parts = l.replace(/^COPY /, '').split(/\s+/);
      for (const src of parts.slice(0, -1)) expect(existsSync(join(root, src)), `${l}: ${src}`).toBe(true);
    }
  });

  it('leaves the compiler and the toolchain out of the runtime image, and copies data after the build', () => {
    expect(runtime).toContain('COPY --from=deps /app/node_modules');
    expect(runtime).not.toMatch(/--from=build \/app\/node_modules/);
    expect(runtime).not.toMatch(/npm ci|apt-get|tsc|COPY src|COPY commands/);
    expect(text).toMatch(/npm ci --omit=dev[\s\S]*rm -rf deps src binding\.gyp/);
    expect(runtime.indexOf('COPY data')).toBeGreaterThan(runtime.indexOf('COPY --from=build /app/dist'));
  });
});

describe('the runtime image layout (package.json, scripts/build.mjs, dist/, data/; no sources, no compiler)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'careerbot-image-'));
  mkdirSync(join(dir, 'scripts'));
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  cpSync(join(root, 'scripts/build.mjs'), join(dir, 'scripts/build.mjs'));
  cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
  cpSync(join(root, 'data'), join(dir, 'data'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  const npm = (...args: string[]) =>
    spawnSync('npm', ['run', '--silent', ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: dir, CAREERBOT_TSC: '/nonexistent/tsc' } });

  it('npm run manifest:slack works there and starts no compiler', () => {
    const r = npm('manifest:slack', '--', '--out', '-');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('slash_commands');
  });

  it('npm run deploy:discord works there (a dry run prints the command JSON)', () => {
    const r = npm('deploy:discord', '--', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['salary', 'quiz', 'daily']));
  });
});
