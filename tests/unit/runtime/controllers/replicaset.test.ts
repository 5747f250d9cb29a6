import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/runtime/api/types';
import { toRFC3339 } from '../../../../src/runtime/clock';
import { StatusError } from '../../../../src/runtime/api/errors';
import { slowStartBatch } from '../../../../src/runtime/controllers/replicaset/podcontrol';
import { podsToDelete } from '../../../../src/runtime/controllers/replicaset/ranking';
import { eventsOf, finishTerminating, harness, markReady, podsOf, setPhase, type Harness } from './replicaset.harness';

function replicaSet(name: string, replicas: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, tier: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
      ...extra,
    },
  };
}

const get = (h: Harness, name: string): KubeObject => h.api.get('replicasets', name);
const statusOf = (o: KubeObject): Record<string, unknown> => (o.status ?? {}) as Record<string, unknown>;
const active = (h: Harness, rs: KubeObject): KubeObject[] => podsOf(h, rs).filter((p) => !p.metadata.deletionTimestamp);
const scaleTo = (h: Harness, name: string, n: number): void => void h.api.patch('replicasets', name, { spec: { replicas: n } }, { patchType: 'merge' });

function barePod(name: string, labels: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };
}

describe('ReplicaSet controller', () => {
  it('creates pods from the template with generateName, labels and a controller reference', () => {
    const h = harness();
    const rs = h.api.create(replicaSet('web', 3));
    h.settle();
    const pods = podsOf(h, rs);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.generateName).toBe('web-');
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.labels).toEqual({ app: 'web', tier: 'web' });
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    const byMessage = (a: { message: string }, b: { message: string }): number => a.message.localeCompare(b.message);
    expect(eventsOf(h, rs).sort(byMessage)).toEqual(
      pods.map((p) => ({ reason: 'SuccessfulCreate', message: `Created pod: ${p.metadata.name}`, type: 'Normal', count: 1, component: 'replicaset-controller' })).sort(byMessage),
    );
    expect(get(h, 'web').status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
  });

  it('counts ready and available pods, and observes the generation', () => {
    const h = harness();
    const rs = h.api.create(replicaSet('web', 2));
    h.settle();
    markReady(h, podsOf(h, rs)[0]);
    h.settle();
    expect(get(h, 'web').status).toEqual({ replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 });
    scaleTo(h, 'web', 2);
    h.api.patch('replicasets', 'web', { spec: { minReadySeconds: 5 } }, { patchType: 'merge' });
    h.settle();
    expect(statusOf(get(h, 'web')).observedGeneration).toBe(2);
  });

  it('replaces pods that are deleted or have failed', () => {
    const h = harness();
    const rs = h.api.create(replicaSet('web', 2));
    h.settle();
    const [a, b] = podsOf(h, rs);
    h.api.delete('pods', a.metadata.name ?? '');
    setPhase(h, b, 'Failed');
    h.settle();
    const pods = podsOf(h, rs);
    expect(pods.map((p) => p.metadata.name)).not.toContain(a.metadata.name);
    // The failed pod stays (the pod GC's business) but no longer counts.
    expect(pods.filter((p) => (p.status as { phase: string }).phase !== 'Failed')).toHaveLength(2);
    expect(statusOf(get(h, 'web')).replicas).toBe(2);
  });

  it('creates a replacement as soon as a pod starts terminating', () => {
    const h = harness();
    const rs = h.api.create(replicaSet('web', 1));
    h.settle();
    const [p] = podsOf(h, rs);
    h.api.bind('default', p.metadata.name ?? '', 'node-1');
    h.api.delete('pods', p.metadata.name ?? '');
    h.settle();
    expect(podsOf(h, rs)).toHaveLength(2);
    expect(active(h, rs)).toHaveLength(1);
    finishTerminating(h);
    h.settle();
    expect(podsOf(h, rs)).toHaveLength(1);
  });

  it('deletes pods on scale-down and reports SuccessfulDelete', () => {
    const h = harness();
    const rs = h.api.create(replicaSet('web', 3));
    h.settle();
    const pods = podsOf(h, rs);
    // Ready pods are kept; the one never ready goes first.
    markReady(h, pods[0]);
    markReady(h, pods[2]);
    scaleTo(h, 'web', 2);
    h.settle();
    expect(podsOf(h, rs).map((p) => p.metadata.name)).toEqual([pods[0].metadata.name, pods[2].metadata.name]);
    expect(eventsOf(h, rs).at(-1)).toEqual({ reason: 'SuccessfulDelete', message: `Deleted pod: ${pods[1].metadata.name}`, type: 'Normal', count: 1, component: 'replicaset-controller' });
    expect(get(h, 'web').status).toMatchObject({ replicas: 2, readyReplicas: 2 });
  });

  it('adopts matching orphans and releases pods whose labels no longer match', () => {
    const h = harness();
    h.api.create(barePod('stray', { app: 'web' }));
    h.api.create(barePod('other', { app: 'db' }));
    const rs = h.api.create(replicaSet('web', 2));
    h.settle();
    const stray = h.api.get('pods', 'stray');
    expect(stray.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(h.api.get('pods', 'other').metadata.ownerReferences).toBeUndefined();
    expect(podsOf(h, rs)).toHaveLength(2);
    expect(eventsOf(h, rs).filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(1);
    h.api.patch('pods', 'stray', { metadata: { labels: { app: 'debug' } } }, { patchType: 'merge' });
    h.settle();
    expect(h.api.get('pods', 'stray').metadata.ownerReferences).toBeUndefined();
    expect(podsOf(h, rs)).toHaveLength(2);
    expect(podsOf(h, rs).map((p) => p.metadata.name)).not.toContain('stray');
    // A bare pod created later with matching labels is adopted, and the surplus deleted.
    h.api.create(barePod('late', { app: 'web' }));
    h.settle();
    expect(podsOf(h, rs)).toHaveLength(2);
    expect(eventsOf(h, rs).filter((e) => e.reason === 'SuccessfulDelete')).toHaveLength(1);
  });

  it('reports FailedCreate and a ReplicaFailure condition when quota refuses pods, and recovers', () => {
    const h = harness();
    h.api.create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec: { hard: { pods: '2' } } });
    const rs = h.api.create(replicaSet('web', 3));
    h.settle();
    expect(podsOf(h, rs)).toHaveLength(2);
    // Every sync tries again (the pod and status events wake it), each attempt an event.
    const failed = eventsOf(h, rs).filter((e) => e.reason === 'FailedCreate');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    for (const e of failed) {
      expect(e).toMatchObject({ type: 'Warning', component: 'replicaset-controller' });
      expect(e.message).toMatch(/^Error creating: pods "web-[a-z0-9]*" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2$/);
    }
    const status = statusOf(get(h, 'web'));
    expect(status.replicas).toBe(2);
    expect(status.conditions).toEqual([
      { type: 'ReplicaFailure', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'FailedCreate', message: failed[0].message.slice('Error creating: '.length) },
    ]);
    h.api.patch('resourcequotas', 'q', { spec: { hard: { pods: '5' } } }, { patchType: 'merge' });
    // Retries back off (5 ms doubling); within a few seconds one gets through.
    h.advance(5000);
    expect(podsOf(h, rs)).toHaveLength(3);
    expect(statusOf(get(h, 'web')).conditions).toBeUndefined();
  });

  it('creates in slow-start batches of 1, 2, 4 … and stops after the first failing batch', () => {
    const h = harness();
    h.api.create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec: { hard: { pods: '4' } } });
    const rs = h.api.create(replicaSet('web', 20));
    h.clock.drain();
    expect(podsOf(h, rs)).toHaveLength(4);
    // Batches 1 and 2 succeed; in the batch of 4 one succeeds and three fail; nothing more is tried.
    let calls = 0;
    const result = slowStartBatch(20, 1, () => (++calls > 4 ? new StatusError('Forbidden', 'no') : undefined));
    expect({ calls, done: result.done, error: result.error?.message }).toEqual({ calls: 7, done: 4, error: 'no' });
    expect(slowStartBatch(600, 1, () => undefined)).toEqual({ done: 600 });
  });

  it('creates at most 500 pods per sync (burstReplicas) and gets there over several syncs', () => {
    const h = harness();
    const rs = h.api.create(replicaSet('big', 650));
    h.clock.drain();
    expect(h.api.ownedBy('pods', rs.metadata.uid ?? '').length).toBe(650);
    expect(statusOf(get(h, 'big')).replicas).toBe(650);
  });

  it('counts a pod available only minReadySeconds after it became ready, without other events', () => {
    const h = harness();
    const rs = h.api.create(replicaSet('web', 1, { minReadySeconds: 30 }));
    h.settle();
    markReady(h, podsOf(h, rs)[0]);
    h.settle();
    expect(get(h, 'web').status).toMatchObject({ readyReplicas: 1, availableReplicas: 1 });
    // settle() ran the requeue: 30 s + 1 s later.
    expect(h.clock.now() - Date.UTC(2026, 0, 1)).toBe(31_000);
  });

  it('counts fullyLabeledReplicas against the template labels', () => {
    const h = harness();
    h.api.create(barePod('partial', { app: 'web' }));
    const rs = h.api.create(replicaSet('web', 2));
    h.settle();
    expect(podsOf(h, rs)).toHaveLength(2);
    expect(get(h, 'web').status).toMatchObject({ replicas: 2, fullyLabeledReplicas: 1 });
  });
});

