// The apiserver's defaulting step: what a v1.34 kube-apiserver fills in when it
// decodes an object (the SetDefaults_* functions and declarative `+default=`
// markers, plus conversion effects such as stringData → data), and the parts
// of the registries' PrepareForCreate that need no cluster state (job
// selectors, pod phase/QoS, the namespace finalizer, service IP families).
//
// Not done here: uid/creationTimestamp/generation and status resets (the
// store and strategy), cluster IPs and node ports (allocators), admission
// plugins (service account, priority, default tolerations, LimitRanger).
//
// applyDefaults mutates in place and never throws: fields of the wrong type
// are skipped and left for validation to report.
import type { KubeObject } from '../types';
import { isObject } from '../types';
import { defaultHPAv1, defaultHPAv2 } from './autoscaling';
import { defaultCronJob } from './cronjob';
import { defaultDaemonSet } from './daemonset';
import { defaultDeployment } from './deployment';
import { defaultEndpoints, defaultEndpointSlice } from './discovery';
import { defaultJob } from './job';
import { defaultLimitRange, defaultResourceQuota } from './limitrange';
import { defaultNamespace } from './namespace';
import { defaultIngress, defaultIngressClass, defaultNetworkPolicy } from './networking';
import { defaultNode } from './node';
import { defaultPod } from './pod';
import { defaultPodTemplate } from './podspec';
import { defaultPodDisruptionBudget } from './policy';
import { defaultBinding } from './rbac';
import { defaultReplicaSet, defaultReplicationController } from './replicaset';
import { defaultPriorityClass } from './scheduling';
import { defaultSecret } from './secret';
import { defaultService } from './service';
import { defaultStatefulSet } from './statefulset';
import { defaultCSIDriver, defaultPersistentVolume, defaultPersistentVolumeClaim, defaultStorageClass } from './storage';

export interface DefaultingOptions {
  /**
   * 'CREATE' (the default) also runs the create-time registry steps. They are
   * written to be harmless when repeated, so callers that cannot tell may
   * leave this out; pass 'UPDATE' to skip them.
   */
  operation?: 'CREATE' | 'UPDATE';
}

type Defaulter = (obj: KubeObject, create: boolean) => void;

// group/version → kind → defaulter. Only versions a v1.34 apiserver serves.
const DEFAULTERS: Record<string, Record<string, Defaulter>> = {
  v1: {
    Pod: defaultPod,
    PodTemplate: (o) => defaultPodTemplate(o.template),
    ReplicationController: defaultReplicationController,
    Service: defaultService,
    Namespace: defaultNamespace,
    Secret: defaultSecret,
    PersistentVolume: defaultPersistentVolume,
    PersistentVolumeClaim: defaultPersistentVolumeClaim,
    Endpoints: defaultEndpoints,
    LimitRange: defaultLimitRange,
    ResourceQuota: defaultResourceQuota,
    Node: defaultNode,
  },
  'apps/v1': {
    Deployment: defaultDeployment,
    ReplicaSet: defaultReplicaSet,
    DaemonSet: defaultDaemonSet,
    StatefulSet: defaultStatefulSet,
  },
  'batch/v1': {
    Job: defaultJob,
    CronJob: defaultCronJob,
  },
  'autoscaling/v2': { HorizontalPodAutoscaler: defaultHPAv2 },
  'autoscaling/v1': { HorizontalPodAutoscaler: defaultHPAv1 },
  'networking.k8s.io/v1': {
    NetworkPolicy: defaultNetworkPolicy,
    Ingress: defaultIngress,
    IngressClass: defaultIngressClass,
  },
  'rbac.authorization.k8s.io/v1': {
    RoleBinding: defaultBinding,
    ClusterRoleBinding: defaultBinding,
  },
  'storage.k8s.io/v1': {
    StorageClass: defaultStorageClass,
    CSIDriver: defaultCSIDriver,
  },
  'scheduling.k8s.io/v1': { PriorityClass: defaultPriorityClass },
  'policy/v1': { PodDisruptionBudget: defaultPodDisruptionBudget },
  'discovery.k8s.io/v1': { EndpointSlice: defaultEndpointSlice },
};

/** `apps/v1` → { group: 'apps', version: 'v1' }; `v1` → the core group ''. */
export function parseApiVersion(apiVersion: unknown): { group: string; version: string } | undefined {
  if (typeof apiVersion !== 'string' || apiVersion === '') return undefined;
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export function applyDefaults(obj: KubeObject, options: DefaultingOptions = {}): void {
  if (!isObject(obj) || !isObject(obj.metadata)) return;
  const gv = parseApiVersion(obj.apiVersion);
  if (!gv || typeof obj.kind !== 'string') return;
  const key = gv.group ? `${gv.group}/${gv.version}` : gv.version;
  const defaulter = DEFAULTERS[key]?.[obj.kind];
  if (!defaulter) return;
  try {
    defaulter(obj, options.operation !== 'UPDATE');
  } catch {
    // Defaulting is best effort on odd input; validation reports what is wrong.
  }
}
