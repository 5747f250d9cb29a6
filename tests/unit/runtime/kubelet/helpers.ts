// Builders for the kubelet suites: a cluster, pods pinned to a node (so the
// tests do not depend on a scheduler), and readers for status and events.
import { createCluster, type Cluster } from '../../../../src/runtime/index';
import { eventsFor } from '../../../../src/runtime/events/recorder';
import { asArray, field, isObject, type KubeObject } from '../../../../src/runtime/api/types';

export function cluster(): Cluster {
  return createCluster();
}

/** Create a pod already bound to `node` (spec.nodeName), as a DaemonSet or a static assignment would. */
export function runPod(c: Cluster, spec: Record<string, unknown>, name = 'p', node = 'worker-1'): KubeObject {
  const pod = c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: node, ...spec } });
  c.clock.drain();
  return pod;
}

export function pod(c: Cluster, name = 'p'): KubeObject {
  return c.api.get('pods', name, 'default');
}

export function containerStatus(c: Cluster, name = 'p', index = 0, init = false): Record<string, unknown> {
  const list = asArray(field(pod(c, name), 'status', init ? 'initContainerStatuses' : 'containerStatuses')).filter(isObject);
  return list[index] ?? {};
}

export function events(c: Cluster, name = 'p'): { type: string; reason: string; message: string; count: number }[] {
  return eventsFor(c.api, pod(c, name)).map((e) => ({ type: String(e.type), reason: String(e.reason), message: String(e.message), count: Number(e.count ?? 1) }));
}

export function phase(c: Cluster, name = 'p'): unknown {
  return field(pod(c, name), 'status', 'phase');
}

export function condition(c: Cluster, type: string, name = 'p'): Record<string, unknown> | undefined {
  return asArray(field(pod(c, name), 'status', 'conditions')).filter(isObject).find((x) => x.type === type);
}
