// Patches: JSON merge patch (RFC 7386), strategic merge patch for the list
// fields Kubernetes merges by key, JSON patch (RFC 6902), and the three-way
// merge that client-side `kubectl apply` performs.
import { badRequest } from './errors';
import { asArray, deepClone, isObject } from './types';

type Obj = Record<string, unknown>;

/** Where a list is merged element by element instead of replaced: field name → merge key. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  ownerReferences: 'uid',
  conditions: 'type',
  resourceClaims: 'name',
  schedulingGates: 'name',
  topologySpreadConstraints: 'topologyKey',
};

/** Lists of scalars that merge as sets (patchStrategy: merge on a primitive list). */
const SET_LISTS = new Set(['finalizers']);

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/**
 * Service ports merge by `port`, container ports by `containerPort`; other
 * `ports` lists (NetworkPolicy, EndpointSlice, Ingress backends) are atomic.
 */
function mergeKeyFor(name: string, path: string[]): string | undefined {
  if (name === 'ports') {
    if (path.length === 1 && path[0] === 'spec') return 'port';
    return CONTAINER_LISTS.has(path[path.length - 1]) ? 'containerPort' : undefined;
  }
  return MERGE_KEYS[name];
}

/**
 * strategicpatch's normalizeElementOrder/mergeSortedSlice: the items named by
 * the patch keep the patch's order, the server-only items keep the live order,
 * and each server-only item goes before the first patch item that comes after
 * it in the live list. A patch item the live list does not have goes first, so
 * a new container added by a patch lands at the front, as with kubectl patch.
 */
function interleave(serverOnly: unknown[], patchItems: unknown[], serverOrder: unknown[], keyOf: (x: unknown) => unknown): unknown[] {
  const at = (x: unknown): number => serverOrder.findIndex((s) => keyOf(s) === keyOf(x));
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < patchItems.length) {
    if (i >= serverOnly.length) out.push(patchItems[j++]);
    else if (j >= patchItems.length) out.push(serverOnly[i++]);
    else {
      const li = at(serverOnly[i]);
      const ri = at(patchItems[j]);
      if (li >= 0 && ri >= 0 && li < ri) out.push(serverOnly[i++]);
      else out.push(patchItems[j++]);
    }
  }
  return out;
}

/** Split `merged` into the items the patch names (in patch order) and the rest, then interleave them. */
function orderAfterMerge(merged: unknown[], patchKeys: unknown[], serverOrder: unknown[], keyOf: (x: unknown) => unknown): unknown[] {
  const rank = (x: unknown): number => patchKeys.indexOf(keyOf(x));
  const inPatch = merged.filter((m) => rank(m) >= 0).sort((a, b) => rank(a) - rank(b));
  const serverOnly = merged.filter((m) => rank(m) < 0);
  return interleave(serverOnly, inPatch, serverOrder, keyOf);
}

const identity = (x: unknown): unknown => x;

export function jsonMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return deepClone(patch);
  const out: Obj = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = jsonMergePatch(out[k], v);
  }
  return out;
}

