// NodeUnschedulable: a cordoned node (spec.unschedulable) takes no new pods,
// unless the pod tolerates the node.kubernetes.io/unschedulable:NoSchedule taint.
import type { NodeInfo } from '../nodeinfo';
import type { PodInfo } from '../podinfo';
import { tolerated } from '../tolerations';
import { status, type ClusterView, type FilterPlugin, type Status } from '../types';

export const ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";
const REJECTED = status('UnschedulableAndUnresolvable', ERR_REASON_UNSCHEDULABLE);
const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' };

export class NodeUnschedulable implements FilterPlugin {
  readonly name = 'NodeUnschedulable';
  readonly nodeLocal = true;

  passesAll(_pod: PodInfo, view: ClusterView): boolean {
    return !view.hasUnschedulableNodes();
  }

  filter(_state: unknown, pod: PodInfo, node: NodeInfo): Status | null {
    if (!node.unschedulable) return null;
    return tolerated(pod.spec.tolerations, UNSCHEDULABLE_TAINT) ? null : REJECTED;
  }
}
