// InterPodAffinity: required pod affinity / anti-affinity of the incoming pod,
// and the required anti-affinity of pods already running, filter nodes by
// topology domain; preferred terms (both ways) score them.
import { termMatchesPod, termNamespaces } from '../affinityterm';
import type { NodeInfo } from '../nodeinfo';
import { indexableRequirement, type AffinityTerm, type PodInfo } from '../podinfo';
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

export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
const AFFINITY_REJECTED = status('UnschedulableAndUnresolvable', ERR_REASON_AFFINITY);
const ANTI_AFFINITY_REJECTED = status('Unschedulable', ERR_REASON_ANTI_AFFINITY);
const EXISTING_REJECTED = status('Unschedulable', ERR_REASON_EXISTING_ANTI_AFFINITY);

/** The default InterPodAffinityArgs.hardPodAffinityWeight. */
const HARD_POD_AFFINITY_WEIGHT = 1;

const tp = (key: string, value: string): string => `${key}\u0000${value}`;

function bump(m: Map<string, number>, key: string, by: number): void {
  const n = (m.get(key) ?? 0) + by;
  if (n === 0) m.delete(key);
  else m.set(key, n);
}

class FilterState implements PodDeltaState {
  constructor(
    readonly pod: PodInfo,
    readonly view: ClusterView,
    /** Topology pairs where an existing pod's required anti-affinity selects the incoming pod. */
    readonly existingAnti = new Map<string, number>(),
    /** Topology pairs with pods that match all the incoming pod's affinity terms. */
    readonly affinity = new Map<string, number>(),
    /** Topology pairs with pods the incoming pod's anti-affinity terms select. */
    readonly anti = new Map<string, number>(),
  ) {}

  clone(): FilterState {
    return new FilterState(this.pod, this.view, new Map(this.existingAnti), new Map(this.affinity), new Map(this.anti));
  }

  addPod(p: PodInfo, node: NodeInfo): void {
    this.count(p, node, 1);
  }

  removePod(p: PodInfo, node: NodeInfo): void {
    this.count(p, node, -1);
  }

  count(p: PodInfo, node: NodeInfo, by: 1 | -1): void {
    for (const t of p.spec.requiredAntiAffinity) {
      const v = node.labels[t.topologyKey];
      if (v !== undefined && termMatchesPod(t, this.pod, this.view)) bump(this.existingAnti, tp(t.topologyKey, v), by);
    }
    this.countIncoming(p, node, by);
  }

  countIncoming(p: PodInfo, node: NodeInfo, by: 1 | -1): void {
    const s = this.pod.spec;
    if (s.requiredAffinity.length > 0 && s.requiredAffinity.every((t) => termMatchesPod(t, p, this.view))) {
      for (const t of s.requiredAffinity) {
        const v = node.labels[t.topologyKey];
        if (v !== undefined) bump(this.affinity, tp(t.topologyKey, v), by);
      }
    }
    for (const t of s.requiredAntiAffinity) {
      const v = node.labels[t.topologyKey];
      if (v !== undefined && termMatchesPod(t, p, this.view)) bump(this.anti, tp(t.topologyKey, v), by);
    }
  }
}

const FILTER_KEY = new StateKey<FilterState>('PreFilterInterPodAffinity');

class ScoreState {
  constructor(readonly topologyScore: Map<string, Map<string, number>>) {}
  clone(): ScoreState {
    return this;
  }
}

const SCORE_KEY = new StateKey<ScoreState>('PreScoreInterPodAffinity');

/** Assigned pods an affinity term could select, narrowed by namespace and a label index. */
function* candidates(term: AffinityTerm, view: ClusterView): Iterable<PodInfo> {
  const kv = indexableRequirement(term.selector);
  const namespaces = termNamespaces(term);
  if (!namespaces) yield* view.candidatePods(undefined, kv);
  else for (const ns of namespaces) yield* view.candidatePods(ns, kv);
}

/** Topology pairs where an existing pod's required anti-affinity selects the pod; undefined when there are none. */
function existingAntiAffinity(pod: PodInfo, view: ClusterView): Map<string, number> | undefined {
  let out: Map<string, number> | undefined;
  for (const node of view.nodesWithRequiredAntiAffinityPods()) {
    for (const p of node.pods.values()) {
      if (!p.hasRequiredAntiAffinity) continue;
      for (const t of p.spec.requiredAntiAffinity) {
        const v = node.labels[t.topologyKey];
        if (v !== undefined && termMatchesPod(t, pod, view)) bump((out ??= new Map<string, number>()), tp(t.topologyKey, v), 1);
      }
    }
  }
  return out;
}

function isEmpty(items: Iterable<unknown>): boolean {
  for (const _ of items) return false;
  return true;
}

