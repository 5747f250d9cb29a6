// syncJob (pkg/controller/job/job_controller.go) for one Job: count finished
// pods, decide whether the Job has met its success criteria or must fail
// (backoffLimit, activeDeadlineSeconds, podFailurePolicy), keep the right
// number of pods running, then account for finished pods by removing their
// job-tracking finalizer and adding them to the counters. Since 1.31 the Job
// first gets the interim SuccessCriteriaMet / FailureTarget condition and only
// turns Complete / Failed once none of its pods is still terminating.
import { deepEqual } from '../../api/patch';
import { fromLabelSelector, matchesLabels } from '../../api/selectors';
import type { KubeObject } from '../../api/types';
import { parseRFC3339 } from '../../clock';
import { isPodActive, isPodReady, podPhase } from '../podutil';
import type { JobController } from './job';
import { matchPodFailurePolicy } from './podfailurepolicy';
import {
  conditions,
  ensureCondition,
  findCondition,
  formatIndexes,
  hasTrackingFinalizer,
  isIndexed,
  isPodFailed,
  isTerminatingPod,
  jobSpec,
  jobStatus,
  newCondition,
  nextBackoff,
  num,
  completionIndex,
  parseIndexes,
  pastBackoffLimitOnFailure,
  type BackoffRecord,
  type Obj,
} from './utils';
import { manageJob } from './manage';

export interface SyncCtx {
  job: KubeObject;
  key: string;
  pods: KubeObject[];
  active: KubeObject[];
  terminating: number;
  ready: number;
  succeeded: number;
  succeededIndexes: Set<number>;
  backoff: BackoffRecord;
  finished?: Obj;
  conditions: Obj[];
  startTime?: string;
}

export function syncJob(jc: JobController, job: KubeObject, key: string): void {
  const now = jc.time.nowRFC3339();
  const status = jobStatus(job);
  const spec = jobSpec(job);
  const completions = num(spec.completions);
  const selector = fromLabelSelector(spec.selector);
  const pods = jc.server.ownedBy('pods', job.metadata.uid ?? '').filter((p) => matchesLabels(selector, p.metadata.labels));
  const validIndex = (p: KubeObject): boolean => !isIndexed(job) || (completionIndex(p) >= 0 && completionIndex(p) < (completions ?? 0));
  const tracked = pods.filter((p) => hasTrackingFinalizer(p) && validIndex(p));
  const newSucceeded = tracked.filter((p) => podPhase(p) === 'Succeeded');
  const newFailed = tracked.filter((p) => isPodFailed(p, job));
  const countedFailures = newFailed.filter((p) => spec.podFailurePolicy === undefined || matchPodFailurePolicy(spec.podFailurePolicy, p).countFailed).length;
  const active = pods.filter(isPodActive);
  const ctx: SyncCtx = {
    job,
    key,
    pods,
    active,
    terminating: pods.filter(isTerminatingPod).length,
    ready: active.filter(isPodReady).length,
    succeeded: (num(status.succeeded) ?? 0) + newSucceeded.length,
    succeededIndexes: new Set(),
    backoff: nextBackoff(jc.backoffOf(key), newSucceeded, newFailed),
    conditions: conditions(job),
    startTime: typeof status.startTime === 'string' ? status.startTime : undefined,
  };
  const failed = (num(status.failed) ?? 0) + countedFailures;
  const suspended = spec.suspend === true;
  if (!ctx.startTime && !suspended) ctx.startTime = now;
  ctx.finished = decideFailure(jc, ctx, failed, now);
  if (isIndexed(job)) {
    ctx.succeededIndexes = parseIndexes(status.completedIndexes);
    for (const p of newSucceeded) ctx.succeededIndexes.add(completionIndex(p));
    ctx.succeeded = ctx.succeededIndexes.size;
  }
  let activeCount = active.length;
  if (ctx.finished) {
    const { removed, removedReady } = jc.deletePods(job, active, false);
    activeCount -= removed;
    ctx.terminating += removed;
    ctx.ready -= removedReady;
  } else {
    if (!job.metadata.deletionTimestamp) activeCount = manageJob(jc, ctx);
    const complete = completions === undefined ? ctx.succeeded > 0 && activeCount === 0 : ctx.succeeded >= completions && activeCount === 0;
    if (complete) ctx.finished = newCondition('SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', now);
    else if (!job.metadata.deletionTimestamp) trackSuspension(jc, ctx, suspended, now);
  }
  jc.setBackoff(key, ctx.backoff);
  trackStatus(jc, ctx, activeCount, now);
}

