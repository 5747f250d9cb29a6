// Runs every benchmark in bench/ and prints its figures. Not a test: nothing here fails on a slow machine.
//
// Each bench is bundled first the way the app ships (esbuild, no keepNames): tsx
// keeps function names by wrapping every closure in a defineProperty call, which
// costs more than many closures' bodies and is not what the browser runs.
//
//   npm run bench                       every benchmark
//   npm run bench -- runtime E2         one file (substring), then its arguments
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'node_modules', '.cache', 'podsphere-bench');
mkdirSync(out, { recursive: true });
const [only, ...rest] = process.argv.slice(2);
for (const f of readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort()) {
  if (only && !f.includes(only)) continue;
  console.log(`# ${f}`);
  const bundle = join(out, f.replace(/\.ts$/, '.mjs'));
  buildSync({ entryPoints: [join(here, f)], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: bundle, logLevel: 'error' });
  const r = spawnSync(process.execPath, ['--expose-gc', ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), bundle, ...rest], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
}
