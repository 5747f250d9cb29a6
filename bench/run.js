// Runs every benchmark in bench/ and prints its figures. Not a test: nothing here fails on a slow machine.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [only, ...rest] = process.argv.slice(2);
for (const f of readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort()) {
  if (only && !f.includes(only)) continue;
  console.log(`# ${f}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, f), ...rest], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
}
