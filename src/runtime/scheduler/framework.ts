// The scheduling cycle's algorithm (schedule_one.go, framework/runtime):
// PreFilter, then Filter over the nodes starting where the last cycle
// stopped until numFeasibleNodesToFind nodes fit, then PreScore, Score,
// NormalizeScore and weighted sums, then selectHost. Filters stop at the
// first plugin that rejects a node, as RunFilterPlugins does.
import type { SchedulerCache } from './cache';
import { newDiagnosis, type Diagnosis, type NodeFailure } from './fiterror';
import type { NodeInfo } from './nodeinfo';
import type { PodInfo } from './podinfo';
import { CycleState, SKIP, type FilterPlugin, type PreFilterPlugin, type ScorePlugin, type Status } from './types';

const EMPTY_I32 = new Int32Array(0);

/** totals += weight × scores, recording the normalised scores for the trace on the way. */
function accumulate(totals: Float64Array, scores: Float64Array, weight: number, n: number, trace: Uint8Array | undefined, offset: number): void {
  if (!trace) {
    for (let i = 0; i < n; i++) totals[i] += scores[i] * weight;
    return;
  }
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    trace[offset + i] = s;
    totals[i] += s * weight;
  }
}

/** An element loop: TypedArray.set between element types takes a slow generic path. */
function copyInto(to: Int32Array | Uint8Array, from: Float64Array, offset: number, n: number): void {
  for (let i = 0; i < n; i++) to[offset + i] = from[i];
}
const EMPTY_U8 = new Uint8Array(0);

/** percentageOfNodesToScore's adaptive floor and the absolute minimum (schedule_one.go). */
const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * percentage) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

/** What one cycle saw, for the trace (filled only when tracing). */
export interface CycleRecord {
  numAllNodes: number;
  numToFind: number;
  nominatedFirst?: string;
  /** The node list of the cycle; nodes[(start + i) % length] for i < count were evaluated, in that order. */
  nodes: readonly NodeInfo[];
  start: number;
  count: number;
  preFilterSkips: string[];
  feasible: NodeInfo[];
  scoreSkips: string[];
  /** Raw and normalised scores of the feasible nodes: plugin k's node i at [k * feasible.length + i]. */
  raw: Int32Array;
  normalized: Uint8Array;
  scored: boolean[];
  /** Plugins without NormalizeScore: their normalised scores are the raw ones, not stored twice (see normalizedScore). */
  rawOnly: boolean[];
  ties: number;
}

/** Recycled typed arrays for trace scores. */
export class ScoreBuffers {
  private free: { raw: Int32Array; normalized: Uint8Array }[] = [];

  take(len: number): { raw: Int32Array; normalized: Uint8Array } {
    for (let i = this.free.length - 1; i >= 0; i--) {
      if (this.free[i].raw.length >= len) return this.free.splice(i, 1)[0];
    }
    const size = Math.max(len, 1024);
    return { raw: new Int32Array(size), normalized: new Uint8Array(size) };
  }

  give(raw: Int32Array, normalized: Uint8Array): void {
    if (raw.length > 0 && this.free.length < 64) this.free.push({ raw, normalized });
  }
}

/** Plugin k's normalised score of feasible node i, as the Uint8Array of normalised scores would hold it. */
export function normalizedScore(rec: CycleRecord, k: number, i: number): number {
  const at = k * rec.feasible.length + i;
  // A byte store keeps the low 8 bits of the integer the Int32Array store keeps.
  return rec.rawOnly[k] ? rec.raw[at] & 0xff : rec.normalized[at];
}

/** The nodes a cycle evaluated, in order. */
export function* evaluatedNodes(rec: CycleRecord): Iterable<NodeInfo> {
  for (let i = 0; i < rec.count; i++) yield rec.nodes[(rec.start + i) % rec.nodes.length];
}

/** The first filter that rejects the node, as RunFilterPlugins stops there. */
function runAll(active: readonly FilterPlugin[], state: CycleState, pod: PodInfo, node: NodeInfo): NodeFailure | undefined {
  for (let i = 0; i < active.length; i++) {
    const s: Status | null = active[i].filter(state, pod, node);
    if (s) return { plugin: active[i].name, status: s };
  }
  return undefined;
}

