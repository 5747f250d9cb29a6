// Scheduling traces, as kube-scheduler-simulator records them: per node, each
// filter plugin's verdict and each score plugin's raw and normalised score,
// then the choice and why. A cycle keeps only what it computed anyway (the
// evaluated nodes, the failure map, typed arrays of scores); the readable
// form is built when someone asks. Only the last attempt of the most recent
// pods is kept.
import type { NodeFailure } from './fiterror';
import { evaluatedNodes, normalizedScore, rawScore, type CycleRecord, type ScoreBuffers } from './framework';

export interface FilterVerdict {
  plugin: string;
  /** 'passed', 'skipped' (PreFilter said Skip), 'not run' (an earlier filter rejected the node), or the reasons. */
  verdict: string;
}

export interface ScoreEntry {
  plugin: string;
  weight: number;
  raw: number;
  normalized: number;
  weighted: number;
}

export interface NodeTrace {
  node: string;
  feasible: boolean;
  filters: FilterVerdict[];
  scores?: ScoreEntry[];
  total?: number;
}

export interface SchedulingTrace {
  pod: string;
  uid: string;
  attempt: number;
  time: string;
  outcome: 'Scheduled' | 'Unschedulable' | 'Error';
  node?: string;
  /** Why this node, or why none. */
  reason: string;
  message?: string;
  numAllNodes: number;
  numFeasibleNodesToFind: number;
  evaluatedNodes: number;
  feasibleNodes: number;
  nominatedNodeFirst?: string;
  preFilterRejected?: { plugin: string; reason: string };
  skippedScorePlugins: string[];
  nodes: NodeTrace[];
  preemption?: { nominatedNode?: string; victims?: string[]; message?: string };
}

export interface AttemptRecord {
  pod: string;
  uid: string;
  attempt: number;
  time: string;
  outcome: SchedulingTrace['outcome'];
  node?: string;
  reason: string;
  message?: string;
  cycle?: CycleRecord;
  failures?: Map<string, NodeFailure>;
  preFilter?: NodeFailure;
  preemption?: SchedulingTrace['preemption'];
}

export interface PluginNames {
  filters: readonly string[];
  scorers: readonly { name: string; weight: number }[];
}

export class TraceStore {
  private readonly records = new Map<string, AttemptRecord>();

  constructor(
    private readonly names: PluginNames,
    private readonly buffers: ScoreBuffers,
    readonly capacity = 500,
  ) {}

  put(r: AttemptRecord): void {
    this.drop(r.pod);
    this.records.set(r.pod, r);
    if (this.records.size > this.capacity) this.drop(this.records.keys().next().value!);
  }

  private drop(key: string): void {
    const old = this.records.get(key);
    if (!old) return;
    this.records.delete(key);
    if (old.cycle) this.buffers.give(old.cycle.raw, old.cycle.normalized);
  }

  get(podKey: string): SchedulingTrace | undefined {
    const r = this.records.get(podKey);
    return r ? this.expand(r) : undefined;
  }

  private expand(r: AttemptRecord): SchedulingTrace {
    const c = r.cycle;
    const out: SchedulingTrace = {
      pod: r.pod,
      uid: r.uid,
      attempt: r.attempt,
      time: r.time,
      outcome: r.outcome,
      reason: r.reason,
      numAllNodes: c?.numAllNodes ?? 0,
      numFeasibleNodesToFind: c?.numToFind ?? 0,
      evaluatedNodes: c ? (c.count === 0 && c.nominatedFirst ? 1 : c.count) : 0,
      feasibleNodes: c?.feasible.length ?? 0,
      skippedScorePlugins: c?.scoreSkips ?? [],
      nodes: [],
    };
    if (r.node) out.node = r.node;
    if (r.message) out.message = r.message;
    if (c?.nominatedFirst) out.nominatedNodeFirst = c.nominatedFirst;
    if (r.preFilter) out.preFilterRejected = { plugin: r.preFilter.plugin, reason: r.preFilter.status.reasons.join(', ') };
    if (r.preemption) out.preemption = r.preemption;
    if (c && !r.preFilter) out.nodes = this.nodes(c, r.failures ?? new Map<string, NodeFailure>());
    return out;
  }

  private nodes(c: CycleRecord, failures: Map<string, NodeFailure>): NodeTrace[] {
    const skipped = new Set(c.preFilterSkips);
    const feasibleIndex = new Map(c.feasible.map((n, i) => [n, i]));
    const seen = new Set<string>();
    const evaluated = c.nominatedFirst && c.count === 0 ? c.feasible : evaluatedNodes(c);
    const out: NodeTrace[] = [];
    for (const node of evaluated) {
      if (seen.has(node.name)) continue;
      seen.add(node.name);
      const failure = failures.get(node.name);
      const i = feasibleIndex.get(node);
      const t: NodeTrace = { node: node.name, feasible: i !== undefined, filters: this.verdicts(skipped, failure) };
      if (i !== undefined && c.feasible.length > 1) this.scores(t, c, i);
      out.push(t);
    }
    return out;
  }

  private verdicts(skipped: Set<string>, failure: NodeFailure | undefined): FilterVerdict[] {
    let reached = false;
    return this.names.filters.map((plugin) => {
      if (reached) return { plugin, verdict: 'not run' };
      if (skipped.has(plugin)) return { plugin, verdict: 'skipped' };
      if (failure?.plugin === plugin) {
        reached = true;
        return { plugin, verdict: failure.status.reasons.join(', ') };
      }
      return { plugin, verdict: 'passed' };
    });
  }

  private scores(t: NodeTrace, c: CycleRecord, i: number): void {
    t.scores = [];
    let total = 0;
    this.names.scorers.forEach(({ name, weight }, k) => {
      if (!c.scored[k]) return;
      const normalized = normalizedScore(c, k, i);
      const weighted = normalized * weight;
      total += weighted;
      t.scores?.push({ plugin: name, weight, raw: rawScore(c, k, i), normalized, weighted });
    });
    t.total = total;
  }
}
