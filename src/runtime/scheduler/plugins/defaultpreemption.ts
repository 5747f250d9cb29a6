// DefaultPreemption (PostFilter): when no node fits, look for nodes where
// evicting lower-priority pods would make room. Per node, remove every lower
// priority pod, check the pod fits, then give back ("reprieve") as many as
// possible, PDB-protected pods first. Among the candidate nodes pick, in
// order: fewest PDB violations, lowest highest-victim priority, smallest sum
// of priorities, fewest victims, latest start of the top victims.
import { fromLabelSelector, matchesLabels } from '../../api/selectors';
import { asArray, isObject, type KubeObject } from '../../api/types';
import type { SchedulerCache } from '../cache';
import { fitErrorMessage, newDiagnosis, type Diagnosis, type NodeFailure } from '../fiterror';
import type { Framework } from '../framework';
import type { NodeInfo } from '../nodeinfo';
import type { PodInfo } from '../podinfo';
import { status, type CycleState, type Status } from '../types';

export const NOT_HELPFUL = status('UnschedulableAndUnresolvable', 'Preemption is not helpful for scheduling');
const NO_VICTIMS = status('UnschedulableAndUnresolvable', 'No preemption victims found for incoming pod');
/** DefaultPreemptionArgs: minCandidateNodesPercentage 10, minCandidateNodesAbsolute 100. */
const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
const MIN_CANDIDATE_NODES_ABSOLUTE = 100;
const INT32_SHIFT = 2 ** 31;

export interface Candidate {
  node: NodeInfo;
  victims: PodInfo[];
  pdbViolations: number;
}

export type PreemptionOutcome =
  /** Victims chosen: the pod is nominated to this node and waits for them to go. */
  | { kind: 'nominated'; candidate: Candidate }
  /** Not possible: the message follows "preemption: "; clearNomination drops a stale nominatedNodeName. */
  | { kind: 'failed'; message: string; clearNomination: boolean };

/** Pods already being evicted for a preemptor carry this condition. */
export function terminatingByPreemption(p: PodInfo): boolean {
  if (!p.terminating) return false;
  const conditions = isObject(p.pod.status) ? asArray(p.pod.status.conditions) : [];
  return conditions.some((c) => isObject(c) && c.type === 'DisruptionTarget' && c.reason === 'PreemptionByScheduler');
}

export class DefaultPreemption {
  readonly name = 'DefaultPreemption';

  constructor(
    private readonly framework: Framework,
    private readonly cache: SchedulerCache,
    private readonly pdbs: () => KubeObject[],
    private readonly random: () => number,
  ) {}

  postFilter(state: CycleState, pod: PodInfo, diagnosis: Diagnosis, numAllNodes: number): PreemptionOutcome {
    const ineligible = this.ineligible(pod, diagnosis);
    if (ineligible) return { kind: 'failed', message: `preemption: ${ineligible}`, clearNomination: false };
    const potential = this.cache.nodes().filter((n) => this.statusOf(n, diagnosis)?.code === 'Unschedulable');
    const failed = newDiagnosis();
    const candidates = potential.length > 0 ? this.dryRun(state, pod, potential, failed.nodeToStatus) : [];
    if (candidates.length === 0) {
      return { kind: 'failed', message: `preemption: ${fitErrorMessage(numAllNodes, failed, NOT_HELPFUL)}`, clearNomination: true };
    }
    return { kind: 'nominated', candidate: pickOneNodeForPreemption(candidates) };
  }

  private statusOf(n: NodeInfo, d: Diagnosis): Status | undefined {
    return d.preFilter?.status ?? d.nodeToStatus.get(n.name)?.status;
  }

  /** PodEligibleToPreemptOthers. */
  private ineligible(pod: PodInfo, d: Diagnosis): string | undefined {
    if (pod.preemptNever) return 'not eligible due to preemptionPolicy=Never.';
    const nominated = pod.nominatedNodeName ? this.cache.node(pod.nominatedNodeName) : undefined;
    if (!nominated || this.statusOf(nominated, d)?.code === 'UnschedulableAndUnresolvable') return undefined;
    for (const p of nominated.pods.values()) {
      if (p.priority < pod.priority && terminatingByPreemption(p)) return 'not eligible due to a terminating pod on the nominated node.';
    }
    return undefined;
  }

