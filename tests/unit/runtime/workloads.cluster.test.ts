// The stories on a full default cluster (control plane + 3 workers),
// with every component running together: apply → controllers → scheduler →
// kubelet machines → status, in simulated time. Unit tests of each component
// live beside it; these check that they compose the way a real cluster does.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster, type KubeObject } from '../../../src/runtime/index';
import { asArray, isObject } from '../../../src/runtime/api/types';
import { drainNode } from '../../../src/kubectl/drain';

const FIXTURES = new URL('../../../../shared/fixtures/k8s-examples/', import.meta.url);

function deployment(name: string, replicas: number, image = 'nginx:1.27', extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: app
        image: ${image}
${extra}`;
}

const pods = (c: Cluster, selector?: string): KubeObject[] => c.api.list('pods', { namespace: 'default', labelSelector: selector }).items;
const phase = (p: KubeObject): unknown => (isObject(p.status) ? p.status.phase : undefined);
const nodeOf = (p: KubeObject): string => (isObject(p.spec) && typeof p.spec.nodeName === 'string' ? p.spec.nodeName : '');
const events = (c: Cluster, o: KubeObject): { reason: unknown; message: unknown; type: unknown }[] =>
  c.api
    .list('events', { namespace: o.metadata.namespace })
    .items.filter((e) => isObject(e.involvedObject) && e.involvedObject.name === o.metadata.name && e.involvedObject.kind === o.kind)
    .map((e) => ({ reason: e.reason, message: e.message, type: e.type }));

function applyOk(c: Cluster, text: string): void {
  for (const r of c.apply(text)) if ('error' in r) throw new Error(r.error);
}

describe('a Deployment on the default cluster', () => {
  it('runs its pods on the workers, with the upstream event sequence for each pod', () => {
    const c = createCluster();
    applyOk(c, deployment('web', 3));
    c.settle();
    const all = pods(c, 'app=web');
    expect(all).toHaveLength(3);
    expect(all.every((p) => phase(p) === 'Running')).toBe(true);
    expect(all.map(nodeOf).every((n) => n.startsWith('worker-'))).toBe(true);
    const p = all[0];
    expect(events(c, p).map((e) => e.reason)).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']);
    const [scheduled, pulling, , created, started] = events(c, p);
    expect(scheduled.message).toBe(`Successfully assigned default/${p.metadata.name ?? ''} to ${nodeOf(p)}`);
    expect(pulling.message).toBe('Pulling image "nginx:1.27"');
    expect(created.message).toBe('Created container: app');
    expect(started.message).toBe('Started container app');
    const d = c.api.get('deployments', 'web');
    expect(d.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 });
  });

  it('rolls out a new image batch by batch and keeps the old ReplicaSet at 0', () => {
    const c = createCluster();
    applyOk(c, deployment('web', 4, 'nginx:1.26'));
    c.settle();
    applyOk(c, deployment('web', 4, 'nginx:1.27'));
    c.settle();
    const rss = c.api.list('replicasets', { namespace: 'default' }).items;
    expect(rss).toHaveLength(2);
    const image = (rs: KubeObject): unknown => {
      const tmpl = isObject(rs.spec) && isObject(rs.spec.template) && isObject(rs.spec.template.spec) ? rs.spec.template.spec : {};
      return isObject(asArray(tmpl.containers)[0]) ? (asArray(tmpl.containers)[0] as { image?: string }).image : undefined;
    };
    const fresh = rss.find((rs) => image(rs) === 'nginx:1.27');
    const old = rss.find((rs) => image(rs) === 'nginx:1.26');
    expect(fresh?.spec).toMatchObject({ replicas: 4 });
    expect(old?.spec).toMatchObject({ replicas: 0 });
    expect(fresh?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    const running = pods(c, 'app=web').filter((p) => phase(p) === 'Running' && !p.metadata.deletionTimestamp);
    expect(running).toHaveLength(4);
    const scaling = events(c, c.api.get('deployments', 'web')).filter((e) => e.reason === 'ScalingReplicaSet');
    // 25 % / 25 % on 4 replicas: surge 1, unavailable 1.
    expect(scaling[0].message).toBe(`Scaled up replica set ${old?.metadata.name ?? ''} from 0 to 4`);
    expect(scaling[1].message).toBe(`Scaled up replica set ${fresh?.metadata.name ?? ''} from 0 to 1`);
    expect(scaling[2].message).toBe(`Scaled down replica set ${old?.metadata.name ?? ''} from 4 to 3`);
    const conditions = asArray(isObject(c.api.get('deployments', 'web').status) ? (c.api.get('deployments', 'web').status as { conditions?: unknown }).conditions : []);
    expect(conditions).toContainEqual(expect.objectContaining({ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }));
    expect(conditions).toContainEqual(expect.objectContaining({ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }));
  });

  it('deleting it cascades to its ReplicaSet and pods', () => {
    const c = createCluster();
    applyOk(c, deployment('web', 2));
    c.settle();
    c.api.delete('deployments', 'web', { namespace: 'default', propagationPolicy: 'Background' });
    c.settle();
    expect(c.api.list('replicasets', { namespace: 'default' }).items).toEqual([]);
    expect(pods(c, 'app=web')).toEqual([]);
  });
});

describe('scheduling failures on the default cluster', () => {
  const bigPod = (name: string, cpu: string): string => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources: {requests: {cpu: "${cpu}"}}
`;
  const scheduledCondition = (c: Cluster, name: string): unknown =>
    asArray((c.api.get('pods', name).status as { conditions?: unknown }).conditions).find((x) => isObject(x) && x.type === 'PodScheduled');

  it('a pod bigger than any worker: preemption cannot help anywhere; it runs once a big host is added', () => {
    const c = createCluster();
    applyOk(c, bigPod('big', '6'));
    c.settle();
    // 6 cpu exceeds every node's allocatable, so NodeResourcesFit says UnschedulableAndUnresolvable.
    const message =
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. ' +
      'preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.';
    expect(scheduledCondition(c, 'big')).toMatchObject({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message });
    expect(events(c, c.api.get('pods', 'big'))).toContainEqual({ reason: 'FailedScheduling', message, type: 'Warning' });
    c.hosts.add({ name: 'worker-4', role: 'worker', cpu: '8', memory: '16Gi' });
    c.settle();
    expect(nodeOf(c.api.get('pods', 'big'))).toBe('worker-4');
    expect(phase(c.api.get('pods', 'big'))).toBe('Running');
  });

  it('a pod that would fit an empty worker, on busy workers with no lower-priority pods to preempt', () => {
    const c = createCluster();
    applyOk(c, deployment('filler', 3, 'nginx:1.27', '        resources: {requests: {cpu: "1"}}\n'));
    c.settle();
    applyOk(c, bigPod('wide', '3500m'));
    c.settle();
    const message =
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. ' +
      'preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.';
    expect(scheduledCondition(c, 'wide')).toMatchObject({ status: 'False', reason: 'Unschedulable', message });
    // Scaling the filler down frees a worker, and the pending pod is retried.
    c.api.patch('deployments', 'filler', { spec: { replicas: 2 } }, { namespace: 'default' });
    c.settle();
    expect(phase(c.api.get('pods', 'wide'))).toBe('Running');
  });
});

