// LimitRanger: fills container requests and limits from the namespace's
// LimitRange defaults, then refuses pods outside its min/max bounds.
import { forbidden } from '../errors';
import type { AdmissionPlugin } from '../apiserver';
import { formatQuantity, parseQuantity } from '../quantity';
import { isObject, type KubeObject } from '../types';
import { containersOf, podRequestsAndLimits } from './podresources';

function limitItems(a: { api: { list: (t: string, o: { namespace: string }) => { items: KubeObject[] } }; namespace: string }, type: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const lr of a.api.list('limitranges', { namespace: a.namespace }).items) {
    const limits = isObject(lr.spec) && Array.isArray(lr.spec.limits) ? lr.spec.limits : [];
    for (const item of limits) if (isObject(item) && item.type === type) out.push(item);
  }
  return out;
}

export const limitRanger: AdmissionPlugin = {
  name: 'LimitRanger',
  admit(a) {
    if (a.operation !== 'CREATE' || a.type.group !== '' || a.type.kind !== 'Pod') return;
    const items = limitItems(a, 'Container');
    if (!items.length) return;
    const setRequests: Record<string, string[]> = {};
    const setLimits: Record<string, string[]> = {};
    for (const c of containersOf(a.object)) {
      const resources = isObject(c.resources) ? c.resources : (c.resources = {});
      for (const item of items) {
        fill(resources, 'limits', item.default, String(c.name), setLimits);
        fill(resources, 'requests', item.defaultRequest, String(c.name), setRequests);
      }
    }
    const parts: string[] = [];
    for (const [c, res] of Object.entries(setRequests)) parts.push(`${res.join(', ')} request for container ${c}`);
    for (const [c, res] of Object.entries(setLimits)) parts.push(`${res.join(', ')} limit for container ${c}`);
    if (parts.length) {
      a.object.metadata.annotations = { ...(a.object.metadata.annotations ?? {}), 'kubernetes.io/limit-ranger': `LimitRanger plugin set: ${parts.join('; ')}` };
    }
  },
  validate(a) {
    if (a.operation !== 'CREATE' || a.type.group !== '' || a.type.kind !== 'Pod') return;
    for (const item of limitItems(a, 'Container')) {
      for (const c of containersOf(a.object)) {
        const res = isObject(c.resources) ? c.resources : {};
        check(a.name, 'Container', item, isObject(res.requests) ? res.requests : {}, isObject(res.limits) ? res.limits : {});
      }
    }
    for (const item of limitItems(a, 'Pod')) {
      const { requests, limits } = podRequestsAndLimits(a.object);
      check(a.name, 'Pod', item, requests, limits);
    }
  },
};

function fill(resources: Record<string, unknown>, which: 'requests' | 'limits', defaults: unknown, container: string, record: Record<string, string[]>): void {
  if (!isObject(defaults)) return;
  const current = isObject(resources[which]) ? (resources[which]) : {};
  for (const [k, v] of Object.entries(defaults)) {
    if (current[k] !== undefined) continue;
    current[k] = v;
    (record[container] ??= []).push(k);
  }
  if (Object.keys(current).length) resources[which] = current;
}

function check(pod: string, scope: string, item: Record<string, unknown>, requests: Record<string, unknown>, limits: Record<string, unknown>): void {
  const q = (v: unknown): number => (typeof v === 'number' ? v : parseQuantity(v)?.value ?? 0);
  const show = (v: unknown): string => (typeof v === 'string' ? v : formatQuantity(q(v)));
  if (isObject(item.min)) {
    for (const [k, min] of Object.entries(item.min)) {
      if (requests[k] === undefined) throw forbidden('pods', pod, `minimum ${k} usage per ${scope} is ${show(min)}.  No request is specified`);
      if (q(requests[k]) < q(min)) throw forbidden('pods', pod, `minimum ${k} usage per ${scope} is ${show(min)}, but request is ${show(requests[k])}`);
    }
  }
  if (isObject(item.max)) {
    for (const [k, max] of Object.entries(item.max)) {
      if (limits[k] === undefined) throw forbidden('pods', pod, `maximum ${k} usage per ${scope} is ${show(max)}.  No limit is specified`);
      if (q(limits[k]) > q(max)) throw forbidden('pods', pod, `maximum ${k} usage per ${scope} is ${show(max)}, but limit is ${show(limits[k])}`);
    }
  }
}
