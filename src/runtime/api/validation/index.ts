// The apiserver's semantic validation: what each registry strategy's Validate
// and ValidateUpdate run after decoding and defaulting, dispatched on API group
// and kind. Messages and their order follow a v1.34 apiserver; see the file of
// each kind for the upstream sources.
//
// For kinds without hand-written rules (and custom resources) the generic
// registry check applies: rest.BeforeCreate/BeforeUpdate validate ObjectMeta
// with the path-segment name rule, and only after the kind's own rules passed.
import type { FieldError } from '../errors';
import type { KubeObject } from '../types';
import { validateConfigMap, validateConfigMapUpdate } from './configmap';
import { validateHPA, validateHPAUpdate } from './hpa';
import { validateIngress, validateIngressUpdate } from './ingress';
import { validateCronJob, validateCronJobUpdate, validateJob, validateJobUpdate } from './job';
import { nameIsDNSSubdomain, pathSegmentName, type NameFn } from './names';
import { validateNamespace, validateNamespaceUpdate } from './namespace';
import { validateNetworkPolicy, validateNetworkPolicyUpdate } from './networkpolicy';
import { forgetCleanMeta, validateGenericObjectMeta, validateObjectMeta, validateObjectMetaUpdate } from './objectmeta';
import { validatePDB } from './pdb';
import { validatePodCreate, validatePodUpdate } from './pod';
import { validatePodTemplateSpec } from './podspec';
import { validateLimitRange, validateLimitRangeUpdate, validateResourceQuota, validateResourceQuotaUpdate } from './quota';
import {
  validateClusterRole,
  validateClusterRoleBinding,
  validateClusterRoleBindingUpdate,
  validateClusterRoleUpdate,
  validateRole,
  validateRoleBinding,
  validateRoleBindingUpdate,
  validateRoleUpdate,
} from './rbac';
import { validateSecret, validateSecretUpdate } from './secret';
import { validateService, validateServiceUpdate } from './service';
import { validatePV, validatePVC, validatePVCUpdate, validatePVUpdate } from './storage';
import {
  validateDaemonSet,
  validateDaemonSetUpdate,
  validateDeployment,
  validateDeploymentUpdate,
  validateReplicaSet,
  validateReplicaSetUpdate,
  validateReplicationController,
  validateReplicationControllerUpdate,
  validateStatefulSet,
  validateStatefulSetUpdate,
} from './workloads';

export interface Scope {
  namespaced: boolean;
}

interface KindRules {
  create: (obj: KubeObject, scope: Scope) => FieldError[];
  update: (obj: KubeObject, old: KubeObject, scope: Scope) => FieldError[];
}

/** Kinds whose strategy validates only ObjectMeta with a DNS-1123 subdomain name. */
function metaOnly(nameFn: NameFn): KindRules {
  return {
    create: (o, scope) => validateObjectMeta(o.metadata, scope.namespaced, nameFn),
    update: (o, old) => validateObjectMetaUpdate(o.metadata, old.metadata),
  };
}

const createOnly = (create: (o: KubeObject) => FieldError[], update: (o: KubeObject, old: KubeObject) => FieldError[]): KindRules => ({
  create: (o) => create(o),
  update: (o, old) => update(o, old),
});

