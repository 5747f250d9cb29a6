// Where pods land: filters and scores together, retries, preemption, determinism.
import { describe, expect, it } from 'vitest';
import { isObject } from '../../../../src/runtime/api/types';
import { cluster, createPod, eventsOf, nodeOf, podScheduled, unschedulableMessage, workers } from './helpers';

const zoned = () =>
  cluster([
    { name: 'a-1', role: 'worker', zone: 'zone-a' },
    { name: 'a-2', role: 'worker', zone: 'zone-a' },
    { name: 'b-1', role: 'worker', zone: 'zone-b' },
    { name: 'c-1', role: 'worker', zone: 'zone-c' },
  ]);

describe('placement', () => {
  it('binds with a Scheduled event and PodScheduled=True', () => {
    const c = cluster();
    createPod(c, 'web', { cpu: '100m' });
    c.settle();
    const node = nodeOf(c, 'web');
    expect(node).toMatch(/^worker-/);
    expect(podScheduled(c, 'web')).toMatchObject({ status: 'True' });
    const [ev] = eventsOf(c, 'web', 'Scheduled');
    expect(ev).toMatchObject({ type: 'Normal', message: `Successfully assigned default/web to ${node}`, action: 'Binding', reportingComponent: 'default-scheduler' });
  });

  it('follows spec.nodeSelector', () => {
    const c = cluster([...workers(3), { name: 'ssd-1', role: 'worker', labels: { disktype: 'ssd' } }]);
    createPod(c, 'db', { nodeSelector: { disktype: 'ssd' } });
    c.settle();
    expect(nodeOf(c, 'db')).toBe('ssd-1');
  });

  it('follows required node affinity and prefers preferred terms', () => {
    const c = zoned();
    const required = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-b'] }] }] } } };
    createPod(c, 'req', { affinity: required });
    const preferred = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-c'] }] } }] } };
    for (let i = 0; i < 3; i++) createPod(c, `pref-${i}`, { affinity: preferred });
    c.settle();
    expect(nodeOf(c, 'req')).toBe('b-1');
    for (let i = 0; i < 3; i++) expect(nodeOf(c, `pref-${i}`)).toBe('c-1');
  });

  it('keeps off the tainted control plane unless tolerated', () => {
    const c = cluster();
    for (let i = 0; i < 6; i++) createPod(c, `p-${i}`);
    createPod(c, 'admin', { nodeSelector: { 'node-role.kubernetes.io/control-plane': '' }, tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] });
    c.settle();
    for (let i = 0; i < 6; i++) expect(nodeOf(c, `p-${i}`)).not.toBe('control-plane');
    expect(nodeOf(c, 'admin')).toBe('control-plane');
  });

  it('prefers nodes without PreferNoSchedule taints', () => {
    const c = cluster([
      { name: 'soft', role: 'worker', taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }] },
      { name: 'plain', role: 'worker' },
    ]);
    for (let i = 0; i < 3; i++) createPod(c, `p-${i}`);
    c.settle();
    for (let i = 0; i < 3; i++) expect(nodeOf(c, `p-${i}`)).toBe('plain');
  });

  it('required anti-affinity spreads replicas one per node', () => {
    const c = cluster();
    const affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] } };
    for (let i = 0; i < 3; i++) createPod(c, `web-${i}`, { labels: { app: 'web' }, affinity });
    c.settle();
    expect(new Set([0, 1, 2].map((i) => nodeOf(c, `web-${i}`)))).toEqual(new Set(['worker-1', 'worker-2', 'worker-3']));
  });

  it('required pod affinity co-locates, preferred anti-affinity avoids', () => {
    const c = cluster();
    createPod(c, 'db', { labels: { app: 'db' }, nodeSelector: { 'kubernetes.io/hostname': 'worker-2' } });
    c.settle();
    const near = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' }] } };
    createPod(c, 'api', { labels: { app: 'api' }, affinity: near });
    const away = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' } }] } };
    for (let i = 0; i < 4; i++) createPod(c, `batch-${i}`, { labels: { app: 'batch' }, affinity: away });
    c.settle();
    expect(nodeOf(c, 'api')).toBe('worker-2');
    for (let i = 0; i < 4; i++) expect(nodeOf(c, `batch-${i}`)).not.toBe('worker-2');
  });

  it('the first pod of a self-affine group is allowed anywhere', () => {
    const c = cluster();
    const self = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'team' } }, topologyKey: 'topology.kubernetes.io/zone' }] } };
    createPod(c, 'team-0', { labels: { app: 'team' }, affinity: self });
    c.settle();
    createPod(c, 'team-1', { labels: { app: 'team' }, affinity: self });
    c.settle();
    expect(nodeOf(c, 'team-0')).toBeDefined();
    expect(nodeOf(c, 'team-1')).toBe(nodeOf(c, 'team-0'));
  });

  it('DoNotSchedule topology spread balances zones', () => {
    const c = zoned();
    const spread = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }];
    for (let i = 0; i < 6; i++) {
      createPod(c, `web-${i}`, { labels: { app: 'web' }, topologySpreadConstraints: spread });
      c.settle();
    }
    const zones = { 'a-1': 'a', 'a-2': 'a', 'b-1': 'b', 'c-1': 'c' } as Record<string, string>;
    const perZone: Record<string, number> = {};
    for (let i = 0; i < 6; i++) {
      const z = zones[nodeOf(c, `web-${i}`) ?? ''];
      perZone[z] = (perZone[z] ?? 0) + 1;
    }
    expect(perZone).toEqual({ a: 2, b: 2, c: 2 });
  });

  it('LeastAllocated spreads pods over the emptiest nodes', () => {
    const c = cluster(workers(3));
    for (let i = 0; i < 6; i++) createPod(c, `p-${i}`, { cpu: '1', memory: '1Gi' });
    c.settle();
    const count: Record<string, number> = {};
    for (let i = 0; i < 6; i++) count[nodeOf(c, `p-${i}`) ?? ''] = (count[nodeOf(c, `p-${i}`) ?? ''] ?? 0) + 1;
    expect(count).toEqual({ 'worker-1': 2, 'worker-2': 2, 'worker-3': 2 });
  });

  it('a pending pod is scheduled when a node is added', () => {
    const c = cluster(workers(1, { cpu: '1' }));
    createPod(c, 'big', { cpu: '2' });
    c.settle();
    expect(unschedulableMessage(c, 'big')).toContain('Insufficient cpu');
    c.hosts.add({ name: 'worker-2', role: 'worker', cpu: '4' });
    c.settle();
    expect(nodeOf(c, 'big')).toBe('worker-2');
  });

  it('a pending pod is scheduled when a running pod is deleted', () => {
    const c = cluster(workers(1, { cpu: '2' }));
    createPod(c, 'first', { cpu: '1500m' });
    c.settle();
    createPod(c, 'second', { cpu: '1500m' });
    c.settle();
    expect(nodeOf(c, 'second')).toBeUndefined();
    c.api.delete('pods', 'first');
    c.settle();
    expect(c.api.tryGet('pods', 'first')).toBeUndefined();
    expect(nodeOf(c, 'second')).toBe('worker-1');
  });

  it('gated pods wait until their scheduling gates are removed', () => {
    const c = cluster();
    createPod(c, 'gated', { schedulingGates: [{ name: 'example.com/quota' }] });
    c.settle();
    expect(podScheduled(c, 'gated')).toMatchObject({ status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' });
    expect(eventsOf(c, 'gated', 'FailedScheduling')).toEqual([]);
    c.api.patch('pods', 'gated', { spec: { schedulingGates: null } }, { patchType: 'merge' });
    c.settle();
    expect(nodeOf(c, 'gated')).toMatch(/^worker-/);
  });

  it('only schedules pods for default-scheduler', () => {
    const c = cluster();
    const pod = c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'custom' }, spec: { schedulerName: 'my-scheduler', containers: [{ name: 'c', image: 'nginx' }] } });
    c.settle();
    expect(isObject(pod.spec) && pod.spec.nodeName).toBeFalsy();
    expect(nodeOf(c, 'custom')).toBeUndefined();
    expect(podScheduled(c, 'custom')).toBeUndefined();
  });

  it('the same seed gives the same placements', () => {
    const run = (seed: number): (string | undefined)[] => {
      const c = cluster(workers(8), seed);
      for (let i = 0; i < 24; i++) createPod(c, `p-${i}`, { cpu: '100m' });
      c.settle();
      return Array.from({ length: 24 }, (_, i) => nodeOf(c, `p-${i}`));
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });
});

