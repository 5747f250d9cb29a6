// Loose object shapes: the store holds whatever JSON the user sent (after
// decoding, defaulting and validation), so fields are read defensively.

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** A JSON value as it arrives from YAML or a patch. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Read a nested field without caring whether intermediate objects exist. */
export function field(obj: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

/** Get or create a nested plain object (used by defaulters). */
export function ensureObject(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const cur = parent[key];
  if (isObject(cur)) return cur;
  const created: Record<string, unknown> = {};
  parent[key] = created;
  return created;
}

/** Array.isArray narrows to any[]; this keeps elements unknown. */
export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? (v as unknown[]) : [];
}

/**
 * Deep copy of JSON-shaped data (plain objects, arrays, primitives). Several
 * times faster than structuredClone for API objects, and the result is never frozen.
 */
export function deepClone<T>(value: T): T {
  return copyValue(value, false) as T;
}

/**
 * Deep copy that shares frozen subtrees: the store deep-freezes what it keeps,
 * so a frozen part of the input can never change under the apiserver. For
 * writes that only read their input (the status subresource).
 */
export function cloneThawed<T>(value: T): T {
  return copyValue(value, true) as T;
}

function copyValue(v: unknown, shareFrozen: boolean): unknown {
  if (v === null || typeof v !== 'object' || (shareFrozen && Object.isFrozen(v))) return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copyValue(v[i], shareFrozen);
    return out;
  }
  // A spread copies the source's layout in one step (several times faster than adding keys one by one,
  // which also spills past four keys into a separate property store); then only nested values are replaced.
  const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
  for (const k in out) {
    const c = out[k];
    if (c !== null && typeof c === 'object') out[k] = copyValue(c, shareFrozen);
  }
  return out;
}
