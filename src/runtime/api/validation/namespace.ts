// Namespace.
// Upstream: pkg/apis/core/validation/validation.go (ValidateNamespace,
// validateFinalizerName, ValidateNamespaceUpdate) and
// pkg/registry/core/namespace/strategy.go, whose ValidateUpdate runs the
// create rules first and the update rules after.
import { invalid, type FieldError } from '../errors';
import type { KubeObject } from '../types';
import { isQualifiedName, nameIsDNSLabel } from './names';
import { validateObjectMeta, validateObjectMetaUpdate } from './objectmeta';
import { list, obj, str } from './util';

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

function specFinalizers(ns: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const path = 'spec.finalizers';
  for (const f of list(obj(ns.spec)?.finalizers)) {
    const name = str(f);
    for (const m of isQualifiedName(name)) errs.push(invalid(path, name, m));
    if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) errs.push(invalid(path, name, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
  return errs;
}

export function validateNamespace(ns: KubeObject): FieldError[] {
  return [...validateObjectMeta(ns.metadata, false, nameIsDNSLabel), ...specFinalizers(ns)];
}

export function validateNamespaceUpdate(ns: KubeObject, old: KubeObject): FieldError[] {
  return [...validateNamespace(ns), ...validateObjectMetaUpdate(ns.metadata, old.metadata)];
}
