// rollingUpdate (pkg/controller/daemon/update.go), the maxSurge = 0 path and
// the surge path: old daemon pods are replaced node by node while at most
// maxUnavailable nodes lack an available daemon pod (or, with maxSurge, a new
// pod starts beside the old one, which goes once the new one is available).
import { isObject, type KubeObject } from '../../api/types';
import { isPodAvailable } from '../podutil';
import { REVISION_HASH_LABEL } from '../history';

type Obj = Record<string, unknown>;

/** intstr.GetScaledValueFromIntOrPercent with roundUp, as both DaemonSet budgets use. */
export function scaled(v: unknown, total: number): number {
  if (typeof v === 'number') return v;
  const m = typeof v === 'string' ? /^(\d+)%$/.exec(v) : null;
  return m ? Math.ceil((Number(m[1]) * total) / 100) : 0;
}

export function budgets(ds: KubeObject, desired: number): { maxSurge: number; maxUnavailable: number } {
  const spec = isObject(ds.spec) ? ds.spec : {};
  const strategy = isObject(spec.updateStrategy) ? spec.updateStrategy : {};
  const r = isObject(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
  const maxSurge = scaled(r.maxSurge, desired);
  let maxUnavailable = scaled(r.maxUnavailable, desired);
  if (desired > 0 && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

export function isUpdated(pod: KubeObject, hash: string): boolean {
  return pod.metadata.labels?.[REVISION_HASH_LABEL] === hash;
}

/** findUpdatedPodsOnNode: ok is false when a node carries two pods of the same kind. */
function splitPods(pods: KubeObject[], hash: string): { newPod?: KubeObject; oldPod?: KubeObject; ok: boolean } {
  let newPod: KubeObject | undefined;
  let oldPod: KubeObject | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    if (isUpdated(pod, hash)) {
      if (newPod) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { ok: false };
      oldPod = pod;
    }
  }
  return { newPod, oldPod, ok: true };
}

export interface UpdatePlan {
  deletePods: KubeObject[];
  /** Nodes that get a surge pod beside their old one. */
  surgeNodes: string[];
}

export function planRollingUpdate(ds: KubeObject, nodePods: Map<string, KubeObject[]>, hash: string, desired: number, now: number): UpdatePlan {
  const spec: Obj = isObject(ds.spec) ? ds.spec : {};
  const minReady = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
  const { maxSurge, maxUnavailable } = budgets(ds, desired);
  const available = (p: KubeObject): boolean => isPodAvailable(p, minReady, now);
  if (maxSurge === 0) {
    let unavailable = 0;
    const allowed: KubeObject[] = [];
    const candidates: KubeObject[] = [];
    for (const pods of nodePods.values()) {
      const { newPod, oldPod, ok } = splitPods(pods, hash);
      if (!ok || (!newPod && !oldPod) || (newPod && oldPod)) unavailable++;
      else if (newPod) {
        if (!available(newPod)) unavailable++;
      } else if (oldPod && !available(oldPod)) {
        allowed.push(oldPod);
        unavailable++;
      } else if (oldPod && unavailable < maxUnavailable) candidates.push(oldPod);
    }
    const room = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
    return { deletePods: [...allowed, ...candidates.slice(0, room)], surgeNodes: [] };
  }
  let surging = 0;
  const deletePods: KubeObject[] = [];
  const wantSurge: string[] = [];
  for (const [node, pods] of nodePods) {
    const { newPod, oldPod, ok } = splitPods(pods, hash);
    if (!ok || !oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) deletePods.push(oldPod);
      else wantSurge.push(node);
      continue;
    }
    // The new pod runs beside the old one: the old goes once the new is available.
    if (available(newPod)) deletePods.push(oldPod);
    else surging++;
  }
  return { deletePods, surgeNodes: wantSurge.slice(0, Math.max(0, maxSurge - surging)) };
}
