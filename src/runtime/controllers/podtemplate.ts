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
  // Built field by field in the order the object literal used to spell them: a controller creates
  // thousands of pods from one template, and the intermediate spreads were most of the cost.
  const metadata: KubeObject['metadata'] = o.name ? { name: o.name } : { generateName: o.generateName ?? `${owner.metadata.name ?? ''}-` };
  metadata.namespace = owner.metadata.namespace;
  const labels = stringMapWith(meta.labels, o.labels);
  if (labels) metadata.labels = labels;
  const annotations = stringMapWith(meta.annotations, o.annotations);
  if (annotations) metadata.annotations = annotations;
  const finalizers: string[] = [];
  if (Array.isArray(meta.finalizers)) for (const f of meta.finalizers) if (typeof f === 'string') finalizers.push(f);
  if (o.finalizers) finalizers.push(...o.finalizers);
  if (finalizers.length) metadata.finalizers = finalizers;
  metadata.ownerReferences = [newControllerRef(owner)];
  // Callers only replace top-level spec fields, and the apiserver copies the request: a shallow copy is enough.
  const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata, spec: { ...(isObject(template.spec) ? template.spec : {}) } };
  return pod;
}

/** The template's string entries, then the overrides; undefined when both are empty. */
function stringMapWith(v: unknown, overrides: Record<string, string> | undefined): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  if (isObject(v)) {
    for (const k in v) {
      const val = v[k];
      if (typeof val === 'string') (out ??= {})[k] = val;
    }
  }
  if (overrides) for (const k in overrides) (out ??= {})[k] = overrides[k];
  return out;
}