const RULES: Record<string, KindRules> = {
  '/Pod': createOnly(validatePodCreate, validatePodUpdate),
  '/Service': createOnly(validateService, validateServiceUpdate),
  '/ConfigMap': createOnly(validateConfigMap, validateConfigMapUpdate),
  '/Secret': createOnly(validateSecret, validateSecretUpdate),
  '/Namespace': createOnly(validateNamespace, validateNamespaceUpdate),
  '/ReplicationController': createOnly(validateReplicationController, validateReplicationControllerUpdate),
  '/PersistentVolumeClaim': createOnly(validatePVC, validatePVCUpdate),
  '/PersistentVolume': createOnly(validatePV, validatePVUpdate),
  '/ResourceQuota': createOnly(validateResourceQuota, validateResourceQuotaUpdate),
  '/LimitRange': createOnly(validateLimitRange, validateLimitRangeUpdate),
  '/ServiceAccount': metaOnly(nameIsDNSSubdomain),
  '/Endpoints': metaOnly(nameIsDNSSubdomain),
  '/Node': metaOnly(nameIsDNSSubdomain),
  '/PodTemplate': createOnly(
    (o) => [...validateObjectMeta(o.metadata, true, nameIsDNSSubdomain), ...validatePodTemplateSpec(o.template, 'template')],
    (o, old) => [...validateObjectMetaUpdate(o.metadata, old.metadata), ...validatePodTemplateSpec(o.template, 'template')],
  ),
  'apps/Deployment': createOnly(validateDeployment, validateDeploymentUpdate),
  'apps/ReplicaSet': createOnly(validateReplicaSet, validateReplicaSetUpdate),
  'apps/DaemonSet': createOnly(validateDaemonSet, validateDaemonSetUpdate),
  'apps/StatefulSet': createOnly(validateStatefulSet, validateStatefulSetUpdate),
  'batch/Job': createOnly(validateJob, validateJobUpdate),
  'batch/CronJob': createOnly(validateCronJob, validateCronJobUpdate),
  'networking.k8s.io/Ingress': createOnly(validateIngress, validateIngressUpdate),
  'networking.k8s.io/NetworkPolicy': createOnly(validateNetworkPolicy, validateNetworkPolicyUpdate),
  'networking.k8s.io/IngressClass': metaOnly(nameIsDNSSubdomain),
  'rbac.authorization.k8s.io/Role': createOnly(validateRole, validateRoleUpdate),
  'rbac.authorization.k8s.io/ClusterRole': createOnly(validateClusterRole, validateClusterRoleUpdate),
  'rbac.authorization.k8s.io/RoleBinding': createOnly(validateRoleBinding, validateRoleBindingUpdate),
  'rbac.authorization.k8s.io/ClusterRoleBinding': createOnly(validateClusterRoleBinding, validateClusterRoleBindingUpdate),
  'autoscaling/HorizontalPodAutoscaler': createOnly(validateHPA, validateHPAUpdate),
  'policy/PodDisruptionBudget': createOnly(validatePDB, validatePDB),
  'storage.k8s.io/StorageClass': metaOnly(nameIsDNSSubdomain),
  'scheduling.k8s.io/PriorityClass': metaOnly(nameIsDNSSubdomain),
};

function groupOf(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string') return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** RULES by group, then kind: no key string to build per request. */
const RULES_BY_GROUP = new Map<string, Map<string, KindRules>>();
for (const [groupKind, rules] of Object.entries(RULES)) {
  const slash = groupKind.indexOf('/');
  const group = groupKind.slice(0, slash);
  let kinds = RULES_BY_GROUP.get(group);
  if (!kinds) RULES_BY_GROUP.set(group, (kinds = new Map<string, KindRules>()));
  kinds.set(groupKind.slice(slash + 1), rules);
}

function rulesFor(obj: KubeObject): KindRules | undefined {
  return RULES_BY_GROUP.get(groupOf(obj.apiVersion))?.get(String(obj.kind));
}

// Never let a malformed object crash a request: a check that throws reports nothing.

/** Validation for a create, after decoding and defaulting. */
export function validateCreate(obj: KubeObject, scope: Scope): FieldError[] {
  forgetCleanMeta();
  try {
    const rules = rulesFor(obj);
    const errs = rules ? rules.create(obj, scope) : [];
    if (errs.length) return errs;
    return validateGenericObjectMeta(obj.metadata, scope.namespaced, pathSegmentName);
  } catch {
    return [];
  }
}

/** Validation for an update: the kind's rules (create rules plus what may not change). */
export function validateUpdate(obj: KubeObject, old: KubeObject, scope: Scope): FieldError[] {
  forgetCleanMeta();
  try {
    const rules = rulesFor(obj);
    const errs = rules ? rules.update(obj, old, scope) : [];
    if (errs.length) return errs;
    return validateObjectMetaUpdate(obj.metadata, old.metadata, 'metadata', { kubeFinalizers: false });
  } catch {
    return [];
  }
}
