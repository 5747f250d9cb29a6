// Namespace (v1). Upstream: pkg/apis/core/v1/defaults.go SetDefaults_Namespace
// (the kubernetes.io/metadata.name label always mirrors the name) and
// SetDefaults_NamespaceStatus; pkg/registry/core/namespace/strategy.go
// PrepareForCreate adds the `kubernetes` finalizer.
import type { KubeObject } from '../types';
import { ensureChild, setDefaultString } from './util';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export function defaultNamespace(obj: KubeObject, create: boolean): void {
  const meta = obj.metadata;
  if (typeof meta.name === 'string' && meta.name !== '') {
    const labels = ensureChild(meta, 'labels');
    if (labels) labels[NAMESPACE_NAME_LABEL] = meta.name;
  }
  // The finalizer is only added on create; the namespace controller removes
  // it while the namespace terminates, so never put it back then.
  if (create && !meta.deletionTimestamp) {
    const spec = ensureChild(obj, 'spec');
    if (spec) {
      if (spec.finalizers === undefined || spec.finalizers === null) spec.finalizers = [];
      if (Array.isArray(spec.finalizers) && !spec.finalizers.includes('kubernetes')) spec.finalizers.push('kubernetes');
    }
  }
  setDefaultString(ensureChild(obj, 'status'), 'phase', 'Active');
}
