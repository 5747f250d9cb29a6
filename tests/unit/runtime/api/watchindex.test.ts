// The kubelet-style watch (`spec.nodeName=<node>`), served from a per-node
// index, must see exactly what an unindexed field-selector watch sees: the
// binding as ADDED, changes while bound, deletion. Plus the binding
// subresource and the secondary indexes controllers use.
import { describe, expect, it } from 'vitest';
import { Clock } from '../../../../src/runtime/clock';
import { ApiServer, type WatchEvent } from '../../../../src/runtime/api/apiserver';
import { admissionChain } from '../../../../src/runtime/api/admission/index';
import { statusError } from '../helpers';

function server(): ApiServer {
  const clock = new Clock();
  const api = new ApiServer(clock);
  api.useAdmission(...admissionChain());
  api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } });
  clock.drain();
  return api;
}

function pod(name: string, owner?: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: owner, controller: true }] } : {}) },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
  };
}

describe('per-node pod watch', () => {
  it('delivers binding, updates and deletion for its node only', () => {
    const api = server();
    const seen: string[] = [];
    const log = (tag: string) => (e: WatchEvent) => seen.push(`${tag} ${e.type} ${e.object.metadata.name ?? ''}`);
    const w1 = api.watch('pods', { fieldSelector: 'spec.nodeName=n1' }, log('n1'));
    const w2 = api.watch('pods', { fieldSelector: 'spec.nodeName=n2' }, log('n2'));
    api.create(pod('a'));
    api.create(pod('b'));
    api.bind('default', 'a', 'n1');
    api.bind('default', 'b', 'n2');
    const a = api.get('pods', 'a');
    api.updateStatus({ ...a, status: { ...(a.status as object), phase: 'Running' } });
    api.delete('pods', 'a', { gracePeriodSeconds: 0 });
    api.clock.drain();
    expect(seen).toEqual(['n1 ADDED a', 'n2 ADDED b', 'n1 MODIFIED a', 'n1 DELETED a']);
    w1.stop();
    w2.stop();
  });
});

describe('pods/binding', () => {
  it('sets nodeName and PodScheduled once, then refuses', () => {
    const api = server();
    api.create(pod('a'));
    const bound = api.bind('default', 'a', 'n1');
    expect((bound.spec as { nodeName: string }).nodeName).toBe('n1');
    expect((bound.status as { conditions: unknown[] }).conditions).toEqual([
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' },
    ]);
    const err = statusError(() => api.bind('default', 'a', 'n2'));
    expect(err.reason).toBe('Conflict');
    expect(err.message).toBe('Operation cannot be fulfilled on pods "a": pod a is already assigned to node "n1"');
    expect(api.podsOnNode('n1').map((p) => p.metadata.name)).toEqual(['a']);
  });
});

describe('owner index', () => {
  it('follows creates, ownership changes and deletes', () => {
    const api = server();
    api.create(pod('a', 'u1'));
    api.create(pod('b', 'u1'));
    api.create(pod('c', 'u2'));
    expect(api.ownedBy('pods', 'u1').map((p) => p.metadata.name).sort()).toEqual(['a', 'b']);
    const b = api.get('pods', 'b');
    api.update({ ...b, metadata: { ...b.metadata, ownerReferences: [] } });
    api.delete('pods', 'a');
    expect(api.ownedBy('pods', 'u1')).toEqual([]);
    expect(api.ownedBy('pods', 'u2').map((p) => p.metadata.name)).toEqual(['c']);
  });
});
