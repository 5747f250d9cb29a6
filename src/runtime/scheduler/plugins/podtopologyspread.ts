// PodTopologySpread: DoNotSchedule constraints filter nodes whose domain would
// exceed maxSkew over the least-loaded domain; ScheduleAnyway constraints
// (or, for pods without constraints, the scheduler's system defaults:
// hostname maxSkew 3 and zone maxSkew 5, over the pod's Services/owner
// selector) score nodes so that fewer matching pods is better.
import { matchesLabels, type Selector } from '../../api/selectors';
import type { NodeInfo } from '../nodeinfo';
import { matchesRequiredNodeAffinity } from '../nodeselector';
import { indexableRequirement, type PodInfo, type SpreadConstraint } from '../podinfo';
import { firstUntoleratedTaint } from '../tolerations';
import {
  MAX_NODE_SCORE,
  SKIP,
  status,
  StateKey,
  type ClusterView,
  type CycleState,
  type FilterPlugin,
  type PodDeltaState,
  type PodsByNode,
  type PreFilterPlugin,
  type ScorePlugin,
  type Skip,
  type Status,
  type TopologyDomains,
} from '../types';

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + ' (missing required label)';
const NOT_MATCH = status('Unschedulable', ERR_REASON_CONSTRAINTS_NOT_MATCH);
const LABEL_MISSING = status('UnschedulableAndUnresolvable', ERR_REASON_NODE_LABEL_NOT_MATCH);
const HOSTNAME = 'kubernetes.io/hostname';

/** The selector the system default constraints spread over: the pod's Services, ReplicaSet, StatefulSet, RC. */
export type DefaultSelector = (pod: PodInfo) => Selector | undefined;

/** Keyed by selector identity: the default selector of a workload is built once (see Listers.defaultSelector). */
const defaultsBySelector = new WeakMap<Selector, SpreadConstraint[]>();

function systemDefaults(selector: Selector): SpreadConstraint[] {
  let list = defaultsBySelector.get(selector);
  if (!list) defaultsBySelector.set(selector, (list = buildSystemDefaults(selector)));
  return list;
}

function buildSystemDefaults(selector: Selector): SpreadConstraint[] {
  // Fields in the order toSpreadConstraint writes them: one object shape for every constraint.
  const constraint = (topologyKey: string, maxSkew: number): SpreadConstraint => ({ maxSkew, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', selector, minDomains: 1, nodeAffinityPolicy: 'Honor', nodeTaintsPolicy: 'Ignore' });
  return [constraint(HOSTNAME, 3), constraint('topology.kubernetes.io/zone', 5)];
}

function hasAllKeys(node: NodeInfo, constraints: readonly SpreadConstraint[]): boolean {
  for (const c of constraints) if (!(c.topologyKey in node.labels)) return false;
  return true;
}

/** nodeAffinityPolicy Honor: only nodes the pod could select count; nodeTaintsPolicy Honor: only nodes it tolerates. */
function includes(c: SpreadConstraint, pod: PodInfo, node: NodeInfo): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !matchesRequiredNodeAffinity(pod, node)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && firstUntoleratedTaint(node.taints, pod.spec.tolerations)) return false;
  return true;
}

function counts(p: PodInfo, pod: PodInfo, c: SpreadConstraint): boolean {
  return p.uid !== pod.uid && counted(p, pod.namespace, c.selector);
}

/** The pods a constraint counts: not terminating, in the namespace, matching the selector. */
function counted(p: PodInfo, namespace: string, selector: Selector): boolean {
  return !p.terminating && p.namespace === namespace && matchesLabels(selector, p.labels);
}

class FilterState implements PodDeltaState {
  private mins: (number | undefined)[];

  constructor(
    readonly pod: PodInfo,
    readonly constraints: SpreadConstraint[],
    /** Per constraint: domain value → matching pods there. */
    readonly matchNum: Map<string, number>[],
  ) {
    this.mins = constraints.map(() => undefined);
  }

  clone(): FilterState {
    return new FilterState(this.pod, this.constraints, this.matchNum.map((m) => new Map(m)));
  }

  addPod(p: PodInfo, node: NodeInfo): void {
    this.update(p, node, 1);
  }

  removePod(p: PodInfo, node: NodeInfo): void {
    this.update(p, node, -1);
  }

  private update(p: PodInfo, node: NodeInfo, by: number): void {
    if (!hasAllKeys(node, this.constraints)) return;
    this.constraints.forEach((c, i) => {
      if (!includes(c, this.pod, node) || !counts(p, this.pod, c)) return;
      const v = node.labels[c.topologyKey];
      this.matchNum[i].set(v, (this.matchNum[i].get(v) ?? 0) + by);
      this.mins[i] = undefined;
    });
  }