/** Strategic merge patch: like a merge patch, but keyed lists merge and `$patch` directives apply. */
export function strategicMergePatch(target: unknown, patch: unknown, path: string[] = []): unknown {
  if (!isObject(patch)) return deepClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return deepClone(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Obj = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (k.startsWith('$setElementOrder/') || k.startsWith('$deleteFromPrimitiveList/')) continue;
    if (v === null) {
      delete out[k];
      continue;
    }
    const key = mergeKeyFor(k, path);
    if (Array.isArray(v) && key && Array.isArray(out[k])) {
      out[k] = mergeKeyedList(out[k] as unknown[], v, key, [...path, k]);
    } else if (Array.isArray(v) && SET_LISTS.has(k) && Array.isArray(out[k])) {
      const live = asArray(out[k]);
      const added: unknown[] = v;
      out[k] = orderAfterMerge([...new Set([...live, ...added])], added, live, identity);
    } else {
      const merged = strategicMergePatch(out[k], v, [...path, k]);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
  }
  for (const [k, v] of Object.entries(patch)) {
    const del = /^\$deleteFromPrimitiveList\/(.+)$/.exec(k);
    if (del && Array.isArray(v) && Array.isArray(out[del[1]])) out[del[1]] = (out[del[1]] as unknown[]).filter((x) => !v.includes(x));
  }
  return out;
}

function mergeKeyedList(current: unknown[], patch: unknown[], key: string, path: string[]): unknown[] {
  const keyOf = (x: unknown): unknown => (isObject(x) ? x[key] : undefined);
  const isDelete = (x: unknown): boolean => isObject(x) && x.$patch === 'delete';
  // `$patch: delete` elements first remove their match from the live list.
  const deleted = new Set<unknown>(patch.filter(isDelete).map(keyOf).filter((k) => k !== undefined));
  const live = current.filter((c) => !deleted.has(keyOf(c)));
  const items = patch.filter((p) => !isDelete(p));
  const merged = [...live];
  const keyless: unknown[] = [];
  for (const item of items) {
    const k = keyOf(item);
    if (k === undefined) {
      keyless.push(deepClone(item));
      continue;
    }
    const i = merged.findIndex((c) => keyOf(c) === k);
    if (i >= 0) merged[i] = strategicMergePatch(merged[i], item, path);
    else merged.push(strategicMergePatch(undefined, item, path));
  }
  return [...orderAfterMerge(merged, items.map(keyOf).filter((k) => k !== undefined), live, keyOf), ...keyless];
}

export interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = deepClone(target);
  for (const raw of ops) {
    if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') throw badRequest('invalid JSON patch operation');
    const op = raw as unknown as JsonPatchOp;
    switch (op.op) {
      case 'add':
        doc = setAt(doc, pointer(op.path), deepClone(op.value), true);
        break;
      case 'replace':
        getAt(doc, pointer(op.path), op.path);
        doc = setAt(doc, pointer(op.path), deepClone(op.value), false);
        break;
      case 'remove':
        getAt(doc, pointer(op.path), op.path);
        doc = removeAt(doc, pointer(op.path));
        break;
      case 'copy':
      case 'move': {
        const from = op.from ?? '';
        const v = deepClone(getAt(doc, pointer(from), from));
        if (op.op === 'move') doc = removeAt(doc, pointer(from));
        doc = setAt(doc, pointer(op.path), v, true);
        break;
      }
      case 'test':
        if (JSON.stringify(getAt(doc, pointer(op.path), op.path)) !== JSON.stringify(op.value)) throw badRequest(`testing value ${op.path} failed`);
        break;
      default:
        throw badRequest(`Unexpected kind: ${String((op as { op: unknown }).op)}`);
    }
  }
  return doc;
}

function pointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw badRequest(`JSON pointer must start with '/': ${p}`);
  return p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAt(doc: unknown, parts: string[], raw: string): unknown {
  let cur = doc;
  for (const part of parts) {
    if (Array.isArray(cur)) cur = cur[Number(part)];
    else if (isObject(cur)) cur = cur[part];
    else cur = undefined;
    if (cur === undefined) throw badRequest(`jsonpatch: path ${raw} does not exist`);
  }
  return cur;
}

function setAt(doc: unknown, parts: string[], value: unknown, insert: boolean): unknown {
  if (parts.length === 0) return value;
  const [head, ...rest] = parts;
  if (Array.isArray(doc)) {
    const copy = [...asArray(doc)];
    const idx = head === '-' ? copy.length : Number(head);
    if (!Number.isInteger(idx) || idx < 0 || idx > copy.length) throw badRequest(`jsonpatch: index out of range: ${head}`);
    if (rest.length === 0) {
      if (insert) copy.splice(idx, 0, value);
      else copy[idx] = value;
    } else copy[idx] = setAt(copy[idx], rest, value, insert);
    return copy;
  }
  if (!isObject(doc)) throw badRequest(`jsonpatch: missing parent for /${parts.join('/')}`);
  return { ...doc, [head]: rest.length === 0 ? value : setAt(doc[head], rest, value, insert) };
}

