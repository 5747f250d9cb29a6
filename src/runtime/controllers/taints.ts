// Taint and toleration helpers shared by the node lifecycle and taint
// eviction controllers (pkg/util/taints, the core/v1 helper's ToleratesTaint).
import { toleratesTaint, type Taint, type Toleration } from '../api/taints';
import { asArray, isObject, type KubeObject } from '../api/types';

export { toleratesTaint, type Taint, type Toleration };

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function nodeTaints(node: KubeObject): Taint[] {
  const spec = isObject(node.spec) ? node.spec : {};
  const out: Taint[] = [];
  for (const t of asArray(spec.taints)) {
    if (!isObject(t) || typeof t.key !== 'string' || typeof t.effect !== 'string') continue;
    const taint: Taint = { key: t.key, effect: t.effect };
    if (str(t.value)) taint.value = str(t.value);
    if (str(t.timeAdded)) taint.timeAdded = str(t.timeAdded);
    out.push(taint);
  }
  return out;
}

export function podTolerations(pod: KubeObject): Toleration[] {
  const spec = isObject(pod.spec) ? pod.spec : {};
  return asArray(spec.tolerations).filter(isObject).map((t) => ({
    key: str(t.key),
    operator: str(t.operator),
    value: str(t.value),
    effect: str(t.effect),
    tolerationSeconds: typeof t.tolerationSeconds === 'number' ? t.tolerationSeconds : undefined,
  }));
}

/** Taints are the same taint when key and effect match (MatchTaint). */
export function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

export function hasTaint(taints: Taint[], t: Taint): boolean {
  return taints.some((x) => sameTaint(x, t));
}

/** GetMatchingTolerations: whether every taint is tolerated, and the toleration used for each. */
export function matchingTolerations(taints: Taint[], tolerations: Toleration[]): { all: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const tol = tolerations.find((t) => toleratesTaint(t, taint));
    if (!tol) return { all: false, used: [] };
    used.push(tol);
  }
  return { all: true, used };
}

/** Node condition by type. */
export function nodeCondition(node: KubeObject, type: string): Record<string, unknown> | undefined {
  const status = isObject(node.status) ? node.status : {};
  return asArray(status.conditions).find((c): c is Record<string, unknown> => isObject(c) && c.type === type);
}
