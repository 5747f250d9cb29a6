// controller.GetPodFromTemplate (pkg/controller/controller_utils.go): what a
// workload controller sends when it creates a pod from its template — the
// template's labels, annotations, finalizers and spec, plus a controller
// reference to the owner.
import { isObject, type KubeObject } from '../api/types';
import { newControllerRef } from './podutil';

export interface PodOverrides {
  name?: string;
  generateName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObject(v)) for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

export function templateOf(owner: KubeObject): Record<string, unknown> {
  const spec = isObject(owner.spec) ? owner.spec : {};
  return isObject(spec.template) ? spec.template : {};
}

export function templateLabels(template: Record<string, unknown>): Record<string, string> {
  return stringMap(isObject(template.metadata) ? template.metadata.labels : undefined);
}

export function podFromTemplate(template: Record<string, unknown>, owner: KubeObject, o: PodOverrides = {}): KubeObject {
  const meta = isObject(template.metadata) ? template.metadata : {};
  const labels = { ...stringMap(meta.labels), ...o.labels };
  const annotations = { ...stringMap(meta.annotations), ...o.annotations };
  const finalizers = [...(Array.isArray(meta.finalizers) ? meta.finalizers.filter((f): f is string => typeof f === 'string') : []), ...(o.finalizers ?? [])];
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(o.name ? { name: o.name } : { generateName: o.generateName ?? `${owner.metadata.name ?? ''}-` }),
      namespace: owner.metadata.namespace,
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
      ...(finalizers.length ? { finalizers } : {}),
      ownerReferences: [newControllerRef(owner)],
    },
    // Callers only replace top-level spec fields, and the apiserver copies the request: a shallow copy is enough.
    spec: { ...(isObject(template.spec) ? template.spec : {}) },
  };
  return pod;
}
