// Results reused across cycles of pods sharing a spec (classcache.ts) and the
// counts kept by node index for spreading must change nothing: the same
// placements and the same traces as a scheduler that recomputes everything.
import { describe, expect, it } from 'vitest';
import { fromMap } from '../../../../src/runtime/api/selectors';
import type { KubeObject } from '../../../../src/runtime/api/types';
import type { Cluster, NodeSpec } from '../../../../src/runtime/index';
import { SchedulerCache } from '../../../../src/runtime/scheduler/cache';
import { isSharedSpec, PodInfo } from '../../../../src/runtime/scheduler/podinfo';
import { cluster, podObject } from './helpers';

/** 120 nodes (so a cycle looks at a window of them): mixed sizes, three zones, some PreferNoSchedule taints. */
function nodes(): NodeSpec[] {
  return Array.from({ length: 120 }, (_, i) => ({
    name: `node-${i}`,
    role: 'worker' as const,
    cpu: i % 3 === 0 ? '2' : '4',
    memory: '8Gi',
    pods: 12,
    zone: `zone-${i % 3}`,
    taints: i % 7 === 0 ? [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' as const }] : undefined,
  }));
}

function deployment(name: string, replicas: number, cpu: string, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:${extra}
      containers:
      - name: web
        image: nginx:1.27
        resources:
          requests: {cpu: ${cpu}, memory: 64Mi}
`;
}

/** Deployments of a few classes, then node changes and deletions between rounds; returns every placement and trace. */
function run(caching: boolean): { placements: string[]; traces: string[]; stats: unknown } {
  const c: Cluster = cluster(nodes(), 7);
  c.scheduler.framework.classCaching = caching;
  c.apply([deployment('web', 150, '500m'), deployment('api', 200, '1'), deployment('batch', 90, '100m', '\n      nodeSelector: {topology.kubernetes.io/zone: zone-1}')].join('---\n'));
  c.settle();
  // A cordon and a relabel change Node objects; deleted pods free room on their nodes.
  const cordoned = c.api.get('nodes', 'node-5');
  c.api.update({ ...cordoned, spec: { ...(cordoned.spec as object), unschedulable: true } });
  const relabeled = c.api.get('nodes', 'node-8');
  c.api.update({ ...relabeled, metadata: { ...relabeled.metadata, labels: { ...relabeled.metadata.labels, disk: 'ssd' } } });
  const pods = c.api.list('pods', { namespace: 'default' }).items;
  for (let i = 0; i < pods.length; i += 9) c.api.delete('pods', pods[i].metadata.name ?? '', { namespace: 'default' });
  c.apply(deployment('late', 100, '1', '\n      tolerations: [{key: spot, operator: Exists, effect: PreferNoSchedule}]'));
  c.settle();
  const placements: string[] = [];
  const traces: string[] = [];
  for (const p of c.api.list('pods', { namespace: 'default' }).items) {
    const name = p.metadata.name ?? '';
    placements.push(`${name}=${String((p.spec as { nodeName?: string }).nodeName ?? '')}`);
    const t = c.scheduler.traceFor('default', name);
    if (t) traces.push(JSON.stringify(t));
  }
  return { placements: placements.sort(), traces: traces.sort(), stats: { ...c.scheduler.stats, busyMs: 0, eventMs: 0 } };
}

describe('per-class results across cycles', () => {
  it('place every pod and explain every choice exactly as recomputing does', () => {
    const cached = run(true);
    const fresh = run(false);
    expect(cached.placements.length).toBeGreaterThan(400);
    // Some pods did not fit (the nodes fill up): failures are reused too.
    expect(cached.placements.some((p) => p.endsWith('='))).toBe(true);
    expect(cached.traces.length).toBeGreaterThan(300);
    expect(cached.traces.some((t) => t.includes('"plugin":"TaintToleration","weight":3,"raw":1'))).toBe(true);
    expect(cached.placements).toEqual(fresh.placements);
    expect(cached.traces).toEqual(fresh.traces);
    expect(cached.stats).toEqual(fresh.stats);
  });

  it('share one parsed spec between pods of a template, but not specs with affinity or spreading', () => {
    const a = new PodInfo({ ...podObject('a', { cpu: '100m' }), metadata: { name: 'a', namespace: 'default', uid: 'ua', labels: { app: 'x' } } });
    const b = new PodInfo({ ...podObject('b', { cpu: '100m' }), metadata: { name: 'b', namespace: 'default', uid: 'ub', labels: { app: 'y' } } });
    const bigger = new PodInfo(podObject('c', { cpu: '200m' }));
    expect(b.spec).toBe(a.spec);
    expect(isSharedSpec(a.spec)).toBe(true);
    expect(bigger.spec).not.toBe(a.spec);
    const spread = { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'x' } } };
    const s1 = new PodInfo(podObject('s1', { cpu: '100m', topologySpreadConstraints: [spread] }));
    const s2 = new PodInfo(podObject('s2', { cpu: '100m', topologySpreadConstraints: [spread] }));
    expect(isSharedSpec(s1.spec)).toBe(false);
    expect(s2.spec).not.toBe(s1.spec);
  });
});

describe('spreading counts by node index', () => {
  function nodeObject(name: string, zone: string): KubeObject {
    return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zone } }, spec: {}, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } } };
  }
  function bound(name: string, node: string): PodInfo {
    const p = podObject(name, { labels: { app: 'web' } });
    return new PodInfo({ ...p, metadata: { ...p.metadata, uid: `u-${name}` }, spec: { ...(p.spec as object), nodeName: node } });
  }

  it('follow pods added and removed, and the node list being rebuilt', () => {
    const cache = new SchedulerCache(() => undefined);
    for (let i = 0; i < 4; i++) cache.upsertNode(nodeObject(`n-${i}`, `z-${i % 2}`));
    const sel = fromMap({ app: 'web' });
    for (let i = 0; i < 6; i++) cache.addPod(bound(`p-${i}`, `n-${i % 3}`));
    const counts = cache.matchingPodsByNode('default', sel);
    const list = cache.nodes();
    const byName = (arr: Int32Array): Record<string, number> => Object.fromEntries(list.map((n) => [n.name, arr[n.index]]));
    expect(byName(counts.byIndex!(list))).toEqual({ 'n-0': 2, 'n-1': 2, 'n-2': 2, 'n-3': 0 });
    const zones = cache.topology('topology.kubernetes.io/zone');
    const perZone = (): number[] => [...counts.byDomain!(list, zones)];
    expect(perZone()[zones.ids[list.findIndex((n) => n.name === 'n-0')]]).toBe(4);
    cache.addPod(bound('p-6', 'n-3'));
    cache.removePod('u-p-0');
    expect(byName(counts.byIndex!(list))).toEqual({ 'n-0': 1, 'n-1': 2, 'n-2': 2, 'n-3': 1 });
    expect(perZone()[zones.ids[list.findIndex((n) => n.name === 'n-1')]]).toBe(3);
    // A new node rebuilds the list: the counts are rebuilt for it.
    cache.upsertNode(nodeObject('n-4', 'z-0'));
    const next = cache.nodes();
    expect(next).not.toBe(list);
    const rebuilt = counts.byIndex!(next);
    expect(Object.fromEntries(next.map((n) => [n.name, rebuilt[n.index]]))).toEqual({ 'n-0': 1, 'n-1': 2, 'n-2': 2, 'n-3': 1, 'n-4': 0 });
  });
});
