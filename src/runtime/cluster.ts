// Wires the mini cluster together: the clock, the apiserver with its
// admission chain and allocators, the bootstrap objects a fresh kubeadm
// cluster has, and the controllers. createCluster() is the runtime's front door.
import { admissionChain } from './api/admission/index';
import { ServiceAllocator } from './api/allocators/service';
import { ApiServer } from './api/apiserver';
import { applyText, type ApplyOptions, type ApplyResult } from './api/apply';
import { serveCustomResources } from './api/crd';
import { Clock, DEFAULT_EPOCH, type SettleResult } from './clock';
import type { Controller } from './controllers/controller';
import { NamespaceController } from './controllers/namespace';
import { ResourceQuotaController } from './controllers/resourcequota';
import { ServiceAccountController } from './controllers/serviceaccount';
import { nodeObject, type NodeSpec } from './kubelet/nodestatus';
import { MetricsRegistry } from './metrics';

export type { NodeSpec } from './kubelet/nodestatus';

export interface ClusterSpec {
  /** Seed for every random choice (uids, generated names, IPs): same seed, same cluster. */
  seed?: number;
  /** Simulated wall-clock start, in ms since the Unix epoch. */
  startTime?: number;
  serviceCIDR?: string;
  nodes?: NodeSpec[];
}

/** One control-plane node and three workers, like the cluster in the vSphere/Kubernetes comparison articles. */
export const DEFAULT_NODES: NodeSpec[] = [
  { name: 'control-plane', role: 'control-plane', cpu: '2', memory: '4Gi' },
  { name: 'worker-1', role: 'worker', cpu: '4', memory: '8Gi' },
  { name: 'worker-2', role: 'worker', cpu: '4', memory: '8Gi' },
  { name: 'worker-3', role: 'worker', cpu: '4', memory: '8Gi' },
];

export interface Cluster {
  readonly spec: Required<Omit<ClusterSpec, 'startTime'>> & { startTime: number };
  readonly clock: Clock;
  readonly api: ApiServer;
  /** Simulated resource usage (metrics-server's view) for `kubectl top` and the HPA. */
  readonly metrics: MetricsRegistry;
  apply(text: string, opts?: ApplyOptions): ApplyResult[];
  advance(ms: number): void;
  settle(): SettleResult;
  stop(): void;
}

const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

export function createCluster(spec: ClusterSpec = {}): Cluster {
  const full = {
    seed: spec.seed ?? 1,
    startTime: spec.startTime ?? DEFAULT_EPOCH,
    serviceCIDR: spec.serviceCIDR ?? '10.96.0.0/12',
    nodes: spec.nodes ?? DEFAULT_NODES,
  };
  const clock = new Clock(full.startTime, full.seed);
  const api = new ApiServer(clock);
  const services = new ServiceAllocator(full.serviceCIDR, () => clock.random());
  api.useAdmission(...admissionChain());
  api.useAllocator(services);
  serveCustomResources(api);

  const metrics = new MetricsRegistry();
  const controllers: Controller[] = [
    new NamespaceController(api, clock).start(),
    new ServiceAccountController(api, clock).start(),
    new ResourceQuotaController(api, clock).start(),
  ];
  bootstrap(api);
  full.nodes.forEach((n, i) => registerNode(api, n, i));
  clock.drain();

  return {
    spec: full,
    clock,
    api,
    metrics,
    apply: (text, opts) => applyText(api, text, opts),
    advance: (ms) => {
      clock.advance(ms);
    },
    settle: () => clock.settle(),
    stop: () => controllers.forEach((c) => c.stop()),
  };
}

/** What kubeadm leaves behind on a new cluster, before any user object. */
function bootstrap(api: ApiServer): void {
  for (const name of SYSTEM_NAMESPACES) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  api.clock.drain();
  api.create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None', type: 'ClusterIP' },
  });
  api.create({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'csi.vsphere.vmware.com',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
    allowVolumeExpansion: true,
  });
}

function registerNode(api: ApiServer, spec: NodeSpec, index: number): void {
  const hex = (): string => api.uuid().replace(/-/g, '');
  const id = { machineID: hex(), systemUUID: api.uuid().toUpperCase(), bootID: api.uuid() };
  const node = nodeObject(spec, index, id, api.clock.nowRFC3339());
  const status = node.status;
  const created = api.create(node, { trusted: true });
  api.updateStatus({ ...created, status });
}
