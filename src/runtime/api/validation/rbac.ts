// Role, ClusterRole, RoleBinding, ClusterRoleBinding.
// Upstream: pkg/apis/rbac/validation/validation.go. Names follow the
// path-segment rule (ValidateRBACName); update checks run after create checks.
import { invalid, required, unsupported, type FieldError } from '../errors';
import type { KubeObject } from '../types';
import { nameIsDNSSubdomain, pathSegmentName } from './names';
import { parseSelector, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './objectmeta';
import { child, index, list, obj, selectorValue, str, type Obj } from './util';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function policyRule(rule: Obj, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (list(rule.verbs).length === 0) errs.push(required(child(path, 'verbs'), 'verbs must contain at least one value'));
  const nonResourceURLs = list(rule.nonResourceURLs);
  if (nonResourceURLs.length > 0) {
    if (namespaced) errs.push(invalid(child(path, 'nonResourceURLs'), nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
    if (list(rule.apiGroups).length > 0 || list(rule.resources).length > 0 || list(rule.resourceNames).length > 0) {
      errs.push(invalid(child(path, 'nonResourceURLs'), nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (list(rule.apiGroups).length === 0) errs.push(required(child(path, 'apiGroups'), 'resource rules must supply at least one api group'));
  if (list(rule.resources).length === 0) errs.push(required(child(path, 'resources'), 'resource rules must supply at least one resource'));
  return errs;
}

function rules(role: KubeObject, namespaced: boolean): FieldError[] {
  return list(role.rules).flatMap((r, i) => policyRule(obj(r) ?? {}, namespaced, index('rules', i)));
}

export function validateRole(role: KubeObject): FieldError[] {
  return [...validateObjectMeta(role.metadata, true, pathSegmentName), ...rules(role, true)];
}

export function validateRoleUpdate(role: KubeObject, old: KubeObject): FieldError[] {
  return [...validateRole(role), ...validateObjectMetaUpdate(role.metadata, old.metadata)];
}

export function validateClusterRole(role: KubeObject): FieldError[] {
  const errs = [...validateObjectMeta(role.metadata, false, pathSegmentName), ...rules(role, false)];
  const aggregation = obj(role.aggregationRule);
  if (aggregation) {
    const selectors = list(aggregation.clusterRoleSelectors);
    const p = 'aggregationRule.clusterRoleSelectors';
    if (selectors.length === 0) errs.push(required(p, 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    selectors.forEach((s, i) => {
      errs.push(...validateLabelSelector(s, index(p, i)));
      if (parseSelector(s).kind === 'error') errs.push(invalid(index(p, i), selectorValue(s), 'invalid label selector.'));
    });
  }
  return errs;
}

export function validateClusterRoleUpdate(role: KubeObject, old: KubeObject): FieldError[] {
  return [...validateClusterRole(role), ...validateObjectMetaUpdate(role.metadata, old.metadata)];
}

function subject(s: Obj, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(s.name);
  const apiGroup = str(s.apiGroup);
  if (!name) errs.push(required(child(path, 'name')));
  switch (str(s.kind)) {
    case 'ServiceAccount':
      if (name) for (const m of nameIsDNSSubdomain(name, false)) errs.push(invalid(child(path, 'name'), name, m));
      if (apiGroup) errs.push(unsupported(child(path, 'apiGroup'), apiGroup, ['']));
      if (!namespaced && !str(s.namespace)) errs.push(required(child(path, 'namespace')));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== RBAC_GROUP) errs.push(unsupported(child(path, 'apiGroup'), apiGroup, [RBAC_GROUP]));
      break;
    default:
      errs.push(unsupported(child(path, 'kind'), str(s.kind), ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

function binding(b: KubeObject, namespaced: boolean): FieldError[] {
  const errs = validateObjectMeta(b.metadata, namespaced, pathSegmentName);
  const ref = obj(b.roleRef) ?? {};
  if (str(ref.apiGroup) !== RBAC_GROUP) errs.push(unsupported('roleRef.apiGroup', str(ref.apiGroup), [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(str(ref.kind))) errs.push(unsupported('roleRef.kind', str(ref.kind), kinds));
  const name = str(ref.name);
  if (!name) errs.push(required('roleRef.name'));
  else for (const m of pathSegmentName(name, false)) errs.push(invalid('roleRef.name', name, m));
  list(b.subjects).forEach((s, i) => errs.push(...subject(obj(s) ?? {}, namespaced, index('subjects', i))));
  return errs;
}

/** The internal rbac.RoleRef as encoding/json prints it (Go field names). */
function roleRefValue(ref: Obj): Obj {
  return { APIGroup: str(ref.apiGroup), Kind: str(ref.kind), Name: str(ref.name) };
}

function roleRefChanged(b: KubeObject, old: KubeObject): FieldError[] {
  const now = roleRefValue(obj(b.roleRef) ?? {});
  const before = roleRefValue(obj(old.roleRef) ?? {});
  return JSON.stringify(now) === JSON.stringify(before) ? [] : [invalid('roleRef', now, 'cannot change roleRef')];
}

export function validateRoleBinding(b: KubeObject): FieldError[] {
  return binding(b, true);
}

export function validateRoleBindingUpdate(b: KubeObject, old: KubeObject): FieldError[] {
  return [...binding(b, true), ...validateObjectMetaUpdate(b.metadata, old.metadata), ...roleRefChanged(b, old)];
}

export function validateClusterRoleBinding(b: KubeObject): FieldError[] {
  return binding(b, false);
}

export function validateClusterRoleBindingUpdate(b: KubeObject, old: KubeObject): FieldError[] {
  return [...binding(b, false), ...validateObjectMetaUpdate(b.metadata, old.metadata), ...roleRefChanged(b, old)];
}
