// The scheduling cycle's algorithm (schedule_one.go, framework/runtime):
// PreFilter, then Filter over the nodes starting where the last cycle
// stopped until numFeasibleNodesToFind nodes fit, then PreScore, Score,
// NormalizeScore and weighted sums, then selectHost. Filters stop at the
// first plugin that rejects a node, as RunFilterPlugins does. For pods of
// one class (a shared parsed spec) the node-local filters' verdicts and
// scores of unchanged nodes come from the class cache (classcache.ts): the
// same results, computed once per node revision instead of once per cycle.
import type { SchedulerCache } from './cache';
import { ClassCaches, type ClassCache } from './classcache';
import { newDiagnosis, type Diagnosis, type NodeFailure } from './fiterror';
import type { NodeInfo } from './nodeinfo';
import { isSharedSpec, type PodInfo } from './podinfo';
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
const EMPTY_F64 = new Float64Array(0);

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
  /**
   * Bit k set: plugin k's raw scores are in class-cache rows (see ScoreRows)
   * rather than in raw; feasible node i's row is raw[rowsAt + i].
   */
  cachedMask: number;
  rows: Float64Array;
  rowStride: number;
  rowsAt: number;
  /** Plugin k's normalised score when it was the same on every feasible node (then not in normalized). */
  constant: number[] | undefined;
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

/** Plugin k's raw score of feasible node i, as an Int32Array store keeps it. */
export function rawScore(rec: CycleRecord, k: number, i: number): number {
  if (rec.cachedMask & (1 << k)) return rec.rows[rec.raw[rec.rowsAt + i] * rec.rowStride + k] | 0;
  return rec.raw[k * rec.feasible.length + i];
}

