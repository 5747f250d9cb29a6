// A cluster with only the workload controllers under test: no scheduler and
// no kubelet, so the tests play the kubelet themselves (pod status, deletion).
import { admissionChain } from '../../../../src/runtime/api/admission/index';
import { ApiServer } from '../../../../src/runtime/api/apiserver';
import type { KubeObject } from '../../../../src/runtime/api/types';
import { Clock, DEFAULT_EPOCH } from '../../../../src/runtime/clock';
import { DeploymentController } from '../../../../src/runtime/controllers/deployment/deployment';
import { ReplicaSetController } from '../../../../src/runtime/controllers/replicaset';
import { ReplicationControllerManager } from '../../../../src/runtime/controllers/replicationcontroller';

export interface Harness {
  api: ApiServer;
  clock: Clock;
  settle(): void;
  advance(ms: number): void;
}

export function harness(): Harness {
  const clock = new Clock(DEFAULT_EPOCH, 7);
  const api = new ApiServer(clock);
  api.useAdmission(...admissionChain());
  api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } });
  new ReplicaSetController(api, clock).start();
  new ReplicationControllerManager(api, clock).start();
  new DeploymentController(api, clock).start();
  clock.drain();
  return { api, clock, settle: () => void clock.settle(), advance: (ms) => void clock.advance(ms) };
}

/** What a kubelet writes once a pod's containers run and pass readiness. */
export function markReady(h: Harness, pod: KubeObject, restarts = 0): KubeObject {
  const now = h.clock.nowRFC3339();
  const cond = (type: string): Record<string, unknown> => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
  const current = h.api.get('pods', pod.metadata.name ?? '', pod.metadata.namespace);
  return h.api.updateStatus({
    ...current,
    status: {
      phase: 'Running',
      conditions: [cond('Initialized'), cond('Ready'), cond('ContainersReady'), cond('PodScheduled')],
      containerStatuses: [{ name: 'app', ready: true, restartCount: restarts, started: true, image: 'nginx', imageID: '', state: { running: { startedAt: now } } }],
    },
  });
}

export function setPhase(h: Harness, pod: KubeObject, phase: string): KubeObject {
  const current = h.api.get('pods', pod.metadata.name ?? '', pod.metadata.namespace);
  return h.api.updateStatus({ ...current, status: { phase } });
}

export const podsOf = (h: Harness, owner: KubeObject): KubeObject[] =>
  h.api.ownedBy('pods', owner.metadata.uid ?? '').sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));

/** Finish graceful deletions, as the kubelet does once containers stop. */
export function finishTerminating(h: Harness): void {
  for (const p of h.api.list('pods').items) {
    if (p.metadata.deletionTimestamp) h.api.delete('pods', p.metadata.name ?? '', { namespace: p.metadata.namespace, gracePeriodSeconds: 0 });
  }
}

export function eventsOf(h: Harness, obj: KubeObject): { reason: string; message: string; type: string; count: number; component: string }[] {
  return h.api
    .list('events')
    .items.filter((e) => (e.involvedObject as Record<string, unknown>).uid === obj.metadata.uid)
    .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1))
    .map((e) => ({
      reason: String(e.reason),
      message: String(e.message),
      type: String(e.type),
      count: Number(e.count),
      component: String((e.source as Record<string, unknown>).component),
    }));
}
