// NodeResourcesBalancedAllocation: prefer nodes whose cpu and memory would be
// used in equal shares after placing the pod (1 - standard deviation of the
// two fractions). Best-effort pods, which request nothing, are not scored.
import type { NodeInfo } from '../nodeinfo';
import type { PodInfo } from '../podinfo';
import { MAX_NODE_SCORE, type ScorePlugin } from '../types';

export class NodeResourcesBalancedAllocation implements ScorePlugin {
  readonly name = 'NodeResourcesBalancedAllocation';
  readonly nodeLocal = true;
  readonly weight = 1;

  preScore(_state: unknown, pod: PodInfo): boolean {
    return pod.spec.cpu !== 0 || pod.spec.memory !== 0;
  }

  score(_state: unknown, pod: PodInfo, node: NodeInfo): number {
    // With cpu and memory only, the standard deviation is half their difference (one fraction alone: 0).
    if (node.allocCpu === 0 || node.allocMemory === 0) return MAX_NODE_SCORE;
    const cpu = Math.min(1, (node.reqCpu + pod.spec.cpu) / node.allocCpu);
    const memory = Math.min(1, (node.reqMemory + pod.spec.memory) / node.allocMemory);
    return Math.trunc((1 - Math.abs((cpu - memory) / 2)) * MAX_NODE_SCORE);
  }

  scoreAll(_state: unknown, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array, n: number): void {
    const cpu = pod.spec.cpu;
    const memory = pod.spec.memory;
    for (let i = 0; i < n; i++) {
      const node = nodes[i];
      if (node.allocCpu === 0 || node.allocMemory === 0) {
        out[i] = MAX_NODE_SCORE;
        continue;
      }
      const fc = Math.min(1, (node.reqCpu + cpu) / node.allocCpu);
      const fm = Math.min(1, (node.reqMemory + memory) / node.allocMemory);
      out[i] = Math.trunc((1 - Math.abs((fc - fm) / 2)) * MAX_NODE_SCORE);
    }
  }
}
