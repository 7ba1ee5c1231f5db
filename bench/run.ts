/** `npm run bench`: every benchmark in one run, so figures compared side by side share the machine's state. */
const which = new Set(process.argv.slice(2));
const want = (name: string) => which.size === 0 || which.has(name);

console.log(`careerbot benchmarks · node ${process.version} · ${new Date().toISOString()}`);
if (want('core')) await (await import('./core.js')).run();
for (const name of ['slack', 'discord', 'store', 'fanout', 'loop', 'practice']) {
  if (!want(name)) continue;
  try {
    const mod = (await import(`./${name}.js`)) as { run?: () => Promise<void> };
    if (mod.run) await mod.run();
  } catch (e) {
    console.log(`\n${name}: failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
(await import('./stats.js')).summary();
