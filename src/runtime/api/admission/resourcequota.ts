// ResourceQuota admission: a create that would push a namespace past any
// quota's hard limits is refused, naming what was asked, used and allowed.
import { forbidden } from '../errors';
import type { AdmissionAttributes, AdmissionPlugin, ApiServer } from '../apiserver';
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
export function usageOf(type: ResourceType, obj: KubeObject): Record<string, number> {
  const out: Record<string, number> = {};
  const gr = `${type.group}/${type.resource}`;
  if (type.kind === 'Pod' && type.group === '') {
    const phase = isObject(obj.status) ? obj.status.phase : undefined;
    if (phase === 'Succeeded' || phase === 'Failed') return out;
  }
  out[type.group ? `count/${type.resource}.${type.group}` : `count/${type.resource}`] = 1;
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

export function namespaceUsage(api: ApiServer, namespace: string, resources: string[]): Record<string, number> {
  const used: Record<string, number> = Object.fromEntries(resources.map((r) => [r, 0]));
  for (const t of api.registry.all()) {
    if (!t.namespaced || t.virtual) continue;
    for (const obj of api.store.list(`${t.group}/${t.resource}`, namespace)) {
      if (obj.metadata.deletionTimestamp && t.kind === 'Pod') continue;
      for (const [k, v] of Object.entries(usageOf(t, obj))) if (k in used) used[k] += v;
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
    const quotas = a.api.list('resourcequotas', { namespace: a.namespace }).items;
    if (!quotas.length) return;
    const requested = usageOf(a.type, a.object);
    for (const q of quotas) checkQuota(a, q, requested);
  },
};

function checkQuota(a: AdmissionAttributes, quota: KubeObject, requested: Record<string, number>): void {
  const hard = isObject(quota.spec) && isObject(quota.spec.hard) ? quota.spec.hard : {};
  const names = Object.keys(hard).filter((k) => k in requested || mustSpecify(a, k)).sort();
  if (!names.length) return;
  const missing = names.filter((k) => mustSpecify(a, k) && !(k in requested));
  if (missing.length) {
    const containers = containersOf(a.object).map((c) => String(c.name));
    const detail = missing.map((k) => `${k} for: ${containers.join(',')}`).join('; ');
    throw forbidden(qualifiedResource(a.type), a.name, `failed quota: ${quota.metadata.name}: must specify ${detail}`);
  }
  const used = namespaceUsage(a.api, a.namespace, names);
  const over = names.filter((k) => used[k] + requested[k] > (parseQuantity(hard[k])?.value ?? 0));
  if (!over.length) return;
  const list = (f: (k: string) => string): string => over.map((k) => `${k}=${f(k)}`).join(',');
  throw forbidden(
    qualifiedResource(a.type),
    a.name,
    `exceeded quota: ${quota.metadata.name}, requested: ${list((k) => show(k, requested[k]))}, used: ${list((k) => show(k, used[k]))}, limited: ${list((k) => show(k, parseQuantity(hard[k])?.value ?? 0))}`,
  );
}

/** A pod must state a compute resource that a quota limits, or the quota cannot be enforced. */
function mustSpecify(a: AdmissionAttributes, name: string): boolean {
  if (!(a.type.kind === 'Pod' && a.type.group === '')) return false;
  return /^(requests\.|limits\.)?(cpu|memory)$/.test(name);
}
