// Value formatting shared by the describers: Go's time.RFC1123Z, HumanDuration
// ages, fmt's %v of slices, label maps and selectors, quantities and
// IntOrString, read defensively from the loosely typed stored objects.
import { canonicalQuantity } from '../../runtime/api/defaults/quantity';
import { formatSelector, fromLabelSelector } from '../../runtime/api/selectors';
import { isObject, type KubeObject } from '../../runtime/api/types';
import { parseRFC3339 } from '../../runtime/clock';
import { humanDuration } from '../printers/duration';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Go's zero time.Time, printed for timestamps that are unset (a null lastProbeTime). */
const ZERO_TIME = 'Mon, 01 Jan 0001 00:00:00 +0000';

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** time.RFC1123Z in UTC (the simulated clock is UTC): `Thu, 01 Jan 2026 00:00:00 +0000`. */
export function rfc1123z(ts: unknown): string {
  const ms = timestampMs(ts);
  if (ms === undefined) return ZERO_TIME;
  const d = new Date(Math.floor(ms / 1000) * 1000);
  const year = String(d.getUTCFullYear()).padStart(4, '0');
  const clock = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${year} ${clock} +0000`;
}

export function timestampMs(ts: unknown): number | undefined {
  return typeof ts === 'string' && ts !== '' ? parseRFC3339(ts) : undefined;
}

/** translateTimestampSince: HumanDuration of the time since `ts`, or `<unknown>` when unset. */
export function since(now: number, ts: unknown): string {
  const ms = timestampMs(ts);
  return ms === undefined ? '<unknown>' : humanDuration(now - ms);
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

export function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

export function obj(v: unknown): Record<string, unknown> {
  return isObject(v) ? v : {};
}

export function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map((x) => str(x)) : [];
}

export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObject(v)) for (const [k, x] of Object.entries(v)) out[k] = str(x);
  return out;
}

/** printBool: `True` / `False`. */
export function printBool(v: unknown): string {
  return v === true ? 'True' : 'False';
}

/** printBoolPtr: `<unset>` when the field is absent. */
export function printBoolPtr(v: unknown): string {
  return typeof v === 'boolean' ? printBool(v) : '<unset>';
}

export function stringOrNone(s: string): string {
  return s === '' ? '<none>' : s;
}

/** fmt's %v of a []string: `[a b c]`. */
export function goSlice(v: unknown): string {
  return `[${strings(v).join(' ')}]`;
}

/** Go's %v of a bool field that may be absent (false). */
export function goBool(v: unknown): string {
  return v === true ? 'true' : 'false';
}

/** labels.FormatLabels: sorted `k=v` joined by commas, `<none>` when empty. */
export function formatLabels(m: unknown): string {
  const entries = Object.entries(stringMap(m)).sort(([a], [b]) => compare(a, b));
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
}

/** metav1.LabelSelectorAsSelector(sel).String(): requirements sorted by key, empty for nil or `{}`. */
export function selectorString(sel: unknown): string {
  return formatSelector([...fromLabelSelector(sel)].sort((a, b) => compare(a.key, b.key)));
}

/** metav1.FormatLabelSelector: the selector string, or `<none>`. */
export function formatLabelSelector(sel: unknown): string {
  return selectorString(sel) || '<none>';
}

/** Quantity.String() of a stored quantity; a missing one is the zero Quantity, `0`. */
export function quantity(v: unknown): string {
  if (v === undefined || v === null) return '0';
  return canonicalQuantity(v) ?? str(v);
}

/** intstr.IntOrString.String(). */
export function intOrString(v: unknown): string {
  return str(v);
}

/** Go's string ordering (bytewise, which is UTF-16 order for the ASCII keys Kubernetes uses). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedKeys(m: unknown): string[] {
  return isObject(m) ? Object.keys(m).sort(compare) : [];
}

export const meta = (o: KubeObject): KubeObject['metadata'] => o.metadata;
export const spec = (o: KubeObject): Record<string, unknown> => obj(o.spec);
export const status = (o: KubeObject): Record<string, unknown> => obj(o.status);

/** printController: `Kind/name` of the controlling owner, or empty. */
export function controlledBy(o: KubeObject): string {
  const ref = (o.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

/** Go's len() of a string counts UTF-8 bytes. */
export function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** s[:n] on the UTF-8 bytes, as Go slices strings. */
export function byteSlice(s: string, n: number): string {
  return new TextDecoder().decode(new TextEncoder().encode(s).slice(0, n));
}
