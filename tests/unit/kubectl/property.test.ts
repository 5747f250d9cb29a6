// No argv crashes kubectl: whatever a learner types, each command ends in
// output or a kubectl-style error, never a JavaScript exception leaking out
// or printed. Arguments are drawn from kubectl's own vocabulary (commands,
// subcommands, resource types, flags, names that exist) mixed with junk.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runKubectl } from '../../../src/kubectl/kubectl';
import { COMMANDS } from '../../../src/kubectl/commands/index';
import { createCluster } from '../../../src/runtime/index';
import { WEB_DEPLOYMENT } from './fixtures';
import { workspaceEnv } from './kubectlenv';


const words = [
  ...COMMANDS.map((c) => c.name),
  ...COMMANDS.flatMap((c) => (c.subcommands ?? []).map((s) => s.name)),
  ...COMMANDS.flatMap((c) => (c.flags ?? []).flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])])),
  'pods', 'po', 'deploy', 'deployment/web', 'svc', 'nodes', 'no/worker-1', 'rs', 'ns', 'all', 'ing', 'cm', 'secret', 'ev',
  'web', 'worker-1', 'kube-system', 'default', 'nginx', 'nginx:1.27', 'app=web', 'app-', 'key=value:NoSchedule',
  '80', '8080:80', '-1', '0', '3', 'yaml', 'json', 'wide', 'name', 'jsonpath={.items[*].metadata.name}',
  'custom-columns=N:.metadata.name', '-o', '-n', '-A', '-l', '-f', 'web.yaml', '-', '--', 'sh', '-c', 'echo hi', '--dry-run=client',
  '--replicas=2', '--image=busybox', '--port=80', '--type=NodePort', '--to-revision=1', '--grace-period=0', '--force', '-w', '--watch',
];

const IS_JS_FAILURE = /TypeError|ReferenceError|RangeError|SyntaxError|Cannot read propert|is not a function|is not iterable|Maximum call stack|\[object Object\]/;

describe('kubectl argv property', () => {
  it('every argv ends in output or a kubectl-style error, and follows start and stop cleanly', () => {
    const cluster = createCluster();
    const env = workspaceEnv({ 'web.yaml': WEB_DEPLOYMENT }, cluster);
    env.stdin = WEB_DEPLOYMENT;
    runKubectl(['apply', '-f', 'web.yaml'], env);
    cluster.advance(30_000);
    const reached = new Set<string>();
    let succeeded = 0;
    const token = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...words) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
    const commandFirst = fc.tuple(fc.constantFrom(...COMMANDS.map((c) => c.name)), fc.array(token, { maxLength: 6 })).map(([c, rest]) => [c, ...rest]);
    const argv = fc.oneof({ weight: 4, arbitrary: commandFirst }, { weight: 1, arbitrary: fc.array(token, { maxLength: 7 }) });
    fc.assert(
      fc.property(argv, (args) => {
        const r = runKubectl(args, env);
        if (r.exitCode === 0) succeeded++;
        const command = args.find((a) => COMMANDS.some((c) => c.name === a));
        if (command && !r.stderr.startsWith('error: unknown')) reached.add(command);
        expect(typeof r.stdout).toBe('string');
        expect(typeof r.stderr).toBe('string');
        expect(Number.isInteger(r.exitCode)).toBe(true);
        expect(r.stdout + r.stderr).not.toMatch(IS_JS_FAILURE);
        if (r.exitCode !== 0) expect(r.stderr.length + r.stdout.length).toBeGreaterThan(0);
        if (r.follow) {
          let more = '';
          const stop = r.follow.start((o) => (more += (o.stdout ?? '') + (o.stderr ?? '')), () => undefined);
          cluster.advance(2_000);
          stop();
          expect(more).not.toMatch(IS_JS_FAILURE);
        }
        r.session?.input('exit');
      }),
      { numRuns: 1500, seed: 20261123 },
    );
    // The draw must reach the commands themselves, not only the parser's refusals.
    expect(reached.size).toBeGreaterThan(COMMANDS.length / 2);
    expect(succeeded).toBeGreaterThan(50);
  }, 120_000);
});
