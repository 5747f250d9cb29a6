// Per-node results kept across scheduling cycles for a class of pods (pods of
// one workload share one parsed spec, see isSharedSpec). Between two cycles
// of a class only the nodes that gained or lost pods change, so the verdicts
// of node-local filters and the raw scores of node-local score plugins are
// stamped with the node's generation and reused while it is unchanged. Any
// change to a Node object or to the node list (cache.nodesEpoch) drops them.
import type { NodeFailure } from './fiterror';
import type { NodeInfo } from './nodeinfo';
import type { ParsedSpec } from './podinfo';

/** How many classes keep their results: pods come in runs of one workload, and a few workloads interleave. */
const MAX_CLASSES = 8;

/**
 * Raw scores of the cached plugins, one row per node revision scored: row r
 * holds plugin k's raw score at [r * stride + k] and, last, the weighted sum
 * of those without NormalizeScore. Rows are never rewritten (a full arena is
 * replaced), so a cycle's trace keeps only row numbers.
 */
export class ScoreRows {
  readonly data: Float64Array;
  count = 0;

  constructor(
    readonly stride: number,
    readonly capacity: number,
  ) {
    this.data = new Float64Array(stride * capacity);
  }
}

export class ClassCache {
  nodes: readonly NodeInfo[] = [];
  epoch = -1;
  /** By node index: the generation the filter verdict was computed at (0: none). */
  filterGen = new Float64Array(0);
  failures: (NodeFailure | undefined)[] = [];
  /** By node index: the generation the node's score row was computed at, for the score plugins in scoreMask. */
  scoreGen = new Float64Array(0);
  /** By node index: its score row (for traces), and the row's values (read by the cycles, in node order). */
  rowOf = new Int32Array(0);
  /** Plugin k's raw score of node i at [i * (plugins + 1) + k], then the weighted sum (as in a row). */
  current = new Float64Array(0);
  /** Bit k set: score plugin k's raw scores are kept. */
  scoreMask = 0;
  rows: ScoreRows;

  constructor(private readonly plugins: number) {
    this.rows = new ScoreRows(plugins + 1, 0);
  }

  reset(nodes: readonly NodeInfo[], epoch: number): void {
    this.nodes = nodes;
    this.epoch = epoch;
    const n = nodes.length;
    if (this.filterGen.length < n) {
      this.filterGen = new Float64Array(n);
      this.scoreGen = new Float64Array(n);
      this.rowOf = new Int32Array(n);
      this.current = new Float64Array(n * (this.plugins + 1));
    } else {
      this.filterGen.fill(0);
      this.scoreGen.fill(0);
    }
    this.failures = new Array<NodeFailure | undefined>(n).fill(undefined);
  }

  /** Keep the raw scores of the plugins in mask; false when that dropped what was kept (for another set). */
  useScores(mask: number): boolean {
    if (mask === this.scoreMask) return true;
    this.scoreMask = mask;
    this.scoreGen.fill(0);
    return false;
  }

  /** Room for m more rows; false when a new arena had to be started (every node must then be scored again). */
  reserve(m: number): boolean {
    if (this.rows.count + m <= this.rows.capacity) return true;
    this.rows = new ScoreRows(this.plugins + 1, Math.max(2 * this.nodes.length + 256, m));
    this.scoreGen.fill(0);
    return false;
  }
}

/** The classes seen last, most recent last; an evicted class's arrays are reused. */
export class ClassCaches {
  private readonly byClass = new Map<ParsedSpec, ClassCache>();
  private last: ParsedSpec | undefined;

  /** plugins: how many score plugins the framework has. */
  constructor(private readonly plugins: number) {}

  get(spec: ParsedSpec, nodes: readonly NodeInfo[], epoch: number): ClassCache {
    let c = this.byClass.get(spec);
    let stale = false;
    if (spec !== this.last) {
      if (c) this.byClass.delete(spec);
      else if (this.byClass.size >= MAX_CLASSES) {
        const oldest = this.byClass.keys().next().value!;
        c = this.byClass.get(oldest);
        this.byClass.delete(oldest);
        stale = true;
      }
      c ??= new ClassCache(this.plugins);
      this.byClass.set(spec, c);
      this.last = spec;
    }
    if (!c) throw new Error('class cache lost its entry');
    if (stale || c.nodes !== nodes || c.epoch !== epoch) c.reset(nodes, epoch);
    return c;
  }
}
