// The scheduling framework's vocabulary (pkg/scheduler/framework): plugin
// statuses, the per-cycle state plugins share between extension points, and
// the plugin interfaces. Plugins are small classes, one per file, named as
// upstream names them, so a trace reads like the real scheduler's logs.
import type { Selector } from '../api/selectors';
import type { NodeInfo } from './nodeinfo';
import type { PodInfo } from './podinfo';

/** Highest score a plugin gives a node after normalisation (framework.MaxNodeScore). */
export const MAX_NODE_SCORE = 100;

/**
 * Unschedulable: the node might fit if pods were removed (preemption may help).
 * UnschedulableAndUnresolvable: removing pods cannot help (preemption skips the node).
 */
export type RejectCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface Status {
  readonly code: RejectCode;
  readonly reasons: readonly string[];
}

export function status(code: RejectCode, ...reasons: string[]): Status {
  return { code, reasons };
}

export function statusMessage(s: Status): string {
  return s.reasons.join(', ');
}

/** What a PreFilter/PreScore returns to say "nothing to do for this pod": its Filter/Score is not run. */
export const SKIP = 'Skip';
export type Skip = typeof SKIP;

/** Per-plugin data computed once per cycle (upstream fwk.StateData): cloned for preemption's what-if runs. */
export interface StateData {
  clone(): StateData;
}

/** Per-plugin data that follows pods being added or removed on a node (PreFilterExtensions). */
export interface PodDeltaState extends StateData {
  addPod(pod: PodInfo, node: NodeInfo): void;
  removePod(pod: PodInfo, node: NodeInfo): void;
}

export class StateKey<T extends StateData> {
  declare private readonly brand: T;
  constructor(readonly name: string) {}
}

export class CycleState {
  private readonly data = new Map<StateKey<StateData>, StateData>();
  /** Filter plugins whose PreFilter said Skip. */
  readonly skipFilter = new Set<string>();
  /** The framework's cache of the filters left to run (see Framework.activeFilters). */
  activeFilters: readonly FilterPlugin[] | undefined;
  activeFiltersFor = -1;

  read<T extends StateData>(key: StateKey<T>): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write<T extends StateData>(key: StateKey<T>, value: T): void {
    this.data.set(key, value);
  }

  clone(): CycleState {
    const copy = new CycleState();
    for (const [k, v] of this.data) copy.data.set(k, v.clone());
    for (const s of this.skipFilter) copy.skipFilter.add(s);
    return copy;
  }

  /** Tell every plugin state that tracks pods about a pod added to or removed from a node. */
  podDelta(pod: PodInfo, node: NodeInfo, added: boolean): void {
    for (const v of this.data.values()) {
      if (!isPodDeltaState(v)) continue;
      if (added) v.addPod(pod, node);
      else v.removePod(pod, node);
    }
  }
}

function isPodDeltaState(v: StateData): v is PodDeltaState {
  return typeof (v as Partial<PodDeltaState>).addPod === 'function';
}

/**
 * A topology key's domains over the node list, as small integers the
 * spreading plugins count with: arrays indexed by NodeInfo.index.
 */
export interface TopologyDomains {
  /** The domain id of each node's label value; nodes without the label share the id of ''. */
  readonly ids: Int32Array;
  /** 1 where the node has the label. */
  readonly present: Uint8Array;
  /** How many domain ids there are. */
  readonly size: number;
  /** How many nodes have the label (0: the key spreads nothing). */
  readonly labeled: number;
}

/** Pods per node, as parallel lists: counts[i] pods on nodes[i]. */
export interface PodsByNode {
  readonly nodes: readonly NodeInfo[];
  readonly counts: readonly number[];
  /** The same by NodeInfo.index over this node list (listed nodes only), kept current by the cache: read only. */
  byIndex?(list: readonly NodeInfo[]): Int32Array;
  /** The same summed by domain id of d (domains over this node list). */
  byDomain?(list: readonly NodeInfo[], d: TopologyDomains): Int32Array;
}

