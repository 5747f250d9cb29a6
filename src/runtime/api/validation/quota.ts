// ResourceQuota and LimitRange.
// Upstream: pkg/apis/core/validation/validation.go (ValidateResourceQuota,
// ValidateResourceQuotaSpec, ValidateResourceQuotaResourceName,
// ValidateResourceQuantityValue, validateResourceQuotaScopes,
// ValidateResourceQuotaUpdate, ValidateLimitRange).
import { parseQuantity } from '../quantity';
import { duplicate, forbiddenField, invalid, required, type FieldError } from '../errors';
import type { KubeObject } from '../types';
import { isQualifiedName, nameIsDNSSubdomain } from './names';
import { validateObjectMeta, validateObjectMetaUpdate } from './objectmeta';
import { containerResourceName, quantityText, validateResourceName } from './podspec';
import { child, index, key, list, obj, str, type Obj } from './util';

const QUOTA_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);
const INTEGER_RESOURCES = new Set([
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);
const SCOPES = new Set(['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity', 'VolumeAttributesClass']);

function isExtendedResource(name: string): boolean {
  return name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.') && isQualifiedName(`requests.${name}`).length === 0;
}

/** ValidateResourceQuantityValue */
function quantityValue(name: string, raw: unknown, path: string): FieldError[] {
  const q = parseQuantity(raw);
  if (!q) return [];
  const errs: FieldError[] = [];
  if (q.value < 0) errs.push(invalid(path, quantityText(raw), 'must be greater than or equal to 0'));
  const integer = INTEGER_RESOURCES.has(name) || name.startsWith('count/') || isExtendedResource(name);
  if (integer && Math.round(q.value * 1000) % 1000 !== 0) errs.push(invalid(path, quantityText(raw), 'must be an integer'));
  return errs;
}

function quotaResourceName(name: string, path: string): FieldError[] {
  const errs = validateResourceName(name, path);
  if (!name.includes('/') && !QUOTA_RESOURCES.has(name) && !name.startsWith('hugepages-') && !name.startsWith('requests.hugepages-')) {
    errs.push(invalid(path, name, 'must be a standard resource for quota'));
  }
  return errs;
}

function quotaSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  for (const [name, raw] of Object.entries(obj(spec.hard) ?? {})) {
    const p = key('spec.hard', name);
    errs.push(...quotaResourceName(name, p));
    errs.push(...quantityValue(name, raw, p));
  }
  const scopes = list(spec.scopes).map(str);
  if (scopes.length > 0) {
    for (const s of scopes) if (!SCOPES.has(s)) errs.push(invalid('spec.scopes', scopes, 'unsupported scope'));
    const has = (s: string): boolean => scopes.includes(s);
    if (has('BestEffort') && has('NotBestEffort')) errs.push(invalid('spec.scopes', scopes, 'conflicting scopes'));
    if (has('Terminating') && has('NotTerminating')) errs.push(invalid('spec.scopes', scopes, 'conflicting scopes'));
  }
  return errs;
}

export function validateResourceQuota(rq: KubeObject): FieldError[] {
  return [...validateObjectMeta(rq.metadata, true, nameIsDNSSubdomain), ...quotaSpec(obj(rq.spec) ?? {})];
}

export function validateResourceQuotaUpdate(rq: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(rq.metadata, old.metadata), ...quotaSpec(obj(rq.spec) ?? {})];
  const now = new Set(list(obj(rq.spec)?.scopes).map(str));
  const before = new Set(list(obj(old.spec)?.scopes).map(str));
  if (now.size !== before.size || [...now].some((s) => !before.has(s))) {
    errs.push(invalid('spec.scopes', list(obj(rq.spec)?.scopes), 'field is immutable'));
  }
  return errs;
}

// ---- LimitRange ------------------------------------------------------------------------------

const LIMIT_TYPES = new Set(['Pod', 'Container', 'PersistentVolumeClaim']);

function limitTypeName(type: string, path: string): FieldError[] {
  const errs = isQualifiedName(type).map((m) => invalid(path, type, m));
  if (errs.length) return errs;
  if (!type.includes('/') && !LIMIT_TYPES.has(type)) errs.push(invalid(path, type, 'must be a standard limit type or fully qualified'));
  return errs;
}