export type CycleResult =
  | { kind: 'scheduled'; node: NodeInfo; evaluated: number; feasible: number; state: CycleState; diagnosis: Diagnosis }
  | { kind: 'unschedulable'; numAllNodes: number; diagnosis: Diagnosis; state: CycleState }
  | { kind: 'error'; message: string };

export class Framework {
  private nextStartNodeIndex = 0;
  private scores: Float64Array[];
  private totals = new Float64Array(0);
  /** Reused between cycles: the feasible nodes as they are found. */
  private found: NodeInfo[] = [];
  /** The last cycle's record, when tracing is on. */
  record: CycleRecord | undefined;
  tracing = true;
  /** Score arrays for traces come from (and go back to) this pool, so tracing allocates almost nothing. */
  readonly buffers = new ScoreBuffers();

  constructor(
    readonly preFilters: readonly PreFilterPlugin[],
    readonly filters: readonly FilterPlugin[],
    readonly scorers: readonly ScorePlugin[],
    private readonly cache: SchedulerCache,
    private readonly random: () => number,
  ) {
    this.scores = scorers.map(() => new Float64Array(0));
  }

  schedulePod(pod: PodInfo): CycleResult {
    const nodes = this.cache.nodes();
    if (nodes.length === 0) return { kind: 'error', message: 'no nodes available to schedule pods' };
    const state = new CycleState();
    const diagnosis = newDiagnosis();
    const rec = this.tracing ? this.newRecord(nodes) : undefined;
    this.record = rec;
    const rejected = this.runPreFilters(state, pod, diagnosis, rec);
    if (rejected) return { kind: 'unschedulable', numAllNodes: nodes.length, diagnosis, state };
    const feasible = this.findFeasible(state, pod, nodes, diagnosis, rec);
    if (feasible.length === 0) return { kind: 'unschedulable', numAllNodes: nodes.length, diagnosis, state };
    const evaluated = feasible.length + diagnosis.nodeToStatus.size;
    if (feasible.length === 1) return { kind: 'scheduled', node: feasible[0], evaluated, feasible: 1, state, diagnosis };
    const node = this.prioritize(state, pod, feasible, rec);
    return { kind: 'scheduled', node, evaluated, feasible: feasible.length, state, diagnosis };
  }

  private newRecord(nodes: readonly NodeInfo[]): CycleRecord {
    return { numAllNodes: nodes.length, numToFind: 0, nodes, start: this.nextStartNodeIndex, count: 0, preFilterSkips: [], feasible: [], scoreSkips: [], raw: EMPTY_I32, normalized: EMPTY_U8, scored: [], rawOnly: [], ties: 0 };
  }

  /** true when a PreFilter rejected the pod outright. */
  private runPreFilters(state: CycleState, pod: PodInfo, diagnosis: Diagnosis, rec: CycleRecord | undefined): boolean {
    for (const p of this.preFilters) {
      const s = p.preFilter(state, pod, this.cache);
      if (s === undefined) continue;
      if (s === SKIP) {
        state.skipFilter.add(p.name);
        rec?.preFilterSkips.push(p.name);
        continue;
      }
      diagnosis.preFilter = { plugin: p.name, status: s };
      diagnosis.unschedulablePlugins.add(p.name);
      return true;
    }
    return false;
  }

