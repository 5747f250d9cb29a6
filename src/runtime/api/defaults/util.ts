// Small, defensive helpers shared by the defaulters. The store holds whatever
// JSON the user sent, so every step checks the shape it is about to touch and
// silently skips anything it cannot default (validation reports it later).
import { isObject } from '../types';

export type Obj = Record<string, unknown>;

/** The value as a plain object, or undefined when it is anything else. */
export function asObj(v: unknown): Obj | undefined {
  return isObject(v) ? v : undefined;
}

/** The plain-object members of an array (non-objects are skipped). */
export function objects(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

/** A child object, or undefined when it is missing or of the wrong type. */
export function child(parent: Obj | undefined, key: string): Obj | undefined {
  return parent ? asObj(parent[key]) : undefined;
}

/**
 * A child object, created when it is missing (undefined or null, like a nil
 * Go pointer). Returns undefined when the key holds a value of another type,
 * which we must not overwrite.
 */
export function ensureChild(parent: Obj | undefined, key: string): Obj | undefined {
  if (!parent) return undefined;
  const cur = parent[key];
  if (isObject(cur)) return cur;
  if (cur === undefined || cur === null) {
    const created: Obj = {};
    parent[key] = created;
    return created;
  }
  return undefined;
}

/** Nil pointer / absent field. */
export function isNil(v: unknown): boolean {
  return v === undefined || v === null;
}

/** Set a field when it is absent (nil pointer semantics). */
export function setDefault(o: Obj | undefined, key: string, value: unknown): void {
  if (o && isNil(o[key])) o[key] = value;
}

/** Set a string field when it is absent or the empty string (Go `== ""` checks). */
export function setDefaultString(o: Obj | undefined, key: string, value: string): void {
  if (o && (isNil(o[key]) || o[key] === '')) o[key] = value;
}

/** Set a number field when it is absent or zero (Go `== 0` checks on plain ints). */
export function setDefaultNonZero(o: Obj | undefined, key: string, value: number): void {
  if (o && (isNil(o[key]) || o[key] === 0)) o[key] = value;
}

/** A map-like field (labels, selectors, resource lists) with at least one entry. */
export function nonEmptyMap(v: unknown): v is Obj {
  return isObject(v) && Object.keys(v).length > 0;
}

/** Go's `len(slice) == 0` for a field that may be absent or of the wrong type. */
export function emptyList(v: unknown): boolean {
  return isNil(v) || (Array.isArray(v) && v.length === 0);
}

export function isTrue(v: unknown): boolean {
  return v === true;
}
