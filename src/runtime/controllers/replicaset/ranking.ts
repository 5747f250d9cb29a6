// Which pods a ReplicaSet deletes first when it scales down
// (controller_utils.go ActivePodsWithRanks and replica_set.go getPodsToDelete):
// the ones whose loss hurts least — unscheduled, still starting, not ready,
// cheap to delete, doubled up on a node, ready for the shortest time, crashing
// the most, or the newest.
import { parseRFC3339 } from '../../clock';
import { asArray, isObject, type KubeObject } from '../../api/types';
import { isPodActive, isPodReady, nodeNameOf, podCondition, podPhase } from '../podutil';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

interface Ranked {
  pod: KubeObject;
  /** Active related pods on the same node (more means "doubled up"). */
  rank: number;
  node: string;
  phase: number;
  ready: boolean;
  cost: number;
  readySince: number | undefined;
  restarts: number;
  created: number | undefined;
  uid: string;
}

/**
 * Pick `count` pods to delete. `related` are the pods of every ReplicaSet with
 * the same owner (a Deployment's old and new sets): colocation counts across them.
 */
export function podsToDelete(pods: KubeObject[], related: KubeObject[], count: number, nowMs: number): KubeObject[] {
  if (count >= pods.length) return pods.slice(0, count);
  const perNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const n = nodeNameOf(p) ?? '';
    perNode.set(n, (perNode.get(n) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => describe(pod, perNode.get(nodeNameOf(pod) ?? '') ?? 0));
  ranked.sort((a, b) => (preferForDeletion(a, b, nowMs) ? -1 : preferForDeletion(b, a, nowMs) ? 1 : 0));
  return ranked.slice(0, count).map((r) => r.pod);
}

function describe(pod: KubeObject, rank: number): Ranked {
  const ready = isPodReady(pod);
  const since = ready ? podCondition(pod, 'Ready')?.lastTransitionTime : undefined;
  return {
    pod,
    rank,
    node: nodeNameOf(pod) ?? '',
    phase: PHASE_ORDINAL[podPhase(pod)] ?? 0,
    ready,
    cost: deletionCost(pod),
    readySince: typeof since === 'string' ? parseRFC3339(since) : undefined,
    restarts: maxRestarts(pod),
    created: pod.metadata.creationTimestamp ? parseRFC3339(pod.metadata.creationTimestamp) : undefined,
    uid: pod.metadata.uid ?? '',
  };
}

/** ActivePodsWithRanks.Less: true when a should be deleted before b. */
function preferForDeletion(a: Ranked, b: Ranked, nowMs: number): boolean {
  if (a.node !== b.node && (a.node === '' || b.node === '')) return a.node === '';
  if (a.phase !== b.phase) return a.phase < b.phase;
  if (a.ready !== b.ready) return !a.ready;
  if (a.cost !== b.cost) return a.cost < b.cost;
  if (a.rank !== b.rank) return a.rank > b.rank;
  if (a.ready && b.ready && a.readySince !== b.readySince) {
    const d = newerFirst(a.readySince, b.readySince, nowMs);
    if (d !== undefined) return d === 0 ? a.uid < b.uid : d < 0;
  }
  if (a.restarts !== b.restarts) return a.restarts > b.restarts;
  if (a.created !== b.created) {
    const d = newerFirst(a.created, b.created, nowMs);
    if (d !== undefined) return d === 0 ? a.uid < b.uid : d < 0;
  }
  return false;
}

/**
 * LogarithmicScaleDown (on by default since 1.22): times are compared in
 * log2 buckets of their age, so equally old pods go in pseudo-random (uid)
 * order. A missing time sorts first. Negative: a goes first; 0: same bucket.
 */
function newerFirst(a: number | undefined, b: number | undefined, nowMs: number): number | undefined {
  if (a === undefined || b === undefined) return a === undefined ? -1 : 1;
  return logRank(a, nowMs) - logRank(b, nowMs);
}

function logRank(t: number, nowMs: number): number {
  const ns = (nowMs - t) * 1e6;
  return ns > 0 ? Math.floor(Math.log2(ns)) : -1;
}

function deletionCost(pod: KubeObject): number {
  const v = pod.metadata.annotations?.[DELETION_COST];
  if (v === undefined) return 0;
  const n = Number(v);
  return Number.isInteger(n) ? n : 0;
}

function maxRestarts(pod: KubeObject): number {
  const statuses = isObject(pod.status) ? asArray(pod.status.containerStatuses) : [];
  let max = 0;
  for (const s of statuses) if (isObject(s) && typeof s.restartCount === 'number') max = Math.max(max, s.restartCount);
  return max;
}
