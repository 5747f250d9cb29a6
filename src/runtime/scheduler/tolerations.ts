// v1helper's taint/toleration matching (pkg/apis/core/v1/helper): which
// toleration covers which taint, and the first taint a pod cannot tolerate.
import { toleratesTaint } from '../api/taints';
import type { Taint } from './nodeinfo';
import type { Toleration } from './podinfo';

export { toleratesTaint };

export function tolerated(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** The first NoSchedule/NoExecute taint (in the node's order) that no toleration covers. */
export function firstUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[]): Taint | undefined {
  for (const taint of taints) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!tolerated(tolerations, taint)) return taint;
  }
  return undefined;
}
