// LimitRanger: fills container requests and limits from the namespace's
// LimitRange defaults, then refuses pods (and PersistentVolumeClaims) outside
// its min/max bounds. Wording follows plugin/pkg/admission/limitranger.
import { forbidden } from '../errors';
import type { AdmissionAttributes, AdmissionPlugin } from '../apiserver';
import { canonical, formatQuantity, parseQuantity } from '../quantity';
import { qualifiedResource } from '../resources';
import { isObject, type KubeObject } from '../types';
import { podRequestsAndLimits } from './podresources';

type List = Record<string, unknown>;

function limitRanges(a: AdmissionAttributes): KubeObject[] {
  return a.api.store.list('/limitranges', a.namespace);
}

function itemsOf(lr: KubeObject, type: string): List[] {
  const limits = isObject(lr.spec) && Array.isArray(lr.spec.limits) ? lr.spec.limits : [];
  return limits.filter((item): item is List => isObject(item) && item.type === type);
}

function containerLists(pod: KubeObject): { prefix: string; containers: List[] }[] {
  const spec = isObject(pod.spec) ? pod.spec : {};
  const list = (v: unknown): List[] => (Array.isArray(v) ? v.filter(isObject) : []);
  return [
    { prefix: 'container', containers: list(spec.containers) },
    { prefix: 'init container', containers: list(spec.initContainers) },
  ];
}

const isPod = (a: AdmissionAttributes): boolean => a.type.group === '' && a.type.kind === 'Pod';
const isClaim = (a: AdmissionAttributes): boolean => a.type.group === '' && a.type.kind === 'PersistentVolumeClaim';

export const limitRanger: AdmissionPlugin = {
  name: 'LimitRanger',
  admit(a) {
    // Pod containers cannot change after creation, so only creates are defaulted.
    if (a.operation !== 'CREATE' || !isPod(a) || a.subresource) return;
    for (const lr of limitRanges(a)) mergeDefaults(a.object, lr);
  },
  validate(a) {
    if (a.subresource) return;
    if (isPod(a) && a.operation === 'CREATE') {
      for (const lr of limitRanges(a)) refuse(a, validatePod(a.object, lr));
    } else if (isClaim(a) && (a.operation === 'CREATE' || a.operation === 'UPDATE')) {
      if (a.old?.metadata.deletionTimestamp) return;
      for (const lr of limitRanges(a)) refuse(a, validateClaim(a.object, lr));
    }
  },
};

