// Per-kind registry strategy rules (pkg/registry/*/strategy.go): which kinds
// have a status subresource (so user-sent status is dropped), which track
// metadata.generation, and what counts as a spec change.
import { deepEqual } from './patch';
import type { ResourceType } from './resources';
import { isObject, type KubeObject } from './types';

const STATUS_SUBRESOURCE = new Set([
  '/Pod',
  '/ReplicationController',
  '/Service',
  '/PersistentVolume',
  '/PersistentVolumeClaim',
  '/ResourceQuota',
  'apps/Deployment',
  'apps/ReplicaSet',
  'apps/DaemonSet',
  'apps/StatefulSet',
  'batch/Job',
  'batch/CronJob',
  'autoscaling/HorizontalPodAutoscaler',
  'policy/PodDisruptionBudget',
  'networking.k8s.io/Ingress',
  'networking.k8s.io/ServiceCIDR',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'certificates.k8s.io/CertificateSigningRequest',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'storage.k8s.io/VolumeAttachment',
  'resource.k8s.io/ResourceClaim',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
]);

const GENERATION = new Set([
  '/Pod',
  '/ReplicationController',
  'apps/Deployment',
  'apps/ReplicaSet',
  'apps/DaemonSet',
  'apps/StatefulSet',
  'batch/Job',
  'batch/CronJob',
  'autoscaling/HorizontalPodAutoscaler',
  'policy/PodDisruptionBudget',
  'networking.k8s.io/Ingress',
  'networking.k8s.io/NetworkPolicy',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'resource.k8s.io/DeviceClass',
  'resource.k8s.io/ResourceSlice',
]);

const gk = (t: ResourceType): string => `${t.group}/${t.kind}`;

export function hasStatusSubresource(t: ResourceType): boolean {
  return STATUS_SUBRESOURCE.has(gk(t));
}

export function tracksGeneration(t: ResourceType): boolean {
  return GENERATION.has(gk(t)) || !t.model;
}

/** Generation moves on a spec change (for custom resources: anything outside metadata and status). */
export function bumpsGeneration(t: ResourceType, next: KubeObject, old: KubeObject): boolean {
  if (!t.model) {
    const strip = ({ metadata: _m, status: _s, ...rest }: KubeObject): object => rest;
    return !deepEqual(strip(next), strip(old));
  }
  if (t.kind === 'Namespace') return false;
  // Deployments also move on annotation changes: the controller copies them to ReplicaSets
  // (pkg/registry/apps/deployment/strategy.go). Its own revision annotation goes through /status.
  if (t.group === 'apps' && t.kind === 'Deployment' && !deepEqual(next.metadata.annotations ?? {}, old.metadata.annotations ?? {})) return true;
  return !deepEqual(next.spec, old.spec);
}

/** apps/v1 carries the internal DaemonSet spec.templateGeneration as this annotation. */
export const DAEMONSET_TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

export function prepareForCreate(t: ResourceType, obj: KubeObject): void {
  if (t.group === '' && t.kind === 'Namespace') obj.status = { phase: 'Active' };
  if (t.group === 'apps' && t.kind === 'DaemonSet') setTemplateGeneration(obj, 1);
  if (t.group === '' && t.kind === 'Pod' && !isObject(obj.status)) obj.status = { phase: 'Pending' };
}

export function prepareForUpdate(t: ResourceType, next: KubeObject, old: KubeObject): void {
  if (t.group === '' && t.kind === 'Namespace') next.status = old.status;
  if (t.group === 'apps' && t.kind === 'DaemonSet') {
    // The server owns it: the old value, plus one when the pod template changed.
    const previous = Number(old.metadata.annotations?.[DAEMONSET_TEMPLATE_GENERATION] ?? 1) || 1;
    const template = (o: KubeObject): unknown => (isObject(o.spec) ? o.spec.template : undefined);
    setTemplateGeneration(next, deepEqual(template(next), template(old)) ? previous : previous + 1);
  }
  if (t.group === '' && t.kind === 'Service' && isObject(next.spec) && isObject(old.spec)) dropTypeDependentFields(next.spec, old.spec);
}

type Spec = Record<string, unknown>;

const needsClusterIP = (s: Spec): boolean => s.type !== 'ExternalName';
const needsNodePorts = (s: Spec): boolean => s.type === 'NodePort' || s.type === 'LoadBalancer';
const needsHealthCheckNodePort = (s: Spec): boolean => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
const nodePortsOf = (s: Spec): unknown[] => (Array.isArray(s.ports) ? s.ports.map((p) => (isObject(p) ? p.nodePort : undefined)) : []);

/**
 * The Service strategy's dropTypeDependentFields: when a Service changes type,
 * fields the old type needed (allocated ClusterIPs, NodePorts, traffic policies)
 * are wiped — but only when the user did not change them in the same request.
 */
function dropTypeDependentFields(next: Spec, old: Spec): void {
  const same = (k: string): boolean => deepEqual(next[k], old[k]);
  if (needsClusterIP(old) && !needsClusterIP(next)) {
    if (same('clusterIP') && same('clusterIPs')) {
      delete next.clusterIP;
      delete next.clusterIPs;
    }
    if (same('ipFamilies')) delete next.ipFamilies;
    if (same('ipFamilyPolicy')) delete next.ipFamilyPolicy;
    if (same('internalTrafficPolicy')) delete next.internalTrafficPolicy;
  }
  if (needsNodePorts(old) && !needsNodePorts(next) && deepEqual(nodePortsOf(next), nodePortsOf(old)) && Array.isArray(next.ports)) {
    for (const p of next.ports) if (isObject(p)) delete p.nodePort;
  }
  if (needsHealthCheckNodePort(old) && !needsHealthCheckNodePort(next) && same('healthCheckNodePort')) delete next.healthCheckNodePort;
  if (old.type === 'LoadBalancer' && next.type !== 'LoadBalancer') {
    if (next.allocateLoadBalancerNodePorts !== undefined && same('allocateLoadBalancerNodePorts')) delete next.allocateLoadBalancerNodePorts;
    if (same('loadBalancerClass')) delete next.loadBalancerClass;
  }
  if (needsNodePorts(old) && !needsNodePorts(next) && same('externalTrafficPolicy')) delete next.externalTrafficPolicy;
}

/**
 * deploymentStatusStrategy resets only spec and labels, so the deployment
 * controller records `deployment.kubernetes.io/revision` through the status
 * subresource without bumping metadata.generation.
 */
export function keepsAnnotationsOnStatus(t: ResourceType): boolean {
  return gk(t) === 'apps/Deployment';
}

function setTemplateGeneration(obj: KubeObject, generation: number): void {
  obj.metadata.annotations = { ...obj.metadata.annotations, [DAEMONSET_TEMPLATE_GENERATION]: String(generation) };
}
