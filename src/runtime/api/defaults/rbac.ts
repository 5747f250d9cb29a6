// RoleBinding and ClusterRoleBinding (rbac.authorization.k8s.io/v1).
// Upstream: pkg/apis/rbac/v1/defaults.go SetDefaults_RoleBinding,
// SetDefaults_ClusterRoleBinding, SetDefaults_Subject.
import type { KubeObject } from '../types';
import { child, objects, setDefaultString } from './util';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export function defaultBinding(obj: KubeObject): void {
  setDefaultString(child(obj, 'roleRef'), 'apiGroup', RBAC_GROUP);
  for (const subject of objects(obj.subjects)) {
    if (typeof subject.apiGroup === 'string' && subject.apiGroup !== '') continue;
    if (subject.kind === 'ServiceAccount') subject.apiGroup = '';
    else if (subject.kind === 'User' || subject.kind === 'Group') subject.apiGroup = RBAC_GROUP;
  }
}
