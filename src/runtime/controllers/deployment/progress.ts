// progress.go: the Progressing condition. Any step forward refreshes its
// lastUpdateTime; no step forward for progressDeadlineSeconds turns it False
// with ProgressDeadlineExceeded. Nothing else happens at the deadline, so the
// controller asks to look again exactly then.
import { deepEqual } from '../../api/patch';
import { asArray, field, isObject, type KubeObject } from '../../api/types';
import { parseRFC3339 } from '../../clock';
import { Reasons, updateDeploymentStatus, type DeploymentContext } from './context';
import { calculateStatus } from './sync';
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  newCondition,
  progressDeadlineSeconds,
  removeCondition,
  setCondition,
  type Deployment,
  type DeploymentCondition,
  type DeploymentStatus,
} from './util';

export function syncRolloutStatus(ctx: DeploymentContext, allRSs: (KubeObject | undefined)[], newRS: KubeObject | undefined, d: Deployment): void {
  const status = calculateStatus(ctx, allRSs, newRS, d);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const isComplete = num(status.replicas) === num(status.updatedReplicas) && current?.reason === Reasons.NewRSAvailable;
  if (hasProgressDeadline(d) && !isComplete) updateProgressing(ctx, d, status, newRS, current);
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setCondition(status, failure);
  else removeCondition(status, 'ReplicaFailure');
  if (deepEqual(d.status, status)) {
    requeueStuckDeployment(ctx, d, status);
    return;
  }
  d.status = status;
  updateDeploymentStatus(ctx, d);
}

function updateProgressing(ctx: DeploymentContext, d: Deployment, status: DeploymentStatus, newRS: KubeObject | undefined, current: DeploymentCondition | undefined): void {
  const now = ctx.clock.nowRFC3339();
  const subject = newRS ? `ReplicaSet ${JSON.stringify(newRS.metadata.name ?? '')}` : `Deployment ${JSON.stringify(d.metadata.name ?? '')}`;
  if (deploymentComplete(d, status)) {
    setCondition(status, newCondition('Progressing', 'True', Reasons.NewRSAvailable, `${subject} has successfully progressed.`, now));
  } else if (deploymentProgressing(d, status)) {
    // Progress refreshes lastUpdateTime even though the reason stays the same, which
    // setCondition alone would skip: replace the condition, keeping a True transition time.
    const cond = newCondition('Progressing', 'True', Reasons.ReplicaSetUpdated, `${subject} is progressing.`, now);
    if (current) {
      if (current.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
      removeCondition(status, 'Progressing');
    }
    setCondition(status, cond);
  } else if (deploymentTimedOut(d, status, ctx.clock.now())) {
    setCondition(status, newCondition('Progressing', 'False', Reasons.TimedOut, `${subject} has timed out progressing.`, now));
  }
}

/** getReplicaFailures: the new set's ReplicaFailure wins over old sets'. */
function replicaFailure(allRSs: (KubeObject | undefined)[], newRS: KubeObject | undefined): DeploymentCondition | undefined {
  for (const rs of [newRS, ...allRSs]) {
    const c = rs ? asArray(field(rs, 'status', 'conditions')).find((x) => isObject(x) && x.type === 'ReplicaFailure') : undefined;
    if (!isObject(c)) continue;
    const t = str(c.lastTransitionTime);
    return { type: 'ReplicaFailure', status: str(c.status), lastUpdateTime: t, lastTransitionTime: t, reason: str(c.reason), message: str(c.message) };
  }
  return undefined;
}

/**
 * requeueStuckDeployment: a rollout that has stopped moving is looked at
 * again when its deadline passes (lastUpdateTime + progressDeadlineSeconds,
 * plus a second against clock skew), so the timeout shows up on time.
 */
function requeueStuckDeployment(ctx: DeploymentContext, d: Deployment, status: DeploymentStatus): void {
  const cond = getCondition(status, 'Progressing');
  if (!hasProgressDeadline(d) || !cond || deploymentComplete(d, status) || cond.reason === Reasons.TimedOut) {
    ctx.requeueAfter(d, undefined);
    return;
  }
  const from = parseRFC3339(cond.lastUpdateTime) ?? ctx.clock.now();
  const after = from + progressDeadlineSeconds(d) * 1000 - ctx.clock.now();
  // Past the deadline: upstream re-enqueues rate-limited (5 ms, as each sync forgets the key), never at the same instant.
  ctx.requeueAfter(d, after + 1000 > 0 ? after + 1000 : 5);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
