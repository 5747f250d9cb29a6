// kubectl delete: v1.34's messages, selectors, --force, and the wait that
// ends only when the objects are really gone.
import { describe, expect, it } from 'vitest';
import { kubectl, workspaceEnv } from './kubectlenv';
import { runFollow, WEB_DEPLOYMENT } from './fixtures';

const FORCE_WARNING =
  'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n';

describe('kubectl delete', () => {
  it('deletes a pod gracefully and waits until the kubelet has stopped it', () => {
    const env = workspaceEnv();
    kubectl(env, 'run nginx --image=nginx');
    env.cluster.settle();
    const r = kubectl(env, 'delete pod nginx');
    expect(r).toMatchObject({ stdout: 'pod "nginx" deleted from default namespace\n', stderr: '', exitCode: 0 });
    expect(r.follow).toBeDefined();
    expect(env.cluster.api.get('pods', 'nginx', 'default').metadata.deletionTimestamp).toBeDefined();
    const start = env.cluster.clock.now();
    const f = runFollow(env.cluster, r.follow);
    expect(f.code).toBe(0);
    expect(env.cluster.api.tryGet('pods', 'nginx', 'default')).toBeUndefined();
    expect(env.cluster.clock.now()).toBeGreaterThan(start);
  });

  it('--force --grace-period=0 warns and removes at once; --wait=false returns at once', () => {
    const env = workspaceEnv();
    kubectl(env, 'run a --image=nginx');
    kubectl(env, 'run b --image=nginx');
    env.cluster.settle();
    const r = kubectl(env, 'delete pod a --force --grace-period=0');
    expect(r).toMatchObject({ stdout: 'pod "a" force deleted from default namespace\n', stderr: FORCE_WARNING, exitCode: 0 });
    expect(r.follow).toBeUndefined();
    expect(env.cluster.api.tryGet('pods', 'a', 'default')).toBeUndefined();
    const b = kubectl(env, 'delete pod/b --wait=false');
    expect(b.stdout).toBe('pod "b" deleted from default namespace\n');
    expect(b.follow).toBeUndefined();
  });

  it('deletes by label selector, -o name, and cluster-scoped objects without a namespace', () => {
    const env = workspaceEnv({ 'web.yaml': WEB_DEPLOYMENT });
    kubectl(env, 'apply -f web.yaml');
    kubectl(env, 'create configmap keep --from-literal=a=b');
    expect(kubectl(env, 'delete deploy,cm -l app=web -o name').stdout).toBe('deployment.apps/web\n');
    expect(env.cluster.api.tryGet('configmaps', 'keep', 'default')).toBeDefined();
    kubectl(env, 'create namespace scratch');
    expect(kubectl(env, 'delete namespace scratch --wait=false').stdout).toBe('namespace "scratch" deleted\n');
    expect(kubectl(env, 'delete pods -l app=nothing').stdout).toBe('No resources found\n');
  });

  it('reports missing objects and goes on with the rest', () => {
    const env = workspaceEnv();
    kubectl(env, 'create configmap a --from-literal=x=1');
    const r = kubectl(env, 'delete configmap a missing');
    expect(r.stdout).toBe('configmap "a" deleted from default namespace\n');
    expect(r.stderr).toBe('Error from server (NotFound): configmaps "missing" not found\n');
    expect(r.exitCode).toBe(1);
    expect(kubectl(env, 'delete configmap missing --ignore-not-found').stderr).toBe('');
  });

  it('deletes what a manifest names, and cascades to owned objects', () => {
    const env = workspaceEnv({ 'web.yaml': WEB_DEPLOYMENT });
    kubectl(env, 'apply -f web.yaml');
    env.cluster.settle();
    const r = kubectl(env, 'delete -f web.yaml');
    expect(r.stdout).toBe('deployment.apps "web" deleted from default namespace\n');
    runFollow(env.cluster, r.follow);
    env.cluster.settle();
    expect(env.cluster.api.list('pods', { namespace: 'default', labelSelector: 'app=web' }).items).toHaveLength(0);
    expect(env.cluster.api.list('replicasets', { namespace: 'default' }).items).toHaveLength(0);
  });

  it('--cascade=orphan leaves the ReplicaSet behind', () => {
    const env = workspaceEnv({ 'web.yaml': WEB_DEPLOYMENT });
    kubectl(env, 'apply -f web.yaml');
    env.cluster.settle();
    const r = kubectl(env, 'delete deployment web --cascade=orphan');
    runFollow(env.cluster, r.follow);
    env.cluster.settle();
    expect(env.cluster.api.list('replicasets', { namespace: 'default' }).items).toHaveLength(1);
    expect(kubectl(env, 'delete deployment web --cascade=sideways').stderr).toBe('error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan".\n');
  });

  it('gives kubectl errors for missing arguments and bad flag combinations', () => {
    const env = workspaceEnv();
    expect(kubectl(env, 'delete').stderr).toBe(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    );
    expect(kubectl(env, 'delete pods').stderr).toBe('error: resource(s) were provided, but no name was specified\n');
    expect(kubectl(env, 'delete pods --all -l a=b').stderr).toBe('error: cannot set --all and --selector at the same time\n');
    expect(kubectl(env, 'delete pod x --now --grace-period=5').stderr).toBe('error: --now and --grace-period cannot be specified together\n');
    expect(kubectl(env, 'delete pod x --force --grace-period=5').stderr).toBe('error: --force and --grace-period greater than 0 cannot be specified together\n');
    expect(kubectl(env, 'delete pod x -o yaml').stderr).toBe("error: unexpected -o output mode: yaml. We only support '-o name'\n");
    expect(kubectl(env, 'delete widgets x').stderr).toBe('error: the server doesn\'t have a resource type "widgets"\n');
  });

  it('--timeout gives up waiting with kubectl wait\'s message, while a finalizer holds the object', () => {
    const env = workspaceEnv({ 'held.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  finalizers:\n  - example.com/hold\n' });
    kubectl(env, 'apply -f held.yaml');
    const r = kubectl(env, 'delete configmap held --timeout=10s');
    expect(r.stdout).toBe('configmap "held" deleted from default namespace\n');
    const f = runFollow(env.cluster, r.follow, () => env.cluster.advance(15_000));
    expect(f).toMatchObject({ stderr: 'error: timed out waiting for the condition on configmaps/held\n', code: 1 });
  });
});
