// Builders for scheduler tests: pods as plain objects, written through the API.
import { createCluster, type Cluster, type NodeSpec } from '../../../../src/runtime/index';
import { isObject, type KubeObject } from '../../../../src/runtime/api/types';

export interface PodOptions {
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  nodeName?: string;
  affinity?: Record<string, unknown>;
  tolerations?: Record<string, unknown>[];
  hostPort?: number;
  priorityClassName?: string;
  preemptionPolicy?: string;
  claim?: string;
  topologySpreadConstraints?: Record<string, unknown>[];
  schedulingGates?: { name: string }[];
  namespace?: string;
}

export function podObject(name: string, o: PodOptions = {}): KubeObject {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  const container: Record<string, unknown> = { name: 'app', image: 'nginx:1.27', resources: Object.keys(requests).length ? { requests } : {} };
  if (o.hostPort) container.ports = [{ containerPort: 80, hostPort: o.hostPort }];
  const spec: Record<string, unknown> = { containers: [container] };
  for (const k of ['nodeSelector', 'nodeName', 'affinity', 'tolerations', 'priorityClassName', 'preemptionPolicy', 'topologySpreadConstraints', 'schedulingGates'] as const) {
    if (o[k] !== undefined) spec[k] = o[k];
  }
  if (o.claim) spec.volumes = [{ name: 'data', persistentVolumeClaim: { claimName: o.claim } }];
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: o.namespace ?? 'default', labels: o.labels ?? { app: name } }, spec };
}

export function createPod(c: Cluster, name: string, o: PodOptions = {}): KubeObject {
  return c.api.create(podObject(name, o));
}

export function nodeOf(c: Cluster, name: string, namespace = 'default'): string | undefined {
  const p = c.api.get('pods', name, namespace);
  const n = isObject(p.spec) ? p.spec.nodeName : undefined;
  return typeof n === 'string' ? n : undefined;
}

export function podScheduled(c: Cluster, name: string, namespace = 'default'): Record<string, unknown> | undefined {
  const p = c.api.get('pods', name, namespace);
  const conditions = isObject(p.status) && Array.isArray(p.status.conditions) ? (p.status.conditions as unknown[]) : [];
  return conditions.find((x): x is Record<string, unknown> => isObject(x) && x.type === 'PodScheduled');
}

/** The message of the pod's PodScheduled=False condition. */
export function unschedulableMessage(c: Cluster, name: string, namespace = 'default'): string | undefined {
  const cond = podScheduled(c, name, namespace);
  return cond?.status === 'False' ? String(cond.message) : undefined;
}

export function eventsOf(c: Cluster, name: string, reason: string, namespace = 'default'): KubeObject[] {
  return c.api
    .list('events', { namespace })
    .items.filter((e) => isObject(e.involvedObject) && e.involvedObject.name === name && e.reason === reason);
}

export const workers = (n: number, extra: Partial<NodeSpec> = {}): NodeSpec[] =>
  Array.from({ length: n }, (_, i) => ({ name: `worker-${i + 1}`, role: 'worker' as const, cpu: '4', memory: '8Gi', ...extra }));

export function cluster(nodes?: NodeSpec[], seed?: number): Cluster {
  // No add-on pods: the scheduler suites count pods and CPU on purpose-built nodes.
  return createCluster({ nodes, seed, addons: { coreDNS: false, ingressNginx: false } });
}
