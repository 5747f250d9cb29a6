// The scheduler cache's running counts for PodTopologySpread (matching pods per
// node, topology domains per key) must always equal a recount, and the scores
// they feed must be the upstream formula.
import { describe, expect, it } from 'vitest';
import { fromMap, matchesLabels, type Selector } from '../../../../src/runtime/api/selectors';
import type { KubeObject } from '../../../../src/runtime/api/types';
import { SchedulerCache } from '../../../../src/runtime/scheduler/cache';
import { PodInfo } from '../../../../src/runtime/scheduler/podinfo';
import { cluster, nodeOf, podObject } from './helpers';

function nodeObject(name: string, labels: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } }, spec: {}, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } } };
}

function boundPod(name: string, uid: string, nodeName: string, labels: Record<string, string>, terminating = false): KubeObject {
  const p = podObject(name, { labels });
  const metadata = { ...p.metadata, uid, ...(terminating ? { deletionTimestamp: '2025-01-01T00:00:00Z' } : {}) };
  return { ...p, metadata, spec: { ...(p.spec as Record<string, unknown>), nodeName } };
}

/** What the counts must be: every assigned, non-terminating pod of the namespace matching the selector, per node. */
function recount(pods: Map<string, PodInfo>, namespace: string, sel: Selector): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of pods.values()) {
    if (p.terminating || p.namespace !== namespace || !matchesLabels(sel, p.labels)) continue;
    out[p.nodeName] = (out[p.nodeName] ?? 0) + 1;
  }
  return out;
}

function indexed(cache: SchedulerCache, namespace: string, sel: Selector): Record<string, number> {
  const { nodes, counts } = cache.matchingPodsByNode(namespace, sel);
  const out: Record<string, number> = {};
  nodes.forEach((n, i) => (out[n.name] = counts[i]));
  return out;
}

describe('spreading counts in the scheduler cache', () => {
  it('match a recount through adds, terminations, relabels, moves and removals', () => {
    const cache = new SchedulerCache(() => undefined);
    for (let i = 0; i < 4; i++) cache.upsertNode(nodeObject(`n-${i}`, { 'topology.kubernetes.io/zone': `z-${i % 2}` }));
    const web = fromMap({ app: 'web' });
    const tiered = fromMap({ app: 'web', tier: 'front' });
    const other = fromMap({ app: 'db' });
    const live = new Map<string, PodInfo>();
    const put = (obj: KubeObject): void => {
      const uid = obj.metadata.uid ?? '';
      const prev = cache.assignedPod(uid);
      if (prev && cache.refreshPod(prev, obj)) return;
      const info = new PodInfo(obj, prev);
      cache.addPod(info);
      live.set(uid, info);
    };
    const remove = (uid: string): void => {
      cache.removePod(uid);
      live.delete(uid);
    };
    // Ask for one selector before any pod exists, one after.
    expect(indexed(cache, 'default', web)).toEqual({});
    for (let i = 0; i < 12; i++) put(boundPod(`w-${i}`, `u-${i}`, `n-${i % 4}`, i % 3 === 0 ? { app: 'web', tier: 'front' } : { app: 'web' }));
    for (let i = 0; i < 5; i++) put(boundPod(`d-${i}`, `d-${i}`, `n-${i % 2}`, { app: 'db' }));
    expect(indexed(cache, 'default', tiered)).toEqual(recount(live, 'default', tiered));
    const check = (): void => {
      for (const sel of [web, tiered, other]) expect(indexed(cache, 'default', sel)).toEqual(recount(live, 'default', sel));
    };
    check();
    // Graceful deletion: the same PodInfo turns terminating in place.
    put(boundPod('w-1', 'u-1', 'n-1', { app: 'web' }, true));
    put(boundPod('w-3', 'u-3', 'n-3', { app: 'web', tier: 'front' }, true));
    check();
    // New labels: a new PodInfo replaces the old one.
    put(boundPod('w-4', 'u-4', 'n-0', { app: 'web', tier: 'front' }));
    put(boundPod('d-2', 'd-2', 'n-0', { app: 'web' }));
    check();
    // Moved to another node (a re-assumed pod), and removals down to nothing on a node.
    put(boundPod('w-5', 'u-5', 'n-2', { app: 'web' }));
    for (const uid of ['u-1', 'u-3', 'u-7', 'u-11']) remove(uid);
    check();
    // Every matching pod gone: the counts are forgotten, then rebuilt from the cache when asked again.
    for (const uid of [...live.keys()]) if (live.get(uid)?.labels.app === 'db') remove(uid);
    expect(indexed(cache, 'default', other)).toEqual({});
    put(boundPod('d-9', 'd-9', 'n-3', { app: 'db' }));
    check();
    expect(indexed(cache, 'other-ns', web)).toEqual({});
  });

  it('topology domains follow node label changes', () => {
    const cache = new SchedulerCache(() => undefined);
    cache.upsertNode(nodeObject('a', { 'topology.kubernetes.io/zone': 'z-1' }));
    cache.upsertNode(nodeObject('b', {}));
    cache.upsertNode(nodeObject('c', { 'topology.kubernetes.io/zone': 'z-1' }));
    const zoneOf = (): Record<string, [number, number]> => {
      const t = cache.topology('topology.kubernetes.io/zone');
      return Object.fromEntries(cache.nodes().map((n) => [n.name, [t.ids[n.index], t.present[n.index]]]));
    };
    const before = zoneOf();
    expect(before.a).toEqual(before.c);
    expect(before.b[1]).toBe(0);
    expect(before.a[1]).toBe(1);
    cache.upsertNode(nodeObject('c', { 'topology.kubernetes.io/zone': 'z-2' }));
    const after = zoneOf();
    expect(after.c[0]).not.toBe(after.a[0]);
    expect(cache.topology('topology.kubernetes.io/zone').size).toBe(3);
  });
});