  private findFeasible(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], diagnosis: Diagnosis, rec: CycleRecord | undefined): NodeInfo[] {
    // A node nominated by an earlier preemption is most likely the one that fits: try it first.
    const nominated = pod.nominatedNodeName ? this.cache.node(pod.nominatedNodeName) : undefined;
    if (nominated) {
      if (rec) rec.nominatedFirst = nominated.name;
      const failure = this.runFilters(state, pod, nominated);
      if (!failure) return [nominated];
    }
    const n = nodes.length;
    const numToFind = numFeasibleNodesToFind(n);
    if (rec) rec.numToFind = numToFind;
    const found = this.found;
    let count = 0;
    let processed = 0;
    // Without nominated pods runFilters is runFilterPlugins, and the active filters are fixed for the cycle.
    const direct = this.cache.hasNominated() ? undefined : this.activeFilters(state, pod);
    for (let i = 0, at = this.nextStartNodeIndex % n; i < n && count < numToFind; i++, at = at + 1 === n ? 0 : at + 1) {
      const node = nodes[at];
      processed++;
      const failure = direct ? runAll(direct, state, pod, node) : this.runFilters(state, pod, node);
      if (!failure) found[count++] = node;
      else {
        diagnosis.nodeToStatus.set(node.name, failure);
        diagnosis.unschedulablePlugins.add(failure.plugin);
      }
    }
    this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % n;
    const feasible = found.slice(0, count);
    if (rec) {
      rec.count = processed;
      rec.feasible = feasible;
    }
    return feasible;
  }

  /** RunFilterPluginsWithNominatedPods: pods nominated here with equal or higher priority count as if running. */
  runFilters(state: CycleState, pod: PodInfo, node: NodeInfo): NodeFailure | undefined {
    if (this.cache.hasNominated()) {
      let withNominated: NodeInfo | undefined;
      let stateCopy: CycleState | undefined;
      for (const p of this.cache.nominatedPods(node.name)) {
        if (p.uid === pod.uid || p.priority < pod.priority) continue;
        withNominated ??= node.clone();
        stateCopy ??= state.clone();
        withNominated.addPod(p);
        stateCopy.podDelta(p, withNominated, true);
      }
      if (withNominated && stateCopy) {
        const f = this.runFilterPlugins(stateCopy, pod, withNominated);
        if (f) return f;
      }
    }
    return this.runFilterPlugins(state, pod, node);
  }

  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): NodeFailure | undefined {
    return runAll(this.activeFilters(state, pod), state, pod, node);
  }

  /** The filters whose PreFilter did not say Skip, worked out once per cycle state. */
  private activeFilters(state: CycleState, pod: PodInfo): readonly FilterPlugin[] {
    if (state.activeFilters === undefined || state.activeFiltersFor !== state.skipFilter.size) {
      state.activeFilters = this.filters.filter((p) => !state.skipFilter.has(p.name) && !p.passesAll?.(pod, this.cache));
      state.activeFiltersFor = state.skipFilter.size;
    }
    return state.activeFilters;
  }

  private prioritize(state: CycleState, pod: PodInfo, feasible: NodeInfo[], rec: CycleRecord | undefined): NodeInfo {
    const n = feasible.length;
    if (this.totals.length < n) this.totals = new Float64Array(Math.max(n, this.totals.length * 2));
    const totals = this.totals;
    totals.fill(0, 0, n);
    if (rec) {
      const b = this.buffers.take(n * this.scorers.length);
      rec.raw = b.raw;
      rec.normalized = b.normalized;
    }
    for (let k = 0; k < this.scorers.length; k++) {
      const p = this.scorers[k];
      if (p.preScore && !p.preScore(state, pod, feasible, this.cache)) {
        rec?.scoreSkips.push(p.name);
        continue;
      }
      if (this.scores[k].length < n) this.scores[k] = new Float64Array(Math.max(n, this.scores[k].length * 2));
      const scores = this.scores[k];
      if (p.scoreAll) p.scoreAll(state, pod, feasible, scores, n);
      else for (let i = 0; i < n; i++) scores[i] = p.score(state, pod, feasible[i]);
      if (rec) {
        rec.scored[k] = true;
        rec.rawOnly[k] = !p.normalize;
        copyInto(rec.raw, scores, k * n, n);
      }
      p.normalize?.(state, scores, n, feasible);
      accumulate(totals, scores, p.weight, n, p.normalize ? rec?.normalized : undefined, k * n);
    }
    return feasible[this.selectHost(totals, n, rec)];
  }

  /** selectHost: the highest total; ties are broken uniformly at random (reservoir sampling). */
  private selectHost(totals: Float64Array, n: number, rec: CycleRecord | undefined): number {
    let best = 0;
    let ties = 1;
    for (let i = 1; i < n; i++) {
      if (totals[i] > totals[best]) {
        best = i;
        ties = 1;
      } else if (totals[i] === totals[best]) {
        ties++;
        if (Math.floor(this.random() * ties) === 0) best = i;
      }
    }
    if (rec) rec.ties = ties;
    return best;
  }
}