  /** The global minimum, or 0 while fewer domains exist than minDomains asks for. */
  minMatch(i: number): number {
    if (this.matchNum[i].size < this.constraints[i].minDomains) return 0;
    let m = this.mins[i];
    if (m === undefined) {
      m = Infinity;
      for (const n of this.matchNum[i].values()) if (n < m) m = n;
      this.mins[i] = m;
    }
    return m;
  }
}

const FILTER_KEY = new StateKey<FilterState>('PreFilterPodTopologySpread');

class ScoreState {
  constructor(
    readonly constraints: SpreadConstraint[],
    readonly domains: TopologyDomains[],
    /** Per constraint: matching pods by node index (hostname) or by domain id (-1: a domain no scored node is in). */
    readonly counts: Int32Array[],
    readonly byNode: boolean[],
    readonly weights: number[],
    readonly ignored: Set<NodeInfo>,
  ) {}
  clone(): ScoreState {
    return this;
  }
}

const SCORE_KEY = new StateKey<ScoreState>('PreScorePodTopologySpread');
/** System default constraints ignore no node: one shared empty set (never written). */
const NONE_IGNORED: Set<NodeInfo> = new Set<NodeInfo>();

function hasAllDomains(domains: readonly TopologyDomains[], node: NodeInfo): boolean {
  for (const d of domains) if (d.present[node.index] === 0) return false;
  return true;
}

/** The node of every assigned pod that counts for explicit constraint c (one entry per pod; nodes need every topology label). */
function matchingPodNodes(domains: readonly TopologyDomains[], c: SpreadConstraint, pod: PodInfo, view: ClusterView, out: NodeInfo[]): NodeInfo[] {
  out.length = 0;
  for (const p of view.candidatePods(pod.namespace, indexableRequirement(c.selector))) {
    const node = view.node(p.nodeName);
    if (!node || !counts(p, pod, c) || !hasAllDomains(domains, node) || !includes(c, pod, node)) continue;
    out.push(node);
  }
  return out;
}

/**
 * The cache's running per-node counts of the system defaults' selector, as
 * they are when the pod is not counted itself and no node is left out (the
 * common case): shared, read only.
 */
function keptCounts(c: SpreadConstraint, pod: PodInfo, view: ClusterView): Required<PodsByNode> | undefined {
  const self = view.assignedPod(pod.uid);
  if (self !== undefined && counted(self, pod.namespace, c.selector)) return undefined;
  if (pod.spec.nodeSelector.length > 0 || pod.spec.requiredNodeTerms !== undefined) return undefined;
  const m = view.matchingPodsByNode(pod.namespace, c.selector);
  return m.byIndex && m.byDomain ? (m as Required<PodsByNode>) : undefined;
}

/** tallyDefaults from the kept counts: per domain seen among the scored nodes (a key no node has adds nothing, so is left). */
function tallyKept(kept: Required<PodsByNode>, list: readonly NodeInfo[], domains: readonly TopologyDomains[], byNode: readonly boolean[], counts: Int32Array[]): void {
  for (let i = 0; i < domains.length; i++) {
    if (byNode[i] || domains[i].labeled === 0) continue;
    const perDomain = kept.byDomain(list, domains[i]);
    const c = counts[i];
    for (let id = 0; id < c.length; id++) if (c[id] >= 0) c[id] += perDomain[id];
  }
}

/** Matching pods per node (hostname) or per domain seen among the scored nodes. */
function tally(byNode: boolean, d: TopologyDomains, matched: readonly NodeInfo[], counts: Int32Array): void {
  if (byNode) {
    for (let j = 0; j < matched.length; j++) counts[matched[j].index]++;
    return;
  }
  for (let j = 0; j < matched.length; j++) {
    const id = d.ids[matched[j].index];
    if (counts[id] >= 0) counts[id]++;
  }
}

/** Zeroed counters for the domains of the scored nodes, -1 for the others: only those are counted (and weigh in). */
function scoredDomains(d: TopologyDomains, nodes: readonly NodeInfo[], ignored: Set<NodeInfo>): { counts: Int32Array; seen: number } {
  const counts = new Int32Array(d.size).fill(-1);
  let seen = 0;
  for (let j = 0; j < nodes.length && seen < d.size; j++) {
    const node = nodes[j];
    if (ignored.size > 0 && ignored.has(node)) continue;
    const id = d.ids[node.index];
    if (counts[id] < 0) {
      counts[id] = 0;
      seen++;
    }
  }
  return { counts, seen };
}

