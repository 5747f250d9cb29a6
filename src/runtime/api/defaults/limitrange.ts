// LimitRange and ResourceQuota (v1). Upstream: pkg/apis/core/v1/defaults.go
// SetDefaults_LimitRangeItem and SetDefaults_ResourceList (zz_generated
// calls it on every resource list of these kinds).
import type { KubeObject } from '../types';
import { canonicalizeResourceList } from './quantity';
import { asObj, child, ensureChild, objects, type Obj } from './util';

const LISTS = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'];

/** Copy entries missing from `to` out of `from`. */
function fill(to: Obj, from: unknown): void {
  for (const [name, value] of Object.entries(asObj(from) ?? {})) if (!(name in to)) to[name] = value;
}

export function defaultLimitRangeItem(item: Obj): void {
  if (item.type === 'Container') {
    const def = asObj(item.default) ?? (item.default === undefined || item.default === null ? {} : undefined);
    const defReq = asObj(item.defaultRequest) ?? (item.defaultRequest === undefined || item.defaultRequest === null ? {} : undefined);
    if (def && defReq) {
      // default limit ← max; default request ← default limit, then ← min.
      fill(def, item.max);
      fill(defReq, def);
      fill(defReq, item.min);
      // Empty maps serialize as absent, so only keep what has entries.
      if (Object.keys(def).length > 0) item.default = def;
      if (Object.keys(defReq).length > 0) item.defaultRequest = defReq;
    }
  }
  for (const key of LISTS) canonicalizeResourceList(item[key]);
}

export function defaultLimitRange(obj: KubeObject): void {
  for (const item of objects(child(obj, 'spec')?.limits)) defaultLimitRangeItem(item);
}

export function defaultResourceQuota(obj: KubeObject): void {
  canonicalizeResourceList(child(obj, 'spec')?.hard);
  const status = ensureChild(obj, 'status');
  canonicalizeResourceList(status?.hard);
  canonicalizeResourceList(status?.used);
}
