// Cell formatting shared by the printers, after upstream's helpers:
// translateTimestampSince, labels.FormatLabels, metav1.FormatLabelSelector,
// layoutContainerCells.
import { fromLabelSelector, formatSelector, type Requirement } from '../../../runtime/api/selectors';
import { asArray, field, isObject, type KubeObject } from '../../../runtime/api/types';
import { parseRFC3339 } from '../../../runtime/clock';
import { humanDuration } from '../duration';
import type { Column } from './types';

export const NAME: Column = { name: 'Name', isName: true };
export const AGE: Column = { name: 'Age' };

/** `translateTimestampSince`: `<unknown>` for a missing timestamp, else HumanDuration of now − t. */
export function since(timestamp: unknown, now: number): string {
  const t = typeof timestamp === 'string' ? parseRFC3339(timestamp) : undefined;
  return t === undefined ? '<unknown>' : humanDuration(now - t);
}

export function age(obj: KubeObject, now: number): string {
  return since(obj.metadata.creationTimestamp, now);
}

/** `labels.FormatLabels`: sorted `k=v` joined with commas, `<none>` when empty. */
export function formatLabels(labels: unknown): string {
  if (!isObject(labels)) return '<none>';
  const keys = Object.keys(labels).sort();
  return keys.length ? keys.map((k) => `${k}=${String(labels[k])}`).join(',') : '<none>';
}

/** `LabelSelectorAsSelector(sel).String()`: requirements sorted by key; empty for an empty selector. */
export function selectorString(sel: unknown): string {
  const reqs: Requirement[] = [...fromLabelSelector(sel)].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return formatSelector(reqs);
}

/** `metav1.FormatLabelSelector`: as selectorString, `<none>` when it selects everything or nothing. */
export function formatLabelSelector(sel: unknown): string {
  return selectorString(sel) || '<none>';
}

/** `layoutContainerCells`: container names and images joined with commas. */
export function containerCells(podSpec: unknown): [string, string] {
  const containers = asArray(field(podSpec, 'containers')).filter(isObject);
  return [containers.map((c) => str(c.name)).join(','), containers.map((c) => str(c.image)).join(',')];
}

export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : '';
}

export function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** A `"%s + %d more..."` list of at most `max` entries, as upstream shortens long cells. */
export function listWithMore(items: readonly string[], max: number, total = items.length): string {
  const shown = items.slice(0, max).join(',');
  return total > max ? `${shown} + ${total - max} more...` : shown;
}

/** `sets.NewString(...).List()` of load-balancer ingress IPs/hostnames, cut to 16 bytes unless wide. */
export function loadBalancerStatus(status: unknown, wide: boolean): string {
  const found = new Set<string>();
  for (const ing of asArray(field(status, 'loadBalancer', 'ingress'))) {
    if (!isObject(ing)) continue;
    if (typeof ing.ip === 'string' && ing.ip !== '') found.add(ing.ip);
    else if (typeof ing.hostname === 'string' && ing.hostname !== '') found.add(ing.hostname);
  }
  const r = [...found].sort().join(',');
  return !wide && r.length > 16 ? `${r.slice(0, 13)}...` : r;
}
