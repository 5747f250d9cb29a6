// manageJob (job_controller.go): keep min(parallelism, remaining completions)
// pods running, respecting the pod-failure back-off; a suspended Job runs none.
// Indexed Jobs give each pod a completion index (annotation, label, hostname
// `<job>-<index>` and the JOB_COMPLETION_INDEX variable).
import { asArray, isObject, type KubeObject } from '../../api/types';
import { podFromTemplate, templateOf } from '../podtemplate';
import type { JobController } from './job';
import type { SyncCtx } from './sync';
import {
  backoffRemaining,
  COMPLETION_INDEX,
  COMPLETION_INDEX_ENV,
  completionIndex,
  firstPendingIndexes,
  isIndexed,
  jobSpec,
  MAX_PER_SYNC,
  num,
  onlyReplaceFailedPods,
  removalOrder,
  TRACKING_FINALIZER,
} from './utils';

/** Returns the number of active pods after this round's creations and deletions. */
export function manageJob(jc: JobController, ctx: SyncCtx): number {
  const { job } = ctx;
  const spec = jobSpec(job);
  let active = ctx.active.length;
  if (spec.suspend === true) return active - removeActive(jc, ctx, ctx.active);
  const parallelism = num(spec.parallelism) ?? 1;
  const completions = num(spec.completions);
  let want: number;
  if (completions === undefined) want = ctx.succeeded > 0 ? active : parallelism;
  else want = Math.max(0, Math.min(completions - ctx.succeeded, parallelism));
  const surplus = podsForRemoval(ctx, Math.max(0, active - want)).slice(0, MAX_PER_SYNC);
  // A round either deletes or creates, never both: deletion takes precedence.
  if (surplus.length) return active - removeActive(jc, ctx, surplus);
  const terminating = onlyReplaceFailedPods(job) ? ctx.terminating : 0;
  let diff = want - terminating - active;
  if (diff <= 0) return active;
  const wait = backoffRemaining(ctx.backoff, jc.time.now());
  if (wait > 0) {
    jc.requeueAfter(ctx.key, wait);
    return active;
  }
  diff = Math.min(diff, MAX_PER_SYNC);
  let indexes: (number | undefined)[] = new Array<undefined>(diff).fill(undefined);
  if (isIndexed(job)) {
    const taken = new Set([...ctx.succeededIndexes, ...ctx.active.map(completionIndex)]);
    indexes = firstPendingIndexes(taken, diff, completions ?? 0);
  }
  for (const ix of indexes) {
    jc.createPod(job, newJobPod(job, ix));
    active++;
  }
  return active;
}

function removeActive(jc: JobController, ctx: SyncCtx, pods: KubeObject[]): number {
  const { removed, removedReady } = jc.deletePods(ctx.job, pods, true);
  ctx.terminating += removed;
  ctx.ready -= removedReady;
  return removed;
}

/** activePodsForRemoval: for Indexed Jobs, pods on a wrong or repeated index go first. */
function podsForRemoval(ctx: SyncCtx, atLeast: number): KubeObject[] {
  const sorted = [...ctx.active].sort(removalOrder);
  if (!isIndexed(ctx.job)) return sorted.slice(0, atLeast);
  const completions = num(jobSpec(ctx.job).completions) ?? 0;
  const seen = new Set<number>();
  const bad: KubeObject[] = [];
  const good: KubeObject[] = [];
  for (const p of [...sorted].reverse()) {
    const ix = completionIndex(p);
    if (ix < 0 || ix >= completions || seen.has(ix)) bad.push(p);
    else {
      seen.add(ix);
      good.push(p);
    }
  }
  return [...bad, ...good.reverse().slice(0, Math.max(0, atLeast - bad.length))];
}

function newJobPod(job: KubeObject, index: number | undefined): KubeObject {
  const name = job.metadata.name ?? '';
  if (index === undefined) return podFromTemplate(templateOf(job), job, { finalizers: [TRACKING_FINALIZER] });
  const pod = podFromTemplate(templateOf(job), job, {
    generateName: `${name}-${index}-`,
    annotations: { [COMPLETION_INDEX]: String(index) },
    labels: { [COMPLETION_INDEX]: String(index) },
    finalizers: [TRACKING_FINALIZER],
  });
  const spec = pod.spec as Record<string, unknown>;
  spec.hostname = `${name}-${index}`;
  for (const key of ['initContainers', 'containers']) {
    if (Array.isArray(spec[key])) spec[key] = asArray(spec[key]).map((c) => (isObject(c) ? withIndexEnv(c) : c));
  }
  return pod;
}

/** addCompletionIndexEnvVariable: read from the pod-index label (PodIndexLabel is GA). */
function withIndexEnv(container: Record<string, unknown>): Record<string, unknown> {
  const env = asArray(container.env);
  if (env.some((e) => isObject(e) && e.name === COMPLETION_INDEX_ENV)) return container;
  const fieldPath = `metadata.labels['${COMPLETION_INDEX}']`;
  return { ...container, env: [...env, { name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath } } }] };
}