describe('containers that fail', () => {
  it('a crashing container goes into CrashLoopBackOff with growing back-off', () => {
    const c = createCluster();
    applyOk(c, `apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "exit 1"]
`);
    c.advance(60_000);
    const status = c.api.get('pods', 'crash').status as { containerStatuses?: { restartCount: number; state: Record<string, { reason?: string; message?: string }> }[] };
    const cs = status.containerStatuses?.[0];
    expect(cs?.state.waiting?.reason).toBe('CrashLoopBackOff');
    // Restarts after 1 s (no back-off), then 10 s, 20 s: three restarts within the first minute.
    expect(cs?.restartCount).toBe(3);
    expect(cs?.state.waiting?.message).toMatch(/^back-off 40s restarting failed container=app pod=crash_default\([0-9a-f-]+\)$/);
  });

  it('a misspelt image ends in ImagePullBackOff', () => {
    const c = createCluster();
    applyOk(c, `apiVersion: v1
kind: Pod
metadata: {name: typo}
spec:
  containers: [{name: app, image: "nginxx:1.27"}]
`);
    c.advance(30_000);
    const cs = (c.api.get('pods', 'typo').status as { containerStatuses?: { state: { waiting?: { reason?: string } } }[] }).containerStatuses?.[0];
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(cs?.state.waiting?.reason);
    const reasons = events(c, c.api.get('pods', 'typo')).map((e) => e.reason);
    expect(reasons).toContain('Failed');
    expect(reasons).toContain('BackOff');
  });
});

