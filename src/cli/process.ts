// The process around main(): real stdout/stderr/stdin and the exit code.
import { readFileSync } from 'node:fs';
import { main } from './main';

export function runProcess(): void {
  const code = main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    defaultState: process.env.PODSPHERE_STATE,
    readStdin: () => {
      try {
        return readFileSync(0, 'utf8');
      } catch {
        return '';
      }
    },
  });
  // Let pending writes to a pipe drain instead of calling process.exit().
  process.exitCode = code;
}