export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, ScorePlugin {
  readonly name = 'InterPodAffinity';
  readonly weight = 2;

  preFilter(state: CycleState, pod: PodInfo, view: ClusterView): Skip | undefined {
    const s = pod.spec;
    const existingAnti = existingAntiAffinity(pod, view);
    if (s.requiredAffinity.length === 0 && s.requiredAntiAffinity.length === 0 && !existingAnti) return SKIP;
    const st = new FilterState(pod, view, existingAnti);
    const seen = new Set<PodInfo>();
    for (const term of [...s.requiredAffinity.slice(0, 1), ...s.requiredAntiAffinity]) {
      for (const p of candidates(term, view)) {
        if (seen.has(p) || p.uid === pod.uid) continue;
        seen.add(p);
        const node = view.node(p.nodeName);
        if (node) st.countIncoming(p, node, 1);
      }
    }
    state.write(FILTER_KEY, st);
    return undefined;
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const st = state.read(FILTER_KEY);
    if (!st) return null;
    if (!this.satisfiesAffinity(st, pod, node)) return AFFINITY_REJECTED;
    for (const t of pod.spec.requiredAntiAffinity) {
      const v = node.labels[t.topologyKey];
      if (v !== undefined && (st.anti.get(tp(t.topologyKey, v)) ?? 0) > 0) return ANTI_AFFINITY_REJECTED;
    }
    if (st.existingAnti.size > 0) {
      for (const key of st.existingAnti.keys()) {
        const [k, v] = key.split('\u0000');
        if (node.labels[k] === v) return EXISTING_REJECTED;
      }
    }
    return null;
  }

  private satisfiesAffinity(st: FilterState, pod: PodInfo, node: NodeInfo): boolean {
    const terms = pod.spec.requiredAffinity;
    if (terms.length === 0) return true;
    let podsExist = true;
    for (const t of terms) {
      const v = node.labels[t.topologyKey];
      // Every topology key must be on the node.
      if (v === undefined) return false;
      if ((st.affinity.get(tp(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
    }
    if (podsExist) return true;
    // The first pod of a group with affinity to itself: nothing matches anywhere yet, and it matches its own terms.
    return st.affinity.size === 0 && terms.every((t) => termMatchesPod(t, pod, st.view));
  }

  preScore(state: CycleState, pod: PodInfo, _nodes: readonly NodeInfo[], view: ClusterView): boolean {
    const s = pod.spec;
    const hasConstraints = s.preferredAffinity.length + s.preferredAntiAffinity.length > 0;
    // Nothing to weigh either way (the common case): no score, and nothing allocated to find that out.
    if (!hasConstraints && isEmpty(view.nodesWithAffinityPods())) return false;
    const existing = new Set<PodInfo>();
    for (const node of view.nodesWithAffinityPods()) for (const p of node.pods.values()) if (p.hasAffinity) existing.add(p);
    if (hasConstraints) for (const t of [...s.preferredAffinity, ...s.preferredAntiAffinity]) for (const p of candidates(t, view)) existing.add(p);
    const scores = new Map<string, Map<string, number>>();
    for (const p of existing) {
      const node = view.node(p.nodeName);
      if (node && p.uid !== pod.uid) this.processExistingPod(scores, pod, p, node, view);
    }
    if (scores.size === 0) return false;
    state.write(SCORE_KEY, new ScoreState(scores));
    return true;
  }

  private processExistingPod(scores: Map<string, Map<string, number>>, pod: PodInfo, existing: PodInfo, node: NodeInfo, view: ClusterView): void {
    const add = (t: AffinityTerm, target: PodInfo, weight: number): void => {
      const v = node.labels[t.topologyKey];
      if (v === undefined || weight === 0 || !termMatchesPod(t, target, view)) return;
      let m = scores.get(t.topologyKey);
      if (!m) scores.set(t.topologyKey, (m = new Map<string, number>()));
      m.set(v, (m.get(v) ?? 0) + weight);
    };
    for (const t of pod.spec.preferredAffinity) add(t, existing, t.weight);
    for (const t of pod.spec.preferredAntiAffinity) add(t, existing, -t.weight);
    if (!existing.hasAffinity) return;
    for (const t of existing.spec.requiredAffinity) add(t, pod, HARD_POD_AFFINITY_WEIGHT);
    for (const t of existing.spec.preferredAffinity) add(t, pod, t.weight);
    for (const t of existing.spec.preferredAntiAffinity) add(t, pod, -t.weight);
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const scores = state.read(SCORE_KEY)?.topologyScore;
    if (!scores) return 0;
    let sum = 0;
    for (const [key, values] of scores) {
      const v = node.labels[key];
      if (v !== undefined) sum += values.get(v) ?? 0;
    }
    return sum;
  }

  /** Min-max scaling: the lowest raw score becomes 0, the highest 100. */
  normalize(_state: CycleState, scores: Float64Array, n: number): void {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      if (scores[i] > max) max = scores[i];
      if (scores[i] < min) min = scores[i];
    }
    const diff = max - min;
    for (let i = 0; i < n; i++) scores[i] = diff > 0 ? Math.trunc((MAX_NODE_SCORE * (scores[i] - min)) / diff) : 0;
  }
}
