// The RollingUpdate strategy (rolling.go). Each sync takes one step: grow
// the new ReplicaSet as far as maxSurge allows, or else shrink old ones as far
// as maxUnavailable allows — unhealthy old replicas first, since removing them
// costs no availability. Pods becoming available drive the next step.
import { isStatusError } from '../../api/errors';
import { field, type KubeObject } from '../../api/types';
import { replicasOf } from '../replicaset/base';
import type { DeploymentContext } from './context';
import { syncRolloutStatus } from './progress';
import { scaleIfNeeded } from './scale';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision } from './sync';
import {
  activeReplicaSets,
  byCreation,
  deploymentComplete,
  maxUnavailable,
  rsStatus,
  scaledValue,
  specReplicaCount,
  statusCount,
  strategyType,
  type Deployment,
} from './util';

export function rolloutRolling(ctx: DeploymentContext, d: Deployment, rsList: KubeObject[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true);
  if (!newRS) return;
  const allRSs = [...oldRSs, newRS];
  if (reconcileNewReplicaSet(ctx, allRSs, newRS, d) || reconcileOldReplicaSets(ctx, allRSs, activeReplicaSets(oldRSs), newRS, d)) {
    syncRolloutStatus(ctx, allRSs, newRS, d);
    return;
  }
  if (deploymentComplete(d, d.status)) cleanupDeployment(ctx, oldRSs, d);
  syncRolloutStatus(ctx, allRSs, newRS, d);
}

/** NewRSNewReplicas: how big the new set may be now. */
export function newRSNewReplicas(d: Deployment, allRSs: KubeObject[], newRS: KubeObject): number {
  if (strategyType(d) === 'Recreate') return replicasOf(d);
  const surge = scaledValue(field(d.spec, 'strategy', 'rollingUpdate', 'maxSurge') ?? 0, replicasOf(d), true);
  const current = specReplicaCount(allRSs);
  const maxTotal = replicasOf(d) + surge;
  if (current >= maxTotal) return replicasOf(newRS);
  return replicasOf(newRS) + Math.min(maxTotal - current, replicasOf(d) - replicasOf(newRS));
}

function reconcileNewReplicaSet(ctx: DeploymentContext, allRSs: KubeObject[], newRS: KubeObject, d: Deployment): boolean {
  const want = replicasOf(d);
  if (replicasOf(newRS) === want) return false;
  if (replicasOf(newRS) > want) return scaleIfNeeded(ctx, newRS, want, d).scaled;
  return scaleIfNeeded(ctx, newRS, newRSNewReplicas(d, allRSs, newRS), d).scaled;
}

function reconcileOldReplicaSets(ctx: DeploymentContext, allRSs: KubeObject[], oldRSs: KubeObject[], newRS: KubeObject, d: Deployment): boolean {
  if (specReplicaCount(oldRSs) === 0) return false;
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newUnavailable = replicasOf(newRS) - rsStatus(newRS, 'availableReplicas');
  const maxScaledDown = specReplicaCount(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  try {
    const cleaned = cleanupUnhealthyReplicas(ctx, oldRSs, d, maxScaledDown);
    if (!cleaned) return false;
    const scaledDown = scaleDownOldReplicaSetsForRollingUpdate(ctx, [...cleaned.oldRSs, newRS], cleaned.oldRSs, d);
    return cleaned.count + scaledDown > 0;
  } catch (e) {
    // Upstream swallows these errors here; the next sync retries.
    if (isStatusError(e)) return false;
    throw e;
  }
}

/** Scale old sets down by their unavailable replicas, oldest first, up to maxCleanup in total. */
function cleanupUnhealthyReplicas(ctx: DeploymentContext, oldRSs: KubeObject[], d: Deployment, maxCleanup: number): { oldRSs: KubeObject[]; count: number } | undefined {
  const sorted = [...oldRSs].sort(byCreation);
  let total = 0;
  for (let i = 0; i < sorted.length && total < maxCleanup; i++) {
    const rs = sorted[i];
    const unhealthy = replicasOf(rs) - rsStatus(rs, 'availableReplicas');
    if (replicasOf(rs) === 0 || unhealthy === 0) continue;
    const down = Math.min(maxCleanup - total, unhealthy);
    // A status that still counts more available replicas than the spec allows is stale: upstream refuses to "scale down" upwards.
    if (down < 0) return undefined;
    sorted[i] = scaleIfNeeded(ctx, rs, replicasOf(rs) - down, d).rs;
    total += down;
  }
  return { oldRSs: sorted, count: total };
}

/** Scale old sets down, oldest first, by as many replicas as are available beyond the minimum. */
function scaleDownOldReplicaSetsForRollingUpdate(ctx: DeploymentContext, allRSs: KubeObject[], oldRSs: KubeObject[], d: Deployment): number {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const available = statusCount(allRSs, 'availableReplicas');
  if (available <= minAvailable) return 0;
  const budget = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= budget) break;
    if (replicasOf(rs) === 0) continue;
    const down = Math.min(replicasOf(rs), budget - total);
    scaleIfNeeded(ctx, rs, replicasOf(rs) - down, d);
    total += down;
  }
  return total;
}
