// The podsphere CLI. A few cases spawn the real command (node bin/podsphere.js,
// which loads the TypeScript sources through tsx); the rest call main() in
// process with the same arguments, which is much faster on a busy machine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main';
import { WEB_DEPLOYMENT } from '../kubectl/fixtures';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'bin/podsphere.js');
const dir = mkdtempSync(join(tmpdir(), 'podsphere-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SPAWN_TIMEOUT = 120_000;


interface Ran {
  stdout: string;
  stderr: string;
  code: number | null;
}

function spawned(args: string[], input = ''): Ran {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, input, encoding: 'utf8', timeout: SPAWN_TIMEOUT });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

function inProcess(args: string[], input = ''): Ran {
  let stdout = '';
  let stderr = '';
  const code = main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: () => input });
  return { stdout, stderr, code };
}

const state = (name: string): string[] => ['--state', join(dir, name)];
const journalOf = (name: string): unknown[] => (JSON.parse(readFileSync(join(dir, name), 'utf8')) as { journal: unknown[] }).journal;

function expectRunningPods(r: Ran): void {
  expect(r.code).toBe(0);
  const rows = r.stdout.trimEnd().split('\n');
  expect(rows[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE$/);
  expect(rows).toHaveLength(3);
  for (const row of rows.slice(1)) expect(row).toMatch(/^web-[a-z0-9]{8,10}-[a-z0-9]{5} +1\/1 +Running +0 +\d+[sm]$/);
}

describe('podsphere CLI (spawned)', () => {
  it(
    'kubectl apply -f - reads stdin; after advance, get pods shows them Running',
    () => {
      expect(spawned([...state('a.json'), 'kubectl', 'apply', '-f', '-'], WEB_DEPLOYMENT)).toEqual({ stdout: 'deployment.apps/web created\n', stderr: '', code: 0 });
      expect(inProcess([...state('a.json'), 'advance', '2m'])).toEqual({ stdout: 'simulated time is now 2026-01-01T00:02:00Z\n', stderr: '', code: 0 });
      const pods = spawned([...state('a.json'), 'kubectl', 'get', 'pods']);
      expectRunningPods(pods);
      // The same journal replayed in process prints the same table: replays are exact.
      expect(inProcess([...state('a.json'), 'kubectl', 'get', 'pods'])).toEqual(pods);
      expect(journalOf('a.json').slice(0, 2)).toEqual([{ kubectl: ['apply', '-f', '-'], stdin: WEB_DEPLOYMENT }, { advance: 120_000 }]);
    },
    3 * SPAWN_TIMEOUT,
  );

  it(
    'a corrupt state file: exit 2, a clear message, and the file left as it was',
    () => {
      const text = '{"format": "podsphere-state", "version": 1, "seed": 1, "clusterSp';
      writeFileSync(join(dir, 'c.json'), text);
      const r = spawned([...state('c.json'), 'kubectl', 'get', 'pods']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^podsphere: .*c\.json is not valid JSON \(.*\): the state file is corrupt\nNothing was changed\. Fix the file, or start over with `podsphere reset`\.\n$/);
      expect(readFileSync(join(dir, 'c.json'), 'utf8')).toBe(text);
    },
    SPAWN_TIMEOUT,
  );
});

describe('podsphere CLI (in process)', () => {
  it('-f FILE is captured into the journal, so a replay does not depend on the disk', () => {
    const file = join(dir, 'web.yaml');
    writeFileSync(file, WEB_DEPLOYMENT);
    expect(inProcess([...state('f.json'), 'kubectl', 'apply', '-f', file])).toEqual({ stdout: 'deployment.apps/web created\n', stderr: '', code: 0 });
    writeFileSync(file, 'garbage: [');
    inProcess([...state('f.json'), 'settle']);
    expectRunningPods(inProcess([...state('f.json'), 'kubectl', 'get', 'pods']));
    expect(journalOf('f.json')[0]).toEqual({ kubectl: ['apply', '-f', file], files: { [file]: WEB_DEPLOYMENT } });
  });

  it('follow commands run while the cluster settles, then stop; the journal keeps how long', () => {
    inProcess([...state('w.json'), 'kubectl', 'apply', '-f', '-'], WEB_DEPLOYMENT);
    const watched = inProcess([...state('w.json'), 'kubectl', 'get', 'pods', '-w']);
    expect(watched.code).toBe(0);
    expect(watched.stdout).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE\nweb-\S+ +0\/1 +(Pending|ContainerCreating) +0 +0s\n/);
    expect(watched.stdout).toMatch(/\nweb-\S+ +1\/1 +Running +0 +\d+s\n$/);
    const entry = journalOf('w.json')[1] as { followMs?: number };
    expect(entry.followMs).toBeGreaterThan(0);
    // The watch let time pass: the pods are up without an explicit advance.
    expectRunningPods(inProcess([...state('w.json'), 'kubectl', 'get', 'pods']));
  });

  it('foreign, newer and malformed state files are refused with exit 2', () => {
    const cases: [string, RegExp][] = [
      ['{"apiVersion": "v1", "kind": "Config"}', /x\.json is not a podsphere state file \(it has no "format": "podsphere-state"\)/],
      ['{"format": "podsphere-state", "version": 7, "seed": 1, "clusterSpec": {}, "journal": []}', /written by a newer podsphere \(state version 7; this one reads version 1\)/],
      ['{"format": "podsphere-state", "version": 1, "seed": 1, "clusterSpec": {}, "journal": [{"rm": "-rf"}]}', /journal entry 1 is not a podsphere journal entry/],
      ['{"format": "podsphere-state", "version": 1, "seed": 1, "clusterSpec": {}, "journal": [{"host": {"action": "poweroff", "name": "esx-9"}}]}', /journal entry 1 could not be replayed: .*esx-9/],
    ];
    for (const [text, message] of cases) {
      writeFileSync(join(dir, 'x.json'), text);
      const r = inProcess([...state('x.json'), 'advance', '1m']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(readFileSync(join(dir, 'x.json'), 'utf8')).toBe(text);
    }
  });

  it('host power actions, reset with a cluster spec, and usage errors', () => {
    const s = state('h.json');
    expect(inProcess([...s, 'host', 'poweroff', 'worker-2'])).toEqual({ stdout: 'host worker-2 powered off\n', stderr: '', code: 0 });
    expect(inProcess([...s, 'host', 'poweroff', 'esx-9'])).toEqual({
      stdout: '',
      stderr: 'podsphere: no host named "esx-9" (hosts: control-plane, worker-1, worker-2, worker-3)\n',
      code: 1,
    });
    inProcess([...s, 'advance', '1m']);
    expect(inProcess([...s, 'kubectl', 'get', 'node', 'worker-2']).stdout).toMatch(/^NAME +STATUS +ROLES +AGE +VERSION\nworker-2 +NotReady +<none> +/);

    writeFileSync(join(dir, 'spec.yaml'), 'seed: 7\nnodes:\n  - { name: cp, role: control-plane }\n  - { name: esx-01, role: worker, cpu: "8", memory: 32Gi }\n');
    expect(inProcess([...s, 'reset', '--cluster', join(dir, 'spec.yaml')]).stdout).toMatch(/^fresh cluster: 2 nodes, simulated time 2026-01-01T00:00:00Z/);
    expect(inProcess([...s, 'kubectl', 'get', 'nodes', '-o', 'name']).stdout).toBe('node/cp\nnode/esx-01\n');

    expect(inProcess([...s, 'advance', 'soon'])).toMatchObject({ code: 2, stderr: expect.stringContaining('invalid duration "soon"') as string });
    expect(inProcess([...s, 'frobnicate'])).toMatchObject({ code: 2, stderr: 'podsphere: unknown verb "frobnicate"\nRun \'podsphere --help\' for usage.\n' });
    expect(inProcess([...s, 'lesson', 'check', 'intro'])).toMatchObject({ code: 2, stderr: expect.stringContaining('lessons are not available yet') as string });
    expect(inProcess(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: podsphere [--state FILE] <verb>') as string });
  });
});