export function validateLimitRange(lr: KubeObject): FieldError[] {
  const errs = validateObjectMeta(lr.metadata, true, nameIsDNSSubdomain);
  const seenTypes = new Set<string>();
  list(obj(lr.spec)?.limits).forEach((raw, i) => {
    const limit = obj(raw) ?? {};
    const p = index('spec.limits', i);
    const type = str(limit.type);
    errs.push(...limitTypeName(type, child(p, 'type')));
    if (seenTypes.has(type)) errs.push(duplicate(child(p, 'type'), type));
    seenTypes.add(type);
    const nameCheck = type === 'Pod' || type === 'Container' ? containerResourceName : validateResourceName;
    const keys: string[] = [];
    const section = (field: string): Obj => {
      const values = obj(limit[field]) ?? {};
      for (const k of Object.keys(values)) {
        errs.push(...nameCheck(k, key(child(p, field), k)));
        if (!keys.includes(k)) keys.push(k);
      }
      return values;
    };
    const max = section('max');
    const min = section('min');
    let defaults: Obj = {};
    let defaultRequests: Obj = {};
    if (type === 'Pod') {
      if (Object.keys(obj(limit.default) ?? {}).length) errs.push(forbiddenField(child(p, 'default'), "may not be specified when `type` is 'Pod'"));
      if (Object.keys(obj(limit.defaultRequest) ?? {}).length) errs.push(forbiddenField(child(p, 'defaultRequest'), "may not be specified when `type` is 'Pod'"));
    } else {
      defaults = section('default');
      defaultRequests = section('defaultRequest');
    }
    if (type === 'PersistentVolumeClaim' && !('storage' in min) && !('storage' in max)) {
      errs.push(required(child(p, 'limits'), 'either minimum or maximum storage value is required, but neither was provided'));
    }
    const ratios = section('maxLimitRequestRatio');
    const q = (m: Obj, k: string): number | undefined => (k in m ? parseQuantity(m[k])?.value : undefined);
    const t = (m: Obj, k: string): string => quantityText(m[k]);
    for (const k of keys) {
      const mn = q(min, k);
      const mx = q(max, k);
      const df = q(defaults, k);
      const dr = q(defaultRequests, k);
      const ratio = q(ratios, k);
      if (mn !== undefined && mx !== undefined && mn > mx) errs.push(invalid(key(child(p, 'min'), k), t(min, k), `min value ${t(min, k)} is greater than max value ${t(max, k)}`));
      if (dr !== undefined && mn !== undefined && mn > dr) {
        errs.push(invalid(key(child(p, 'defaultRequest'), k), t(defaultRequests, k), `min value ${t(min, k)} is greater than default request value ${t(defaultRequests, k)}`));
      }
      if (dr !== undefined && mx !== undefined && dr > mx) {
        errs.push(invalid(key(child(p, 'defaultRequest'), k), t(defaultRequests, k), `default request value ${t(defaultRequests, k)} is greater than max value ${t(max, k)}`));
      }
      if (dr !== undefined && df !== undefined && dr > df) {
        errs.push(invalid(key(child(p, 'defaultRequest'), k), t(defaultRequests, k), `default request value ${t(defaultRequests, k)} is greater than default limit value ${t(defaults, k)}`));
      }
      if (df !== undefined && mn !== undefined && mn > df) errs.push(invalid(key(child(p, 'default'), k), t(min, k), `min value ${t(min, k)} is greater than default value ${t(defaults, k)}`));
      if (df !== undefined && mx !== undefined && df > mx) errs.push(invalid(key(child(p, 'default'), k), t(max, k), `default value ${t(defaults, k)} is greater than max value ${t(max, k)}`));
      if (ratio !== undefined && ratio < 1) errs.push(invalid(key(child(p, 'maxLimitRequestRatio'), k), t(ratios, k), `ratio ${t(ratios, k)} is less than 1`));
    }
  });
  return errs;
}

export function validateLimitRangeUpdate(lr: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(lr.metadata, old.metadata), ...validateLimitRange(lr)];
}
