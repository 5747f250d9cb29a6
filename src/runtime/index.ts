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
