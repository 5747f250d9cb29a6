// The multi-line blocks every describer shares: labels, annotations (long
// values wrapped, the last-applied configuration skipped), taints,
// tolerations and pod name lists, each `<none>` when empty.
import { byteLength, byteSlice, compare, list, str, stringMap } from './format';
import { LEVEL_0, type PrefixWriter } from './writer';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MAX_ANNOTATION_LEN = 140;

/** printLabelsMultilineWithIndent: `Title:<inner>k=v`, continuation lines start with initialIndent + innerIndent. */
export function printLabelsMultiline(w: PrefixWriter, title: string, labels: unknown, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const m = stringMap(labels);
  const keys = Object.keys(m).sort(compare);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}${innerIndent}`);
    w.write(LEVEL_0, `${key}=${m[key]}\n`);
  });
}

/** printAnnotationsMultiline: `key: value`, or the value on its own lines when long or multi-line. */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: unknown): void {
  w.write(LEVEL_0, `${title}:\t`);
  const m = stringMap(annotations);
  const keys = Object.keys(m)
    .filter((k) => k !== LAST_APPLIED)
    .sort(compare);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const value = m[key].endsWith('\n') ? m[key].slice(0, -1) : m[key];
    if (byteLength(value) + byteLength(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

function shorten(s: string, max: number): string {
  return byteLength(s) > max ? `${byteSlice(s, max)}...` : s;
}

/** Taint.ToString: `key=value:Effect`, `key:Effect`, `key=value:` or `key`. */
export function taintString(t: Record<string, unknown>): string {
  const key = str(t.key);
  const value = str(t.value);
  const effect = str(t.effect);
  if (effect === '') return value === '' ? key : `${key}=${value}:`;
  return value === '' ? `${key}:${effect}` : `${key}=${value}:${effect}`;
}

/** printNodeTaintsMultiline: taints sorted by effect then key. */
export function printTaintsMultiline(w: PrefixWriter, title: string, taints: unknown): void {
  w.write(LEVEL_0, `${title}:\t`);
  const items = list(taints);
  if (items.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const sortKey = (t: Record<string, unknown>): string => `${str(t.effect)},${str(t.key)}`;
  stableSort(items, (a, b) => compare(sortKey(a), sortKey(b))).forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

/** printTolerationsMultilineWithIndent: `key=value:Effect op=Exists for 300s`, sorted by key. */
export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: unknown, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const items = list(tolerations);
  if (items.length === 0) {
    w.writeLine('<none>');
    return;
  }
  stableSort(items, (a, b) => compare(str(a.key), str(b.key))).forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}${innerIndent}`);
    w.write(LEVEL_0, tolerationString(t));
    w.write(LEVEL_0, '\n');
  });
}

function tolerationString(t: Record<string, unknown>): string {
  const key = str(t.key);
  const value = str(t.value);
  const effect = str(t.effect);
  let out = key;
  if (value !== '') out += `=${value}`;
  if (effect !== '') out += `:${effect}`;
  // An operator Exists without a value tolerates every value (or, with no key and effect, every taint).
  if (t.operator === 'Exists' && value === '') out += key !== '' || effect !== '' ? ' op=Exists' : 'op=Exists';
  if (typeof t.tolerationSeconds === 'number') out += ` for ${t.tolerationSeconds}s`;
  return out;
}

/** printPodsMultiline: pod names, sorted. */
export function printPodsMultiline(w: PrefixWriter, title: string, names: string[]): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (names.length === 0) {
    w.writeLine('<none>');
    return;
  }
  [...names].sort(compare).forEach((name, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${name}\n`);
  });
}

/** sort.Slice on short lists behaves as an insertion sort, which keeps ties in order. */
export function stableSort<T>(items: readonly T[], cmp: (a: T, b: T) => number): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => cmp(a.item, b.item) || a.i - b.i)
    .map((x) => x.item);
}
