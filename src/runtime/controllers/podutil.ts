// Pod predicates the workload controllers share (pkg/api/v1/pod/util.go and
// controller_utils.go): readiness, availability after minReadySeconds,
// activeness, and controller references.
import { parseRFC3339 } from '../clock';
import { isObject, type KubeObject, type OwnerReference } from '../api/types';

export function podPhase(pod: KubeObject): string {
  const p = isObject(pod.status) ? pod.status.phase : undefined;
  return typeof p === 'string' ? p : 'Pending';
}

// Plain loops in these helpers: every controller calls them for every pod event it hears.
export function podCondition(pod: KubeObject, type: string): Record<string, unknown> | undefined {
  const conditions = isObject(pod.status) ? pod.status.conditions : undefined;
  if (!Array.isArray(conditions)) return undefined;
  for (let i = 0; i < conditions.length; i++) {
    const c: unknown = conditions[i];
    if (isObject(c) && c.type === type) return c;
  }
  return undefined;
}

export function isPodReady(pod: KubeObject): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** Ready for at least minReadySeconds (podutil.IsPodAvailable). */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, nowMs: number): boolean {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = typeof ready.lastTransitionTime === 'string' ? parseRFC3339(ready.lastTransitionTime) : undefined;
  return since !== undefined && since + minReadySeconds * 1000 <= nowMs;
}

/** Not terminated and not being deleted (controller.IsPodActive). */
export function isPodActive(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

export function isPodTerminating(pod: KubeObject): boolean {
  return !!pod.metadata.deletionTimestamp;
}

export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  const refs = obj.metadata.ownerReferences;
  if (!refs) return undefined;
  for (let i = 0; i < refs.length; i++) if (refs[i].controller === true) return refs[i];
  return undefined;
}

/** Whether an object's controlling owner is of this kind. */
export function controlledBy(obj: KubeObject, kind: string): boolean {
  return controllerRef(obj)?.kind === kind;
}

/** The `namespace/name` key of an object's controlling owner of this kind, if that is what controls it. */
export function controllerKey(obj: KubeObject, kind: string): string | undefined {
  const ref = controllerRef(obj);
  return ref?.kind === kind ? `${obj.metadata.namespace ?? 'default'}/${ref.name}` : undefined;
}

/** metav1.NewControllerRef: what a controller stamps on what it creates. */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function nodeNameOf(pod: KubeObject): string | undefined {
  const n = isObject(pod.spec) ? pod.spec.nodeName : undefined;
  return typeof n === 'string' && n !== '' ? n : undefined;
}
