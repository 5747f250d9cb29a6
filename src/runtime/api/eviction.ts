// The pods/eviction subresource (pkg/registry/core/pod/storage/eviction.go):
// a delete that first asks the pod's PodDisruptionBudget. kubectl drain and
// the cluster autoscaler use it; a plain delete skips the budget entirely.
import { disruptionAllowedConditions, pdbsForPod } from '../controllers/disruption';
import { isPodReady, podPhase } from '../controllers/podutil';
import type { ApiServer } from './apiserver';
import { StatusError, type FieldError } from './errors';
import { isObject, type KubeObject } from './types';

/** More approved-but-unseen evictions than this and the budget refuses (MaxDisruptedPodSize). */
const MAX_DISRUPTED_POD_SIZE = 2000;

export interface EvictionOptions {
  gracePeriodSeconds?: number;
  dryRun?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** A 429 whose Status carries a DisruptionBudget cause and a retry hint, as the eviction handler returns. */
export class TooManyRequestsError extends StatusError {
  constructor(
    message: string,
    readonly budgetCause: { type: 'DisruptionBudget'; message: string },
    readonly retryAfterSeconds: number,
  ) {
    super('TooManyRequests', message, [] as FieldError[]);
  }
}

const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

export function evictPod(api: ApiServer, namespace: string, name: string, opts: EvictionOptions = {}): KubeObject {
  const pod = api.get('pods', name, namespace);
  // A terminal, pending or already terminating pod disrupts nothing more: delete without asking.
  if (canIgnorePDB(pod)) return deletePod(api, pod, opts, !isTerminal(pod) && !pod.metadata.deletionTimestamp);
  const pdbs = pdbsForPod(api, pod);
  if (pdbs.length > 1) throw new StatusError('InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  if (pdbs.length === 0) return deletePod(api, pod, opts, false);
  const pdb = pdbs[0];
  const spec = isObject(pdb.spec) ? pdb.spec : {};
  const status = isObject(pdb.status) ? pdb.status : {};
  if (!isPodReady(pod)) {
    // An unready pod adds nothing to currentHealthy, so evicting it spends no budget when the application is healthy.
    if (spec.unhealthyPodEvictionPolicy === 'AlwaysAllow') return deletePod(api, pod, opts, true);
    if (num(status.currentHealthy) >= num(status.desiredHealthy) && num(status.desiredHealthy) > 0) return deletePod(api, pod, opts, true);
  }
  checkAndDecrement(api, pdb, name, !!opts.dryRun);
  return deletePod(api, pod, opts, false);
}

function isTerminal(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase === 'Succeeded' || phase === 'Failed';
}

function canIgnorePDB(pod: KubeObject): boolean {
  return isTerminal(pod) || podPhase(pod) === 'Pending' || !!pod.metadata.deletionTimestamp;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

function deletePod(api: ApiServer, pod: KubeObject, opts: EvictionOptions, pinResourceVersion: boolean): KubeObject {
  const preconditions = { ...opts.preconditions };
  // Pinning the resourceVersion keeps a pod that became ready meanwhile from slipping past the budget.
  if (pinResourceVersion && !preconditions.resourceVersion) preconditions.resourceVersion = pod.metadata.resourceVersion;
  api.delete('pods', pod.metadata.name ?? '', {
    namespace: pod.metadata.namespace,
    gracePeriodSeconds: opts.gracePeriodSeconds,
    dryRun: opts.dryRun,
    preconditions: preconditions.uid || preconditions.resourceVersion ? preconditions : undefined,
  });
  return { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Success' };
}

/** checkAndDecrement: spend one allowed disruption and remember the pod, or refuse. */
function checkAndDecrement(api: ApiServer, pdb: KubeObject, podName: string, dryRun: boolean): void {
  const status = isObject(pdb.status) ? pdb.status : {};
  const name = pdb.metadata.name ?? '';
  const allowed = num(status.disruptionsAllowed);
  if (num(status.observedGeneration) < (pdb.metadata.generation ?? 1)) {
    throw new TooManyRequestsError(VIOLATION, { type: 'DisruptionBudget', message: `The disruption budget ${name} is still being processed by the server.` }, 10);
  }
  if (allowed < 0) throw new StatusError('Forbidden', `poddisruptionbudget.policy "${name}" is forbidden: pdb disruptions allowed is negative`);
  const disrupted = isObject(status.disruptedPods) ? status.disruptedPods : {};
  if (Object.keys(disrupted).length > MAX_DISRUPTED_POD_SIZE) {
    throw new StatusError('Forbidden', `poddisruptionbudget.policy "${name}" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller`);
  }
  if (allowed === 0) {
    const message = `The disruption budget ${name} needs ${num(status.desiredHealthy)} healthy pods and has ${num(status.currentHealthy)} currently`;
    throw new TooManyRequestsError(VIOLATION, { type: 'DisruptionBudget', message }, 0);
  }
  if (dryRun) return;
  const next: Record<string, unknown> = { ...status, disruptionsAllowed: allowed - 1, disruptedPods: { ...disrupted, [podName]: api.clock.nowRFC3339() } };
  if (allowed - 1 === 0) next.conditions = disruptionAllowedConditions(Array.isArray(status.conditions) ? status.conditions : [], 0, num(status.observedGeneration), api.clock.nowRFC3339());
  api.updateStatus({ ...pdb, status: next }, { trusted: true });
}