function scoreNode(st: ScoreState, node: NodeInfo): number {
  if (st.ignored.size > 0 && st.ignored.has(node)) return 0;
  const at = node.index;
  let score = 0;
  for (let i = 0; i < st.constraints.length; i++) {
    const d = st.domains[i];
    if (d.present[at] === 0) continue;
    const cnt = st.byNode[i] ? st.counts[i][at] : st.counts[i][d.ids[at]];
    score += cnt * st.weights[i] + (st.constraints[i].maxSkew - 1);
  }
  return Math.round(score);
}

export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, ScorePlugin {
  readonly name = 'PodTopologySpread';
  readonly weight = 2;

  /** Scratch list reused by every preScore (read right after it is filled). */
  private readonly matched: NodeInfo[] = [];
  /** Scratch per-node counters, one per hostname constraint position (read by the Score right after PreScore). */
  private readonly perNode: Int32Array[] = [];
  /** Scratch: the scored nodes' indexes. */
  private at = new Int32Array(0);

  constructor(private readonly defaultSelector: DefaultSelector) {}

  preFilter(state: CycleState, pod: PodInfo, view: ClusterView): Skip | undefined {
    if (pod.spec.spread.length === 0) return SKIP;
    const constraints = pod.spec.spread.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
    if (constraints.length === 0) return SKIP;
    const matchNum = constraints.map(() => new Map<string, number>());
    for (const node of view.nodes()) {
      if (!hasAllKeys(node, constraints)) continue;
      constraints.forEach((c, i) => {
        if (includes(c, pod, node) && !matchNum[i].has(node.labels[c.topologyKey])) matchNum[i].set(node.labels[c.topologyKey], 0);
      });
    }
    constraints.forEach((c, i) => {
      for (const p of view.candidatePods(pod.namespace, indexableRequirement(c.selector))) {
        const node = view.node(p.nodeName);
        if (!node || !counts(p, pod, c) || !hasAllKeys(node, constraints) || !includes(c, pod, node)) continue;
        const v = node.labels[c.topologyKey];
        matchNum[i].set(v, (matchNum[i].get(v) ?? 0) + 1);
      }
    });
    state.write(FILTER_KEY, new FilterState(pod, constraints, matchNum));
    return undefined;
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const st = state.read(FILTER_KEY);
    if (!st) return null;
    for (let i = 0; i < st.constraints.length; i++) {
      const c = st.constraints[i];
      const v = node.labels[c.topologyKey];
      if (v === undefined) return LABEL_MISSING;
      const self = matchesLabels(c.selector, pod.labels) ? 1 : 0;
      const skew = (st.matchNum[i].get(v) ?? 0) + self - st.minMatch(i);
      if (skew > c.maxSkew) return NOT_MATCH;
    }
    return null;
  }

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], view: ClusterView): boolean {
    const explicit = pod.spec.spread.length > 0;
    let constraints: SpreadConstraint[];
    if (explicit) constraints = pod.spec.spread.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway');
    else {
      const sel = this.defaultSelector(pod);
      constraints = sel ? systemDefaults(sel) : [];
    }
    if (constraints.length === 0) return false;
    // System defaults tolerate nodes without the topology labels; explicit constraints need them all.
    const requireAll = explicit;
    const k = constraints.length;
    const domains: TopologyDomains[] = [];
    const byNode: boolean[] = [];
    for (let i = 0; i < k; i++) {
      domains.push(view.topology(constraints[i].topologyKey));
      byNode.push(constraints[i].topologyKey === HOSTNAME);
    }
    let ignored = NONE_IGNORED;
    if (requireAll) {
      ignored = new Set<NodeInfo>();
      for (const node of nodes) if (!hasAllDomains(domains, node)) ignored.add(node);
    }
    const counts: Int32Array[] = [];
    const weights: number[] = [];
    const kept = explicit ? undefined : keptCounts(constraints[0], pod, view);
    for (let i = 0; i < k; i++) {
      if (byNode[i]) {
        counts.push(kept ? kept.byIndex(view.nodes()) : this.nodeCounts(i, view.nodes().length));
        weights.push(Math.log(nodes.length - ignored.size + 2));
        continue;
      }
      const c = scoredDomains(domains[i], nodes, ignored);
      counts.push(c.counts);
      weights.push(Math.log(c.seen + 2));
    }
    if (kept) tallyKept(kept, view.nodes(), domains, byNode, counts);
    else if (!explicit) this.tallyDefaults(constraints, pod, view, domains, byNode, counts);
    else this.tallyExplicit(constraints, pod, view, domains, byNode, counts);
    state.write(SCORE_KEY, new ScoreState(constraints, domains, counts, byNode, weights, ignored));
    return true;
  }

  /**
   * The system defaults: one selector and policy for both constraints, so the
   * cache's running per-node counts serve (less this pod, should it be
   * counted already); a node counts only if the pod could select it.
   */
  private tallyDefaults(constraints: SpreadConstraint[], pod: PodInfo, view: ClusterView, domains: TopologyDomains[], byNode: boolean[], counts: Int32Array[]): void {
    const c = constraints[0];
    const self = view.assignedPod(pod.uid);
    const selfCounted = self !== undefined && counted(self, pod.namespace, c.selector);
    // Only nodeAffinityPolicy Honor can leave nodes out here (the defaults ignore taints).
    const mayExclude = pod.spec.nodeSelector.length > 0 || pod.spec.requiredNodeTerms !== undefined;
    const { nodes, counts: totals } = view.matchingPodsByNode(pod.namespace, c.selector);
    for (let j = 0; j < nodes.length; j++) {
      const node = nodes[j];
      const n = selfCounted && self.nodeName === node.name ? totals[j] - 1 : totals[j];
      if (n === 0 || !node.node || (mayExclude && !includes(c, pod, node))) continue;
      for (let i = 0; i < constraints.length; i++) {
        if (byNode[i]) counts[i][node.index] += n;
        else {
          const id = domains[i].ids[node.index];
          if (counts[i][id] >= 0) counts[i][id] += n;
        }
      }
    }
  }

  private tallyExplicit(constraints: SpreadConstraint[], pod: PodInfo, view: ClusterView, domains: TopologyDomains[], byNode: boolean[], counts: Int32Array[]): void {
    let matched: NodeInfo[] = [];
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i];
      const prev = i > 0 ? constraints[i - 1] : undefined;
      // The system defaults share one selector and policy: the matching pods' nodes are the same list.
      const same = prev?.selector === c.selector && prev.nodeAffinityPolicy === c.nodeAffinityPolicy && prev.nodeTaintsPolicy === c.nodeTaintsPolicy;
      if (!same) matched = matchingPodNodes(domains, c, pod, view, this.matched);
      tally(byNode[i], domains[i], matched, counts[i]);
    }
  }

  /** Zeroed per-node counters for hostname constraint i, reused between cycles (a fill is cheaper than a new array). */
  private nodeCounts(i: number, size: number): Int32Array {
    let c = this.perNode[i];
    if (!c || c.length < size) this.perNode[i] = c = new Int32Array(Math.max(size, 64));
    else c.fill(0);
    return c;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const st = state.read(SCORE_KEY);
    return st ? scoreNode(st, node) : 0;
  }

  /** scoreNode for every node, a constraint at a time (the per-node sums add up in the same order). */
  scoreAll(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array, n: number, indexes?: Int32Array): void {
    out.fill(0, 0, n);
    const st = state.read(SCORE_KEY);
    if (!st) return;
    let at = indexes;
    if (!at) {
      if (this.at.length < n) this.at = new Int32Array(Math.max(n, this.at.length * 2));
      at = this.at;
      for (let j = 0; j < n; j++) at[j] = nodes[j].index;
    }
    for (let i = 0; i < st.constraints.length; i++) {
      if (st.domains[i].labeled === 0) continue;
      const present = st.domains[i].present;
      const counts = st.counts[i];
      const weight = st.weights[i];
      const skew = st.constraints[i].maxSkew - 1;
      if (st.byNode[i]) {
        for (let j = 0; j < n; j++) if (present[at[j]] !== 0) out[j] += counts[at[j]] * weight + skew;
        continue;
      }
      // Every node of a domain adds the same amount: work it out once per domain.
      const perDomain = new Float64Array(counts.length);
      for (let d = 0; d < counts.length; d++) perDomain[d] = counts[d] * weight + skew;
      const ids = st.domains[i].ids;
      for (let j = 0; j < n; j++) if (present[at[j]] !== 0) out[j] += perDomain[ids[at[j]]];
    }
    const ignored = st.ignored.size > 0 ? st.ignored : undefined;
    for (let j = 0; j < n; j++) out[j] = ignored?.has(nodes[j]) ? 0 : Math.round(out[j]);
  }

  /** Fewer matching pods is better: the emptiest node gets 100; ignored nodes get 0. */
  normalize(state: CycleState, scores: Float64Array, n: number, nodes: readonly NodeInfo[]): void {
    const all = state.read(SCORE_KEY)?.ignored;
    const ignored = all && all.size > 0 ? all : undefined;
    let min = Infinity;
    let max = 0;
    for (let i = 0; i < n; i++) {
      if (ignored?.has(nodes[i])) continue;
      if (scores[i] < min) min = scores[i];
      if (scores[i] > max) max = scores[i];
    }
    for (let i = 0; i < n; i++) {
      if (ignored?.has(nodes[i])) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
    }
  }
}
