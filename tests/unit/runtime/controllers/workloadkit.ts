// A bare control plane for the workload-controller suites: the apiserver with
// its admission chain, four nodes, and only the controller under test. The
// scheduler and kubelet are played by hand (bind, write pod status, finish
// deletions) so each test decides exactly when a pod is scheduled, ready or done.
import type { ApiServer } from '../../../../src/runtime/api/apiserver';
import { isObject, type KubeObject } from '../../../../src/runtime/api/types';
import { Clock, DEFAULT_EPOCH } from '../../../../src/runtime/clock';
import type { Controller } from '../../../../src/runtime/controllers/controller';
import { DEFAULT_NODES } from '../../../../src/runtime/cluster';
import { bareControlPlane, registerNode } from '../controlplane';
import type { NodeSpec } from '../../../../src/runtime/kubelet/nodestatus';

export interface Kit {
  clock: Clock;
  api: ApiServer;
  controllers: Controller[];
  addNode(spec: NodeSpec): KubeObject;
  pods(ns?: string): KubeObject[];
  pod(name: string, ns?: string): KubeObject;
  bind(pod: KubeObject, node: string): KubeObject;
  run(pod: KubeObject, opts?: { ready?: boolean }): KubeObject;
  finish(pod: KubeObject, phase: 'Succeeded' | 'Failed', exitCode?: number): KubeObject;
  /** The kubelet's side of graceful deletion: pods marked for deletion are removed. */
  reapDeleted(): number;
  settle(): void;
  advance(ms: number): void;
  events(reason?: string): string[];
}

export const NODES: NodeSpec[] = DEFAULT_NODES;

export function kit(start: (api: ApiServer, clock: Clock) => Controller[], nodes: NodeSpec[] = NODES, epoch = DEFAULT_EPOCH): Kit {
  const { clock, api, serviceAccounts: sa } = bareControlPlane(epoch);
  let nodeCount = 0;
  const addNode = (spec: NodeSpec): KubeObject => {
    const index = nodeCount++;
    return registerNode(api, spec, index, { machineID: 'm', systemUUID: `UUID-${index}`, bootID: 'b' });
  };
  nodes.forEach(addNode);
  clock.drain();
  const controllers = [sa, ...start(api, clock)];
  const status = (p: KubeObject): Record<string, unknown> => (isObject(p.status) ? p.status : {});
  const k: Kit = {
    clock,
    api,
    controllers,
    addNode,
    pods: (ns = 'default') => api.list('pods', { namespace: ns }).items,
    pod: (name, ns = 'default') => api.get('pods', name, ns),
    bind: (pod, node) => {
      const bound = api.bind(pod.metadata.namespace ?? 'default', pod.metadata.name ?? '', node);
      clock.drain();
      return bound;
    },
    run: (pod, opts = {}) => {
      const cur = api.get('pods', pod.metadata.name ?? '', pod.metadata.namespace);
      const now = clock.nowRFC3339();
      const ready = opts.ready ?? true;
      const conditions = [
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: now },
        { type: 'Ready', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
      ];
      const out = api.updateStatus({ ...cur, status: { ...status(cur), phase: 'Running', conditions, startTime: now } });
      clock.drain();
      return out;
    },
    finish: (pod, phase, exitCode) => {
      const cur = api.get('pods', pod.metadata.name ?? '', pod.metadata.namespace);
      const now = clock.nowRFC3339();
      const code = exitCode ?? (phase === 'Succeeded' ? 0 : 1);
      const conditions = [{ type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: now, reason: 'PodCompleted' }];
      const containerStatuses = [
        { name: 'c', ready: false, restartCount: 0, state: { terminated: { exitCode: code, reason: code === 0 ? 'Completed' : 'Error', startedAt: now, finishedAt: now } } },
      ];
      const out = api.updateStatus({ ...cur, status: { ...status(cur), phase, conditions, containerStatuses } });
      clock.drain();
      return out;
    },
    reapDeleted: () => {
      let n = 0;
      for (const p of api.list('pods').items) {
        if (!p.metadata.deletionTimestamp) continue;
        api.delete('pods', p.metadata.name ?? '', { namespace: p.metadata.namespace, gracePeriodSeconds: 0 });
        n++;
      }
      clock.drain();
      return n;
    },
    settle: () => {
      clock.drain();
    },
    advance: (ms) => {
      clock.advance(ms);
      clock.drain();
    },
    events: (reason) =>
      api
        .list('events')
        .items.filter((e) => !reason || e.reason === reason)
        .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
        .map((e) => `${String(e.reason)} ${String(e.message)}`),
  };
  return k;
}