describe('ReplicationController manager', () => {
  it('keeps replicas of an RC with a map selector and reports as replication-controller', () => {
    const h = harness();
    const rc = h.api.create({
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'legacy', namespace: 'default' },
      spec: { replicas: 2, template: { metadata: { labels: { app: 'legacy' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
    });
    h.settle();
    const pods = podsOf(h, rc);
    expect(pods).toHaveLength(2);
    expect(pods[0].metadata.ownerReferences?.[0]).toMatchObject({ apiVersion: 'v1', kind: 'ReplicationController', name: 'legacy', controller: true });
    expect(eventsOf(h, rc)[0]).toMatchObject({ reason: 'SuccessfulCreate', component: 'replication-controller' });
    expect(h.api.get('replicationcontrollers', 'legacy').status).toEqual({ replicas: 2, fullyLabeledReplicas: 2, observedGeneration: 1 });
    h.api.delete('pods', pods[0].metadata.name ?? '');
    h.settle();
    expect(podsOf(h, rc)).toHaveLength(2);
  });
});

describe('scale-down order (ActivePodsWithRanks)', () => {
  const now = Date.UTC(2026, 0, 1, 1);
  let n = 0;
  function pod(opts: { node?: string; phase?: string; readyAt?: number; restarts?: number; created?: number; cost?: number; uid?: string }): KubeObject {
    n++;
    const status: Record<string, unknown> = { phase: opts.phase ?? 'Running' };
    if (opts.readyAt !== undefined) status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: toRFC3339(opts.readyAt) }];
    if (opts.restarts) status.containerStatuses = [{ name: 'a', restartCount: opts.restarts }];
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `p${n}`,
        uid: opts.uid ?? `uid-${n}`,
        creationTimestamp: toRFC3339(opts.created ?? now - 3_600_000),
        annotations: opts.cost !== undefined ? { 'controller.kubernetes.io/pod-deletion-cost': String(opts.cost) } : undefined,
      },
      spec: opts.node ? { nodeName: opts.node } : {},
      status,
    };
  }
  const first = (pods: KubeObject[], related: KubeObject[] = pods): string | undefined => podsToDelete(pods, related, 1, now)[0]?.metadata.name;
  const ready = now - 600_000;

  it.each([
    ['unassigned before assigned', pod({ node: 'n1', readyAt: ready }), pod({ readyAt: ready })],
    ['pending before running', pod({ node: 'n1', readyAt: ready }), pod({ node: 'n1', phase: 'Pending' })],
    ['unknown before running', pod({ node: 'n1', readyAt: ready }), pod({ node: 'n1', phase: 'Unknown' })],
    ['not ready before ready', pod({ node: 'n1', readyAt: ready }), pod({ node: 'n1' })],
    ['lower deletion cost first', pod({ node: 'n1', readyAt: ready, cost: 10 }), pod({ node: 'n1', readyAt: ready, cost: -5 })],
    ['ready for less time first', pod({ node: 'n1', readyAt: now - 7_200_000 }), pod({ node: 'n1', readyAt: now - 60_000 })],
    ['more restarts first', pod({ node: 'n1', readyAt: ready }), pod({ node: 'n1', readyAt: ready, restarts: 4 })],
    ['newer first', pod({ node: 'n1', readyAt: ready, created: now - 7_200_000 }), pod({ node: 'n1', readyAt: ready, created: now - 120_000 })],
  ])('%s', (_name, keep, remove) => {
    expect(first([keep, remove])).toBe(remove.metadata.name);
    expect(first([remove, keep])).toBe(remove.metadata.name);
  });

  it('prefers pods doubled up on a node with more related pods', () => {
    const a = pod({ node: 'n1', readyAt: ready });
    const b = pod({ node: 'n2', readyAt: ready });
    const sibling = pod({ node: 'n2', readyAt: ready });
    expect(first([a, b], [a, b, sibling])).toBe(b.metadata.name);
  });

  it('breaks ties within the same log2 age bucket by uid', () => {
    const a = pod({ node: 'n1', readyAt: ready, created: now - 100_000, uid: 'b' });
    const b = pod({ node: 'n1', readyAt: ready, created: now - 110_000, uid: 'a' });
    expect(first([a, b])).toBe(b.metadata.name);
  });
});