/** What every plugin reads about the cluster beyond the node being filtered. */
export interface ClusterView {
  /** Every node with a Node object, in the scheduler's zone-interleaved order. */
  nodes(): readonly NodeInfo[];
  node(name: string): NodeInfo | undefined;
  /** The domains of a topology key over nodes(), valid until the nodes or their labels change. */
  topology(key: string): TopologyDomains;
  /** Assigned pods in a namespace whose labels may match the selector (an index narrows the list). */
  candidatePods(namespace: string | undefined, keyValue: [string, string] | undefined): Iterable<PodInfo>;
  /** How many nodes report the image in status.images. */
  nodesWithImage(image: string): number;
  /** Whether some node is cordoned (spec.unschedulable). */
  hasUnschedulableNodes(): boolean;
  /** The pod counted on a node under this uid (assigned or assumed), if any. */
  assignedPod(uid: string): PodInfo | undefined;
  /**
   * Non-terminating assigned pods of the namespace matching the selector, per
   * node (nodes without one are absent; nodes whose Node is gone may be present).
   */
  matchingPodsByNode(namespace: string, selector: Selector): PodsByNode;
  /** Nodes hosting pods that have any (anti-)affinity term. */
  nodesWithAffinityPods(): Iterable<NodeInfo>;
  /** Nodes hosting pods with required anti-affinity terms. */
  nodesWithRequiredAntiAffinityPods(): Iterable<NodeInfo>;
  namespaceLabels(namespace: string): Record<string, string> | undefined;
}

export interface PreFilterPlugin {
  readonly name: string;
  /** undefined = proceed; SKIP = no Filter for this pod; a Status = the pod cannot be scheduled anywhere. */
  preFilter(state: CycleState, pod: PodInfo, view: ClusterView): Status | Skip | undefined;
}

export interface FilterPlugin {
  readonly name: string;
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null;
  /** True when the filter passes every node for this pod, so the cycle need not call it (an optimisation only). */
  passesAll?(pod: PodInfo, view: ClusterView): boolean;
  /**
   * The verdict depends on nothing but pod.spec and the node's own NodeInfo
   * (its generation): the framework reuses it for pods sharing a spec while
   * the node is unchanged (see classcache.ts).
   */
  readonly nodeLocal?: boolean;
}

export interface ScorePlugin {
  readonly name: string;
  readonly weight: number;
  /** false = Skip: this plugin does not score this pod (its contribution is 0 everywhere). */
  preScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], view: ClusterView): boolean;
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** Score many nodes in one call (a monomorphic loop: the hot plugins implement it for speed); indexes: each node's NodeInfo.index, when the caller has them. */
  scoreAll?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array, n: number, indexes?: Int32Array): void;
  /**
   * The raw score depends on nothing but pod.spec, the node's own NodeInfo
   * and the Node objects (cache.nodesEpoch), after a preScore that reads no
   * more: reused like a node-local filter's verdict.
   */
  readonly nodeLocal?: boolean;
  /** Rewrite raw scores in place to 0..MAX_NODE_SCORE. */
  normalize?(state: CycleState, scores: Float64Array, n: number, nodes: readonly NodeInfo[]): void;
}

/** helper.DefaultNormalizeScore: scale to the maximum, optionally reversed (fewer is better). */
export function defaultNormalize(scores: Float64Array, n: number, reverse: boolean): void {
  let max = 0;
  for (let i = 0; i < n; i++) if (scores[i] > max) max = scores[i];
  if (max === 0) {
    if (reverse) for (let i = 0; i < n; i++) scores[i] = MAX_NODE_SCORE;
    return;
  }
  for (let i = 0; i < n; i++) {
    const s = Math.trunc((MAX_NODE_SCORE * scores[i]) / max);
    scores[i] = reverse ? MAX_NODE_SCORE - s : s;
  }
}
