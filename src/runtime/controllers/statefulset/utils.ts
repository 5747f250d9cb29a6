// Identity, storage and revision helpers of the StatefulSet controller
// (pkg/controller/statefulset/stateful_set_utils.go): a member's name is
// `<set>-<ordinal>`, its hostname is its name, its subdomain the governing
// Service, and each volumeClaimTemplate becomes a claim `<template>-<set>-<ordinal>`.
import { asArray, isObject, type KubeObject, type OwnerReference } from '../../api/types';
import { REVISION_HASH_LABEL } from '../history';
import { podFromTemplate } from '../podtemplate';
import { isPodAvailable, isPodReady, podPhase } from '../podutil';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

export type Obj = Record<string, unknown>;

export function specOf(set: KubeObject): Obj {
  return isObject(set.spec) ? set.spec : {};
}

export function replicasOf(set: KubeObject): number {
  const r = specOf(set).replicas;
  return typeof r === 'number' ? r : 1;
}

export function startOrdinal(set: KubeObject): number {
  const ordinals = specOf(set).ordinals;
  return isObject(ordinals) && typeof ordinals.start === 'number' ? ordinals.start : 0;
}

export function minReadySeconds(set: KubeObject): number {
  const m = specOf(set).minReadySeconds;
  return typeof m === 'number' ? m : 0;
}

export function podName(set: KubeObject, ordinal: number): string {
  return `${set.metadata.name ?? ''}-${ordinal}`;
}

/** getParentNameAndOrdinal: -1 for a pod whose name does not end in `-<number>`. */
export function ordinalOf(pod: KubeObject): number {
  const m = /^(.*)-([0-9]+)$/.exec(pod.metadata.name ?? '');
  return m ? Number(m[2]) : -1;
}

export function claimTemplates(set: KubeObject): Obj[] {
  const t = specOf(set).volumeClaimTemplates;
  return Array.isArray(t) ? t.filter(isObject) : [];
}

export function claimTemplateName(claim: Obj): string {
  return isObject(claim.metadata) && typeof claim.metadata.name === 'string' ? claim.metadata.name : '';
}

export function claimName(set: KubeObject, claim: Obj, ordinal: number): string {
  return `${claimTemplateName(claim)}-${set.metadata.name ?? ''}-${ordinal}`;
}

function selectorLabels(set: KubeObject): Record<string, string> {
  const sel = specOf(set).selector;
  const m = isObject(sel) && isObject(sel.matchLabels) ? sel.matchLabels : {};
  return Object.fromEntries(Object.entries(m).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** getPersistentVolumeClaims: the template's labels plus the set's selector labels. */
export function newClaim(set: KubeObject, claim: Obj, ordinal: number, owners: OwnerReference[]): KubeObject {
  const meta = isObject(claim.metadata) ? claim.metadata : {};
  const tmplLabels = isObject(meta.labels) ? (meta.labels as Record<string, string>) : {};
  const { status: _s, metadata: _m, ...rest } = claim;
  const out: KubeObject = {
    ...rest,
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      ...meta,
      name: claimName(set, claim, ordinal),
      namespace: set.metadata.namespace,
      labels: { ...tmplLabels, ...selectorLabels(set) },
      ...(owners.length ? { ownerReferences: owners } : {}),
    },
  };
  return out;
}

/** newStatefulSetPod + the revision label: identity, storage and revision in one object. */
export function newStatefulSetPod(set: KubeObject, template: Obj, ordinal: number, revision: string): KubeObject {
  const name = podName(set, ordinal);
  const pod = podFromTemplate(template, set, {
    name,
    labels: { [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [REVISION_HASH_LABEL]: revision },
  });
  const spec = pod.spec as Obj;
  spec.hostname = name;
  const service = specOf(set).serviceName;
  if (typeof service === 'string' && service !== '') spec.subdomain = service;
  const claims = claimTemplates(set);
  const claimVolumes = claims.map((c) => ({ name: claimTemplateName(c), persistentVolumeClaim: { claimName: claimName(set, c, ordinal) } }));
  const own = new Set(claimVolumes.map((v) => v.name));
  const others = asArray(spec.volumes).filter((v) => !(isObject(v) && own.has(String(v.name))));
  if (claimVolumes.length || others.length) spec.volumes = [...claimVolumes, ...others];
  return pod;
}

export function podRevision(pod: KubeObject): string {
  return pod.metadata.labels?.[REVISION_HASH_LABEL] ?? '';
}

export function isTerminating(pod: KubeObject): boolean {
  return !!pod.metadata.deletionTimestamp;
}

export function isRunningAndReady(pod: KubeObject): boolean {
  return podPhase(pod) === 'Running' && isPodReady(pod);
}

export function isRunningAndAvailable(pod: KubeObject, minReady: number, now: number): boolean {
  return podPhase(pod) === 'Running' && isPodAvailable(pod, minReady, now);
}

export function isHealthy(pod: KubeObject): boolean {
  return isRunningAndReady(pod) && !isTerminating(pod);
}

export function isFinished(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase === 'Failed' || phase === 'Succeeded';
}
