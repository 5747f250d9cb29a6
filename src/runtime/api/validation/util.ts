// Small helpers shared by the validators: defensive field access on loosely
// typed JSON, field-path building in field.Path notation, and shaping of the
// "bad values" that go into an error the way Go would print them.
//
// Why the value shaping matters: a v1.34 apiserver renders a composite bad
// value (a map, a struct, a slice) as JSON. A Go map is printed with sorted
// keys; a Go struct with its fields in declaration order. The validators here
// therefore hand errors.ts plain objects whose key order already is the order
// Go would print, so a renderer only has to keep insertion order.
import { invalid, type FieldError } from '../errors';
import { isObject } from '../types';

export type Obj = Record<string, unknown>;

/** Upstream apimachinery constants (api/validation/generic.go, objectmeta.go). */
export const IS_NEGATIVE = 'must be greater than or equal to 0';
export const FIELD_IMMUTABLE = 'field is immutable';
export const NOT_POSITIVE = 'must be greater than zero';

export function obj(v: unknown): Obj | undefined {
  return isObject(v) ? v : undefined;
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** A scalar as text (label values and data are strings; numbers and booleans are tolerated). */
export function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

const NO_ITEMS: readonly unknown[] = Object.freeze([]);

export function list(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : NO_ITEMS;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function has(o: Obj | undefined, key: string): boolean {
  return !!o && o[key] !== undefined && o[key] !== null;
}

/** field.Path.Child */
export function child(path: string, name: string, ...more: string[]): string {
  let p = path ? `${path}.${name}` : name;
  for (const n of more) p = p ? `${p}.${n}` : n;
  return p;
}

/** `base.field`, or `base` itself when there is no field: for paths built only when an error needs them. */
export function at(base: string, field: string): string {
  return field ? child(base, field) : base;
}

/** Appends `more` to `errs` (no spread: most results are empty). */
export function pushAll<T>(errs: T[], more: readonly T[]): void {
  for (let i = 0; i < more.length; i++) errs.push(more[i]);
}

/** field.Path.Index */
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** field.Path.Key: map keys print bare inside brackets. */
export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

/** A string map (labels, selectors, data) as a record of strings; undefined when absent. */
export function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) out[k] = text(val);
  return out;
}

/** A Go map value: keys in sorted (byte) order, as encoding/json emits them. */
export function goMap(v: unknown): Obj | null {
  if (!isObject(v)) return null;
  const out: Obj = {};
  for (const k of Object.keys(v).sort(byteOrder)) out[k] = v[k];
  return out;
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A metav1.LabelSelector as encoding/json prints it (json tags, omitempty). */
export function selectorValue(sel: unknown): Obj | null {
  const s = obj(sel);
  if (!s) return null;
  const out: Obj = {};
  const ml = goMap(s.matchLabels);
  if (ml && Object.keys(ml).length) out.matchLabels = ml;
  const exprs = list(s.matchExpressions);
  if (exprs.length) {
    out.matchExpressions = exprs.map((e) => {
      const r = obj(e) ?? {};
      const req: Obj = { key: str(r.key), operator: str(r.operator) };
      if (list(r.values).length) req.values = list(r.values);
      return req;
    });
  }
  return out;
}

/** ValidateNonnegativeField */
export function nonNegative(value: unknown, path: string): FieldError[] {
  const n = num(value);
  return n !== undefined && n < 0 ? [invalid(path, n, IS_NEGATIVE)] : [];
}

/**
 * apiequality.Semantic.DeepEqual on JSON values: like a plain deep equality,
 * except that a missing value, null, an empty list and an empty map are the
 * same (Go's nil and empty slices and maps compare equal there).
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isEmptyish(a) && isEmptyish(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => semanticEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!semanticEqual(a[k], b[k])) return false;
    return true;
  }
  return a === b;
}

function isEmptyish(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.keys(v).length === 0;
  return false;
}

/** ValidateImmutableField: the new value is printed. */
export function immutable(newValue: unknown, oldValue: unknown, path: string, shown: unknown = newValue): FieldError[] {
  return semanticEqual(newValue, oldValue) ? [] : [invalid(path, shown ?? null, FIELD_IMMUTABLE)];
}

/** Go's len() on a string counts UTF-8 bytes. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: two UTF-16 units, four UTF-8 bytes.
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}

/** fmt's %#v of a []string, used where upstream formats a list into a detail message. */
export function goStringSlice(xs: string[]): string {
  return `[]string{${xs.map((x) => JSON.stringify(x)).join(', ')}}`;
}

/** fmt's %s of a []string: `[a b c]`. */
export function goStringList(xs: string[]): string {
  return `[${xs.join(' ')}]`;
}

/** An intstr.IntOrString as it marshals: a number or a string. */
export function intOrStringValue(v: unknown): number | string {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v;
  return 0;
}

/** intstr.IntOrString.IntValue(): strings go through strconv.Atoi (0 on failure). */
export function intOrStringInt(v: unknown): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string' && /^[+-]?\d+$/.test(v)) return Number(v);
  return 0;
}
