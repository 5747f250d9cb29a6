// Exact quantity sums for describe: a pod's effective requests and limits
// (kubectl's resourcehelper.PodRequestsAndLimits) and the totals of the node
// describer's "Allocated resources". Sums keep the format of their first term,
// as resource.Quantity.Add does.
import { formatExact, parseExact, type ExactQuantity } from '../../runtime/api/defaults/quantity';
import type { KubeObject } from '../../runtime/api/types';
import { list, obj, spec } from './format';

export type ResourceTotals = Map<string, ExactQuantity>;

const NANO = 1_000_000_000n;

export function toQuantity(v: unknown): ExactQuantity | undefined {
  return parseExact(v);
}

export function quantityText(q: ExactQuantity | undefined): string {
  return q ? formatExact(q) : '0';
}

/** Quantity.MilliValue(): rounded up. */
export function milliValue(q: ExactQuantity | undefined): number {
  if (!q) return 0;
  return Number(ceilDiv(q.nanos, 1_000_000n));
}

/** Quantity.Value(): rounded up. */
export function value(q: ExactQuantity | undefined): number {
  if (!q) return 0;
  return Number(ceilDiv(q.nanos, NANO));
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
}

function add(totals: ResourceTotals, list: unknown): void {
  for (const [name, raw] of Object.entries(obj(list))) {
    const q = parseExact(raw);
    if (!q) continue;
    const prev = totals.get(name);
    totals.set(name, prev ? { nanos: prev.nanos + q.nanos, format: prev.format } : q);
  }
}

function maxInto(totals: ResourceTotals, list: ResourceTotals): void {
  for (const [name, q] of list) {
    const prev = totals.get(name);
    if (!prev || q.nanos > prev.nanos) totals.set(name, q);
  }
}

function containerTotals(containers: Record<string, unknown>[], key: 'requests' | 'limits'): ResourceTotals {
  const totals: ResourceTotals = new Map();
  for (const c of containers) add(totals, obj(c.resources)[key]);
  return totals;
}

/**
 * Effective pod requests or limits: the sum over app containers and sidecars
 * (restartable init containers), the larger of that and each ordinary init
 * container (plus the sidecars started before it), then the pod overhead.
 * Pod-level resources, when set, win.
 */
function podTotals(pod: KubeObject, key: 'requests' | 'limits'): ResourceTotals {
  const s = spec(pod);
  const podLevel = obj(obj(s.resources)[key]);
  if (Object.keys(podLevel).length) {
    const totals: ResourceTotals = new Map();
    add(totals, podLevel);
    add(totals, s.overhead);
    return totals;
  }
  const totals = containerTotals(list(s.containers), key);
  const sidecars: ResourceTotals = new Map();
  const initMax: ResourceTotals = new Map();
  for (const c of list(s.initContainers)) {
    if (c.restartPolicy === 'Always') {
      add(totals, obj(c.resources)[key]);
      add(sidecars, obj(c.resources)[key]);
      continue;
    }
    const withSidecars: ResourceTotals = new Map(sidecars);
    add(withSidecars, obj(c.resources)[key]);
    maxInto(initMax, withSidecars);
  }
  maxInto(totals, initMax);
  add(totals, s.overhead);
  return totals;
}

export function podRequestsAndLimits(pod: KubeObject): { requests: ResourceTotals; limits: ResourceTotals } {
  return { requests: podTotals(pod, 'requests'), limits: podTotals(pod, 'limits') };
}

/** Sum of several pods' totals (getPodsTotalRequestsAndLimits). */
export function sumTotals(all: ResourceTotals[]): ResourceTotals {
  const out: ResourceTotals = new Map();
  for (const t of all) {
    for (const [name, q] of t) {
      const prev = out.get(name);
      out.set(name, prev ? { nanos: prev.nanos + q.nanos, format: prev.format } : q);
    }
  }
  return out;
}
