// NodePorts: a pod asking for a hostPort fits only where that protocol/port
// (on its host IP, or on 0.0.0.0) is still free.
import type { NodeInfo } from '../nodeinfo';
import type { PodInfo } from '../podinfo';
import { SKIP, status, type CycleState, type FilterPlugin, type PreFilterPlugin, type Skip, type Status } from '../types';

export const ERR_REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";
const REJECTED = status('Unschedulable', ERR_REASON_PORTS);

export class NodePorts implements PreFilterPlugin, FilterPlugin {
  readonly name = 'NodePorts';
  readonly nodeLocal = true;

  preFilter(_state: CycleState, pod: PodInfo): Skip | undefined {
    return pod.spec.ports.length === 0 ? SKIP : undefined;
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    for (const hp of pod.spec.ports) if (node.portConflict(hp)) return REJECTED;
    return null;
  }
}
