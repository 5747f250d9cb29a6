import { describe, expect, it } from 'vitest';
import { isObject, type KubeObject } from '../../../../src/runtime/api/types';
import { StatefulSetController } from '../../../../src/runtime/controllers/statefulset/statefulset';
import { kit, type Kit } from './workloadkit';

function web(opts: { replicas?: number; parallel?: boolean; claims?: boolean; partition?: number; start?: number } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      serviceName: 'nginx',
      replicas: opts.replicas ?? 3,
      ...(opts.parallel ? { podManagementPolicy: 'Parallel' } : {}),
      ...(opts.partition !== undefined ? { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: opts.partition } } } : {}),
      ...(opts.start !== undefined ? { ordinals: { start: opts.start } } : {}),
      selector: { matchLabels: { app: 'nginx' } },
      template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', volumeMounts: opts.claims === false ? [] : [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] } },
      ...(opts.claims === false
        ? {}
        : { volumeClaimTemplates: [{ metadata: { name: 'www', labels: { tier: 'storage' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] }),
    },
  };
}

function setup(): Kit {
  return kit((api, clock) => [new StatefulSetController(api, clock).start()]);
}

const names = (k: Kit): string[] => k.pods().map((p) => p.metadata.name ?? '');
const live = (k: Kit): string[] => k.pods().filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name ?? '');

/** Schedule and start every pending member (the scheduler + kubelet). */
function runAll(k: Kit): void {
  for (const p of k.pods()) {
    if (p.metadata.deletionTimestamp) continue;
    const spec = p.spec as Record<string, unknown>;
    if (!spec.nodeName) k.bind(p, 'worker-1');
    if ((p.status as Record<string, unknown>).phase !== 'Running') k.run(p);
  }
}

function status(k: Kit): Record<string, unknown> {
  const s = k.api.get('statefulsets', 'web').status;
  return isObject(s) ? s : {};
}