describe('preemption', () => {
  const classes = `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: low}
value: 10
`;

  it('evicts lower-priority pods, nominates the node, and schedules the preemptor when room frees', () => {
    const c = cluster(workers(2, { cpu: '2' }));
    c.apply(classes);
    createPod(c, 'low-a', { cpu: '1500m', priorityClassName: 'low', nodeSelector: { 'kubernetes.io/hostname': 'worker-1' } });
    createPod(c, 'low-b', { cpu: '1500m', priorityClassName: 'low', nodeSelector: { 'kubernetes.io/hostname': 'worker-2' } });
    c.settle();
    const target = c.api.get('pods', 'low-a');
    createPod(c, 'vip', { cpu: '1500m', priorityClassName: 'high' });
    c.clock.drain();
    const vip = c.api.get('pods', 'vip');
    const nominated = isObject(vip.status) ? vip.status.nominatedNodeName : undefined;
    expect(['worker-1', 'worker-2']).toContain(nominated);
    expect(unschedulableMessage(c, 'vip')).toBe('0/2 nodes are available: 2 Insufficient cpu.');
    const victim = nominated === 'worker-1' ? 'low-a' : 'low-b';
    const [preempted] = eventsOf(c, victim, 'Preempted');
    expect(preempted).toMatchObject({ type: 'Normal', message: `Preempted by pod ${vip.metadata.uid} on node ${String(nominated)}`, action: 'Preempting' });
    const v = c.api.tryGet('pods', victim);
    if (v) {
      const conds = isObject(v.status) && Array.isArray(v.status.conditions) ? v.status.conditions : [];
      expect(conds).toContainEqual(expect.objectContaining({ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod' }));
    }
    c.settle();
    expect(c.api.tryGet('pods', victim)).toBeUndefined();
    expect(nodeOf(c, 'vip')).toBe(nominated);
    expect(target.metadata.uid).toBeDefined();
  });

  it('prefers the node whose victims have the lowest priority', () => {
    const c = cluster(workers(2, { cpu: '2' }));
    c.apply(classes + '---\napiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: mid}\nvalue: 500\n');
    createPod(c, 'mid', { cpu: '1500m', priorityClassName: 'mid', nodeSelector: { 'kubernetes.io/hostname': 'worker-1' } });
    createPod(c, 'low', { cpu: '1500m', priorityClassName: 'low', nodeSelector: { 'kubernetes.io/hostname': 'worker-2' } });
    c.settle();
    createPod(c, 'vip', { cpu: '1500m', priorityClassName: 'high' });
    c.settle();
    expect(nodeOf(c, 'vip')).toBe('worker-2');
    expect(c.api.tryGet('pods', 'mid')).toBeDefined();
    expect(c.api.tryGet('pods', 'low')).toBeUndefined();
  });

  it('prefers victims whose eviction keeps PodDisruptionBudgets', () => {
    const c = cluster(workers(2, { cpu: '2' }));
    c.apply(classes);
    c.apply('apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: guarded}\nspec:\n  minAvailable: 1\n  selector: {matchLabels: {app: guarded}}\n');
    // 'free' starts first, so without PDBs the later-started 'guarded' would be the preferred victim.
    createPod(c, 'free', { cpu: '1500m', priorityClassName: 'low', labels: { app: 'free' }, nodeSelector: { 'kubernetes.io/hostname': 'worker-2' } });
    c.settle();
    c.advance(10_000);
    createPod(c, 'guarded', { cpu: '1500m', priorityClassName: 'low', labels: { app: 'guarded' }, nodeSelector: { 'kubernetes.io/hostname': 'worker-1' } });
    c.settle();
    createPod(c, 'vip', { cpu: '1500m', priorityClassName: 'high' });
    c.settle();
    expect(nodeOf(c, 'vip')).toBe('worker-2');
    expect(c.api.tryGet('pods', 'guarded')).toBeDefined();
  });
});

describe('traces', () => {
  it('records per-node filter verdicts, scores and the choice', () => {
    const c = cluster();
    createPod(c, 'web', { cpu: '100m' });
    c.settle();
    const t = c.scheduler.traceFor('default', 'web');
    expect(t).toMatchObject({ pod: 'default/web', outcome: 'Scheduled', node: nodeOf(c, 'web'), numAllNodes: 4, evaluatedNodes: 4, feasibleNodes: 3 });
    const cp = t?.nodes.find((n) => n.node === 'control-plane');
    expect(cp?.feasible).toBe(false);
    expect(cp?.filters.find((f) => f.plugin === 'TaintToleration')?.verdict).toBe('node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }');
    expect(cp?.filters.find((f) => f.plugin === 'NodeResourcesFit')?.verdict).toBe('not run');
    const chosen = t?.nodes.find((n) => n.node === t.node);
    expect(chosen?.scores?.map((s) => s.plugin)).toEqual(['TaintToleration', 'NodeResourcesFit', 'NodeResourcesBalancedAllocation', 'ImageLocality']);
    expect(chosen?.scores?.find((s) => s.plugin === 'TaintToleration')).toMatchObject({ raw: 0, normalized: 100, weighted: 300 });
    expect(chosen?.total).toBe(chosen?.scores?.reduce((s, e) => s + e.weighted, 0));
  });

  it('records why an unschedulable pod fits nowhere', () => {
    const c = cluster();
    createPod(c, 'huge', { cpu: '64' });
    c.settle();
    const t = c.scheduler.traceFor('default', 'huge');
    expect(t?.outcome).toBe('Unschedulable');
    expect(t?.message).toBe(unschedulableMessage(c, 'huge'));
    expect(t?.nodes.filter((n) => n.filters.some((f) => f.verdict === 'Insufficient cpu')).length).toBe(3);
  });
});

describe('volume binding', () => {
  it('WaitForFirstConsumer: picks the node, asks for provisioning there, and binds the pod once the claim is bound', () => {
    const c = cluster(workers(2));
    c.apply(`apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: late}
provisioner: csi.vsphere.vmware.com
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  storageClassName: late
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
`);
    c.settle();
    createPod(c, 'db', { claim: 'data' });
    c.clock.drain();
    const pvc = c.api.get('pvc', 'data');
    const selected = pvc.metadata.annotations?.['volume.kubernetes.io/selected-node'];
    expect(['worker-1', 'worker-2']).toContain(selected);
    c.settle();
    expect(c.api.get('pvc', 'data').status).toMatchObject({ phase: 'Bound' });
    expect(nodeOf(c, 'db')).toBe(selected);
  });

  it('a bound volume pins the pod to the nodes its PV can reach', () => {
    const c = cluster(workers(3));
    c.apply(`apiVersion: v1
kind: PersistentVolume
metadata: {name: local-pv}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  local: {path: /mnt/disk}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [worker-3]}]
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: local}
spec:
  storageClassName: manual
  volumeName: local-pv
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
`);
    c.settle();
    createPod(c, 'reader', { claim: 'local' });
    c.settle();
    expect(nodeOf(c, 'reader')).toBe('worker-3');
    c.api.patch('nodes', 'worker-3', { spec: { unschedulable: true } }, { patchType: 'merge' });
    c.settle();
    createPod(c, 'reader-2', { claim: 'local' });
    c.settle();
    expect(unschedulableMessage(c, 'reader-2')).toBe(
      '0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) had volume node affinity conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });
});
