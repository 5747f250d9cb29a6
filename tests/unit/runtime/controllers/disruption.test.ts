import { describe, expect, it } from 'vitest';
import { TooManyRequestsError } from '../../../../src/runtime/api/eviction';
import type { KubeObject } from '../../../../src/runtime/api/types';
import { DisruptionController } from '../../../../src/runtime/controllers/disruption';
import { statusError } from '../helpers';
import { at, lifecycleKit, type LifecycleKit } from './lifecyclekit';

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } };

function kitWith(replicas: number, ready = replicas): { k: LifecycleKit; rs: KubeObject } {
  const k = lifecycleKit((api, clock) => [new DisruptionController(api, clock).start()]);
  const rs = k.api.create({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-abc' }, spec: { replicas, selector: { matchLabels: { app: 'web' } }, template } });
  for (let i = 0; i < ready; i++) k.runPod(`web-${i}`, `worker-${(i % 3) + 1}`, { owner: rs });
  return { k, rs };
}

function pdb(k: LifecycleKit, spec: Record<string, unknown>, name = 'web-pdb'): KubeObject {
  k.api.create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec } });
  k.clock.drain();
  return k.api.get('pdb', name);
}

describe('disruption controller: PDB status', () => {
  it('minAvailable as an integer counts the selected pods', () => {
    const { k } = kitWith(3);
    expect(pdb(k, { minAvailable: 2 }).status).toEqual({
      observedGeneration: 1,
      disruptionsAllowed: 1,
      currentHealthy: 3,
      desiredHealthy: 2,
      expectedPods: 3,
      conditions: [{ type: 'DisruptionAllowed', status: 'True', observedGeneration: 1, lastTransitionTime: at(0), reason: 'SufficientPods', message: '' }],
    });
  });

  it.each([
    [{ maxUnavailable: 1 }, 5, 4, 1],
    [{ maxUnavailable: '34%' }, 3, 1, 2],
    [{ minAvailable: '50%' }, 3, 2, 1],
    [{ minAvailable: '100%' }, 3, 3, 0],
    [{ maxUnavailable: 0 }, 3, 3, 0],
  ])('%j over a ReplicaSet of %i: desiredHealthy %i, disruptionsAllowed %i', (spec, replicas, desired, allowed) => {
    const { k } = kitWith(replicas);
    expect(pdb(k, spec).status).toMatchObject({ desiredHealthy: desired, disruptionsAllowed: allowed, expectedPods: replicas, currentHealthy: replicas });
  });

  it('percentages scale from the Deployment that owns the ReplicaSet, not from the pods that exist', () => {
    const k = lifecycleKit((api, clock) => [new DisruptionController(api, clock).start()]);
    const d = k.api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template } });
    const rs = k.api.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-abc', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid ?? '', controller: true }] },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
    });
    k.runPod('web-0', 'worker-1', { owner: rs });
    k.runPod('web-1', 'worker-2', { owner: rs });
    expect(pdb(k, { maxUnavailable: '25%' }).status).toMatchObject({ expectedPods: 4, desiredHealthy: 3, currentHealthy: 2, disruptionsAllowed: 0 });
    expect(pdb(k, { maxUnavailable: '25%' }, 'other').status).toMatchObject({
      conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: 1 }],
    });
  });

  it('not-ready and terminating pods are not healthy; status follows pod changes', () => {
    const { k } = kitWith(3);
    pdb(k, { minAvailable: 2 });
    const p = k.api.get('pods', 'web-0');
    const status = p.status as { conditions: Record<string, unknown>[] };
    k.api.updateStatus({ ...p, status: { ...status, conditions: status.conditions.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' } : c)) } });
    k.clock.drain();
    expect(k.api.get('pdb', 'web-pdb').status).toMatchObject({ currentHealthy: 2, disruptionsAllowed: 0 });
  });

  it('no matching pods: a NoPods event and nothing allowed', () => {
    const k = lifecycleKit((api, clock) => [new DisruptionController(api, clock).start()]);
    expect(pdb(k, { minAvailable: 1 }).status).toMatchObject({ expectedPods: 0, currentHealthy: 0, desiredHealthy: 1, disruptionsAllowed: 0 });
    expect(k.events('NoPods').map((e) => [e.type, e.message, (e.source as { component: string }).component])).toEqual([['Normal', 'No matching pods found', 'controllermanager']]);
  });

  it('percentages over pods without a controller count nothing and report them as unmanaged', () => {
    const k = lifecycleKit((api, clock) => [new DisruptionController(api, clock).start()]);
    k.runPod('bare', 'worker-1');
    const s = pdb(k, { maxUnavailable: '50%' });
    expect(s.status).toMatchObject({ expectedPods: 0, disruptionsAllowed: 0 });
    expect(k.events('UnmanagedPods')[0]?.message).toBe(
      'Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
    );
  });
});

describe('eviction subresource', () => {
  it('allows an eviction within the budget: decrements it and records the pod', () => {
    const { k } = kitWith(3);
    pdb(k, { minAvailable: 2 });
    k.powerOff('worker-1');
    expect(k.api.evict('default', 'web-0')).toEqual({ apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Success' });
    expect(k.pod('web-0')?.metadata.deletionTimestamp).toBeDefined();
    const status = k.api.get('pdb', 'web-pdb').status as Record<string, unknown>;
    expect(status).toMatchObject({ disruptionsAllowed: 0, disruptedPods: { 'web-0': at(0) } });
    expect(status.conditions).toMatchObject([{ status: 'False', reason: 'InsufficientPods' }]);
    k.clock.drain();
    expect(k.api.get('pdb', 'web-pdb').status).toMatchObject({ currentHealthy: 2, disruptionsAllowed: 0 });
    expect((k.api.get('pdb', 'web-pdb').status as Record<string, unknown>).disruptedPods).toBeUndefined();
  });

  it('refuses with 429 when the budget is spent, naming what it needs', () => {
    const { k } = kitWith(2);
    pdb(k, { minAvailable: 2 });
    const err = statusError(() => k.api.evict('default', 'web-0'));
    expect(err).toBeInstanceOf(TooManyRequestsError);
    expect([err.code, err.reason, err.message]).toEqual([429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget."]);
    expect((err as TooManyRequestsError).budgetCause).toEqual({ type: 'DisruptionBudget', message: 'The disruption budget web-pdb needs 2 healthy pods and has 2 currently' });
    expect(k.pod('web-0')?.metadata.deletionTimestamp).toBeUndefined();
  });

  it('refuses a pod covered by two budgets with a 500', () => {
    const { k } = kitWith(3);
    pdb(k, { minAvailable: 1 });
    pdb(k, { maxUnavailable: 1 }, 'second');
    const err = statusError(() => k.api.evict('default', 'web-0'));
    expect([err.code, err.message]).toEqual([500, 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.']);
  });

  it('evicts an unready pod without spending budget while the application is healthy, or always with AlwaysAllow', () => {
    const { k } = kitWith(4);
    pdb(k, { minAvailable: 2 });
    const unready = (name: string): void => {
      const p = k.api.get('pods', name);
      const s = p.status as { conditions: Record<string, unknown>[] };
      k.api.updateStatus({ ...p, status: { ...s, conditions: s.conditions.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' } : c)) } });
      k.clock.drain();
    };
    unready('web-0');
    expect(k.api.get('pdb', 'web-pdb').status).toMatchObject({ currentHealthy: 3, disruptionsAllowed: 1 });
    k.api.evict('default', 'web-0');
    expect(k.api.get('pdb', 'web-pdb').status).toMatchObject({ disruptionsAllowed: 1 });

    const other = kitWith(2);
    pdb(other.k, { minAvailable: 2, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    const p = other.k.api.get('pods', 'web-1');
    const s = p.status as { conditions: Record<string, unknown>[] };
    other.k.api.updateStatus({ ...p, status: { ...s, conditions: s.conditions.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' } : c)) } });
    other.k.clock.drain();
    expect(() => other.k.api.evict('default', 'web-1')).not.toThrow();
    expect(() => other.k.api.evict('default', 'web-0')).toThrow("Cannot evict pod as it would violate the pod's disruption budget.");
  });

  it('pods without a budget, and pending pods, are simply deleted; a missing pod is NotFound', () => {
    const { k } = kitWith(1);
    k.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pending', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    pdb(k, { minAvailable: 5 });
    k.api.evict('default', 'pending');
    expect(k.pod('pending')).toBeUndefined();
    expect(statusError(() => k.api.evict('default', 'nope')).message).toBe('pods "nope" not found');
  });
});
