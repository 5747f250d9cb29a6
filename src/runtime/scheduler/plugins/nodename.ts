// NodeName: a pod that names its node fits only there. The scheduler only
// sees pods without spec.nodeName, so for it this filter always passes; it is
// kept for the trace and for preemption's what-if runs, as upstream has it.
import type { NodeInfo } from '../nodeinfo';
import type { PodInfo } from '../podinfo';
import { status, type FilterPlugin, type Status } from '../types';

export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";
const REJECTED = status('UnschedulableAndUnresolvable', ERR_REASON_NODE_NAME);

export class NodeName implements FilterPlugin {
  readonly name = 'NodeName';

  passesAll(pod: PodInfo): boolean {
    return pod.nodeName === '';
  }

  filter(_state: unknown, pod: PodInfo, node: NodeInfo): Status | null {
    return pod.nodeName === '' || pod.nodeName === node.name ? null : REJECTED;
  }
}