  private dryRun(state: CycleState, pod: PodInfo, potential: NodeInfo[], statuses: Map<string, NodeFailure>): Candidate[] {
    const n = potential.length;
    const numCandidates = Math.min(n, Math.max(MIN_CANDIDATE_NODES_ABSOLUTE, Math.trunc((n * MIN_CANDIDATE_NODES_PERCENTAGE) / 100)));
    const offset = Math.floor(this.random() * n);
    const pdbs = this.pdbs();
    const clean: Candidate[] = [];
    const violating: Candidate[] = [];
    for (let i = 0; i < n; i++) {
      const node = potential[(offset + i) % n];
      const r = this.selectVictimsOnNode(state.clone(), pod, node.clone(), pdbs);
      if ('status' in r) statuses.set(node.name, { plugin: this.name, status: r.status });
      else (r.pdbViolations === 0 ? clean : violating).push({ node, victims: r.victims, pdbViolations: r.pdbViolations });
      if (clean.length > 0 && clean.length + violating.length >= numCandidates) break;
    }
    return [...clean, ...violating];
  }

  selectVictimsOnNode(state: CycleState, pod: PodInfo, node: NodeInfo, pdbs: KubeObject[]): { victims: PodInfo[]; pdbViolations: number } | { status: Status } {
    const lower = [...node.pods.values()].filter((p) => p.priority < pod.priority);
    if (lower.length === 0) return { status: NO_VICTIMS };
    const remove = (p: PodInfo): void => {
      node.removePod(p.uid);
      state.podDelta(p, node, false);
    };
    lower.forEach(remove);
    const failure = this.framework.runFilters(state, pod, node);
    if (failure) return { status: failure.status };
    lower.sort(moreImportant);
    const [violating, clean] = splitByPDBViolation(lower, pdbs);
    const victims: PodInfo[] = [];
    let pdbViolations = 0;
    // Give each pod back if the preemptor still fits without evicting it.
    const reprieve = (p: PodInfo): boolean => {
      node.addPod(p);
      state.podDelta(p, node, true);
      if (!this.framework.runFilters(state, pod, node)) return false;
      remove(p);
      victims.push(p);
      return true;
    };
    for (const p of violating) if (reprieve(p)) pdbViolations++;
    for (const p of clean) reprieve(p);
    victims.sort(moreImportant);
    return victims.length === 0 ? { status: status('UnschedulableAndUnresolvable', `expected at least one victim pod on node "${node.name}"`) } : { victims, pdbViolations };
  }
}

/** util.MoreImportantPod: higher priority first, then the one that started earlier. */
function moreImportant(a: PodInfo, b: PodInfo): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  return a.startTime - b.startTime;
}

/** filterPodsWithPDBViolation: would evicting this pod take a matching PDB below zero disruptions allowed? */
function splitByPDBViolation(pods: PodInfo[], pdbs: KubeObject[]): [PodInfo[], PodInfo[]] {
  const allowed = pdbs.map((pdb) => Number(isObject(pdb.status) ? pdb.status.disruptionsAllowed ?? 0 : 0));
  const violating: PodInfo[] = [];
  const clean: PodInfo[] = [];
  for (const p of pods) {
    let violated = false;
    if (Object.keys(p.labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if (pdb.metadata.namespace !== p.namespace) return;
        const sel = isObject(pdb.spec) ? pdb.spec.selector : undefined;
        // A PDB with a nil or empty selector selects nothing.
        if (!isObject(sel) || Object.keys(sel).length === 0) return;
        const reqs = fromLabelSelector(sel);
        if (reqs.length === 0 || !matchesLabels(reqs, p.labels)) return;
        const disrupted = isObject(pdb.status) && isObject(pdb.status.disruptedPods) ? pdb.status.disruptedPods : {};
        if (p.name in disrupted) return;
        allowed[i]--;
        if (allowed[i] < 0) violated = true;
      });
    }
    (violated ? violating : clean).push(p);
  }
  return [violating, clean];
}

export function pickOneNodeForPreemption(candidates: Candidate[]): Candidate {
  const earliestTopStart = (c: Candidate): number => {
    const top = c.victims[0].priority;
    let earliest = Infinity;
    for (const v of c.victims) if (v.priority === top && v.startTime < earliest) earliest = v.startTime;
    return earliest;
  };
  const scoreFuncs: ((c: Candidate) => number)[] = [
    (c) => -c.pdbViolations,
    (c) => -c.victims[0].priority,
    (c) => -c.victims.reduce((s, v) => s + v.priority + INT32_SHIFT, 0),
    (c) => -c.victims.length,
    earliestTopStart,
  ];
  let remaining = candidates;
  for (const f of scoreFuncs) {
    let best = -Infinity;
    let selected: Candidate[] = [];
    for (const c of remaining) {
      const s = f(c);
      if (s > best) {
        best = s;
        selected = [c];
      } else if (s === best) selected.push(c);
    }
    if (selected.length === 1) return selected[0];
    remaining = selected;
  }
  return remaining[0];
}
