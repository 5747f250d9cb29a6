// Which table printer the apiserver would use for a resource type: the
// built-in handlers (pkg/printers/internalversion), a CRD's printer columns,
// or the default NAME / CREATED AT convertor.
import type { ApiServer } from '../../../runtime/api/apiserver';
import type { ResourceType } from '../../../runtime/api/resources';
import { configMapPrinter } from './configmap';
import { controllerRevisionPrinter } from './controllerrevision';
import { cronJobPrinter } from './cronjob';
import { customResourcePrinter } from './customresource';
import { daemonSetPrinter } from './daemonset';
import { defaultPrinter } from './default';
import { deploymentPrinter } from './deployment';
import { endpointsPrinter } from './endpoints';
import { endpointSlicePrinter } from './endpointslice';
import { eventPrinter } from './event';
import { horizontalPodAutoscalerPrinter } from './horizontalpodautoscaler';
import { ingressPrinter } from './ingress';
import { ingressClassPrinter } from './ingressclass';
import { jobPrinter } from './job';
import { leasePrinter } from './lease';
import { namespacePrinter } from './namespace';
import { networkPolicyPrinter } from './networkpolicy';
import { nodePrinter } from './node';
import { persistentVolumePrinter } from './persistentvolume';
import { persistentVolumeClaimPrinter } from './persistentvolumeclaim';
import { podPrinter } from './pod';
import { podDisruptionBudgetPrinter } from './poddisruptionbudget';
import { podTemplatePrinter } from './podtemplate';
import { priorityClassPrinter } from './priorityclass';
import { replicaSetPrinter } from './replicaset';
import { replicationControllerPrinter } from './replicationcontroller';
import { resourceQuotaPrinter } from './resourcequota';
import { roleBindingPrinter } from './rolebinding';
import { runtimeClassPrinter } from './runtimeclass';
import { secretPrinter } from './secret';
import { servicePrinter } from './service';
import { statefulSetPrinter } from './statefulset';
import { serviceAccountPrinter } from './serviceaccount';
import { ipAddressPrinter, serviceCIDRPrinter } from './servicecidr';
import { storageClassPrinter } from './storageclass';
import type { TablePrinter } from './types';
import { webhookConfigurationPrinter } from './webhookconfiguration';

export type { Cell, Column, RowContext, TablePrinter } from './types';

/** group/Kind → printer. Kinds missing here (Role, ClusterRole, LimitRange, CRD …) have no upstream printer. */
const BUILTIN: Record<string, TablePrinter> = {
  '/Pod': podPrinter,
  '/Node': nodePrinter,
  '/Namespace': namespacePrinter,
  '/Service': servicePrinter,
  '/Endpoints': endpointsPrinter,
  '/Event': eventPrinter,
  '/ConfigMap': configMapPrinter,
  '/Secret': secretPrinter,
  '/ServiceAccount': serviceAccountPrinter,
  '/PersistentVolume': persistentVolumePrinter,
  '/PersistentVolumeClaim': persistentVolumeClaimPrinter,
  '/ReplicationController': replicationControllerPrinter,
  '/ResourceQuota': resourceQuotaPrinter,
  '/PodTemplate': podTemplatePrinter,
  'apps/Deployment': deploymentPrinter,
  'apps/ReplicaSet': replicaSetPrinter,
  'apps/DaemonSet': daemonSetPrinter,
  'apps/StatefulSet': statefulSetPrinter,
  'apps/ControllerRevision': controllerRevisionPrinter,
  'batch/Job': jobPrinter,
  'batch/CronJob': cronJobPrinter,
  'autoscaling/HorizontalPodAutoscaler': horizontalPodAutoscalerPrinter,
  'policy/PodDisruptionBudget': podDisruptionBudgetPrinter,
  'discovery.k8s.io/EndpointSlice': endpointSlicePrinter,
  'events.k8s.io/Event': eventPrinter,
  'networking.k8s.io/Ingress': ingressPrinter,
  'networking.k8s.io/IngressClass': ingressClassPrinter,
  'networking.k8s.io/NetworkPolicy': networkPolicyPrinter,
  'networking.k8s.io/ServiceCIDR': serviceCIDRPrinter,
  'networking.k8s.io/IPAddress': ipAddressPrinter,
  'storage.k8s.io/StorageClass': storageClassPrinter,
  'scheduling.k8s.io/PriorityClass': priorityClassPrinter,
  'coordination.k8s.io/Lease': leasePrinter,
  'rbac.authorization.k8s.io/RoleBinding': roleBindingPrinter,
  'rbac.authorization.k8s.io/ClusterRoleBinding': roleBindingPrinter,
  'node.k8s.io/RuntimeClass': runtimeClassPrinter,
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': webhookConfigurationPrinter,
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': webhookConfigurationPrinter,
};

export function tablePrinterFor(type: ResourceType, api: ApiServer): TablePrinter {
  const builtin = BUILTIN[`${type.group}/${type.kind}`];
  if (builtin) return builtin;
  if (type.model === undefined) {
    const crd = api.tryGet('customresourcedefinitions.apiextensions.k8s.io', `${type.resource}.${type.group}`);
    return customResourcePrinter(crd, type.version);
  }
  return defaultPrinter;
}
