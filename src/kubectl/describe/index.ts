// describerMap: which describer each group/kind gets; everything else falls
// back to the generic describer, as kubectl's DescriberFor / GenericDescriberFor.
import type { KubeObject } from '../../runtime/api/types';
import { describeConfigMap, describeSecret, describeServiceAccount } from './config';
import type { DescribeContext, Describer } from './context';
import { describeDaemonSet } from './daemonset';
import { describeDeployment } from './deployment';
import { describeEndpoints, describeEndpointSlice } from './endpoints';
import { describeGeneric } from './generic';
import { describeIngress, describeIngressClass } from './ingress';
import { describeCronJob, describeJob } from './job';
import { describeLimitRange, describeNamespace, describeResourceQuota } from './namespace';
import { describeNode } from './node';
import { describePod } from './pod';
import { describeHPA, describeNetworkPolicy, describePDB, describePriorityClass } from './policy';
import { describeRole, describeRoleBinding } from './rbac';
import { describeReplicaSet, describeReplicationController } from './replicaset';
import { describeService } from './service';
import { describeStatefulSet } from './statefulset';
import { describePV, describePVC, describeStorageClass } from './storage';

export type { DescribeContext, Describer } from './context';

const DESCRIBERS: Record<string, Describer> = {
  '/Pod': describePod,
  '/ReplicationController': describeReplicationController,
  '/Secret': describeSecret,
  '/Service': describeService,
  '/ServiceAccount': describeServiceAccount,
  '/Node': describeNode,
  '/LimitRange': describeLimitRange,
  '/ResourceQuota': describeResourceQuota,
  '/PersistentVolume': describePV,
  '/PersistentVolumeClaim': describePVC,
  '/Namespace': describeNamespace,
  '/Endpoints': describeEndpoints,
  '/ConfigMap': describeConfigMap,
  'discovery.k8s.io/EndpointSlice': describeEndpointSlice,
  'autoscaling/HorizontalPodAutoscaler': describeHPA,
  'networking.k8s.io/Ingress': describeIngress,
  'networking.k8s.io/IngressClass': describeIngressClass,
  'networking.k8s.io/NetworkPolicy': describeNetworkPolicy,
  'batch/Job': describeJob,
  'batch/CronJob': describeCronJob,
  'apps/StatefulSet': describeStatefulSet,
  'apps/Deployment': describeDeployment,
  'apps/DaemonSet': describeDaemonSet,
  'apps/ReplicaSet': describeReplicaSet,
  'storage.k8s.io/StorageClass': describeStorageClass,
  'policy/PodDisruptionBudget': describePDB,
  'rbac.authorization.k8s.io/Role': describeRole,
  'rbac.authorization.k8s.io/ClusterRole': describeRole,
  'rbac.authorization.k8s.io/RoleBinding': describeRoleBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': describeRoleBinding,
  'scheduling.k8s.io/PriorityClass': describePriorityClass,
};

export function describerFor(group: string, kind: string): Describer {
  return DESCRIBERS[`${group}/${kind}`] ?? describeGeneric;
}

/** Describe one object with the describer of its kind. */
export function describeObject(ctx: DescribeContext, group: string, o: KubeObject): string {
  return describerFor(group, o.kind)(ctx, o);
}
