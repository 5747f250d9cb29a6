// NodeAffinity: spec.nodeSelector and requiredDuringScheduling terms filter
// nodes; preferredDuringScheduling terms add their weights as a score.
import type { NodeInfo } from '../nodeinfo';
import { matchesRequiredNodeAffinity, termMatches } from '../nodeselector';
import type { PodInfo } from '../podinfo';
import { defaultNormalize, SKIP, status, type CycleState, type FilterPlugin, type PreFilterPlugin, type ScorePlugin, type Skip, type Status } from '../types';

export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
const REJECTED = status('UnschedulableAndUnresolvable', ERR_REASON_POD);

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, ScorePlugin {
  readonly name = 'NodeAffinity';
  readonly nodeLocal = true;
  readonly weight = 2;

  preFilter(_state: CycleState, pod: PodInfo): Skip | undefined {
    return pod.spec.nodeSelector.length === 0 && !pod.spec.requiredNodeTerms ? SKIP : undefined;
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    return matchesRequiredNodeAffinity(pod, node) ? null : REJECTED;
  }

  preScore(_state: CycleState, pod: PodInfo): boolean {
    return pod.spec.preferredNodeTerms.length > 0;
  }

  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    let sum = 0;
    for (const p of pod.spec.preferredNodeTerms) if (p.weight !== 0 && termMatches(p.term, node)) sum += p.weight;
    return sum;
  }

  normalize(_state: CycleState, scores: Float64Array, n: number): void {
    defaultNormalize(scores, n, false);
  }
}