/** Plugin k's normalised score of feasible node i, as the Uint8Array of normalised scores would hold it. */
export function normalizedScore(rec: CycleRecord, k: number, i: number): number {
  // A byte store keeps the low 8 bits of the integer the Int32Array store keeps.
  if (rec.rawOnly[k]) return rawScore(rec, k, i) & 0xff;
  return rec.constant?.[k] ?? rec.normalized[k * rec.feasible.length + i];
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
  private readonly classes: ClassCaches;
  /** Per score plugin: whether it scores in this cycle (its PreScore did not skip). */
  private readonly active: boolean[];
  /** The class cache of the current cycle, when its filters and the pod allow one. */
  private classCache: ClassCache | undefined;
  /** Scratch for scoring the nodes a class cache lacks. */
  private missNodes: NodeInfo[] = [];
  /** The node-list positions of the feasible nodes, for the class cache, and how many were found. */
  private foundAt = new Int32Array(0);
  private foundCount = 0;
  /** Cached plugins whose raw scores are the same on every feasible node this cycle (bit k), and that score. */
  private constantMask = 0;
  private readonly constantRaw: number[] = [];
  private readonly one = new Float64Array(1);
  private readonly byte = new Uint8Array(1);
  /** The feasible positions whose class-cache score row is missing or stale (found by scanCached). */
  private missPos = new Int32Array(0);
  private missCount = 0;
  private missAt = new Int32Array(0);
  private missScores = new Float64Array(0);
  /** The last cycle's record, when tracing is on. */
  record: CycleRecord | undefined;
  tracing = true;
  /** Reuse node-local results across cycles of pods sharing a spec (see classcache.ts); off only to check it changes nothing. */
  classCaching = true;
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
    this.active = scorers.map(() => false);
    this.classes = new ClassCaches(scorers.length);
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
    return { numAllNodes: nodes.length, numToFind: 0, nodes, start: this.nextStartNodeIndex, count: 0, preFilterSkips: [], feasible: [], scoreSkips: [], raw: EMPTY_I32, normalized: EMPTY_U8, scored: [], rawOnly: [], ties: 0, cachedMask: 0, rows: EMPTY_F64, rowStride: 0, rowsAt: 0, constant: undefined };
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
    this.classCache = undefined;
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
    // Without nominated pods runFilters is runFilterPlugins, and the active filters are fixed for the cycle.
    const direct = this.cache.hasNominated() ? undefined : this.activeFilters(state, pod);
    const cc = direct && this.classCaching && isSharedSpec(pod.spec) && direct.every((p) => p.nodeLocal) ? this.classes.get(pod.spec, nodes, this.cache.nodesEpoch) : undefined;
    this.classCache = cc;
    if (this.foundAt.length < n) this.foundAt = new Int32Array(n);
    const processed = cc && direct ? this.scanCached(cc, direct, state, pod, nodes, numToFind, diagnosis) : this.scan(direct, state, pod, nodes, numToFind, diagnosis);
    const count = this.foundCount;
    this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % n;
    const feasible = this.found.slice(0, count);
    if (rec) {
      rec.count = processed;
      rec.feasible = feasible;
    }
    return feasible;
  }

  /** Filter nodes from nextStartNodeIndex until numToFind fit: the feasible ones go to found/foundAt; returns how many were processed. */
  private scan(direct: readonly FilterPlugin[] | undefined, state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], numToFind: number, diagnosis: Diagnosis): number {
    const n = nodes.length;
    const found = this.found;
    const foundAt = this.foundAt;
    let count = 0;
    let processed = 0;
    for (let i = 0, at = this.nextStartNodeIndex % n; i < n && count < numToFind; i++, at = at + 1 === n ? 0 : at + 1) {
      const node = nodes[at];
      processed++;
      const failure = direct ? runAll(direct, state, pod, node) : this.runFilters(state, pod, node);
      if (!failure) {
        foundAt[count] = at;
        found[count++] = node;
      } else {
        diagnosis.nodeToStatus.set(node.name, failure);
        diagnosis.unschedulablePlugins.add(failure.plugin);
      }
    }
    this.foundCount = count;
    return processed;
  }

  /** scan with node-local filters only: a verdict is reused while the node's generation is the one it was computed at. */
  private scanCached(cc: ClassCache, direct: readonly FilterPlugin[], state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], numToFind: number, diagnosis: Diagnosis): number {
    const n = nodes.length;
    const found = this.found;
    const foundAt = this.foundAt;
    const gens = this.cache.generations();
    const filterGen = cc.filterGen;
    const failures = cc.failures;
    const scoreGen = cc.scoreGen;
    if (this.missPos.length < numToFind) this.missPos = new Int32Array(numToFind);
    const missPos = this.missPos;
    let misses = 0;
    let count = 0;
    let processed = 0;
    for (let i = 0, at = this.nextStartNodeIndex % n; i < n && count < numToFind; i++, at = at + 1 === n ? 0 : at + 1) {
      processed++;
      let failure: NodeFailure | undefined;
      if (filterGen[at] === gens[at]) failure = failures[at];
      else {
        failure = failures[at] = runAll(direct, state, pod, nodes[at]);
        filterGen[at] = gens[at];
      }
      if (!failure) {
        if (scoreGen[at] !== gens[at]) missPos[misses++] = count;
        foundAt[count] = at;
        found[count++] = nodes[at];
      } else {
        diagnosis.nodeToStatus.set(nodes[at].name, failure);
        diagnosis.unschedulablePlugins.add(failure.plugin);
      }
    }
    this.missCount = misses;
    this.foundCount = count;
    return processed;
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
      // One column per plugin, then the class-cache rows of the nodes.
      const b = this.buffers.take(n * (this.scorers.length + 1));
      rec.raw = b.raw;
      rec.normalized = b.normalized;
    }
    // PreScore decides which plugins score (each reads only the cycle's inputs, so all run first).
    const cc = this.classCache;
    const active = this.active;
    let cached = 0;
    for (let k = 0; k < this.scorers.length; k++) {
      const p = this.scorers[k];
      active[k] = !p.preScore || p.preScore(state, pod, feasible, this.cache);
      if (!active[k]) {
        rec?.scoreSkips.push(p.name);
        continue;
      }
      if (this.scores[k].length < n) this.scores[k] = new Float64Array(Math.max(n, this.scores[k].length * 2));
      if (rec) {
        rec.scored[k] = true;
        rec.rawOnly[k] = !p.normalize;
      }
      if (cc && p.nodeLocal) cached |= 1 << k;
    }
    // Totals are sums of integer scores times integer weights: exact in any order.
    this.constantMask = 0;
    if (cc && cached !== 0) this.cachedScores(cc, cached, state, pod, feasible, totals, rec);
    for (let k = 0; k < this.scorers.length; k++) {
      const p = this.scorers[k];
      if (!active[k] || (cached & (1 << k) && !p.normalize)) continue;
      if (this.constantMask & (1 << k)) {
        this.constantScore(k, state, feasible, rec);
        continue;
      }
      const scores = this.scores[k];
      if (!(cached & (1 << k))) {
        this.scoreNodes(p, state, pod, feasible, scores, n, this.foundAt);
        if (rec) copyInto(rec.raw, scores, k * n, n);
      }
      p.normalize?.(state, scores, n, feasible);
      accumulate(totals, scores, p.weight, n, p.normalize ? rec?.normalized : undefined, k * n);
    }
    return feasible[this.selectHost(totals, n, rec)];
  }

  private scoreNodes(p: ScorePlugin, state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array, n: number, indexes?: Int32Array): void {
    if (p.scoreAll) p.scoreAll(state, pod, nodes, out, n, indexes);
    else for (let i = 0; i < n; i++) out[i] = p.score(state, pod, nodes[i]);
  }

  /**
   * The raw scores of the node-local plugins in mask, from the class cache's
   * rows where the node is unchanged (the others are scored into new rows):
   * the weighted sum of those without NormalizeScore goes to the totals, the
   * others' raw scores to their score arrays.
   */
  private cachedScores(cc: ClassCache, mask: number, state: CycleState, pod: PodInfo, feasible: readonly NodeInfo[], totals: Float64Array, rec: CycleRecord | undefined): void {
    const n = feasible.length;
    const foundAt = this.foundAt;
    this.scoreMisses(cc, mask, state, pod, feasible);
    const current = cc.current;
    const stride = cc.rows.stride;
    const sum = stride - 1;
    for (let i = 0; i < n; i++) totals[i] += current[foundAt[i] * stride + sum];
    if (rec) {
      const at = this.scorers.length * n;
      const rowOf = cc.rowOf;
      for (let i = 0; i < n; i++) rec.raw[at + i] = rowOf[foundAt[i]];
      rec.cachedMask = mask;
      rec.rows = cc.rows.data;
      rec.rowStride = stride;
      rec.rowsAt = at;
    }
    this.constantMask = 0;
    for (let k = 0; k < this.scorers.length; k++) {
      if (!(mask & (1 << k)) || !this.scorers[k].normalize) continue;
      const first = current[foundAt[0] * stride + k];
      let same = true;
      for (let i = 1; i < n && same; i++) same = current[foundAt[i] * stride + k] === first;
      if (same) {
        this.constantMask |= 1 << k;
        this.constantRaw[k] = first;
        continue;
      }
      const out = this.scores[k];
      for (let i = 0; i < n; i++) out[i] = current[foundAt[i] * stride + k];
    }
  }

  /**
   * A node-local plugin whose raw scores are all equal: NormalizeScore gives
   * every node what it gives one, and a score equal everywhere moves no total
   * past another, so the totals skip it; the trace keeps the one value.
   */
  private constantScore(k: number, state: CycleState, feasible: readonly NodeInfo[], rec: CycleRecord | undefined): void {
    const one = this.one;
    one[0] = this.constantRaw[k];
    this.scorers[k].normalize?.(state, one, 1, feasible);
    if (!rec) return;
    this.byte[0] = one[0];
    (rec.constant ??= [])[k] = this.byte[0];
  }

  /** Score the feasible nodes whose row is missing or stale into new rows. */
  private scoreMisses(cc: ClassCache, mask: number, state: CycleState, pod: PodInfo, feasible: readonly NodeInfo[]): void {
    const kept = cc.useScores(mask);
    const n = feasible.length;
    const gens = this.cache.generations();
    const foundAt = this.foundAt;
    const scoreGen = cc.scoreGen;
    const missNodes = this.missNodes;
    if (this.missAt.length < n) this.missAt = new Int32Array(Math.max(n, this.missAt.length * 2));
    const missAt = this.missAt;
    let m = 0;
    if (kept) {
      // The scan listed the feasible nodes without a current row.
      for (let j = 0; j < this.missCount; j++) {
        const i = this.missPos[j];
        missNodes[m] = feasible[i];
        missAt[m++] = foundAt[i];
      }
    } else {
      for (let i = 0; i < n; i++) {
        const at = foundAt[i];
        if (scoreGen[at] === gens[at]) continue;
        missNodes[m] = feasible[i];
        missAt[m++] = at;
      }
    }
    if (m === 0) return;
    if (!cc.reserve(m)) {
      // A new arena: every node gets a row in it.
      for (m = 0; m < n; m++) {
        missNodes[m] = feasible[m];
        missAt[m] = foundAt[m];
      }
    }
    const rows = cc.rows;
    const data = rows.data;
    const stride = rows.stride;
    const sum = stride - 1;
    const first = rows.count;
    rows.count += m;
    for (let j = 0; j < m; j++) {
      cc.rowOf[missAt[j]] = first + j;
      data[(first + j) * stride + sum] = 0;
    }
    if (this.missScores.length < m) this.missScores = new Float64Array(Math.max(m, this.missScores.length * 2));
    const scores = this.missScores;
    for (let k = 0; k < this.scorers.length; k++) {
      if (!(mask & (1 << k))) continue;
      const p = this.scorers[k];
      this.scoreNodes(p, state, pod, missNodes, scores, m);
      for (let j = 0; j < m; j++) {
        const row = (first + j) * stride;
        data[row + k] = scores[j];
        if (!p.normalize) data[row + sum] += scores[j] * p.weight;
      }
    }
    const current = cc.current;
    for (let j = 0; j < m; j++) {
      const at = missAt[j];
      scoreGen[at] = gens[at];
      current.set(data.subarray((first + j) * stride, (first + j + 1) * stride), at * stride);
    }
    missNodes.length = 0;
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