describe('image counts in the scheduler cache', () => {
  it('follow node image lists through updates and removals, as ImageLocality counts them', () => {
    const cache = new SchedulerCache(() => undefined);
    const withImages = (name: string, images: string[][]): KubeObject => {
      const n = nodeObject(name, {});
      return { ...n, status: { ...(n.status as Record<string, unknown>), images: images.map((names) => ({ names, sizeBytes: 100_000_000 })) } };
    };
    const recountImage = (image: string): number => cache.nodes().filter((n) => n.images.has(image)).length;
    const images = ['nginx:1.27', 'busybox:1.36', 'registry.k8s.io/pause:3.10'];
    const check = (): void => {
      for (const image of images) expect(cache.nodesWithImage(image), image).toBe(recountImage(image));
    };
    cache.upsertNode(withImages('a', [['nginx:1.27', 'docker.io/library/nginx:1.27'], ['registry.k8s.io/pause:3.10']]));
    cache.upsertNode(withImages('b', [['nginx:1.27']]));
    cache.upsertNode(withImages('c', []));
    check();
    expect(cache.nodesWithImage('nginx:1.27')).toBe(2);
    cache.upsertNode(withImages('b', [['busybox:1.36'], ['registry.k8s.io/pause:3.10']]));
    cache.upsertNode(withImages('c', [['nginx:1.27']]));
    check();
    cache.removeNode('a');
    check();
    cache.upsertNode(withImages('a', [['busybox:1.36']]));
    check();
    expect(cache.nodesWithImage('nginx:1.27')).toBe(1);
  });
});

describe('system default spreading in the trace', () => {
  it('scores each node count × ln(domains + 2) + (maxSkew − 1) per constraint, over the Service selector', () => {
    const c = cluster([
      { name: 'w-1', role: 'worker', cpu: '8', memory: '16Gi', zone: 'zone-a' },
      { name: 'w-2', role: 'worker', cpu: '8', memory: '16Gi', zone: 'zone-a' },
      { name: 'w-3', role: 'worker', cpu: '8', memory: '16Gi', zone: 'zone-b' },
      { name: 'w-4', role: 'worker', cpu: '8', memory: '16Gi', zone: 'zone-c' },
    ]);
    const placed: Record<string, number> = { 'w-1': 2, 'w-2': 0, 'w-3': 1, 'w-4': 3 };
    for (const [node, n] of Object.entries(placed)) {
      for (let i = 0; i < n; i++) c.api.create(podObject(`${node}-web-${i}`, { nodeName: node, labels: { app: 'web', tier: 'x' } }));
    }
    c.api.create(podObject('elsewhere', { nodeName: 'w-2', labels: { app: 'db' } }));
    c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    c.api.create(podObject('probe', { cpu: '100m', labels: { app: 'web' } }));
    c.settle();
    const trace = c.scheduler.traceFor('default', 'probe');
    const score = (node: string): { raw: number; normalized: number } | undefined => trace?.nodes.find((n) => n.node === node)?.scores?.find((s) => s.plugin === 'PodTopologySpread');
    // Hostname (maxSkew 3) over 4 nodes; zone (maxSkew 5) over 3 zones. The db pod matches no selector.
    const host = Math.log(4 + 2);
    const zone = Math.log(3 + 2);
    const expected: Record<string, number> = {
      'w-1': Math.round(2 * host + 2 + 2 * zone + 4),
      'w-2': Math.round(0 * host + 2 + 2 * zone + 4),
      'w-3': Math.round(1 * host + 2 + 1 * zone + 4),
      'w-4': Math.round(3 * host + 2 + 3 * zone + 4),
    };
    const raws = Object.values(expected);
    const [min, max] = [Math.min(...raws), Math.max(...raws)];
    for (const [node, raw] of Object.entries(expected)) {
      expect(score(node), node).toEqual({ raw, normalized: Math.trunc((100 * (max + min - raw)) / max), plugin: 'PodTopologySpread', weight: 2, weighted: 2 * Math.trunc((100 * (max + min - raw)) / max) });
    }
    expect(['w-2', 'w-3']).toContain(nodeOf(c, 'probe'));
  });
});

describe('cordoned nodes', () => {
  it('NodeUnschedulable runs again only while some node is cordoned', () => {
    const c = cluster([
      { name: 'w-1', role: 'worker' },
      { name: 'w-2', role: 'worker' },
    ]);
    for (const w of ['w-1', 'w-2']) c.api.patch('nodes', w, { spec: { unschedulable: true } }, { patchType: 'merge' });
    c.api.create(podObject('p', { cpu: '100m' }));
    c.settle();
    expect(nodeOf(c, 'p')).toBeUndefined();
    c.api.patch('nodes', 'w-2', { spec: { unschedulable: false } }, { patchType: 'merge' });
    c.advance(15_000);
    expect(nodeOf(c, 'p')).toBe('w-2');
    c.api.patch('nodes', 'w-1', { spec: { unschedulable: null } }, { patchType: 'merge' });
    c.api.patch('nodes', 'w-2', { spec: { unschedulable: true } }, { patchType: 'merge' });
    c.api.create(podObject('q', { cpu: '100m' }));
    c.settle();
    expect(nodeOf(c, 'q')).toBe('w-1');
    const trace = c.scheduler.traceFor('default', 'q');
    expect(trace?.nodes.find((n) => n.node === 'w-2')?.filters.find((f) => f.plugin === 'NodeUnschedulable')?.verdict).toBe('node(s) were unschedulable');
  });
});
