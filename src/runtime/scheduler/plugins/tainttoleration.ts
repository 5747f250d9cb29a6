// TaintToleration: Filter rejects a node with a NoSchedule/NoExecute taint the
// pod does not tolerate; Score counts PreferNoSchedule taints it does not
// tolerate (fewer is better, so normalisation is reversed).
import type { NodeInfo } from '../nodeinfo';
import type { PodInfo } from '../podinfo';
import { firstUntoleratedTaint, tolerated } from '../tolerations';
import { defaultNormalize, status, type FilterPlugin, type ScorePlugin, type Status } from '../types';

export class TaintToleration implements FilterPlugin, ScorePlugin {
  readonly name = 'TaintToleration';
  readonly nodeLocal = true;
  readonly weight = 3;

  filter(_state: unknown, pod: PodInfo, node: NodeInfo): Status | null {
    if (node.hardTaints === 0) return null;
    const taint = firstUntoleratedTaint(node.taints, pod.spec.tolerations);
    if (!taint) return null;
    return status('UnschedulableAndUnresolvable', `node(s) had untolerated taint {${taint.key}: ${taint.value}}`);
  }

  score(_state: unknown, pod: PodInfo, node: NodeInfo): number {
    let n = 0;
    for (const taint of node.taints) {
      if (taint.effect === 'PreferNoSchedule' && !tolerated(pod.spec.tolerations, taint)) n++;
    }
    return n;
  }

  scoreAll(_state: unknown, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array, n: number): void {
    for (let i = 0; i < n; i++) {
      const node = nodes[i];
      out[i] = node.preferTaints === 0 ? 0 : this.score(_state, pod, node);
    }
  }

  normalize(_state: unknown, scores: Float64Array, n: number): void {
    defaultNormalize(scores, n, true);
  }
}
