// Every generator against what the real kubectl v1.34 printed for the same
// arguments (recorded by scripts/record-kubectl-golden.sh).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubectl, workspaceEnv } from './kubectlenv';

interface Case {
  name: string;
  ext: string;
  args: string[];
}

const GOLDEN = join(__dirname, 'golden');
const spec = JSON.parse(readFileSync(join(GOLDEN, 'create-cases.json'), 'utf8')) as { files: Record<string, string>; cases: Case[] };

describe('create generators and run --dry-run=client equal real kubectl', () => {
  it.each(spec.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const expected = readFileSync(join(GOLDEN, `create-${c.name}.${c.ext}`), 'utf8');
    const r = kubectl(workspaceEnv(spec.files), c.args);
    if (c.ext === 'err') {
      expect(r.stderr).toBe(expected);
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toBe('');
    } else {
      expect(r.stdout).toBe(expected);
      expect(r.exitCode).toBe(0);
    }
  });
});
