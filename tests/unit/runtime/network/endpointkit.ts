// Builders for the endpoint suites: a bare control plane with three worker
// Nodes (zones a, b, c) and pods whose status is written directly, as a
// kubelet would post it, so a controller can be tested alone and fast.
import { ServiceAllocator } from '../../../../src/runtime/api/allocators/service';
import type { ApiServer } from '../../../../src/runtime/api/apiserver';
import { asArray, isObject, type KubeObject } from '../../../../src/runtime/api/types';
import type { Clock } from '../../../../src/runtime/clock';
import { bareControlPlane, registerNode } from '../controlplane';

export interface Plane {
  api: ApiServer;
  clock: Clock;
}

export function plane(): Plane {
  const { api, clock } = bareControlPlane();
  api.useAllocator(new ServiceAllocator('10.96.0.0/12', () => clock.random()));
  ['worker-1', 'worker-2', 'worker-3'].forEach((name, i) => registerNode(api, { name, role: 'worker' }, i + 1, { machineID: `m${i}`, systemUUID: `U${i}`, bootID: `b${i}` }));
  clock.drain();
  return { api, clock };
}

export interface PodOptions {
  labels?: Record<string, string>;
  ip?: string;
  node?: string;
  ready?: boolean;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  hostname?: string;
  subdomain?: string;
  namespace?: string;
}

/** A running pod on `node` with `ip`, Ready as asked (its Ready condition turned at the current time). */
export function runningPod(p: Plane, name: string, o: PodOptions = {}): KubeObject {
  const namespace = o.namespace ?? 'default';
  const spec: Record<string, unknown> = { nodeName: o.node ?? 'worker-1', containers: [{ name: 'app', image: 'nginx:1.27', ports: o.ports ?? [{ containerPort: 80 }] }] };
  if (o.hostname) spec.hostname = o.hostname;
  if (o.subdomain) spec.subdomain = o.subdomain;
  const pod = p.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels: o.labels ?? { app: 'web' } }, spec });
  return setStatus(p, pod, o.ip ?? '10.40.1.10', o.ready ?? true);
}

export function setReady(p: Plane, name: string, ready: boolean, namespace = 'default'): KubeObject {
  const pod = p.api.get('pods', name, namespace);
  const status = isObject(pod.status) ? pod.status : {};
  return setStatus(p, pod, String(status.podIP), ready);
}

function setStatus(p: Plane, pod: KubeObject, ip: string, ready: boolean): KubeObject {
  const now = p.clock.nowRFC3339();
  const conditions = [
    { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
    { type: 'Ready', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now },
  ];
  const out = p.api.updateStatus({ ...pod, status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions } });
  p.clock.drain();
  return out;
}

export function service(p: Plane, name: string, spec: Record<string, unknown>, labels?: Record<string, string>, namespace = 'default'): KubeObject {
  const svc = p.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, ...(labels ? { labels } : {}) }, spec });
  p.clock.drain();
  return svc;
}

export function endpoints(api: ApiServer, name: string, namespace = 'default'): KubeObject | undefined {
  return api.tryGet('endpoints', name, namespace);
}

export function slices(api: ApiServer, service: string, namespace = 'default'): KubeObject[] {
  return api.list('endpointslices', { namespace, labelSelector: `kubernetes.io/service-name=${service}` }).items;
}

/** `ip:port` of every address under `addresses` (ready) or `notReadyAddresses`. */
export function addressesOf(ep: KubeObject | undefined, which: 'addresses' | 'notReadyAddresses' = 'addresses'): string[] {
  const out: string[] = [];
  for (const s of asArray(ep?.subsets).filter(isObject)) {
    const ports = asArray(s.ports).filter(isObject);
    for (const a of asArray(s[which]).filter(isObject)) {
      if (ports.length === 0) out.push(String(a.ip));
      for (const port of ports) out.push(`${String(a.ip)}:${String(port.port)}`);
    }
  }
  return [...new Set(out)].sort();
}

/** Endpoints of all slices as `ip ready/serving/terminating`. */
export function sliceEndpoints(api: ApiServer, svc: string, namespace = 'default'): string[] {
  const out: string[] = [];
  for (const s of slices(api, svc, namespace)) {
    for (const e of asArray(s.endpoints).filter(isObject)) {
      const c = isObject(e.conditions) ? e.conditions : {};
      out.push(`${asArray(e.addresses).join(',')} ${String(c.ready)}/${String(c.serving)}/${String(c.terminating)}`);
    }
  }
  return out.sort();
}
