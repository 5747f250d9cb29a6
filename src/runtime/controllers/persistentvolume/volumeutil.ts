// Shared vocabulary of the volume controllers (component-helpers
// storage/volume/helpers.go and pv_helpers.go): the binding annotations, the
// class of a claim or volume, access-mode and volume-mode checks, and the
// claim reference a bound volume carries.
import { parseQuantity } from '../../api/quantity';
import { asArray, isObject, type KubeObject } from '../../api/types';

export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_DYNAMICALLY_PROVISIONED = 'pv.kubernetes.io/provisioned-by';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

export type Obj = Record<string, unknown>;

export function specOf(o: KubeObject): Obj {
  return isObject(o.spec) ? o.spec : {};
}

export function statusOf(o: KubeObject): Obj {
  return isObject(o.status) ? o.status : {};
}

export function phaseOf(o: KubeObject): string {
  const p = statusOf(o).phase;
  return typeof p === 'string' ? p : '';
}

export function hasAnnotation(o: KubeObject, key: string): boolean {
  return o.metadata.annotations?.[key] !== undefined;
}

export function withAnnotations(o: KubeObject, add: Record<string, string>): KubeObject {
  return { ...o, metadata: { ...o.metadata, annotations: { ...(o.metadata.annotations ?? {}), ...add } } };
}

/** storagehelpers.GetPersistentVolumeClaimClass (the beta annotation still wins, as upstream). */
export function claimClass(claim: KubeObject): string {
  const ann = claim.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (ann !== undefined) return ann;
  const c = specOf(claim).storageClassName;
  return typeof c === 'string' ? c : '';
}

export function volumeClass(volume: KubeObject): string {
  const ann = volume.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (ann !== undefined) return ann;
  const c = specOf(volume).storageClassName;
  return typeof c === 'string' ? c : '';
}

export function volumeNameOf(claim: KubeObject): string {
  const v = specOf(claim).volumeName;
  return typeof v === 'string' ? v : '';
}

export interface ClaimRef {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
}

export function claimRefOf(volume: KubeObject): ClaimRef | undefined {
  const r = specOf(volume).claimRef;
  return isObject(r) ? r : undefined;
}

/** reference.GetReference(claim): what a bound volume points back with. */
export function claimReference(claim: KubeObject): ClaimRef {
  return {
    kind: 'PersistentVolumeClaim',
    namespace: claim.metadata.namespace,
    name: claim.metadata.name,
    uid: claim.metadata.uid,
    apiVersion: 'v1',
    resourceVersion: claim.metadata.resourceVersion,
  };
}

/** The volume's claimRef names this claim, and either has no uid yet or this claim's uid. */
export function isVolumeBoundToClaim(volume: KubeObject, claim: KubeObject): boolean {
  const ref = claimRefOf(volume);
  if (!ref) return false;
  if (ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

export function storageRequest(claim: KubeObject): number {
  const requests = isObject(specOf(claim).resources) ? (specOf(claim).resources as Obj).requests : undefined;
  return isObject(requests) ? parseQuantity(requests.storage)?.value ?? 0 : 0;
}

export function storageCapacity(volume: KubeObject): number {
  const cap = specOf(volume).capacity;
  return isObject(cap) ? parseQuantity(cap.storage)?.value ?? 0 : 0;
}

export function accessModes(o: KubeObject): string[] {
  return asArray(specOf(o).accessModes).filter((m): m is string => typeof m === 'string');
}

/** Every mode the claim asks for is offered by the volume (CheckAccessModes). */
export function volumeOffersModes(claim: KubeObject, volume: KubeObject): boolean {
  const offered = new Set(accessModes(volume));
  return accessModes(claim).every((m) => offered.has(m));
}

function volumeMode(o: KubeObject): string {
  const m = specOf(o).volumeMode;
  return typeof m === 'string' ? m : 'Filesystem';
}

export function volumeModeMismatch(claim: KubeObject, volume: KubeObject): boolean {
  return volumeMode(claim) !== volumeMode(volume);
}

export function reclaimPolicy(volume: KubeObject): string {
  const p = specOf(volume).persistentVolumeReclaimPolicy;
  return typeof p === 'string' ? p : 'Retain';
}

/** Claims a pod mounts: named persistentVolumeClaim volumes and generic ephemeral ones (`<pod>-<volume>`). */
const NO_CLAIMS: readonly string[] = Object.freeze([]);

/** Every pod write asks this of the old and new pod, and most pods mount no claim: that answer allocates nothing. */
export function claimNamesOfPod(pod: KubeObject): readonly string[] {
  const volumes = asArray(specOf(pod).volumes);
  let names: string[] | undefined;
  for (let i = 0; i < volumes.length; i++) {
    const v = volumes[i];
    if (!isObject(v)) continue;
    const pvc = v.persistentVolumeClaim;
    if (isObject(pvc) && typeof pvc.claimName === 'string') (names ??= []).push(pvc.claimName);
    else if (isObject(v.ephemeral) && typeof v.name === 'string') (names ??= []).push(`${pod.metadata.name ?? ''}-${v.name}`);
  }
  return names ?? NO_CLAIMS;
}

export function isPodTerminated(pod: KubeObject): boolean {
  const phase = statusOf(pod).phase;
  return phase === 'Succeeded' || phase === 'Failed';
}
