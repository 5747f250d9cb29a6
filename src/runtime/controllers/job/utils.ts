// Helpers of the Job controller (pkg/controller/job: utils.go,
// indexed_job_utils.go, backoff_utils.go): pod accounting, completion
// indexes, conditions and the pod-failure back-off.
import { parseRFC3339 } from '../../clock';
import { asArray, isObject, type KubeObject } from '../../api/types';
import { podCondition, podPhase } from '../podutil';

export const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff (job_controller.go). */
export const POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000;
/** MaxPodCreateDeletePerSync. */
export const MAX_PER_SYNC = 500;

export type Obj = Record<string, unknown>;

export function jobSpec(job: KubeObject): Obj {
  return isObject(job.spec) ? job.spec : {};
}

export function jobStatus(job: KubeObject): Obj {
  return isObject(job.status) ? job.status : {};
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

export function isIndexed(job: KubeObject): boolean {
  return jobSpec(job).completionMode === 'Indexed';
}

export function conditions(job: KubeObject): Obj[] {
  return asArray(jobStatus(job).conditions).filter(isObject);
}

export function findCondition(list: Obj[], type: string): Obj | undefined {
  return list.find((c) => c.type === type);
}

/** util.IsJobFinished: a Complete or Failed condition that is True. */
export function finishedCondition(job: KubeObject): Obj | undefined {
  return conditions(job).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

export function newCondition(type: string, status: string, reason: string, message: string, now: string): Obj {
  return { type, status, lastProbeTime: now, lastTransitionTime: now, reason, message };
}

/** ensureJobConditionStatus: returns the new list, or undefined when nothing changed. */
export function ensureCondition(list: Obj[], c: Obj): Obj[] | undefined {
  const i = list.findIndex((x) => x.type === c.type);
  if (i >= 0) {
    const cur = list[i];
    if (cur.status === c.status && cur.reason === c.reason && cur.message === c.message) return undefined;
    return list.map((x, j) => (j === i ? c : x));
  }
  return c.status === 'False' ? undefined : [...list, c];
}

export function hasTrackingFinalizer(pod: KubeObject): boolean {
  return (pod.metadata.finalizers ?? []).includes(TRACKING_FINALIZER);
}

export function onlyReplaceFailedPods(job: KubeObject): boolean {
  return jobSpec(job).podReplacementPolicy === 'Failed';
}

/** isPodFailed: deleted pods count as failures too, unless only Failed pods are replaced. */
export function isPodFailed(pod: KubeObject, job: KubeObject): boolean {
  const phase = podPhase(pod);
  if (phase === 'Failed') return true;
  if (jobSpec(job).podFailurePolicy !== undefined || onlyReplaceFailedPods(job)) return false;
  return !!pod.metadata.deletionTimestamp && phase !== 'Succeeded';
}

export function isTerminatingPod(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return !!pod.metadata.deletionTimestamp && phase !== 'Failed' && phase !== 'Succeeded';
}

export function completionIndex(pod: KubeObject): number {
  const v = pod.metadata.annotations?.[COMPLETION_INDEX];
  if (v === undefined || !/^\d+$/.test(v)) return -1;
  return Number(v);
}

/** Parse `1,3-5` (status.completedIndexes). */
export function parseIndexes(s: unknown): Set<number> {
  const out = new Set<number>();
  if (typeof s !== 'string' || s === '') return out;
  for (const part of s.split(',')) {
    const [a, b] = part.split('-').map(Number);
    for (let i = a; i <= (b ?? a); i++) out.add(i);
  }
  return out;
}

/** orderedIntervals.String(): `0-2,4`. */
export function formatIndexes(set: Set<number>): string {
  const sorted = [...set].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** firstPendingIndexes: the lowest indexes neither succeeded nor running. */
export function firstPendingIndexes(taken: Set<number>, count: number, completions: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) if (!taken.has(i)) out.push(i);
  return out;
}

/** getFinishedTime: containers' latest finishedAt, then Ready=False, then the deletion estimate, then creation. */
export function finishedTime(pod: KubeObject): number {
  const statuses = asArray(isObject(pod.status) ? pod.status.containerStatuses : undefined).filter(isObject);
  let latest: number | undefined;
  for (const cs of statuses) {
    const term = isObject(cs.state) && isObject(cs.state.terminated) ? cs.state.terminated : undefined;
    const at = term && typeof term.finishedAt === 'string' ? parseRFC3339(term.finishedAt) : undefined;
    if (at === undefined) {
      latest = undefined;
      break;
    }
    latest = Math.max(latest ?? at, at);
  }
  if (latest !== undefined) return latest;
  const ready = podCondition(pod, 'Ready');
  if (ready?.status === 'False' && typeof ready.lastTransitionTime === 'string') {
    const t = parseRFC3339(ready.lastTransitionTime);
    if (t !== undefined) return t;
  }
  if (pod.metadata.deletionTimestamp) {
    const t = parseRFC3339(pod.metadata.deletionTimestamp);
    if (t !== undefined) return t - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  }
  return parseRFC3339(pod.metadata.creationTimestamp ?? '') ?? 0;
}

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

/** newBackoffRecord: a success resets the count; failures after the last success add to it. */
export function nextBackoff(prev: BackoffRecord, succeeded: KubeObject[], failed: KubeObject[]): BackoffRecord {
  if (succeeded.length === 0 && failed.length === 0) return prev;
  const failTimes = failed.map(finishedTime).sort((a, b) => a - b);
  if (succeeded.length === 0) return { failuresAfterLastSuccess: prev.failuresAfterLastSuccess + failed.length, lastFailureTime: failTimes[failTimes.length - 1] };
  const lastSuccess = Math.max(...succeeded.map(finishedTime));
  const after = failTimes.filter((t) => t > lastSuccess);
  return after.length ? { failuresAfterLastSuccess: after.length, lastFailureTime: after[after.length - 1] } : { failuresAfterLastSuccess: 0 };
}

/** getRemainingTimeForFailuresCount: 10 s doubling per consecutive failure, capped at 10 min. */
export function backoffRemaining(rec: BackoffRecord, now: number): number {
  if (rec.failuresAfterLastSuccess === 0 || rec.lastFailureTime === undefined) return 0;
  let d = POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < rec.failuresAfterLastSuccess; i++) {
    d *= 2;
    if (d >= MAX_POD_FAILURE_BACKOFF_MS) {
      d = MAX_POD_FAILURE_BACKOFF_MS;
      break;
    }
  }
  const elapsed = now - rec.lastFailureTime;
  return d < elapsed ? 0 : d - elapsed;
}

/** pastBackoffLimitOnFailure: with restartPolicy OnFailure, container restarts count against the limit. */
export function pastBackoffLimitOnFailure(job: KubeObject, pods: KubeObject[]): boolean {
  const template = isObject(jobSpec(job).template) ? (jobSpec(job).template as Obj) : {};
  if (!isObject(template.spec) || template.spec.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const pod of pods) {
    const phase = podPhase(pod);
    if (phase !== 'Running' && phase !== 'Pending') continue;
    const st = isObject(pod.status) ? pod.status : {};
    for (const cs of [...asArray(st.initContainerStatuses), ...asArray(st.containerStatuses)]) {
      if (isObject(cs) && typeof cs.restartCount === 'number') restarts += cs.restartCount;
    }
  }
  const limit = num(jobSpec(job).backoffLimit) ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** controller.ActivePods ordering: the pods cheapest to lose come first. */
export function removalOrder(a: KubeObject, b: KubeObject): number {
  const bound = (p: KubeObject): number => (isObject(p.spec) && p.spec.nodeName ? 1 : 0);
  const phaseRank = (p: KubeObject): number => ({ Pending: 0, Unknown: 1, Running: 2 })[podPhase(p)] ?? 0;
  const ready = (p: KubeObject): number => (podCondition(p, 'Ready')?.status === 'True' ? 1 : 0);
  return (
    bound(a) - bound(b) ||
    phaseRank(a) - phaseRank(b) ||
    ready(a) - ready(b) ||
    (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '')
  );
}
