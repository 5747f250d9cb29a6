// A control plane for the node lifecycle, garbage collector and disruption
// suites. The kubelets are played by a stand-in: each powered-on host renews
// its Lease every 10 s (offset by 1 s, so renewals never share an instant with
// the controller's 5 s monitor ticks) and finishes graceful pod deletions at
// once. Powering a host off stops both, as a dead ESXi host would.
import type { ApiServer } from '../../../../src/runtime/api/apiserver';
import { isObject, type KubeObject } from '../../../../src/runtime/api/types';
import { Clock, DEFAULT_EPOCH } from '../../../../src/runtime/clock';
import type { Controller } from '../../../../src/runtime/controllers/controller';
import { DEFAULT_NODES } from '../../../../src/runtime/cluster';
import { bareControlPlane, registerNode } from '../controlplane';
import { readyConditions, type NodeSpec } from '../../../../src/runtime/kubelet/nodestatus';

export const NODES: NodeSpec[] = DEFAULT_NODES;

export interface LifecycleKit {
  clock: Clock;
  api: ApiServer;
  controllers: Controller[];
  /** Stop the host's kubelet: no more lease renewals, no more finished deletions. */
  powerOff(node: string): void;
  /** Restart it: lease renewed and Ready posted with a fresh heartbeat. */
  powerOn(node: string): void;
  /** Post a Ready condition with the given status, as a live kubelet does. */
  postReady(node: string, ready: boolean): void;
  /** A running, ready pod on a node (created, bound and given a kubelet-like status). */
  runPod(name: string, node: string, extra?: { labels?: Record<string, string>; tolerations?: unknown[]; owner?: KubeObject; ns?: string }): KubeObject;
  pod(name: string, ns?: string): KubeObject | undefined;
  node(name: string): KubeObject;
  events(reason?: string): KubeObject[];
  advanceTo(ms: number): void;
  at(): number;
}

export function lifecycleKit(start: (api: ApiServer, clock: Clock) => Controller[], nodes: NodeSpec[] = NODES): LifecycleKit {
  const { clock, api, serviceAccounts: sa } = bareControlPlane();
  const alive = new Set<string>();
  nodes.forEach((spec, i) => {
    registerNode(api, spec, i, { machineID: `m${i}`, systemUUID: `UUID-${i}`, bootID: `b${i}` });
    alive.add(spec.name);
  });
  const renew = (name: string): void => {
    const spec = { holderIdentity: name, leaseDurationSeconds: 40, renewTime: clock.nowRFC3339().replace('Z', '.000000Z') };
    const lease = api.tryGet('leases', name, 'kube-node-lease');
    if (lease) api.update({ ...lease, spec }, { trusted: true });
    else api.create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease' }, spec }, { trusted: true });
  };
  const heartbeat = (): void => {
    for (const name of alive) renew(name);
    clock.setTimer(10_000, heartbeat, true);
  };
  clock.setTimer(1_000, heartbeat, true);
  // The kubelet's side of a graceful delete: containers stop, the pod object goes.
  api.watch('pods', {}, (e) => {
    const p = e.object;
    const node = isObject(p.spec) ? p.spec.nodeName : undefined;
    if (e.type !== 'DELETED' && p.metadata.deletionTimestamp && typeof node === 'string' && alive.has(node)) {
      if (api.tryGet('pods', p.metadata.name ?? '', p.metadata.namespace)) api.delete('pods', p.metadata.name ?? '', { namespace: p.metadata.namespace, gracePeriodSeconds: 0 });
    }
  });
  const controllers = [sa, ...start(api, clock)];
  clock.drain();
  const postReady = (name: string, ready: boolean): void => {
    const node = api.get('nodes', name);
    const status = isObject(node.status) ? node.status : {};
    api.updateStatus({ ...node, status: { ...status, conditions: readyConditions(clock.nowRFC3339(), ready) } });
    clock.drain();
  };
  const epoch = DEFAULT_EPOCH;
  return {
    clock,
    api,
    controllers,
    powerOff: (name) => alive.delete(name),
    powerOn: (name) => {
      alive.add(name);
      renew(name);
      postReady(name, true);
      for (const p of api.podsOnNode(name)) if (p.metadata.deletionTimestamp) api.delete('pods', p.metadata.name ?? '', { namespace: p.metadata.namespace, gracePeriodSeconds: 0 });
      clock.drain();
    },
    postReady,
    runPod: (name, node, extra = {}) => {
      const ns = extra.ns ?? 'default';
      const owner = extra.owner;
      api.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name,
          namespace: ns,
          labels: extra.labels ?? { app: 'web' },
          ...(owner
            ? { ownerReferences: [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }] }
            : {}),
        },
        spec: { containers: [{ name: 'nginx', image: 'nginx' }], ...(extra.tolerations ? { tolerations: extra.tolerations } : {}) },
      });
      const bound = api.bind(ns, name, node);
      const now = clock.nowRFC3339();
      const conditions = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now }));
      const out = api.updateStatus({ ...bound, status: { ...(isObject(bound.status) ? bound.status : {}), phase: 'Running', conditions } });
      clock.drain();
      return out;
    },
    pod: (name, ns = 'default') => api.tryGet('pods', name, ns),
    node: (name) => api.get('nodes', name),
    events: (reason) => api.list('events').items.filter((e) => !reason || e.reason === reason),
    advanceTo: (ms) => {
      clock.advance(epoch + ms - clock.now());
    },
    at: () => clock.now() - epoch,
  };
}

export function condition(obj: KubeObject | undefined, type: string): Record<string, unknown> | undefined {
  const status = obj && isObject(obj.status) ? obj.status : {};
  const list = Array.isArray(status.conditions) ? (status.conditions as unknown[]) : [];
  return list.find((c): c is Record<string, unknown> => isObject(c) && c.type === type);
}

export function taints(node: KubeObject): Record<string, unknown>[] {
  const spec = isObject(node.spec) ? node.spec : {};
  return Array.isArray(spec.taints) ? (spec.taints as Record<string, unknown>[]) : [];
}

/** RFC 3339 of kit time t (ms since the kit's epoch). */
export function at(ms: number): string {
  const c = new Clock(DEFAULT_EPOCH + ms);
  return c.nowRFC3339();
}
