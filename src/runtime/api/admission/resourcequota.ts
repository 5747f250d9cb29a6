// ResourceQuota admission: a create that would push a namespace past any
// quota's hard limits is refused, naming what was asked, used and allowed.
import { forbidden } from '../errors';
import type { AdmissionAttributes, AdmissionPlugin, ApiServer } from '../apiserver';
import { parseRFC3339 } from '../../clock';
import { formatQuantity, parseQuantity } from '../quantity';
import { qualifiedResource, type ResourceType } from '../resources';
import { isObject, type KubeObject } from '../types';
import { containersOf, podRequestsAndLimits } from './podresources';

/** Quota names that count objects of a kind (besides the generic count/<resource>). */
const OBJECT_COUNTS: Record<string, string> = {
  '/pods': 'pods',
  '/services': 'services',
  '/configmaps': 'configmaps',
  '/secrets': 'secrets',
  '/persistentvolumeclaims': 'persistentvolumeclaims',
  '/replicationcontrollers': 'replicationcontrollers',
  '/resourcequotas': 'resourcequotas',
};

const MEMORY_LIKE = /memory|storage/;

/** The usage one object contributes, by quota resource name. */
export function usageOf(type: ResourceType, obj: KubeObject, now?: number): Record<string, number> {
  const out: Record<string, number> = {};
  const gr = `${type.group}/${type.resource}`;
  // count/<resource> tracks every object in storage, even a finished pod (PodUsageFunc).
  out[type.group ? `count/${type.resource}.${type.group}` : `count/${type.resource}`] = 1;
  if (type.kind === 'Pod' && type.group === '' && !chargedPod(obj, now)) return out;
  if (OBJECT_COUNTS[gr]) out[OBJECT_COUNTS[gr]] = 1;
  if (type.kind === 'Pod' && type.group === '') {
    const { requests, limits } = podRequestsAndLimits(obj);
    for (const [k, v] of Object.entries(requests)) {
      out[`requests.${k}`] = v;
      if (k === 'cpu' || k === 'memory' || k === 'ephemeral-storage') out[k] = v;
    }
    for (const [k, v] of Object.entries(limits)) out[`limits.${k}`] = v;
  }
  if (type.kind === 'Service' && type.group === '' && isObject(obj.spec)) {
    const ports = Array.isArray(obj.spec.ports) ? obj.spec.ports : [];
    if (obj.spec.type === 'NodePort' || obj.spec.type === 'LoadBalancer') out['services.nodeports'] = ports.length;
    if (obj.spec.type === 'LoadBalancer') out['services.loadbalancers'] = 1;
  }
  if (type.kind === 'PersistentVolumeClaim' && type.group === '' && isObject(obj.spec)) {
    const storage = isObject(obj.spec.resources) && isObject(obj.spec.resources.requests) ? obj.spec.resources.requests.storage : undefined;
    out['requests.storage'] = parseQuantity(storage)?.value ?? 0;
  }
  return out;
}

/**
 * QuotaV1Pod: a pod is charged for compute and `pods` until it reaches a terminal
 * phase, or until its graceful deletion has overrun (deletionTimestamp + grace),
 * so pods stuck terminating on a lost node do not block scaling up.
 */
function chargedPod(pod: KubeObject, now?: number): boolean {
  const phase = isObject(pod.status) ? pod.status.phase : undefined;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  const { deletionTimestamp, deletionGracePeriodSeconds } = pod.metadata;
  if (now !== undefined && deletionTimestamp && typeof deletionGracePeriodSeconds === 'number') {
    const at = parseRFC3339(deletionTimestamp);
    if (at !== undefined && now > at + deletionGracePeriodSeconds * 1000) return false;
  }
  return true;
}

export function namespaceUsage(api: ApiServer, namespace: string, resources: string[]): Record<string, number> {
  const used: Record<string, number> = Object.fromEntries(resources.map((r) => [r, 0]));
  const now = api.clock.now();
  for (const t of api.registry.all()) {
    if (!t.namespaced || t.virtual) continue;
    for (const obj of api.store.list(`${t.group}/${t.resource}`, namespace)) {
      for (const [k, v] of Object.entries(usageOf(t, obj, now))) if (k in used) used[k] += v;
    }
  }
  return used;
}

