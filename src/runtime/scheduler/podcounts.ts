// Matching pods per node for the selectors PodTopologySpread spreads over,
// kept current as the cache adds, removes and marks pods terminating. A
// scheduling cycle reads the per-node totals instead of walking every
// matching pod; upstream recounts each cycle, the numbers are the same.
import { matchesLabels, type Selector } from '../api/selectors';
import type { NodeInfo } from './nodeinfo';
import { indexableRequirement, labelIndexKey, type PodInfo } from './podinfo';
import type { PodsByNode, TopologyDomains } from './types';

/** Assigned, non-terminating pods of one namespace matching one selector. */
export class SelectorCounts implements PodsByNode {
  /** The nodes with at least one matching pod, and how many (parallel arrays, unordered, for tight loops). */
  readonly nodes: NodeInfo[] = [];
  readonly counts: number[] = [];
  private readonly slots = new Map<NodeInfo, number>();
  /** counts by NodeInfo.index over `listed`, the node list they were last asked for, and summed by domain of `domains`. */
  private indexed = EMPTY;
  private listed: readonly NodeInfo[] | undefined;
  private domains: TopologyDomains | undefined;
  private perDomain = EMPTY;
  total = 0;
  /** False once the index has forgotten these counts (they are no longer kept up to date). */
  live = true;

  constructor(
    readonly namespace: string,
    readonly selector: Selector,
    readonly id: string,
    readonly slot: string,
    private readonly recent: RecentlyIndexed,
  ) {}

  byIndex(list: readonly NodeInfo[]): Int32Array {
    if (this.listed !== list) {
      this.recent.keep(this);
      this.listed = list;
      this.domains = undefined;
      this.indexed = new Int32Array(list.length);
      for (let s = 0; s < this.nodes.length; s++) {
        const node = this.nodes[s];
        if (list[node.index] === node) this.indexed[node.index] = this.counts[s];
      }
    }
    return this.indexed;
  }

  byDomain(list: readonly NodeInfo[], d: TopologyDomains): Int32Array {
    const indexed = this.byIndex(list);
    if (this.domains !== d) {
      this.domains = d;
      this.perDomain = new Int32Array(d.size);
      for (let i = 0; i < list.length; i++) this.perDomain[d.ids[i]] += indexed[i];
    }
    return this.perDomain;
  }

  /** Drop the by-index arrays (rebuilt when asked again). */
  forgetIndex(): void {
    this.listed = undefined;
    this.domains = undefined;
    this.indexed = EMPTY;
    this.perDomain = EMPTY;
  }

  add(node: NodeInfo, by: 1 | -1): void {
    this.total += by;
    if (this.listed?.[node.index] === node) {
      this.indexed[node.index] += by;
      if (this.domains) this.perDomain[this.domains.ids[node.index]] += by;
    }
    let s = this.slots.get(node);
    if (s === undefined) {
      s = this.nodes.length;
      this.slots.set(node, s);
      this.nodes.push(node);
      this.counts.push(0);
    }
    const n = this.counts[s] + by;
    if (n > 0) {
      this.counts[s] = n;
      return;
    }
    // The last entry takes the freed slot.
    const last = this.nodes.length - 1;
    if (s !== last) {
      this.nodes[s] = this.nodes[last];
      this.counts[s] = this.counts[last];
      this.slots.set(this.nodes[s], s);
    }
    this.nodes.pop();
    this.counts.pop();
    this.slots.delete(node);
  }
}

const EMPTY = new Int32Array(0);

/**
 * The selectors of one index whose counts are also kept by node index (a
 * node list's worth each): the workloads being scheduled now. Older ones give
 * their arrays up.
 */
class RecentlyIndexed {
  private readonly list: SelectorCounts[] = [];

  keep(c: SelectorCounts): void {
    const i = this.list.indexOf(c);
    if (i >= 0) this.list.splice(i, 1);
    this.list.push(c);
    if (this.list.length > MAX_INDEXED) this.list.shift()?.forgetIndex();
  }
}
const MAX_INDEXED = 32;

/** A selector's content as a string: equal selectors share one set of counts, whichever object they come in. */
const canonical = new WeakMap<Selector, string>();

function selectorId(sel: Selector): string {
  let id = canonical.get(sel);
  if (id === undefined) canonical.set(sel, (id = JSON.stringify(sel)));
  return id;
}

/** The slot a selector is filed under: its equality requirement, or the whole namespace when it has none. */
function slotOf(namespace: string, sel: Selector): string {
  const kv = indexableRequirement(sel);
  return kv ? labelIndexKey(namespace, kv[0], kv[1]) : namespace;
}

export class PodCountIndex {
  /** `${namespace}\0${selector id}` → counts. */
  private readonly counts = new Map<string, SelectorCounts>();
  /** slot → the counts whose selector may match pods with that label (or any pod of the namespace). */
  private readonly slots = new Map<string, Set<SelectorCounts>>();
  private readonly recent = new RecentlyIndexed();
  /** The last counts handed out for a selector object: a workload's pods all ask with the same one. */
  private readonly last = new WeakMap<Selector, SelectorCounts>();

  /** The counts for a selector, built from `existing` (the namespace's assigned pods) the first time it is asked for. */
  get(namespace: string, sel: Selector, existing: () => Iterable<PodInfo>, nodeOf: (p: PodInfo) => NodeInfo | undefined): SelectorCounts {
    const hit = this.last.get(sel);
    if (hit?.live && hit.namespace === namespace) return hit;
    const key = `${namespace}\u0000${selectorId(sel)}`;
    let c = this.counts.get(key);
    if (c) {
      this.last.set(sel, c);
      return c;
    }
    c = new SelectorCounts(namespace, sel, key, slotOf(namespace, sel), this.recent);
    for (const p of existing()) {
      if (p.terminating || p.namespace !== namespace || !matchesLabels(sel, p.labels)) continue;
      const node = nodeOf(p);
      if (node) c.add(node, 1);
    }
    this.counts.set(key, c);
    let set = this.slots.get(c.slot);
    if (!set) this.slots.set(c.slot, (set = new Set()));
    set.add(c);
    this.last.set(sel, c);
    return c;
  }

  /** A pod starts (1) or stops (-1) counting on a node: added or removed while not terminating, or marked terminating. */
  update(p: PodInfo, node: NodeInfo, by: 1 | -1): void {
    if (this.counts.size === 0) return;
    this.visit(this.slots.get(p.namespace), p, node, by);
    for (const key of p.labelIndexKeys) this.visit(this.slots.get(key), p, node, by);
  }

  private visit(set: Set<SelectorCounts> | undefined, p: PodInfo, node: NodeInfo, by: 1 | -1): void {
    if (!set) return;
    for (const c of set) {
      if (!matchesLabels(c.selector, p.labels)) continue;
      c.add(node, by);
      // Forget a selector once nothing matches it any more (its workload is gone); it is rebuilt if asked again.
      if (c.total === 0) this.drop(c, set);
    }
  }

  private drop(c: SelectorCounts, set: Set<SelectorCounts>): void {
    c.live = false;
    this.counts.delete(c.id);
    set.delete(c);
    if (set.size === 0) this.slots.delete(c.slot);
  }
}
