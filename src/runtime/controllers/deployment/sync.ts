// sync.go: finding (or creating) the deployment's new ReplicaSet and keeping
// revisions in step, scaling, status, and cleaning up old history. Paused
// deployments and pure scaling events go through sync(), which never rolls out.
import { isStatusError, StatusError } from '../../api/errors';
import { deepEqual } from '../../api/patch';
import { deepClone, field, isObject, type KubeObject } from '../../api/types';
import { minReadySecondsOf, replicasOf } from '../replicaset/base';
import { newControllerRef } from '../podutil';
import { Reasons, updateDeploymentStatus, type DeploymentContext } from './context';
import { computeHash } from './hash';
import { scale } from './scale';
import {
  activeReplicaSets,
  annotationNumber,
  byRevision,
  DESIRED_REPLICAS,
  equalIgnoreHash,
  findNewReplicaSet,
  getCondition,
  HASH_LABEL,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  maxRevision,
  maxUnavailable,
  newCondition,
  num,
  REVISION,
  ROLLBACK_TO,
  setCondition,
  setNewReplicaSetAnnotations,
  specReplicaCount,
  statusCount,
  type Deployment,
  type DeploymentStatus,
} from './util';
import { newRSNewReplicas } from './rolling';

export interface ReplicaSets {
  newRS: KubeObject | undefined;
  oldRSs: KubeObject[];
}

/** getAllReplicaSetsAndSyncRevision: split the sets into new and old, syncing the new one's revision. */
export function getAllReplicaSetsAndSyncRevision(ctx: DeploymentContext, d: Deployment, rsList: KubeObject[], create: boolean): ReplicaSets {
  const newMatch = findNewReplicaSet(d, rsList);
  const oldRSs = rsList.filter((rs) => rs !== newMatch);
  return { newRS: getNewReplicaSet(ctx, d, rsList, oldRSs, create), oldRSs };
}

function getNewReplicaSet(ctx: DeploymentContext, d: Deployment, rsList: KubeObject[], oldRSs: KubeObject[], create: boolean): KubeObject | undefined {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = maxRevision(oldRSs) + 1;
  if (existing) return syncExistingNewReplicaSet(ctx, d, existing, newRevision);
  if (!create) return undefined;
  return createNewReplicaSet(ctx, d, oldRSs, newRevision);
}

function syncExistingNewReplicaSet(ctx: DeploymentContext, d: Deployment, rs: KubeObject, newRevision: number): KubeObject {
  const annotations = { ...(rs.metadata.annotations ?? {}) };
  const annotationsUpdated = setNewReplicaSetAnnotations(d, annotations, newRevision, true);
  const minReady = num(d.spec.minReadySeconds);
  if (annotationsUpdated || minReadySecondsOf(rs) !== minReady) {
    const spec: Record<string, unknown> = { ...(rs.spec as Record<string, unknown>), minReadySeconds: minReady };
    if (minReady === 0) delete spec.minReadySeconds;
    return ctx.api.update({ ...rs, metadata: { ...rs.metadata, annotations }, spec }, { trusted: true });
  }
  // The deployment carries the revision its new set already has (it may be a reused, older set).
  let needsUpdate = setDeploymentRevision(d, annotations[REVISION] ?? '');
  if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
    const msg = `Found new replica set ${JSON.stringify(rs.metadata.name ?? '')}`;
    setCondition(d.status, newCondition('Progressing', 'True', Reasons.FoundNewRS, msg, ctx.clock.nowRFC3339()));
    needsUpdate = true;
  }
  if (needsUpdate) updateDeploymentStatus(ctx, d);
  return rs;
}

