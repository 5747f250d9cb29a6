// The Recreate strategy (recreate.go): scale every old ReplicaSet to zero,
// wait until none of their pods is left running (terminating ones included),
// and only then create and scale up the new set — downtime by design.
import type { KubeObject } from '../../api/types';
import { podPhase } from '../podutil';
import { replicasOf } from '../replicaset/base';
import type { DeploymentContext } from './context';
import { syncRolloutStatus } from './progress';
import { scaleIfNeeded } from './scale';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision } from './sync';
import { activeReplicaSets, deploymentComplete, statusCount, type Deployment } from './util';

/** Pods of each of the deployment's ReplicaSets, by the set's uid (getPodMapForDeployment). */
export type PodMap = Map<string, KubeObject[]>;

export function rolloutRecreate(ctx: DeploymentContext, d: Deployment, rsList: KubeObject[], podMap: PodMap): void {
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  let allRSs = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) scaledDown = scaleIfNeeded(ctx, rs, 0, d).scaled || scaledDown;
  if (scaledDown || oldPodsRunning(newRS, oldRSs, podMap)) {
    syncRolloutStatus(ctx, allRSs, newRS, d);
    return;
  }
  if (!newRS) {
    ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  if (newRS) scaleIfNeeded(ctx, newRS, replicasOf(d), d);
  if (deploymentComplete(d, d.status)) cleanupDeployment(ctx, oldRSs, d);
  syncRolloutStatus(ctx, allRSs, newRS, d);
}

/** Old pods count until they are gone or finished: Pending, Running, Unknown and terminating pods all block. */
function oldPodsRunning(newRS: KubeObject | undefined, oldRSs: KubeObject[], podMap: PodMap): boolean {
  if (statusCount(oldRSs, 'replicas') > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata.uid === uid) continue;
    if (pods.some((p) => podPhase(p) !== 'Failed' && podPhase(p) !== 'Succeeded')) return true;
  }
  return false;
}
