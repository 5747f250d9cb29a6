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
  type PreFilterPlugin,
  type ScorePlugin,
  type Skip,
  type Status,
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
  const base = { whenUnsatisfiable: 'ScheduleAnyway' as const, selector, minDomains: 1, nodeAffinityPolicy: 'Honor' as const, nodeTaintsPolicy: 'Ignore' as const };
  return [
    { ...base, topologyKey: HOSTNAME, maxSkew: 3 },
    { ...base, topologyKey: 'topology.kubernetes.io/zone', maxSkew: 5 },
  ];
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
  return !p.terminating && p.namespace === pod.namespace && p.uid !== pod.uid && matchesLabels(c.selector, p.labels);
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
    readonly domainCounts: Map<string, number>[],
    readonly hostCounts: Map<string, number>[],
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

/** The node of every assigned pod that counts for constraint c (one entry per pod). */
function matchingPodNodes(constraints: SpreadConstraint[], c: SpreadConstraint, pod: PodInfo, view: ClusterView, requireAll: boolean, out: NodeInfo[]): NodeInfo[] {
  out.length = 0;
  for (const p of view.candidatePods(pod.namespace, indexableRequirement(c.selector))) {
    const node = view.node(p.nodeName);
    if (!node || !counts(p, pod, c) || (requireAll && !hasAllKeys(node, constraints)) || !includes(c, pod, node)) continue;
    out.push(node);
  }
  return out;
}

/** Matching pods per node (hostname) or per domain seen among the scored nodes. */
function tally(c: SpreadConstraint, matched: readonly NodeInfo[], domains: Map<string, number>, hosts: Map<string, number>): void {
  if (c.topologyKey === HOSTNAME) {
    for (const node of matched) hosts.set(node.name, (hosts.get(node.name) ?? 0) + 1);
    return;
  }
  for (const node of matched) {
    const v = node.labels[c.topologyKey] ?? '';
    const n = domains.get(v);
    if (n !== undefined) domains.set(v, n + 1);
  }
}

function scoreNode(st: ScoreState, node: NodeInfo): number {
  if (st.ignored.size > 0 && st.ignored.has(node)) return 0;
  let score = 0;
  for (let i = 0; i < st.constraints.length; i++) {
    const c = st.constraints[i];
    const v = node.labels[c.topologyKey];
    if (v === undefined) continue;
    const cnt = c.topologyKey === HOSTNAME ? st.hostCounts[i].get(node.name) ?? 0 : st.domainCounts[i].get(v) ?? 0;
    score += cnt * st.weights[i] + (c.maxSkew - 1);
  }
  return Math.round(score);
}

export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, ScorePlugin {
  readonly name = 'PodTopologySpread';
  readonly weight = 2;

  /** Scratch list reused by every preScore (read right after it is filled). */
  private readonly matched: NodeInfo[] = [];

  constructor(private readonly defaultSelector: DefaultSelector) {}

  preFilter(state: CycleState, pod: PodInfo, view: ClusterView): Skip | undefined {
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
    const ignored = requireAll ? new Set<NodeInfo>() : NONE_IGNORED;
    const k = constraints.length;
    const domainCounts: Map<string, number>[] = [];
    for (let i = 0; i < k; i++) domainCounts.push(new Map<string, number>());
    for (const node of nodes) {
      if (requireAll && !hasAllKeys(node, constraints)) {
        ignored.add(node);
        continue;
      }
      for (let i = 0; i < k; i++) {
        const key = constraints[i].topologyKey;
        if (key !== HOSTNAME) domainCounts[i].set(node.labels[key] ?? '', 0);
      }
    }
    const weights: number[] = [];
    const hostCounts: Map<string, number>[] = [];
    for (let i = 0; i < k; i++) {
      weights.push(Math.log((constraints[i].topologyKey === HOSTNAME ? nodes.length - ignored.size : domainCounts[i].size) + 2));
      hostCounts.push(new Map<string, number>());
    }
    let matched: NodeInfo[] = [];
    for (let i = 0; i < k; i++) {
      const c = constraints[i];
      const prev = i > 0 ? constraints[i - 1] : undefined;
      // The system defaults share one selector and policy: the matching pods' nodes are the same list.
      const same = prev?.selector === c.selector && prev.nodeAffinityPolicy === c.nodeAffinityPolicy && prev.nodeTaintsPolicy === c.nodeTaintsPolicy;
      if (!same) matched = matchingPodNodes(constraints, c, pod, view, requireAll, this.matched);
      tally(c, matched, domainCounts[i], hostCounts[i]);
    }
    state.write(SCORE_KEY, new ScoreState(constraints, domainCounts, hostCounts, weights, ignored));
    return true;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const st = state.read(SCORE_KEY);
    return st ? scoreNode(st, node) : 0;
  }

  scoreAll(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array, n: number): void {
    const st = state.read(SCORE_KEY);
    if (!st) out.fill(0, 0, n);
    else for (let i = 0; i < n; i++) out[i] = scoreNode(st, nodes[i]);
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