function createNewReplicaSet(ctx: DeploymentContext, d: Deployment, oldRSs: KubeObject[], newRevision: number): KubeObject {
  const template = deepClone(d.spec.template) as Record<string, unknown>;
  const hash = computeHash(template, d.status.collisionCount);
  const meta = isObject(template.metadata) ? template.metadata : (template.metadata = {});
  meta.labels = { ...(isObject(meta.labels) ? meta.labels : {}), [HASH_LABEL]: hash };
  const selector = deepClone(d.spec.selector) as Record<string, unknown>;
  selector.matchLabels = { ...(isObject(selector.matchLabels) ? selector.matchLabels : {}), [HASH_LABEL]: hash };
  const name = `${d.metadata.name ?? ''}-${hash}`;
  const spec: Record<string, unknown> = { replicas: 0, selector, template };
  if (num(d.spec.minReadySeconds)) spec.minReadySeconds = d.spec.minReadySeconds;
  const draft: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: d.metadata.namespace, labels: { ...(meta.labels as Record<string, string>) }, ownerReferences: [newControllerRef(d)] },
    spec,
  };
  const replicas = newRSNewReplicas(d, [...oldRSs, draft], draft);
  spec.replicas = replicas;
  const annotations: Record<string, string> = {};
  setNewReplicaSetAnnotations(d, annotations, newRevision, false);
  draft.metadata.annotations = annotations;
  const { rs, alreadyExisted } = createOrFind(ctx, d, draft);
  if (!alreadyExisted && replicas > 0) {
    ctx.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${replicas}`);
  }
  let needsUpdate = setDeploymentRevision(d, String(newRevision));
  if (!alreadyExisted && hasProgressDeadline(d)) {
    const msg = `Created new replica set ${JSON.stringify(name)}`;
    setCondition(d.status, newCondition('Progressing', 'True', Reasons.NewReplicaSet, msg, ctx.clock.nowRFC3339()));
    needsUpdate = true;
  }
  if (needsUpdate) updateDeploymentStatus(ctx, d);
  return rs;
}

/**
 * Create the set; a set of that name already there is either ours (a retried
 * sync) or a hash collision, which bumps status.collisionCount so the next
 * sync hashes to a different name.
 */
function createOrFind(ctx: DeploymentContext, d: Deployment, draft: KubeObject): { rs: KubeObject; alreadyExisted: boolean } {
  try {
    return { rs: ctx.api.create(draft, { trusted: true }), alreadyExisted: false };
  } catch (e) {
    if (!isStatusError(e)) throw e;
    if (e.reason === 'AlreadyExists') {
      const found = ctx.api.tryGet('replicasets', draft.metadata.name ?? '', d.metadata.namespace);
      const ref = found?.metadata.ownerReferences?.find((r) => r.controller);
      if (found && ref?.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, field(found, 'spec', 'template'))) {
        return { rs: found, alreadyExisted: true };
      }
      d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
      updateDeploymentStatus(ctx, d);
      throw e;
    }
    if (e.message.endsWith('because it is being terminated')) throw e;
    const msg = `Failed to create new replica set ${JSON.stringify(draft.metadata.name ?? '')}: ${e.message}`;
    if (hasProgressDeadline(d)) {
      setCondition(d.status, newCondition('Progressing', 'False', Reasons.FailedRSCreate, msg, ctx.clock.nowRFC3339()));
      try {
        updateDeploymentStatus(ctx, d);
      } catch {
        // The bigger problem is already being reported.
      }
    }
    ctx.recorder.event(d, 'Warning', Reasons.FailedRSCreate, msg);
    throw new StatusError(e.reason, msg);
  }
}

/** SetDeploymentRevision: the deployment's own revision annotation, written through /status. */
function setDeploymentRevision(d: Deployment, rev: string): boolean {
  const annotations = (d.metadata.annotations ??= {});
  if (annotations[REVISION] === rev) return false;
  annotations[REVISION] = rev;
  return true;
}

/** sync: scale (proportionally during a rollout), clean up history when paused, and report status. */
export function sync(ctx: DeploymentContext, d: Deployment, rsList: KubeObject[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  scale(ctx, d, newRS, oldRSs);
  if (d.spec.paused === true && !d.metadata.annotations?.[ROLLBACK_TO]) cleanupDeployment(ctx, oldRSs, d);
  syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS, d);
}

export function syncStatusOnly(ctx: DeploymentContext, d: Deployment, rsList: KubeObject[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS, d);
}

export function syncDeploymentStatus(ctx: DeploymentContext, allRSs: (KubeObject | undefined)[], newRS: KubeObject | undefined, d: Deployment): void {
  const status = calculateStatus(ctx, allRSs, newRS, d);
  if (deepEqual(d.status, status)) return;
  d.status = status;
  updateDeploymentStatus(ctx, d);
}


/** calculateStatus: counts from the sets' own status, plus the Available condition. */
export function calculateStatus(ctx: DeploymentContext, allRSs: (KubeObject | undefined)[], newRS: KubeObject | undefined, d: Deployment): DeploymentStatus {
  const available = statusCount(allRSs, 'availableReplicas');
  // Unavailable counts against the sets' desired sizes, so surge pods still starting count as unavailable.
  const unavailable = Math.max(0, specReplicaCount(allRSs) - available);
  const status: DeploymentStatus = {};
  const set = (k: Exclude<keyof DeploymentStatus, 'conditions'>, v: number | undefined): void => {
    if (v) status[k] = v;
  };
  set('observedGeneration', d.metadata.generation);
  set('replicas', statusCount(allRSs, 'replicas'));
  set('updatedReplicas', statusCount([newRS], 'replicas'));
  set('readyReplicas', statusCount(allRSs, 'readyReplicas'));
  set('availableReplicas', available);
  set('unavailableReplicas', unavailable);
  if (d.status.conditions?.length) status.conditions = [...d.status.conditions];
  const now = ctx.clock.nowRFC3339();
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', Reasons.MinimumReplicasAvailable, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition('Available', 'False', Reasons.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
  }
  if (d.status.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  return status;
}

/** isScalingEvent: a set's desired-replicas annotation no longer matches spec.replicas. */
export function isScalingEvent(ctx: DeploymentContext, d: Deployment, rsList: KubeObject[]): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  return activeReplicaSets([...oldRSs, newRS]).some((rs) => {
    const desired = annotationNumber(rs, DESIRED_REPLICAS);
    return desired !== undefined && desired !== replicasOf(d);
  });
}

/** checkPausedConditions: Progressing Unknown while paused, so the pause does not count against the deadline. */
export function checkPausedConditions(ctx: DeploymentContext, d: Deployment): void {
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, 'Progressing');
  if (cond?.reason === Reasons.TimedOut) return;
  const pausedCond = cond?.reason === Reasons.Paused;
  const now = ctx.clock.nowRFC3339();
  if (d.spec.paused === true && !pausedCond) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', Reasons.Paused, 'Deployment is paused', now));
  } else if (d.spec.paused !== true && pausedCond) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', Reasons.Resumed, 'Deployment is resumed', now));
  } else return;
  updateDeploymentStatus(ctx, d);
}

/**
 * cleanupDeployment: keep revisionHistoryLimit old sets. Only sets scaled to
 * zero, with no pods left and their latest spec observed, are deleted, oldest
 * revision first.
 */
export function cleanupDeployment(ctx: DeploymentContext, oldRSs: KubeObject[], d: Deployment): void {
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - num(d.spec.revisionHistoryLimit);
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (const rs of cleanable.slice(0, diff)) {
    const observed = num(field(rs, 'status', 'observedGeneration'));
    if (num(field(rs, 'status', 'replicas')) !== 0 || replicasOf(rs) !== 0 || (rs.metadata.generation ?? 0) > observed) continue;
    try {
      ctx.api.delete('replicasets', rs.metadata.name ?? '', { namespace: rs.metadata.namespace });
    } catch (e) {
      if (!isStatusError(e) || e.reason !== 'NotFound') throw e;
    }
  }
}
