// RealPodControl (controller_utils.go): how workload controllers create pods
// from their template and delete them, reporting each as an event on the owner.
import type { ApiServer } from '../../api/apiserver';
import { isStatusError, StatusError } from '../../api/errors';
import { isObject, type KubeObject } from '../../api/types';
import type { EventRecorder } from '../../events/recorder';
import { podFromTemplate } from '../podtemplate';

/** A ReplicaSet creates or deletes at most this many pods per sync (BurstReplicas). */
export const BURST_REPLICAS = 500;
/** controller.SlowStartInitialBatchSize */
export const SLOW_START_INITIAL_BATCH = 1;

/**
 * slowStartBatch: call fn `count` times in batches of 1, 2, 4 …, stopping after
 * the first batch with a failure, so a namespace out of quota gets one failed
 * request instead of hundreds. Returns the successes and the first error.
 */
export function slowStartBatch(count: number, initial: number, fn: () => StatusError | undefined): { done: number; error?: StatusError } {
  let remaining = count;
  let done = 0;
  for (let size = Math.min(remaining, initial); size > 0; size = Math.min(2 * size, remaining)) {
    let error: StatusError | undefined;
    for (let i = 0; i < size; i++) {
      const e = fn();
      if (e) error ??= e;
      else done++;
    }
    if (error) return { done, error };
    remaining -= size;
  }
  return { done };
}

export class PodControl {
  constructor(
    private readonly api: ApiServer,
    private readonly recorder: EventRecorder,
  ) {}

  createPod(owner: KubeObject, template: unknown): StatusError | undefined {
    try {
      const pod = this.api.create(podFromTemplate(isObject(template) ? template : {}, owner), { trusted: true });
      this.recorder.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name ?? ''}`);
      return undefined;
    } catch (e) {
      if (!isStatusError(e)) throw e;
      // A terminating namespace refuses every create; that is not worth an event (NamespaceTerminatingCause).
      if (!isNamespaceTerminating(e)) this.recorder.event(owner, 'Warning', 'FailedCreate', `Error creating: ${e.message}`);
      return e;
    }
  }

  deletePod(owner: KubeObject, pod: KubeObject): StatusError | undefined {
    const name = pod.metadata.name ?? '';
    try {
      this.api.delete('pods', name, { namespace: pod.metadata.namespace });
    } catch (e) {
      if (!isStatusError(e)) throw e;
      if (e.reason === 'NotFound') return undefined;
      this.recorder.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${e.message}`);
      return new StatusError(e.reason, `unable to delete pods: ${e.message}`);
    }
    this.recorder.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
    return undefined;
  }
}

export function isNamespaceTerminating(e: StatusError): boolean {
  return e.reason === 'Forbidden' && e.message.endsWith('because it is being terminated');
}
