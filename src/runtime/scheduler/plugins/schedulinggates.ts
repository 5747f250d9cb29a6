// SchedulingGates (PreEnqueue): a pod with spec.schedulingGates never enters
// the active queue. The apiserver already marked it PodScheduled=False with
// reason SchedulingGated; removing the last gate makes it schedulable.
import type { PodInfo } from '../podinfo';

export const SCHEDULING_GATES = 'SchedulingGates';

export class SchedulingGates {
  readonly name = SCHEDULING_GATES;

  /** undefined = may be queued; otherwise why not. */
  preEnqueue(pod: PodInfo): string | undefined {
    if (pod.spec.gates === 0) return undefined;
    return `waiting for scheduling gates: ${pod.spec.gates}`;
  }
}
