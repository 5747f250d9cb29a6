// rollout status over a real rolling update, history, undo, restart,
// pause/resume — the lines kubectl prints, in the order the cluster makes them.
import { describe, expect, it } from 'vitest';
import { kubectl, workspaceEnv } from './kubectlenv';
import { runFollow, WEB_DEPLOYMENT } from './fixtures';

function withWeb(replicas = 3): ReturnType<typeof workspaceEnv> {
  const env = workspaceEnv({ 'web.yaml': WEB_DEPLOYMENT.replace('replicas: 2', `replicas: ${replicas}`) });
  kubectl(env, 'apply -f web.yaml');
  env.cluster.settle();
  return env;
}

const waiting = (rest: string): string => `Waiting for deployment "web" rollout to finish: ${rest}\n`;

describe('rollout status', () => {
  it('prints success at once for a finished rollout', () => {
    const env = withWeb();
    const r = kubectl(env, 'rollout status deployment/web');
    expect(r).toMatchObject({ stdout: 'deployment "web" successfully rolled out\n', stderr: '', exitCode: 0 });
    expect(r.follow).toBeUndefined();
  });

  it('follows a rolling update through the status viewer messages until it is done', () => {
    const env = withWeb();
    kubectl(env, 'set image deployment/web nginx=nginx:1.27');
    const r = kubectl(env, 'rollout status deploy web');
    expect(r.stdout).toBe(waiting('1 out of 3 new replicas have been updated...'));
    const f = runFollow(env.cluster, r.follow);
    expect(f.code).toBe(0);
    const lines = f.stdout.trimEnd().split('\n');
    expect(lines[lines.length - 1]).toBe('deployment "web" successfully rolled out');
    // Every line is one of the viewer's messages, and the phases come in the rolling update's order.
    const allowed = [/^Waiting for deployment "web" rollout to finish: \d out of 3 new replicas have been updated\.\.\.$/, /^Waiting for deployment "web" rollout to finish: \d old replicas are pending termination\.\.\.$/, /^Waiting for deployment "web" rollout to finish: \d of 3 updated replicas are available\.\.\.$/, /^deployment "web" successfully rolled out$/];
    for (const l of lines) expect(allowed.some((re) => re.test(l))).toBe(true);
    const phase = (l: string): number => allowed.findIndex((re) => re.test(l));
    const firstPending = lines.findIndex((l) => phase(l) === 1);
    expect(firstPending).toBeGreaterThan(0);
    expect(lines.slice(firstPending).some((l) => phase(l) === 0)).toBe(false);
    expect(lines).toContain(waiting('2 out of 3 new replicas have been updated...').trimEnd());
  });

  it('--watch=false prints the current state once; other kinds and a timeout', () => {
    const env = withWeb();
    kubectl(env, 'scale deployment web --replicas=5');
    const once = kubectl(env, 'rollout status deployment/web --watch=false');
    expect(once.follow).toBeUndefined();
    expect(once.stdout).toBe(waiting('3 of 5 updated replicas are available...'));
    kubectl(env, 'run solo --image=nginx');
    expect(kubectl(env, 'rollout status pod/solo').stderr).toBe('error: no status viewer has been implemented for Pod\n');
    kubectl(env, 'set image deployment/web nginx=nginx:broken-tag-that-never-pulls');
    const r = kubectl(env, 'rollout status deployment/web --timeout=20s');
    const f = runFollow(env.cluster, r.follow, () => env.cluster.advance(25_000));
    expect(f.stderr).toBe('error: timed out waiting for the condition\n');
    expect(f.code).toBe(1);
  });
});

describe('rollout history and undo', () => {
  it('lists revisions with the name printer header and a trailing blank line', () => {
    const env = withWeb();
    expect(kubectl(env, 'rollout history deployment/web').stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n\n');
    kubectl(env, 'set image deployment/web nginx=nginx:1.27');
    env.cluster.settle();
    kubectl(env, 'set image deployment/web nginx=nginx:1.28');
    env.cluster.settle();
    // As in the Kubernetes docs: annotate after the change, and the controller copies it to the current revision.
    kubectl(env, ['annotate', 'deployment', 'web', 'kubernetes.io/change-cause=upgrade to 1.28']);
    env.cluster.settle();
    expect(kubectl(env, 'rollout history deployment/web').stdout).toBe(
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n3         upgrade to 1.28\n\n',
    );
    const rev = kubectl(env, 'rollout history deployment/web --revision=2').stdout;
    expect(rev.startsWith('deployment.apps/web with revision #2\nPod Template:\n  Labels:\tapp=web\n\tpod-template-hash=')).toBe(true);
    expect(rev).toContain('    Image:\tnginx:1.27\n');
    expect(kubectl(env, 'rollout history deployment/web --revision=9').stderr).toBe('error: unable to find the specified revision\n');
  });

  it('undoes to the previous revision and to a chosen one', () => {
    const env = withWeb();
    kubectl(env, 'set image deployment/web nginx=nginx:1.27');
    env.cluster.settle();
    expect(kubectl(env, 'rollout undo deployment/web').stdout).toBe('deployment.apps/web rolled back\n');
    env.cluster.settle();
    const image = (): string => (env.cluster.api.get('deployments', 'web', 'default').spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image;
    expect(image()).toBe('nginx:1.25');
    expect(kubectl(env, 'rollout undo deployment/web --to-revision=2').stdout).toBe('deployment.apps/web rolled back\n');
    env.cluster.settle();
    expect(image()).toBe('nginx:1.27');
    expect(kubectl(env, 'rollout undo deployment/web --to-revision=42').stderr).toBe('error: unable to find specified revision 42 in history\n');
  });
});

describe('rollout restart, pause and resume', () => {
  it('restart stamps restartedAt and replaces every pod', () => {
    const env = withWeb(2);
    const before = env.cluster.api.list('pods', { namespace: 'default', labelSelector: 'app=web' }).items.map((p) => p.metadata.name);
    env.cluster.advance(60_000);
    expect(kubectl(env, 'rollout restart deployment/web').stdout).toBe('deployment.apps/web restarted\n');
    const d = env.cluster.api.get('deployments', 'web', 'default') as unknown as { spec: { template: { metadata: { annotations: Record<string, string> } } } };
    expect(d.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBe(env.cluster.clock.nowRFC3339());
    env.cluster.settle();
    const after = env.cluster.api.list('pods', { namespace: 'default', labelSelector: 'app=web' }).items.map((p) => p.metadata.name);
    expect(after).toHaveLength(2);
    expect(after.some((n) => before.includes(n))).toBe(false);
  });

  it('pauses and resumes, with kubectl\'s errors when already in that state', () => {
    const env = withWeb();
    expect(kubectl(env, 'rollout pause deployment/web').stdout).toBe('deployment.apps/web paused\n');
    expect(kubectl(env, 'rollout pause deployment/web').stderr).toBe('error: deployments.apps "web" is already paused\n');
    expect(kubectl(env, 'rollout undo deployment/web').stderr).toMatch(/^error: /);
    expect(kubectl(env, 'rollout restart deployment/web').stderr).toBe("error: can't restart paused deployment (run rollout resume first)\n");
    expect(kubectl(env, 'rollout resume deployment/web').stdout).toBe('deployment.apps/web resumed\n');
    expect(kubectl(env, 'rollout resume deployment/web').stderr).toBe('error: deployments.apps "web" is not paused\n');
  });
});