function show(name: string, v: number): string {
  return formatQuantity(v, MEMORY_LIKE.test(name) ? 'BinarySI' : 'DecimalSI');
}

export const resourceQuota: AdmissionPlugin = {
  name: 'ResourceQuota',
  validate(a) {
    if (a.operation !== 'CREATE' || !a.type.namespaced || a.dryRun) return;
    if (!a.api.store.list('/resourcequotas', a.namespace).length) return;
    const quotas = a.api.list('resourcequotas', { namespace: a.namespace }).items;
    // As the quota evaluator does: every quota's constraints first, then the usage checks.
    for (const q of quotas) checkConstraints(a, q);
    const requested = usageOf(a.type, a.object);
    for (const q of quotas) checkQuota(a, q, requested);
  },
};

function hardOf(quota: KubeObject): Record<string, unknown> {
  return isObject(quota.spec) && isObject(quota.spec.hard) ? quota.spec.hard : {};
}

function checkQuota(a: AdmissionAttributes, quota: KubeObject, requested: Record<string, number>): void {
  const hard = hardOf(quota);
  const names = Object.keys(hard).filter((k) => k in requested).sort();
  if (!names.length) return;
  const used = namespaceUsage(a.api, a.namespace, names);
  const over = names.filter((k) => used[k] + requested[k] > (parseQuantity(hard[k])?.value ?? 0));
  if (!over.length) return;
  // prettyPrint: sorted `name=quantity`, joined with commas.
  const list = (f: (k: string) => string): string => over.map((k) => `${k}=${f(k)}`).join(',');
  throw forbidden(
    qualifiedResource(a.type),
    a.name,
    `exceeded quota: ${quota.metadata.name}, requested: ${list((k) => show(k, requested[k]))}, used: ${list((k) => show(k, used[k]))}, limited: ${list((k) => show(k, parseQuantity(hard[k])?.value ?? 0))}`,
  );
}

/** The compute resources each container must state when a quota limits them (podEvaluator's validationSet). */
const MUST_SPECIFY = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

/**
 * podEvaluator.Constraints: when a quota limits cpu or memory, every container
 * (and init container) must state it, or the quota could not be enforced.
 * Pods that set pod-level resources are exempt.
 */
function checkConstraints(a: AdmissionAttributes, quota: KubeObject): void {
  if (!(a.type.kind === 'Pod' && a.type.group === '')) return;
  const required = Object.keys(hardOf(quota)).filter((k) => MUST_SPECIFY.has(k));
  if (!required.length) return;
  const spec = isObject(a.object.spec) ? a.object.spec : {};
  const podLevel = isObject(spec.resources) ? spec.resources : {};
  const nonEmpty = (v: unknown): boolean => isObject(v) && Object.keys(v).length > 0;
  if (nonEmpty(podLevel.requests) || nonEmpty(podLevel.limits)) return;
  const missing = new Map<string, Set<string>>();
  for (const c of containersOf(a.object)) {
    const res = isObject(c.resources) ? c.resources : {};
    const requests = isObject(res.requests) ? res.requests : {};
    const limits = isObject(res.limits) ? res.limits : {};
    const has = new Set<string>();
    for (const r of ['cpu', 'memory']) {
      if (requests[r] !== undefined) has.add(r).add(`requests.${r}`);
      if (limits[r] !== undefined) has.add(`limits.${r}`);
    }
    for (const r of required) if (!has.has(r)) missing.set(r, (missing.get(r) ?? new Set<string>()).add(String(c.name)));
  }
  if (!missing.size) return;
  const detail = [...missing.keys()]
    .sort()
    .map((r) => `${r} for: ${[...(missing.get(r) ?? [])].sort().join(',')}`)
    .join('; ');
  throw forbidden(qualifiedResource(a.type), a.name, `failed quota: ${quota.metadata.name}: must specify ${detail}`);
}