describe('upstream examples on the default cluster', () => {
  it('the pi Job runs to completion', () => {
    const c = createCluster();
    applyOk(c, readFileSync(new URL('controllers/job.yaml', FIXTURES), 'utf8'));
    c.settle();
    const job = c.api.get('jobs', 'pi');
    expect(job.status).toMatchObject({ succeeded: 1 });
    expect(asArray((job.status as { conditions?: unknown }).conditions)).toContainEqual(expect.objectContaining({ type: 'Complete', status: 'True' }));
  });

  it('the StatefulSet example creates web-0, web-1, web-2 in order, each with its own bound claim', () => {
    const c = createCluster();
    const text = readFileSync(new URL('controllers/statefulset.yaml', FIXTURES), 'utf8');
    // The example names a class a fresh cluster does not have; the docs tell the reader to provide one.
    applyOk(c, `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: my-storage-class}
provisioner: csi.vsphere.vmware.com
---
${text}`);
    c.settle();
    const names = pods(c, 'app=nginx').map((p) => p.metadata.name);
    expect(names).toEqual(['web-0', 'web-1', 'web-2']);
    const starts = ['web-0', 'web-1', 'web-2'].map((n) => String((c.api.get('pods', n).metadata.creationTimestamp)));
    expect([...starts].sort()).toEqual(starts);
    expect(starts[0] < starts[2]).toBe(true);
    for (const n of ['www-web-0', 'www-web-1', 'www-web-2']) {
      expect((c.api.get('persistentvolumeclaims', n).status as { phase?: string }).phase).toBe('Bound');
    }
  });
});

describe('maintenance mode: drain with a PodDisruptionBudget', () => {
  it('blocks evictions the budget forbids, retries, and finishes once replacements are ready', () => {
    const c = createCluster();
    applyOk(c, deployment('web', 3) + `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 3
  selector: {matchLabels: {app: web}}
`);
    c.settle();
    const host = nodeOf(pods(c, 'app=web')[0]);
    const run = drainNode(c.api, c.clock, host, { ignoreDaemonsets: true });
    c.advance(6_000);
    const text = run.lines.map((l) => l.text);
    expect(text[0]).toBe(`node/${host} cordoned`);
    expect(text.some((l) => /^error when evicting pods\/"web-[a-z0-9]+-[a-z0-9]+" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.$/.test(l))).toBe(true);
    expect(run.done).toBe(false);
    // Lowering the budget lets the drain through.
    const pdb = c.api.get('poddisruptionbudgets', 'web');
    c.api.update({ ...pdb, spec: { ...(pdb.spec as object), minAvailable: 2 } });
    c.advance(120_000);
    expect(run.done).toBe(true);
    expect(run.exitCode).toBe(0);
    expect(run.lines.at(-1)?.text).toBe(`node/${host} drained`);
    expect(c.api.get('nodes', host).spec).toMatchObject({ unschedulable: true });
    expect(pods(c, 'app=web').filter((p) => !p.metadata.deletionTimestamp).every((p) => nodeOf(p) !== host)).toBe(true);
  });
});

describe('autoscaling on simulated load', () => {
  it('the HPA scales a loaded Deployment up, and back down only after the 300 s stabilisation window', () => {
    const c = createCluster();
    applyOk(
      c,
      deployment('php', 1, 'registry.k8s.io/hpa-example', '        resources: {requests: {cpu: 200m}}\n') +
        `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: php}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: php}
  minReplicas: 1
  maxReplicas: 10
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
`,
    );
    c.settle();
    const [first] = pods(c, 'app=php');
    c.kubelet.setLoad('default', first.metadata.name ?? '', 400);
    c.advance(60_000);
    const replicas = (): unknown => (c.api.get('deployments', 'php').spec as { replicas?: number }).replicas;
    // 400m of a 200m request is 200 % against a 50 % target: 4 replicas.
    expect(replicas()).toBe(4);
    for (const p of pods(c, 'app=php')) c.kubelet.setLoad('default', p.metadata.name ?? '', 0);
    c.advance(200_000);
    expect(replicas()).toBe(4);
    c.advance(200_000);
    expect(replicas()).toBe(1);
  });
});