/** runLimitFunc: one LimitRange's errors, aggregated the way utilerrors.NewAggregate prints them. */
function refuse(a: AdmissionAttributes, errs: string[]): void {
  const msgs = [...new Set(errs)];
  if (!msgs.length) return;
  throw forbidden(qualifiedResource(a.type), a.name, msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`);
}

/**
 * mergePodResourceRequirements: fill what each container leaves unset from the
 * LimitRange's Container defaults, and record it in the kubernetes.io/limit-ranger
 * annotation — per container, requests before limits, resource names sorted,
 * containers before init containers.
 */
function mergeDefaults(pod: KubeObject, lr: KubeObject): void {
  const defaultRequests: List = {};
  const defaultLimits: List = {};
  for (const item of itemsOf(lr, 'Container')) {
    if (isObject(item.defaultRequest)) Object.assign(defaultRequests, item.defaultRequest);
    if (isObject(item.default)) Object.assign(defaultLimits, item.default);
  }
  const notes: string[] = [];
  for (const { prefix, containers } of containerLists(pod)) {
    for (const c of containers) {
      const resources = isObject(c.resources) ? c.resources : (c.resources = {});
      const setRequests = fill(resources, 'requests', defaultRequests);
      const setLimits = fill(resources, 'limits', defaultLimits);
      if (setRequests.length) notes.push(`${setRequests.sort().join(', ')} request for ${prefix} ${String(c.name)}`);
      if (setLimits.length) notes.push(`${setLimits.sort().join(', ')} limit for ${prefix} ${String(c.name)}`);
    }
  }
  if (notes.length) {
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), 'kubernetes.io/limit-ranger': `LimitRanger plugin set: ${notes.join('; ')}` };
  }
}

function fill(resources: List, which: 'requests' | 'limits', defaults: List): string[] {
  const current: List = isObject(resources[which]) ? resources[which] : {};
  const set: string[] = [];
  for (const [k, v] of Object.entries(defaults)) {
    if (current[k] !== undefined) continue;
    current[k] = v;
    set.push(k);
  }
  if (Object.keys(current).length) resources[which] = current;
  return set;
}

/** PodValidateLimitFunc: Container bounds per container (and init container), Pod bounds on the totals. */
function validatePod(pod: KubeObject, lr: KubeObject): string[] {
  const errs: string[] = [];
  for (const item of itemsOf(lr, 'Container')) {
    for (const { containers } of containerLists(pod)) {
      for (const c of containers) {
        const res = isObject(c.resources) ? c.resources : {};
        checkBounds('Container', item, isObject(res.requests) ? res.requests : {}, isObject(res.limits) ? res.limits : {}, errs);
      }
    }
  }
  for (const item of itemsOf(lr, 'Pod')) {
    const { requests, limits } = podRequestsAndLimits(pod);
    checkBounds('Pod', item, requests, limits, errs);
  }
  return errs;
}

/** PersistentVolumeClaimValidateLimitFunc: min and max both apply to the storage request. */
function validateClaim(pvc: KubeObject, lr: KubeObject): string[] {
  const errs: string[] = [];
  const spec = isObject(pvc.spec) ? pvc.spec : {};
  const requests = isObject(spec.resources) && isObject(spec.resources.requests) ? spec.resources.requests : {};
  for (const item of itemsOf(lr, 'PersistentVolumeClaim')) {
    for (const [k, min] of Object.entries(isObject(item.min) ? item.min : {})) {
      const e = minConstraint('PersistentVolumeClaim', k, min, requests, {});
      if (e) errs.push(e);
    }
    for (const [k, max] of Object.entries(isObject(item.max) ? item.max : {})) {
      if (requests[k] === undefined) errs.push(`maximum ${k} usage per PersistentVolumeClaim is ${show(max, k)}.  No request is specified`);
      else if (value(requests[k]) > value(max)) errs.push(`maximum ${k} usage per PersistentVolumeClaim is ${show(max, k)}, but request is ${show(requests[k], k)}`);
    }
  }
  return errs;
}

function checkBounds(scope: string, item: List, requests: List, limits: List, errs: string[]): void {
  for (const [k, min] of Object.entries(isObject(item.min) ? item.min : {})) {
    const e = minConstraint(scope, k, min, requests, limits);
    if (e) errs.push(e);
  }
  for (const [k, max] of Object.entries(isObject(item.max) ? item.max : {})) {
    const e = maxConstraint(scope, k, max, requests, limits);
    if (e) errs.push(e);
  }
  for (const [k, ratio] of Object.entries(isObject(item.maxLimitRequestRatio) ? item.maxLimitRequestRatio : {})) {
    const e = ratioConstraint(scope, k, ratio, requests, limits);
    if (e) errs.push(e);
  }
}

function minConstraint(scope: string, k: string, min: unknown, requests: List, limits: List): string | undefined {
  if (requests[k] === undefined) return `minimum ${k} usage per ${scope} is ${show(min, k)}.  No request is specified`;
  if (value(requests[k]) < value(min)) return `minimum ${k} usage per ${scope} is ${show(min, k)}, but request is ${show(requests[k], k)}`;
  if (limits[k] !== undefined && value(limits[k]) < value(min)) return `minimum ${k} usage per ${scope} is ${show(min, k)}, but limit is ${show(limits[k], k)}`;
  return undefined;
}

function maxConstraint(scope: string, k: string, max: unknown, requests: List, limits: List): string | undefined {
  if (limits[k] === undefined) return `maximum ${k} usage per ${scope} is ${show(max, k)}.  No limit is specified`;
  if (value(limits[k]) > value(max)) return `maximum ${k} usage per ${scope} is ${show(max, k)}, but limit is ${show(limits[k], k)}`;
  if (requests[k] !== undefined && value(requests[k]) > value(max)) return `maximum ${k} usage per ${scope} is ${show(max, k)}, but request is ${show(requests[k], k)}`;
  return undefined;
}

function ratioConstraint(scope: string, k: string, ratio: unknown, requests: List, limits: List): string | undefined {
  const req = requests[k] === undefined ? 0 : value(requests[k]);
  const lim = limits[k] === undefined ? 0 : value(limits[k]);
  if (req === 0) return `${k} max limit to request ratio per ${scope} is ${show(ratio, k)}, but no request is specified or request is 0`;
  if (lim === 0) return `${k} max limit to request ratio per ${scope} is ${show(ratio, k)}, but no limit is specified or limit is 0`;
  // Go's %f: six decimals.
  if (lim / req > value(ratio)) return `${k} max limit to request ratio per ${scope} is ${show(ratio, k)}, but provided ratio is ${(lim / req).toFixed(6)}`;
  return undefined;
}

/** Numbers are already-summed base units (Pod totals); strings are quantities as stored. */
function value(v: unknown): number {
  return typeof v === 'number' ? v : parseQuantity(v)?.value ?? 0;
}

/** Quantity.String(): the canonical form (`2048Mi` prints as `2Gi`, `0.5` as `500m`). */
function show(v: unknown, name: string): string {
  if (typeof v === 'number') return formatQuantity(v, /memory|storage/.test(name) ? 'BinarySI' : 'DecimalSI');
  return canonical(v) ?? String(v);
}
