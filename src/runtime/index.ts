// The runtime's public surface: a headless Kubernetes cluster in simulated time.
export { createCluster, DEFAULT_NODES, type Cluster, type ClusterSpec, type NodeSpec } from './cluster';
export { Clock, DEFAULT_EPOCH, toRFC3339, parseRFC3339 } from './clock';
export {
  ApiServer,
  type WriteOptions,
  type ListOptions,
  type ListResult,
  type DeleteOptions,
  type WatchEvent,
  type WatchOptions,
  type Watch,
  type PatchType,
  type FieldValidation,
} from './api/apiserver';
export { applyText, isApplyError, LAST_APPLIED, MAX_APPLY_BYTES, type ApplyResult, type ApplyOk, type ApplyError, type ApplyOptions } from './api/apply';
export { StatusError, isStatusError, type FieldError } from './api/errors';
export type { KubeObject, ObjectMeta, OwnerReference } from './api/types';
export type { ResourceType } from './api/resources';
export type { HostInfo, PodMachineState, NodeMachineState, LogOptions } from './kubelet/hosts';
export type { LogLine } from './kubelet/process';
export { MetricsRegistry, type PodUsage, type ContainerUsage } from './metrics';
export { EventRecorder, eventsFor } from './events/recorder';
export { rollbackDeployment, RollbackError } from './controllers/deployment/rollback';
export type { ClusterNetwork } from './network/network';
export type { Hop, HopKind, DropReason, TraceDrop, TraceEndpoint, TraceResult, TraceOptions } from './network/trace';
export type { TrafficOptions, TrafficResult, PodCount, DropCount } from './network/traffic';
export type { KubeProxy, ProxyDecision, ProxyEndpoint, ServicePortInfo, NodeEndpoints, NodeRules, IptablesRule, IptablesTable, RuleSpec, Via } from './network/kubeproxy';
export type { NodeRoutes, NodeRouting, RouteEntry, RouterTable, RouterRoute, NodeAddressing } from './network/routes';
export { routeIngress, buildIngressServers, isIngressOfClass, type IngressRequest, type IngressRoute, type IngressRouteMatch, type IngressRouteMiss, type IngressServer, type IngressLocation, type IngressTLS } from './network/ingress';
export { evaluateNetworkPolicies, type PolicyPeer, type PolicyVerdict, type PolicySide, type PolicySideCode } from './network/networkpolicy';
export { routeThroughIngressNginx, INGRESS_NGINX_CLASS, INGRESS_NGINX_NAMESPACE } from './controllers/ingressnginx';
export { ClusterDNS, CLUSTER_DOMAIN, DNS_TTL, type DNSRecord, type DNSAnswer, type DNSQueryType } from './network/dns';
export { DEFAULT_LB_POOL, LB_PROVISION_DELAY_MS, LB_CLEANUP_FINALIZER, parsePool } from './controllers/servicelb';
export { LABEL_SERVICE_NAME, LABEL_MANAGED_BY, serviceSlices } from './controllers/endpointslice/util';
export { ENDPOINTSLICE_CONTROLLER_NAME, MAX_ENDPOINTS_PER_SLICE } from './controllers/endpointslice';
export type { ClusterAddons } from './cluster';
