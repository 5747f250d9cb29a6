// getPodStatusForController: the `Pods Status:` counts of a controller's own
// pods (matching its selector and controlled by its uid), by phase.
import type { Selector } from '../../runtime/api/selectors';
import type { KubeObject } from '../../runtime/api/types';
import type { DescribeContext } from './context';
import { status, str } from './format';

export interface PodCounts {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}

export function podStatusForController(ctx: DescribeContext, owner: KubeObject, selector: Selector): PodCounts {
  const counts: PodCounts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  const pods = ctx.api.list('pods', { namespace: owner.metadata.namespace, labelSelector: selector }).items;
  for (const pod of pods) {
    const ref = (pod.metadata.ownerReferences ?? []).find((r) => r.controller === true);
    if (!ref || ref.uid !== owner.metadata.uid) continue;
    const phase = str(status(pod).phase);
    if (phase === 'Running') counts.running++;
    else if (phase === 'Pending') counts.waiting++;
    else if (phase === 'Succeeded') counts.succeeded++;
    else if (phase === 'Failed') counts.failed++;
  }
  return counts;
}

export function podsStatusLine(c: PodCounts): string {
  return `${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed`;
}
