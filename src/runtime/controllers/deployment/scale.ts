// Scaling ReplicaSets on the deployment's behalf (sync.go scale,
// scaleReplicaSet; deployment_util.go GetProportion). When spec.replicas
// changes in the middle of a rollout, the difference is shared out between
// the new and old sets in proportion to their sizes, so the rollout keeps its
// shape ("proportional scaling").
import type { KubeObject } from '../../api/types';
import { replicasOf } from '../replicaset/base';
import type { DeploymentContext } from './context';
import {
  activeReplicaSets,
  annotationNumber,
  bySizeNewer,
  bySizeOlder,
  byCreation,
  DESIRED_REPLICAS,
  isRollingUpdate,
  MAX_REPLICAS,
  maxSurge,
  num,
  replicasAnnotationsNeedUpdate,
  rsStatus,
  setReplicasAnnotations,
  specReplicaCount,
  type Deployment,
} from './util';

/** Set a ReplicaSet's size (and its desired/max annotations), reporting ScalingReplicaSet. */
export function scaleReplicaSet(ctx: DeploymentContext, rs: KubeObject, newScale: number, d: Deployment): KubeObject {
  const oldScale = replicasOf(rs);
  const desired = replicasOf(d);
  const max = desired + maxSurge(d);
  const sizeNeedsUpdate = oldScale !== newScale;
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) return rs;
  const annotations = { ...(rs.metadata.annotations ?? {}) };
  setReplicasAnnotations(annotations, desired, max);
  const updated = ctx.api.update(
    { ...rs, metadata: { ...rs.metadata, annotations }, spec: { ...(rs.spec as Record<string, unknown>), replicas: newScale } },
    { trusted: true },
  );
  if (sizeNeedsUpdate) {
    const direction = oldScale < newScale ? 'up' : 'down';
    ctx.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${direction} replica set ${rs.metadata.name ?? ''} from ${oldScale} to ${newScale}`);
  }
  return updated;
}

/** scaleReplicaSetAndRecordEvent: nothing to do when the size already matches. */
export function scaleIfNeeded(ctx: DeploymentContext, rs: KubeObject, newScale: number, d: Deployment): { scaled: boolean; rs: KubeObject } {
  if (replicasOf(rs) === newScale) return { scaled: false, rs };
  return { scaled: true, rs: scaleReplicaSet(ctx, rs, newScale, d) };
}

/** FindActiveOrLatest: the only set with replicas, or the newest when none has any. */
function findActiveOrLatest(newRS: KubeObject | undefined, oldRSs: KubeObject[]): KubeObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const sortedOld = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = activeReplicaSets([...sortedOld, newRS]);
  if (active.length === 0) return newRS ?? sortedOld[0];
  return active.length === 1 ? active[0] : undefined;
}

/** IsSaturated: the new set has all the replicas the deployment wants, all of them available. */
function isSaturated(d: Deployment, rs: KubeObject | undefined): boolean {
  if (!rs) return false;
  const desired = annotationNumber(rs, DESIRED_REPLICAS);
  const r = replicasOf(d);
  return desired !== undefined && replicasOf(rs) === r && desired === r && rsStatus(rs, 'availableReplicas') === r;
}

export function scale(ctx: DeploymentContext, d: Deployment, newRS: KubeObject | undefined, oldRSs: KubeObject[]): void {
  const target = findActiveOrLatest(newRS, oldRSs);
  if (target) {
    if (replicasOf(target) !== replicasOf(d)) scaleIfNeeded(ctx, target, replicasOf(d), d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of activeReplicaSets(oldRSs)) scaleIfNeeded(ctx, old, 0, d);
    return;
  }
  if (isRollingUpdate(d)) scaleProportionally(ctx, d, activeReplicaSets([...oldRSs, newRS]));
}

function scaleProportionally(ctx: DeploymentContext, d: Deployment, allRSs: KubeObject[]): void {
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowed - specReplicaCount(allRSs);
  // Larger sets take their share first; on ties newer sets grow first and older sets shrink first.
  if (toAdd > 0) allRSs.sort(bySizeNewer);
  else if (toAdd < 0) allRSs.sort(bySizeOlder);
  let added = 0;
  const sizes = allRSs.map((rs) => {
    if (toAdd === 0) return replicasOf(rs);
    const p = proportion(rs, d, toAdd, added);
    added += p;
    return replicasOf(rs) + p;
  });
  allRSs.forEach((rs, i) => {
    // Rounding leftovers go to the largest set.
    if (i === 0 && toAdd !== 0) sizes[0] = Math.max(0, sizes[0] + toAdd - added);
    scaleReplicaSet(ctx, rs, sizes[i], d);
  });
}

/** GetProportion: this set's share of the replicas being added (or removed), bounded by what is left. */
function proportion(rs: KubeObject, d: Deployment, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** getReplicaSetFraction: scale the set by (new max size / max size when it was last scaled). */
function replicaSetFraction(rs: KubeObject, d: Deployment): number {
  if (replicasOf(d) === 0) return -replicasOf(rs);
  const maxReplicas = replicasOf(d) + maxSurge(d);
  let before = annotationNumber(rs, MAX_REPLICAS);
  if (!before) {
    before = num(d.status.replicas);
    if (before === 0) return 0;
  }
  return roundHalfAway((replicasOf(rs) * maxReplicas) / before) - replicasOf(rs);
}

/** integer.RoundToInt32 uses math.Round: halves round away from zero. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}
