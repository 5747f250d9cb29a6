// scale, label, annotate, taint, cordon/uncordon, drain, patch, set image,
// replace, edit: kubectl's messages and the effect on the cluster.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/runtime/index';
import { kubectl, workspaceEnv } from './kubectlenv';
import { runFollow, WEB_DEPLOYMENT } from './fixtures';

function withWeb(): ReturnType<typeof workspaceEnv> {
  const env = workspaceEnv({ 'web.yaml': WEB_DEPLOYMENT });
  kubectl(env, 'apply -f web.yaml');
  env.cluster.settle();
  return env;
}

const webPods = (env: ReturnType<typeof workspaceEnv>): KubeObject[] =>
  env.cluster.api.list('pods', { namespace: 'default', labelSelector: 'app=web' }).items.filter((p) => !p.metadata.deletionTimestamp);

describe('scale', () => {
  it('scales a deployment and its ReplicaSet converges', () => {
    const env = withWeb();
    expect(kubectl(env, 'scale deployment web --replicas=5')).toMatchObject({ stdout: 'deployment.apps/web scaled\n', exitCode: 0 });
    env.cluster.settle();
    expect(webPods(env)).toHaveLength(5);
    expect(kubectl(env, 'scale deploy/web --replicas=1').stdout).toBe('deployment.apps/web scaled\n');
    env.cluster.settle();
    expect(webPods(env)).toHaveLength(1);
  });

  it('checks --current-replicas and refuses kinds without a scale subresource', () => {
    const env = withWeb();
    expect(kubectl(env, 'scale deployment web --replicas=3 --current-replicas=4').stderr).toBe('error: Expected replicas to be 4, was 2\n');
    kubectl(env, 'run solo --image=nginx');
    expect(kubectl(env, 'scale pod solo --replicas=2').stderr).toBe('Error from server (NotFound): the server could not find the requested resource\n');
    expect(kubectl(env, 'scale deployment web').stderr).toBe('error: required flag(s) "replicas" not set\n');
    expect(kubectl(env, 'scale deployment web --replicas=-1').stderr).toBe('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n');
    expect(kubectl(env, 'scale deployment nope --replicas=1').stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
  });

  it('scales several objects and prints each', () => {
    const env = withWeb();
    kubectl(env, 'create deployment api --image=nginx');
    expect(kubectl(env, 'scale deployment web api --replicas=0').stdout).toBe('deployment.apps/web scaled\ndeployment.apps/api scaled\n');
  });
});

describe('label and annotate', () => {
  it('adds, refuses to overwrite without --overwrite, overwrites, removes', () => {
    const env = withWeb();
    expect(kubectl(env, 'label deployment web tier=frontend').stdout).toBe('deployment.apps/web labeled\n');
    const clash = kubectl(env, 'label deployment web tier=backend');
    expect(clash).toMatchObject({ stderr: "error: 'tier' already has a value (frontend), and --overwrite is false\n", exitCode: 1 });
    expect(kubectl(env, 'label deployment web tier=backend --overwrite').stdout).toBe('deployment.apps/web labeled\n');
    expect(kubectl(env, 'label deployment web tier=backend').stdout).toBe('deployment.apps/web not labeled\n');
    expect(kubectl(env, 'label deployment web tier-').stdout).toBe('deployment.apps/web unlabeled\n');
    expect(env.cluster.api.get('deployments', 'web', 'default').metadata.labels).toEqual({ app: 'web' });
  });

  it('labels every pod with --all and selects with -l', () => {
    const env = withWeb();
    const r = kubectl(env, 'label pods --all env=prod');
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    expect(r.stdout).toMatch(/^pod\/web-[a-z0-9]+-[a-z0-9]{5} labeled\n/);
    expect(env.cluster.api.list('pods', { namespace: 'default', labelSelector: 'env=prod' }).items).toHaveLength(2);
    expect(kubectl(env, 'label pods -l env=prod env=staging --overwrite').stdout.match(/labeled/g)).toHaveLength(2);
  });

  it('lists labels and reports bad specs', () => {
    const env = withWeb();
    kubectl(env, 'label deployment web tier=frontend');
    expect(kubectl(env, 'label deployment web --list').stdout).toBe('app=web\ntier=frontend\n');
    expect(kubectl(env, 'label deployment web').stderr).toBe('error: at least one label update is required\n');
    expect(kubectl(env, 'label deployment web a=b=c').stderr).toBe('error: invalid label spec: a=b=c\n');
    expect(kubectl(env, 'label deployment web a=b x').stderr).toBe('error: all resources must be specified before label changes: x\n');
  });

  it('annotates and refuses to overwrite without --overwrite', () => {
    const env = withWeb();
    expect(kubectl(env, ['annotate', 'deployment', 'web', 'description=my frontend']).stdout).toBe('deployment.apps/web annotated\n');
    expect(env.cluster.api.get('deployments', 'web', 'default').metadata.annotations?.description).toBe('my frontend');
    expect(kubectl(env, 'annotate deployment web description=other').stderr).toBe(
      "error: --overwrite is false but found the following declared annotation(s): 'description' already has a value (my frontend)\n",
    );
    expect(kubectl(env, 'annotate deployment web description-').stdout).toBe('deployment.apps/web annotated\n');
  });
});

describe('taint', () => {
  it('taints, refuses a duplicate, untaints, and the scheduler respects it', () => {
    const env = workspaceEnv();
    for (const n of ['worker-1', 'worker-2']) expect(kubectl(env, `taint nodes ${n} dedicated=gpu:NoSchedule`).stdout).toBe(`node/${n} tainted\n`);
    expect(kubectl(env, 'taint nodes worker-1 dedicated=gpu:NoSchedule').stderr).toBe(
      'error: node worker-1 already has dedicated taint(s) with same effect(s) and --overwrite is false\n',
    );
    kubectl(env, 'create deployment spread --image=nginx --replicas=4');
    env.cluster.settle();
    const nodes = env.cluster.api.list('pods', { namespace: 'default', labelSelector: 'app=spread' }).items.map((p) => (p.spec as { nodeName?: string }).nodeName);
    expect(new Set(nodes)).toEqual(new Set(['worker-3']));
    expect(kubectl(env, 'taint node/worker-1 dedicated:NoSchedule-').stdout).toBe('node/worker-1 untainted\n');
    expect(kubectl(env, 'taint nodes worker-1 dedicated-').stderr).toBe('error: taint "dedicated" not found\n');
    expect(kubectl(env, 'taint nodes worker-2 dedicated=cpu:NoSchedule --overwrite').stdout).toBe('node/worker-2 modified\n');
  });

  it('rejects bad effects and non-node resources', () => {
    const env = workspaceEnv();
    expect(kubectl(env, 'taint nodes worker-1 a=b:Sometimes').stderr).toBe('error: invalid taint effect: Sometimes, unsupported taint effect\n');
    expect(kubectl(env, 'taint pods x a=b:NoSchedule').stderr).toBe('error: invalid resource type pods, only ["node" "nodes"] are supported\n');
    expect(kubectl(env, 'taint nodes worker-1').stderr).toBe('error: at least one taint update is required\n');
    expect(kubectl(env, 'taint nodes nope a=b:NoSchedule').stderr).toBe('Error from server (NotFound): nodes "nope" not found\n');
  });
});

describe('cordon, uncordon, drain', () => {
  it('cordons and uncordons, saying when nothing changed', () => {
    const env = workspaceEnv();
    expect(kubectl(env, 'cordon worker-1').stdout).toBe('node/worker-1 cordoned\n');
    expect(kubectl(env, 'cordon worker-1').stdout).toBe('node/worker-1 already cordoned\n');
    expect((env.cluster.api.get('nodes', 'worker-1').spec as { unschedulable?: boolean }).unschedulable).toBe(true);
    expect(kubectl(env, 'uncordon node/worker-1').stdout).toBe('node/worker-1 uncordoned\n');
    expect(kubectl(env, 'uncordon worker-1').stdout).toBe('node/worker-1 already uncordoned\n');
    expect(kubectl(env, 'cordon worker-9').stderr).toBe('Error from server (NotFound): nodes "worker-9" not found\n');
  });

  it('drains a node as a follow: evictions, then drained, with the pods rescheduled elsewhere', () => {
    const env = workspaceEnv();
    kubectl(env, 'create deployment web --image=nginx --replicas=6');
    env.cluster.settle();
    const onNode = env.cluster.api.podsOnNode('worker-1').filter((p) => p.metadata.namespace === 'default');
    expect(onNode.length).toBeGreaterThan(0);
    const r = kubectl(env, 'drain worker-1 --ignore-daemonsets');
    expect(r.stdout.startsWith('node/worker-1 cordoned\n')).toBe(true);
    for (const p of onNode) expect(r.stdout).toContain(`evicting pod default/${p.metadata.name ?? ''}\n`);
    const f = runFollow(env.cluster, r.follow);
    expect(f.code).toBe(0);
    expect(f.stdout.endsWith('node/worker-1 drained\n')).toBe(true);
    for (const p of onNode) expect(f.stdout).toContain(`pod/${p.metadata.name ?? ''} evicted\n`);
    env.cluster.settle();
    expect(env.cluster.api.podsOnNode('worker-1').filter((p) => p.metadata.namespace === 'default')).toHaveLength(0);
    expect(env.cluster.api.list('pods', { namespace: 'default', labelSelector: 'app=web' }).items).toHaveLength(6);
  });

  it('refuses unmanaged pods without --force', () => {
    const env = workspaceEnv();
    kubectl(env, 'run solo --image=nginx');
    env.cluster.settle();
    const node = (env.cluster.api.get('pods', 'solo', 'default').spec as { nodeName: string }).nodeName;
    const r = kubectl(env, `drain ${node} --ignore-daemonsets`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`cannot delete Pods that declare no controller (use --force to override): default/solo`);
    expect(kubectl(env, 'drain').stderr).toBe("error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples\n");
  });
});

describe('patch and set image', () => {
  it('patches with strategic, merge and json patches, and says when nothing changed', () => {
    const env = withWeb();
    expect(kubectl(env, ['patch', 'deployment', 'web', '-p', '{"spec":{"replicas":3}}']).stdout).toBe('deployment.apps/web patched\n');
    expect(kubectl(env, ['patch', 'deployment', 'web', '-p', '{"spec":{"replicas":3}}']).stdout).toBe('deployment.apps/web patched (no change)\n');
    expect(kubectl(env, ['patch', 'deployment', 'web', '--type=merge', '-p', 'metadata: {labels: {tier: web}}']).stdout).toBe('deployment.apps/web patched\n');
    expect(kubectl(env, ['patch', 'deployment', 'web', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/replicas","value":1}]']).stdout).toBe('deployment.apps/web patched\n');
    const d = env.cluster.api.get('deployments', 'web', 'default') as unknown as { metadata: { labels: Record<string, string> }; spec: { replicas: number } };
    expect(d.spec.replicas).toBe(1);
    expect(d.metadata.labels.tier).toBe('web');
    expect(kubectl(env, ['patch', 'deployment', 'web', '--type=sideways', '-p', '{}']).stderr).toBe('error: --type must be one of [json merge strategic], not "sideways"\n');
    expect(kubectl(env, 'patch deployment web').stderr).toBe('error: must specify -p to patch\n');
  });

  it('sets an image, which starts a rolling update to the new ReplicaSet', () => {
    const env = withWeb();
    expect(kubectl(env, 'set image deployment/web nginx=nginx:1.27').stdout).toBe('deployment.apps/web image updated\n');
    env.cluster.settle();
    const images = webPods(env).map((p) => ((p.spec as { containers: { image: string }[] }).containers[0].image));
    expect(images).toEqual(['nginx:1.27', 'nginx:1.27']);
    const missing = kubectl(env, 'set image deployment/web php=php:8');
    expect(missing).toMatchObject({ stdout: '', stderr: 'error: unable to find container named "php"\n', exitCode: 1 });
  });
});

describe('replace and edit', () => {
  it('replaces the whole object, and --force recreates it', () => {
    const env = withWeb();
    const changed = WEB_DEPLOYMENT.replace('replicas: 2', 'replicas: 3');
    const env2 = workspaceEnv({ 'web.yaml': changed }, env.cluster);
    expect(kubectl(env2, 'replace -f web.yaml').stdout).toBe('deployment.apps/web replaced\n');
    expect((env.cluster.api.get('deployments', 'web', 'default').spec as { replicas: number }).replicas).toBe(3);
    const uid = env.cluster.api.get('deployments', 'web', 'default').metadata.uid;
    expect(kubectl(env2, 'replace --force -f web.yaml').stdout).toBe('deployment.apps "web" deleted from default namespace\ndeployment.apps/web replaced\n');
    expect(env.cluster.api.get('deployments', 'web', 'default').metadata.uid).not.toBe(uid);
    const env3 = workspaceEnv({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nope\n' }, env.cluster);
    expect(kubectl(env3, 'replace -f cm.yaml').stderr).toBe('Error from server (NotFound): error when replacing "cm.yaml": configmaps "nope" not found\n');
  });

  it('hands the object to the page editor, or explains that the shell has none', () => {
    const env = withWeb();
    const edited: string[] = [];
    env.edit = (obj) => edited.push(`${obj.kind}/${obj.metadata.name ?? ''}`);
    expect(kubectl(env, 'edit deployment web')).toMatchObject({ stdout: '', stderr: '', exitCode: 0 });
    expect(edited).toEqual(['Deployment/web']);
    delete env.edit;
    const r = kubectl(env, 'edit deploy/web');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error: kubectl edit needs an editor, and this shell has none/);
  });
});
