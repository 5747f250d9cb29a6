import { describe, expect, it } from 'vitest';
import type { KubeObject, OwnerReference } from '../../../../src/runtime/api/types';
import { GarbageCollector } from '../../../../src/runtime/controllers/garbagecollector';
import { PodGCController } from '../../../../src/runtime/controllers/podgc';
import { at, condition, lifecycleKit, type LifecycleKit } from './lifecyclekit';

const gcKit = (): LifecycleKit => lifecycleKit((api, clock) => [new GarbageCollector(api, clock).start()]);

function ref(owner: KubeObject, controller = true): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller, blockOwnerDeletion: true };
}

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } };

/** deployment web → replicaset web-abc → pods on worker-1 (no workload controllers run: the chain is built by hand). */
function chain(k: LifecycleKit): { deploy: KubeObject; rs: KubeObject } {
  const deploy = k.api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template } });
  const rs = k.api.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-abc', ownerReferences: [ref(deploy)] },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
  });
  k.runPod('web-abc-1', 'worker-1', { owner: rs });
  k.runPod('web-abc-2', 'worker-2', { owner: rs });
  k.clock.drain();
  return { deploy, rs };
}

const names = (k: LifecycleKit, type: string): string[] => k.api.list(type).items.map((o) => o.metadata.name ?? '');

describe('garbage collector', () => {
  it('background: deleting the owner deletes the whole chain', () => {
    const k = gcKit();
    chain(k);
    k.api.delete('deployments', 'web');
    k.clock.drain();
    expect(names(k, 'replicasets')).toEqual([]);
    expect(names(k, 'pods')).toEqual([]);
  });

  it('foreground: the owner waits, with its finalizer, until blocking dependents are gone', () => {
    const k = gcKit();
    chain(k);
    k.powerOff('worker-2');
    k.api.delete('deployments', 'web', { propagationPolicy: 'Foreground' });
    k.clock.drain();
    // web-abc-2 is terminating on a dead host: the ReplicaSet and the Deployment wait for it.
    expect(k.pod('web-abc-1')).toBeUndefined();
    expect(k.pod('web-abc-2')?.metadata.deletionTimestamp).toBeDefined();
    const rs = k.api.get('replicasets', 'web-abc');
    expect(rs.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(rs.metadata.deletionTimestamp).toBeDefined();
    expect(k.api.get('deployments', 'web').metadata.finalizers).toEqual(['foregroundDeletion']);
    k.powerOn('worker-2');
    expect(names(k, 'pods')).toEqual([]);
    expect(names(k, 'replicasets')).toEqual([]);
    expect(names(k, 'deployments')).toEqual([]);
  });

  it('foreground does not wait for dependents that do not block owner deletion', () => {
    const k = gcKit();
    const cm = k.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner' } });
    k.powerOff('worker-1');
    k.runPod('loose', 'worker-1', {});
    k.api.patch('pods', 'loose', { metadata: { ownerReferences: [{ ...ref(cm), blockOwnerDeletion: false }] } }, { patchType: 'merge' });
    k.api.delete('configmaps', 'owner', { propagationPolicy: 'Foreground' });
    k.clock.drain();
    expect(k.api.tryGet('configmaps', 'owner')).toBeUndefined();
    expect(k.pod('loose')?.metadata.deletionTimestamp).toBeDefined();
  });

  it('orphan: dependents lose the reference and stay; the owner goes', () => {
    const k = gcKit();
    chain(k);
    k.api.delete('replicasets', 'web-abc', { propagationPolicy: 'Orphan' });
    k.clock.drain();
    expect(names(k, 'replicasets')).toEqual([]);
    expect(names(k, 'pods')).toEqual(['web-abc-1', 'web-abc-2']);
    expect(k.pod('web-abc-1')?.metadata.ownerReferences).toBeUndefined();
    expect(k.pod('web-abc-1')?.metadata.deletionTimestamp).toBeUndefined();
  });

  it('a dependent with another live owner only loses the dangling reference', () => {
    const k = gcKit();
    const a = k.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    const b = k.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } });
    k.api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', ownerReferences: [ref(a, false), ref(b, false)] } });
    k.clock.drain();
    k.api.delete('configmaps', 'a');
    k.clock.drain();
    expect(k.api.get('secrets', 's').metadata.ownerReferences).toEqual([ref(b, false)]);
    k.api.delete('configmaps', 'b');
    k.clock.drain();
    expect(k.api.tryGet('secrets', 's')).toBeUndefined();
  });

  it('collects an object created pointing at an owner that does not exist (or has another uid)', () => {
    const k = gcKit();
    const cm = k.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'real' } });
    k.api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'ghost', ownerReferences: [{ ...ref(cm), uid: 'not-the-uid' }] } });
    k.api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'kept', ownerReferences: [ref(cm)] } });
    k.clock.drain();
    expect(k.api.tryGet('secrets', 'ghost')).toBeUndefined();
    expect(k.api.tryGet('secrets', 'kept')).toBeDefined();
  });
});

describe('pod garbage collector', () => {
  const podgcKit = (threshold?: number): LifecycleKit => lifecycleKit((api, clock) => [new PodGCController(api, clock, threshold).start()]);

  it('force-deletes pods of a deleted node after the 40 s quarantine, marking them Failed first', () => {
    const k = podgcKit();
    k.runPod('orphan', 'worker-3');
    k.runPod('fine', 'worker-1');
    const seen: KubeObject[] = [];
    k.api.watch('pods', {}, (e) => {
      if (e.object.metadata.name === 'orphan') seen.push(e.object);
    });
    k.advanceTo(21_000);
    k.powerOff('worker-3');
    k.api.delete('nodes', 'worker-3');
    k.advanceTo(79_999);
    expect(k.pod('orphan')).toBeDefined();
    k.advanceTo(80_000);
    expect(k.pod('orphan')).toBeUndefined();
    expect(k.pod('fine')).toBeDefined();
    const last = seen[seen.length - 1];
    expect((last.status as { phase: string }).phase).toBe('Failed');
    expect(condition(last, 'DisruptionTarget')).toEqual({
      type: 'DisruptionTarget',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: at(80_000),
      reason: 'DeletionByPodGC',
      message: 'PodGC: node no longer exists',
    });
  });

  it('keeps at most the threshold of terminated pods, deleting the oldest first', () => {
    const k = podgcKit(2);
    for (const [i, name] of ['a', 'b', 'c', 'd'].entries()) {
      k.advanceTo(i * 1000);
      const p = k.runPod(name, 'worker-1');
      k.api.updateStatus({ ...p, status: { ...(p.status as object), phase: 'Succeeded' } });
    }
    k.advanceTo(20_000);
    expect(names(k, 'pods')).toEqual(['c', 'd']);
  });

  it('deletes terminating pods that were never scheduled', () => {
    const k = podgcKit();
    k.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stuck', finalizers: ['example.com/hold'] }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    k.api.delete('pods', 'stuck');
    k.advanceTo(20_000);
    expect(k.pod('stuck')?.status).toMatchObject({ phase: 'Failed' });
  });
});
