import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKubectl } from '../../../src/kubectl/kubectl';
import { DEFAULT_KUBECONFIG } from '../../../src/kubectl/types';
import { createCluster } from '../../../src/runtime/index';

// Recorded from the real kubectl v1.34 by scripts/record-kubectl-golden.sh (argument errors need no server).
const GOLDEN = join(__dirname, 'golden');
const CASES: [string, string[]][] = [
  ['logs-no-args.err', ['logs']],
  ['logs-too-many-args.err', ['logs', 'a', 'b', 'c']],
  ['logs-selector-and-name.err', ['logs', '-l', 'app=web', 'web']],
  ['exec-without-dash.err', ['exec', 'web', 'ls']],
  ['exec-no-pod.err', ['exec', '--', 'ls']],
  ['exec-no-command.err', ['exec', 'web']],
  ['top-pod-usage.err', ['top', 'pod', 'a', 'b']],
  ['top-node-usage.err', ['top', 'node', 'a', 'b']],
  ['top-sort-by.err', ['top', 'pods', '--sort-by=name']],
  ['portforward-no-ports.err', ['port-forward', 'web']],
  ['explain-no-type.err', ['explain']],
];

describe('logs, exec, top, port-forward and explain errors match the real kubectl', () => {
  const env = { cluster: createCluster(), config: { ...DEFAULT_KUBECONFIG } };
  for (const [file, argv] of CASES) {
    it(`kubectl ${argv.join(' ')}`, () => {
      const r = runKubectl(argv, env);
      expect(r.stderr).toBe(readFileSync(join(GOLDEN, file), 'utf8'));
      expect(r.exitCode).toBe(1);
    });
  }
});