function removeAt(doc: unknown, parts: string[]): unknown {
  const [head, ...rest] = parts;
  if (Array.isArray(doc)) {
    const copy = [...asArray(doc)];
    if (rest.length === 0) copy.splice(Number(head), 1);
    else copy[Number(head)] = removeAt(copy[Number(head)], rest);
    return copy;
  }
  if (!isObject(doc)) return doc;
  const copy = { ...doc };
  if (rest.length === 0) delete copy[head];
  else copy[head] = removeAt(copy[head], rest);
  return copy;
}

/**
 * Client-side apply's three-way merge. `original` is the last-applied
 * configuration, `modified` the new manifest, `current` the live object:
 * fields in `modified` win, fields that were applied before but are gone from
 * `modified` are removed, and fields nobody applied (defaults, other writers) stay.
 */
export function threeWayMerge(original: unknown, modified: unknown, current: unknown, path: string[] = []): unknown {
  if (!isObject(modified)) return deepClone(modified);
  const cur: Obj = isObject(current) ? current : {};
  const orig: Obj = isObject(original) ? original : {};
  const out: Obj = { ...cur };
  for (const k of Object.keys(orig)) if (!(k in modified)) delete out[k];
  for (const [k, v] of Object.entries(modified)) {
    const key = mergeKeyFor(k, path);
    if (v === null) delete out[k];
    else if (Array.isArray(v) && key) out[k] = threeWayList(asArray(orig[k]), v, asArray(cur[k]), key, [...path, k]);
    else if (Array.isArray(v) && SET_LISTS.has(k)) out[k] = threeWaySet(asArray(orig[k]), v, asArray(cur[k]));
    else out[k] = threeWayMerge(orig[k], v, cur[k], [...path, k]);
  }
  return out;
}


function threeWayList(original: unknown[], modified: unknown[], current: unknown[], key: string, path: string[]): unknown[] {
  const keyOf = (x: unknown): unknown => (isObject(x) ? x[key] : undefined);
  const findIn = (list: unknown[], k: unknown): unknown => list.find((x) => keyOf(x) === k);
  const modifiedKeys = modified.map(keyOf);
  const originalKeys = new Set(original.map(keyOf));
  const desired = modified.map((m) => {
    const k = keyOf(m);
    return k === undefined ? deepClone(m) : threeWayMerge(findIn(original, k), m, findIn(current, k), path);
  });
  // What others added (never applied, not in the manifest) stays, in its live place ($setElementOrder semantics).
  const serverOnly = current.filter((c) => {
    const k = keyOf(c);
    return k !== undefined && !modifiedKeys.includes(k) && !originalKeys.has(k);
  });
  return interleave(serverOnly, desired, current, keyOf);
}

function threeWaySet(original: unknown[], modified: unknown[], current: unknown[]): unknown[] {
  const removed = new Set(original.filter((x) => !modified.includes(x)));
  const kept = current.filter((x) => !removed.has(x) && !modified.includes(x));
  return interleave(kept, [...modified], current, identity);
}

/** Go's json.Marshal of a map: keys sorted, no spaces. kubectl stores last-applied this way. */
export function sortedJSON(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJSON).join(',')}]`;
  if (isObject(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${goJSONString(k)}:${sortedJSON(v[k])}`).join(',')}}`;
  }
  if (typeof v === 'string') return goJSONString(v);
  return JSON.stringify(v ?? null);
}

/** Go escapes <, > and & in JSON strings (HTML-safe encoding). */
function goJSONString(s: string): string {
  // encoding/json also escapes the JavaScript line terminators U+2028 and U+2029.
  return JSON.stringify(s)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** JSON equality, where an undefined field equals a missing one. Allocation-free: every write compares its object. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (!isObject(a) || !isObject(b)) return false;
  let defined = 0;
  for (const k in a) {
    const v = a[k];
    if (v === undefined) continue;
    defined++;
    if (!deepEqual(v, b[k])) return false;
  }
  for (const k in b) if (b[k] !== undefined) defined--;
  return defined === 0;
}