describe('StatefulSet controller', () => {
  it('creates members one at a time in ordinal order, each after its predecessor is Running and Ready', () => {
    const k = setup();
    k.api.create(web());
    k.settle();
    expect(names(k)).toEqual(['web-0']);
    k.bind(k.pod('web-0'), 'worker-1');
    expect(names(k)).toEqual(['web-0']);
    k.run(k.pod('web-0'), { ready: false });
    expect(names(k)).toEqual(['web-0']);
    k.run(k.pod('web-0'));
    expect(names(k)).toEqual(['web-0', 'web-1']);
    runAll(k);
    expect(names(k)).toEqual(['web-0', 'web-1', 'web-2']);
    runAll(k);
    expect(status(k)).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 1, collisionCount: 0 });
    expect(status(k).currentRevision).toBe(status(k).updateRevision);
    expect(k.events('SuccessfulCreate')).toEqual([
      'SuccessfulCreate create Claim www-web-0 Pod web-0 in StatefulSet web success',
      'SuccessfulCreate create Pod web-0 in StatefulSet web successful',
      'SuccessfulCreate create Claim www-web-1 Pod web-1 in StatefulSet web success',
      'SuccessfulCreate create Pod web-1 in StatefulSet web successful',
      'SuccessfulCreate create Claim www-web-2 Pod web-2 in StatefulSet web success',
      'SuccessfulCreate create Pod web-2 in StatefulSet web successful',
    ]);
  });

  it('gives each member its identity, a claim per template, and the revision label', () => {
    const k = setup();
    k.api.create(web({ replicas: 1 }));
    k.settle();
    const pod = k.pod('web-0');
    const rev = String(status(k).updateRevision);
    expect(rev).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(pod.metadata.labels).toEqual({
      app: 'nginx',
      'statefulset.kubernetes.io/pod-name': 'web-0',
      'apps.kubernetes.io/pod-index': '0',
      'controller-revision-hash': rev,
    });
    expect(pod.metadata.ownerReferences).toEqual([
      expect.objectContaining({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', controller: true, blockOwnerDeletion: true }),
    ]);
    expect(pod.spec).toMatchObject({ hostname: 'web-0', subdomain: 'nginx' });
    expect((pod.spec as { volumes: unknown[] }).volumes[0]).toEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } });
    const pvc = k.api.get('pvc', 'www-web-0');
    expect(pvc.metadata.labels).toEqual({ tier: 'storage', app: 'nginx' });
    expect(pvc.metadata.ownerReferences).toBeUndefined();
    const cr = k.api.get('controllerrevisions', rev);
    expect(cr).toMatchObject({ revision: 1, data: { spec: { template: { $patch: 'replace' } } } });
    expect(cr.metadata.labels).toMatchObject({ app: 'nginx', 'controller-revision-hash': rev.slice('web-'.length) });
  });

  it('scales down from the highest ordinal, one at a time, and keeps the claims', () => {
    const k = setup();
    k.api.create(web());
    for (let i = 0; i < 4; i++) {
      k.settle();
      runAll(k);
    }
    k.api.patch('statefulsets', 'web', { spec: { replicas: 1 } });
    k.settle();
    expect(live(k)).toEqual(['web-0', 'web-1']);
    expect(k.events('SuccessfulDelete')).toEqual(['SuccessfulDelete delete Pod web-2 in StatefulSet web successful']);
    k.reapDeleted();
    expect(live(k)).toEqual(['web-0']);
    k.reapDeleted();
    expect(names(k)).toEqual(['web-0']);
    expect(k.events('SuccessfulDelete')).toEqual([
      'SuccessfulDelete delete Pod web-2 in StatefulSet web successful',
      'SuccessfulDelete delete Pod web-1 in StatefulSet web successful',
    ]);
    expect(k.api.list('pvc').items.map((c) => c.metadata.name)).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    expect(status(k)).toMatchObject({ replicas: 1, readyReplicas: 1 });
  });

  it('rolls an update from the highest ordinal down, recreating each member from the new revision', () => {
    const k = setup();
    k.api.create(web({ claims: false }));
    for (let i = 0; i < 4; i++) {
      k.settle();
      runAll(k);
    }
    const first = String(status(k).currentRevision);
    k.api.patch('statefulsets', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } } });
    k.settle();
    const second = String(status(k).updateRevision);
    expect(second).not.toBe(first);
    const order: string[] = [];
    for (let step = 0; step < 10 && order.length < 3; step++) {
      const deleting = k.pods().find((p) => p.metadata.deletionTimestamp);
      if (deleting) order.push(deleting.metadata.name ?? '');
      k.reapDeleted();
      runAll(k);
    }
    expect(order).toEqual(['web-2', 'web-1', 'web-0']);
    runAll(k);
    expect(k.pods().map((p) => p.metadata.labels?.['controller-revision-hash'])).toEqual([second, second, second]);
    expect(status(k)).toMatchObject({ currentRevision: second, updateRevision: second, currentReplicas: 3, updatedReplicas: 3 });
    expect(k.api.get('controllerrevisions', second).revision).toBe(2);
  });

  it('honours the partition: members below it keep the old revision', () => {
    const k = setup();
    k.api.create(web({ claims: false, partition: 2 }));
    for (let i = 0; i < 4; i++) {
      k.settle();
      runAll(k);
    }
    const first = String(status(k).currentRevision);
    k.api.patch('statefulsets', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } } });
    for (let i = 0; i < 4; i++) {
      k.settle();
      k.reapDeleted();
      runAll(k);
    }
    const second = String(status(k).updateRevision);
    expect(k.pods().map((p) => p.metadata.labels?.['controller-revision-hash'])).toEqual([first, first, second]);
    expect(status(k)).toMatchObject({ currentRevision: first, currentReplicas: 2, updatedReplicas: 1 });
  });

  it('Parallel creates and removes members in one burst', () => {
    const k = setup();
    k.api.create(web({ parallel: true, claims: false }));
    k.settle();
    expect(names(k)).toEqual(['web-0', 'web-1', 'web-2']);
    k.api.patch('statefulsets', 'web', { spec: { replicas: 0 } });
    k.settle();
    expect(names(k)).toEqual([]);
  });

  it('starts ordinals at spec.ordinals.start', () => {
    const k = setup();
    k.api.create(web({ parallel: true, claims: false, start: 5, replicas: 2 }));
    k.settle();
    expect(names(k)).toEqual(['web-5', 'web-6']);
    expect(k.pod('web-5').metadata.labels?.['apps.kubernetes.io/pod-index']).toBe('5');
  });

  it('replaces a member that failed', () => {
    const k = setup();
    k.api.create(web({ replicas: 1, claims: false }));
    k.settle();
    runAll(k);
    const uid = k.pod('web-0').metadata.uid;
    k.finish(k.pod('web-0'), 'Failed');
    expect(k.pod('web-0').metadata.uid).not.toBe(uid);
    expect(k.events('SuccessfulDelete')).toEqual(['SuccessfulDelete delete Pod web-0 in StatefulSet web successful']);
  });
});