function decideFailure(jc: JobController, ctx: SyncCtx, failed: number, now: string): Obj | undefined {
  const spec = jobSpec(ctx.job);
  const met = findCondition(ctx.conditions, 'SuccessCriteriaMet');
  if (met?.status === 'True') return met;
  const target = findCondition(ctx.conditions, 'FailureTarget');
  if (target?.status === 'True') return newCondition('Failed', 'True', String(target.reason), String(target.message), now);
  if (spec.podFailurePolicy !== undefined) {
    for (const p of ctx.pods) {
      if (!isPodFailed(p, ctx.job)) continue;
      const message = matchPodFailurePolicy(spec.podFailurePolicy, p).failJobMessage;
      if (message) return newCondition('FailureTarget', 'True', 'PodFailurePolicy', message, now);
    }
  }
  if (failed > (num(spec.backoffLimit) ?? 6) || pastBackoffLimitOnFailure(ctx.job, ctx.pods)) {
    return newCondition('FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', now);
  }
  const deadline = num(spec.activeDeadlineSeconds);
  const started = ctx.startTime ? parseRFC3339(ctx.startTime) : undefined;
  if (deadline === undefined || started === undefined || spec.suspend === true) return undefined;
  const left = started + deadline * 1000 - jc.time.now();
  if (left <= 0) return newCondition('FailureTarget', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline', now);
  jc.requeueAfter(ctx.key, left);
  return undefined;
}

function trackSuspension(jc: JobController, ctx: SyncCtx, suspended: boolean, now: string): void {
  const c = suspended ? newCondition('Suspended', 'True', 'JobSuspended', 'Job suspended', now) : newCondition('Suspended', 'False', 'JobResumed', 'Job resumed', now);
  const next = ensureCondition(ctx.conditions, c);
  if (!next) return;
  ctx.conditions = next;
  jc.recorder.event(ctx.job, 'Normal', suspended ? 'Suspended' : 'Resumed', suspended ? 'Job suspended' : 'Job resumed');
  // activeDeadlineSeconds counts continuous activity, so a resumed Job starts its clock again.
  if (!suspended) ctx.startTime = now;
}

/** trackJobStatusAndRemoveFinalizers + enactJobFinished, flushed in one status write. */
function trackStatus(jc: JobController, ctx: SyncCtx, activeCount: number, now: string): void {
  const { job } = ctx;
  const spec = jobSpec(job);
  const old = jobStatus(job);
  let succeeded = num(old.succeeded) ?? 0;
  let failed = num(old.failed) ?? 0;
  const completions = num(spec.completions) ?? 0;
  const release: KubeObject[] = [];
  for (const pod of ctx.pods) {
    if (!hasTrackingFinalizer(pod)) continue;
    const considerFailed = isPodFailed(pod, job);
    if (!(job.metadata.deletionTimestamp || ctx.finished || podPhase(pod) === 'Succeeded' || considerFailed)) continue;
    release.push(pod);
    const ix = completionIndex(pod);
    const valid = !isIndexed(job) || (ix >= 0 && ix < completions);
    if (podPhase(pod) === 'Succeeded') {
      if (!isIndexed(job)) succeeded++;
    } else if ((considerFailed || (ctx.finished && ctx.finished.type !== 'SuccessCriteriaMet')) && valid) {
      if (spec.podFailurePolicy === undefined || matchPodFailurePolicy(spec.podFailurePolicy, pod).countFailed) failed++;
    }
  }
  if (isIndexed(job)) succeeded = ctx.succeededIndexes.size;
  let finished = ctx.finished;
  if (finished?.type === 'FailureTarget') {
    if (!findCondition(ctx.conditions, 'FailureTarget')) ctx.conditions = [...ctx.conditions, finished];
    finished = newCondition('Failed', 'True', String(finished.reason), String(finished.message), now);
  }
  if (finished?.type === 'SuccessCriteriaMet') {
    if (!findCondition(ctx.conditions, 'SuccessCriteriaMet')) ctx.conditions = [...ctx.conditions, finished];
    finished = newCondition('Complete', 'True', String(finished.reason), String(finished.message), now);
  }
  for (const pod of release) jc.removeFinalizer(pod);
  let completionTime = typeof old.completionTime === 'string' ? old.completionTime : undefined;
  let justFinished = false;
  if (finished && ctx.terminating === 0) {
    ctx.conditions = ensureCondition(ctx.conditions, finished) ?? ctx.conditions;
    if (finished.type === 'Complete') completionTime = String(finished.lastTransitionTime);
    justFinished = true;
  }
  const status: Obj = {};
  if (ctx.conditions.length) status.conditions = ctx.conditions;
  if (ctx.startTime) status.startTime = ctx.startTime;
  if (completionTime) status.completionTime = completionTime;
  if (activeCount) status.active = activeCount;
  if (succeeded) status.succeeded = succeeded;
  if (failed) status.failed = failed;
  status.terminating = ctx.terminating;
  if (isIndexed(job) && ctx.succeededIndexes.size) status.completedIndexes = formatIndexes(ctx.succeededIndexes);
  status.uncountedTerminatedPods = {};
  status.ready = ctx.ready;
  if (deepEqual(old, status)) return;
  const written = jc.server.updateStatus({ ...job, status }, { trusted: true });
  if (justFinished && finished) recordFinished(jc, written, finished, succeeded);
}

function recordFinished(jc: JobController, job: KubeObject, finished: Obj, succeeded: number): void {
  if (finished.type === 'Complete') {
    const completions = num(jobSpec(job).completions);
    if (completions !== undefined && succeeded > completions) {
      jc.recorder.event(job, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached');
    }
    jc.recorder.event(job, 'Normal', 'Completed', 'Job completed');
  } else {
    jc.recorder.event(job, 'Warning', String(finished.reason), String(finished.message));
  }
}

