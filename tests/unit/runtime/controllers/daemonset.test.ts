import { describe, expect, it } from 'vitest';
import { isObject, type KubeObject } from '../../../../src/runtime/api/types';
import { DaemonSetController } from '../../../../src/runtime/controllers/daemonset/daemonset';
import { targetNodeName } from '../../../../src/runtime/controllers/daemonset/predicates';
import { kit, type Kit } from './workloadkit';

function ds(spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'fluentd', namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { name: 'fluentd' } },
      template: { metadata: { labels: { name: 'fluentd' } }, spec: { containers: [{ name: 'fluentd', image: 'fluentd:v1' }], ...podSpec } },
      ...spec,
    },
  };
}

function setup(): Kit {
  return kit((api, clock) => [new DaemonSetController(api, clock).start()]);
}

const pods = (k: Kit): KubeObject[] => k.pods('kube-system').filter((p) => !p.metadata.deletionTimestamp);
const placement = (k: Kit): string[] => pods(k).map((p) => targetNodeName(p) ?? '?').sort();
const status = (k: Kit): Record<string, unknown> => {
  const s = k.api.get('daemonsets', 'fluentd', 'kube-system').status;
  return isObject(s) ? s : {};
};

/** The scheduler (bind to the pinned node) and the kubelet (Running, Ready). */
function runAll(k: Kit): void {
  for (const p of pods(k)) {
    if (!(p.spec as Record<string, unknown>).nodeName) k.bind(p, targetNodeName(p) ?? '');
    if ((p.status as Record<string, unknown>).phase !== 'Running') k.run(p);
  }
}

describe('DaemonSet controller', () => {
  it('puts one pod on each schedulable worker, pinned by node affinity and with the daemon tolerations', () => {
    const k = setup();
    k.api.create(ds());
    k.settle();
    expect(placement(k)).toEqual(['worker-1', 'worker-2', 'worker-3']);
    const pod = pods(k).find((p) => targetNodeName(p) === 'worker-2')!;
    const rev = k.api.list('controllerrevisions', { namespace: 'kube-system' }).items;
    expect(rev).toHaveLength(1);
    const hash = rev[0].metadata.labels?.['controller-revision-hash'];
    expect(rev[0].metadata.name).toBe(`fluentd-${hash}`);
    expect(pod.metadata.generateName).toBe('fluentd-');
    expect(pod.metadata.labels).toEqual({ name: 'fluentd', 'controller-revision-hash': hash, 'pod-template-generation': '1' });
    const spec = pod.spec as Record<string, unknown>;
    expect(spec.nodeName).toBeUndefined();
    expect(spec.affinity).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-2'] }] }] } },
    });
    expect(spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(k.events('SuccessfulCreate')).toHaveLength(3);
    expect(k.events('SuccessfulCreate')[0]).toMatch(/^SuccessfulCreate Created pod: fluentd-[a-z0-9]{5}$/);
    expect(status(k)).toEqual({ currentNumberScheduled: 3, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 0, observedGeneration: 1, updatedNumberScheduled: 3, numberUnavailable: 3 });
    runAll(k);
    expect(status(k)).toMatchObject({ numberReady: 3, numberAvailable: 3 });
    expect(status(k).numberUnavailable).toBeUndefined();
  });

  it('tolerating the control-plane taint runs a pod there too; a cordoned node keeps its daemon', () => {
    const k = setup();
    k.api.create(ds({}, { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] }));
    k.settle();
    expect(placement(k)).toEqual(['control-plane', 'worker-1', 'worker-2', 'worker-3']);
    k.api.patch('nodes', 'worker-1', { spec: { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] } });
    k.settle();
    expect(placement(k)).toEqual(['control-plane', 'worker-1', 'worker-2', 'worker-3']);
  });

  it('follows nodes: a new node gets a pod; a node that stops matching the selector loses it', () => {
    const k = setup();
    k.api.create(ds({}, { nodeSelector: { disk: 'ssd' } }));
    k.settle();
    expect(placement(k)).toEqual([]);
    k.api.patch('nodes', 'worker-1', { metadata: { labels: { disk: 'ssd' } } });
    k.settle();
    expect(placement(k)).toEqual(['worker-1']);
    k.addNode({ name: 'worker-4', role: 'worker', cpu: '4', memory: '8Gi', labels: { disk: 'ssd' } });
    k.settle();
    expect(placement(k)).toEqual(['worker-1', 'worker-4']);
    runAll(k);
    k.api.patch('nodes', 'worker-1', { metadata: { labels: { disk: null } } }, { patchType: 'merge' });
    k.settle();
    expect(placement(k)).toEqual(['worker-4']);
    expect(k.events('SuccessfulDelete')).toHaveLength(1);
    expect(status(k)).toMatchObject({ desiredNumberScheduled: 1, numberMisscheduled: 1 });
    k.reapDeleted();
    expect(status(k)).toMatchObject({ desiredNumberScheduled: 1, numberMisscheduled: 0 });
    k.api.delete('nodes', 'worker-4');
    k.settle();
    k.reapDeleted();
    expect(status(k)).toMatchObject({ desiredNumberScheduled: 0, numberMisscheduled: 0 });
  });

  it('rolls out a new template one node at a time (maxUnavailable 1)', () => {
    const k = setup();
    k.api.create(ds());
    k.settle();
    runAll(k);
    k.api.patch('daemonsets', 'fluentd', { spec: { template: { spec: { containers: [{ name: 'fluentd', image: 'fluentd:v2' }] } } } }, { namespace: 'kube-system' });
    k.settle();
    const revs = k.api.list('controllerrevisions', { namespace: 'kube-system' }).items.sort((a, b) => Number(a.revision) - Number(b.revision));
    expect(revs.map((r) => r.revision)).toEqual([1, 2]);
    const newHash = revs[1].metadata.labels?.['controller-revision-hash'];
    for (let round = 1; round <= 3; round++) {
      const deleting = k.pods('kube-system').filter((p) => p.metadata.deletionTimestamp);
      expect(deleting).toHaveLength(1);
      k.reapDeleted();
      runAll(k);
      expect(status(k).updatedNumberScheduled).toBe(round);
    }
    expect(pods(k).map((p) => p.metadata.labels?.['controller-revision-hash'])).toEqual([newHash, newHash, newHash]);
    expect(status(k)).toMatchObject({ updatedNumberScheduled: 3, numberAvailable: 3 });
  });

  it('OnDelete waits for the user to delete old pods', () => {
    const k = setup();
    k.api.create(ds({ updateStrategy: { type: 'OnDelete' } }));
    k.settle();
    runAll(k);
    k.api.patch('daemonsets', 'fluentd', { spec: { template: { spec: { containers: [{ name: 'fluentd', image: 'fluentd:v2' }] } } } }, { namespace: 'kube-system' });
    k.settle();
    expect(k.pods('kube-system').filter((p) => p.metadata.deletionTimestamp)).toHaveLength(0);
    expect(status(k).updatedNumberScheduled).toBeUndefined();
  });
});
