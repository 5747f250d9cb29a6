// What every part of the deployment controller needs: the API, the clock,
// its event recorder, and a way to look at the deployment again later.
import type { ApiServer } from '../../api/apiserver';
import type { KubeObject } from '../../api/types';
import type { Clock } from '../../clock';
import type { EventRecorder } from '../../events/recorder';
import type { Deployment } from './util';

export interface DeploymentContext {
  api: ApiServer;
  clock: Clock;
  recorder: EventRecorder;
  /** Sync the deployment again after ms (replacing an earlier request); undefined cancels. */
  requeueAfter(d: Deployment, ms: number | undefined): void;
}

/** Write the working copy's status (and, for Deployments, its annotations) and keep its resourceVersion current. */
export function updateDeploymentStatus(ctx: DeploymentContext, d: Deployment): KubeObject {
  const saved = ctx.api.updateStatus(d, { trusted: true });
  d.metadata.resourceVersion = saved.metadata.resourceVersion;
  return saved;
}

export const Reasons = {
  NewReplicaSet: 'NewReplicaSetCreated',
  FoundNewRS: 'FoundNewReplicaSet',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  NewRSAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  Paused: 'DeploymentPaused',
  Resumed: 'DeploymentResumed',
  FailedRSCreate: 'ReplicaSetCreateError',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;
