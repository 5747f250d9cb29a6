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
import type { KubeObject } from './api/types';
import { DisruptionController } from './controllers/disruption';
import { GarbageCollector } from './controllers/garbagecollector';
import { HorizontalPodAutoscalerController } from './controllers/horizontalpodautoscaler';
import { CronJobController } from './controllers/cronjob';
import { DaemonSetController } from './controllers/daemonset/daemonset';
import { DeploymentController } from './controllers/deployment/deployment';
import { JobController } from './controllers/job/job';
import { StatefulSetController } from './controllers/statefulset/statefulset';
import { TTLAfterFinishedController } from './controllers/ttlafterfinished';
import { NamespaceController } from './controllers/namespace';
import { NodeLifecycleController } from './controllers/nodelifecycle';
import { PodGCController } from './controllers/podgc';
import { PersistentVolumeBinder } from './controllers/persistentvolume/binder';
import { CSIProvisioner } from './controllers/persistentvolume/provisioner';
import { PVCProtectionController } from './controllers/persistentvolume/pvcprotection';
import { PVProtectionController } from './controllers/persistentvolume/pvprotection';
import { ReplicaSetController } from './controllers/replicaset';
import { ReplicationControllerManager } from './controllers/replicationcontroller';
import { ResourceQuotaController } from './controllers/resourcequota';
import { ServiceAccountController } from './controllers/serviceaccount';
import { TaintEvictionController } from './controllers/tainteviction';
import { IngressNginxController, ingressNginxObjects } from './controllers/ingressnginx';
import { APIServerEndpointReconciler, EndpointsController } from './controllers/endpoints';
import { EndpointSliceController } from './controllers/endpointslice';
import { EndpointSliceMirroringController } from './controllers/endpointslice/mirroring';
import { DEFAULT_LB_POOL, ServiceLBController } from './controllers/servicelb';
import { coreDNSObjects } from './network/coredns';
import { nodeIP } from './network/ipam';
import { createClusterNetwork, type ClusterNetwork } from './network/network';
import { Hosts, type HostInfo, type LogOptions, type NodeMachineState, type PodMachineState } from './kubelet/hosts';
import type { NodeSpec } from './kubelet/nodestatus';
import type { LogLine } from './kubelet/process';
import { MetricsRegistry } from './metrics';
import { Scheduler } from './scheduler/scheduler';

export type { NodeSpec } from './kubelet/nodestatus';

export interface ClusterSpec {
  /** Seed for every random choice (uids, generated names, IPs): same seed, same cluster. */
  seed?: number;
  /** Simulated wall-clock start, in ms since the Unix epoch. */
  startTime?: number;
  serviceCIDR?: string;
  nodes?: NodeSpec[];
  addons?: ClusterAddons;
  /** Addresses the simulated load balancer (the NSX / F5 virtual servers) hands to LoadBalancer Services: `a.b.c.d-e.f.g.h` or a CIDR. */
  loadBalancerPool?: string;
}

/** Add-ons installed at bootstrap, as a cloud cluster ships them. */
export interface ClusterAddons {
  /** CoreDNS (the `coredns` Deployment and the `kube-dns` Service at the service CIDR's tenth address); default true. */
  coreDNS?: boolean;
  /** ingress-nginx (namespace ingress-nginx, IngressClass `nginx`, the default); default true. */
  ingressNginx?: boolean;
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
  /** kube-scheduler: traceFor(namespace, name) explains its last decision for a pod. */
  readonly scheduler: Scheduler;
  /** The VMs under the nodes (vSphere host actions): each runs a kubelet. */
  readonly hosts: {
    powerOff(name: string): void;
    powerOn(name: string): void;
    add(spec: NodeSpec): HostInfo;
    list(): HostInfo[];
  };
  /** Read the kubelets' machine states and logs; set a pod's simulated CPU load. */
  readonly kubelet: {
    podState(namespace: string, name: string): PodMachineState | undefined;
    nodeState(name: string): NodeMachineState | undefined;
    logs(namespace: string, pod: string, container?: string, opts?: LogOptions): LogLine[];
    setLoad(namespace: string, pod: string, millicores: number): void;
  };
  /** Routes, kube-proxy rules, DNS, packet traces and request distribution. */
  readonly network: ClusterNetwork;
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
    addons: { ...spec.addons, coreDNS: spec.addons?.coreDNS ?? true, ingressNginx: spec.addons?.ingressNginx ?? true },
    loadBalancerPool: spec.loadBalancerPool ?? DEFAULT_LB_POOL,
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
    new GarbageCollector(api, clock).start(),
    new NodeLifecycleController(api, clock).start(),
    new TaintEvictionController(api, clock).start(),
    new PodGCController(api, clock).start(),
    new DisruptionController(api, clock).start(),
    new ServiceAccountController(api, clock).start(),
    new ResourceQuotaController(api, clock).start(),
    // The ReplicaSet controllers subscribe before the deployment controller, so a deployment sync sees ReplicaSet status already updated for pods.
    new ReplicaSetController(api, clock).start(),
    new ReplicationControllerManager(api, clock).start(),
    new DeploymentController(api, clock).start(),
    new DaemonSetController(api, clock).start(),
    new StatefulSetController(api, clock).start(),
    new JobController(api, clock).start(),
    new TTLAfterFinishedController(api, clock).start(),
    new CronJobController(api, clock).start(),
    new PersistentVolumeBinder(api, clock).start(),
    new CSIProvisioner(api, clock).start(),
    new PVCProtectionController(api, clock).start(),
    new PVProtectionController(api, clock).start(),
    new HorizontalPodAutoscalerController(api, clock, metrics).start(),
    new EndpointsController(api, clock).start(),
    new EndpointSliceController(api, clock).start(),
    new EndpointSliceMirroringController(api, clock).start(),
    new ServiceLBController(api, clock, full.loadBalancerPool).start(),
    new IngressNginxController(api, clock).start(),
  ];
  const scheduler = new Scheduler(api, clock).start();
  bootstrap(api, full.addons, services.nthIP(10));
  // The apiserver runs on the (first) control-plane node and advertises that node's address.
  const apiserverEndpoints = new APIServerEndpointReconciler(api, clock, nodeIP(Math.max(0, full.nodes.findIndex((n) => n.role === 'control-plane')))).start();
  const hosts = new Hosts(api, clock, metrics).start();
  full.nodes.forEach((n) => hosts.add(n));
  clock.drain();
  const network = createClusterNetwork(api, clock, hosts);

  return {
    spec: full,
    clock,
    api,
    metrics,
    scheduler,
    hosts: {
      powerOff: (name) => hosts.powerOff(name),
      powerOn: (name) => hosts.powerOn(name),
      add: (n) => hosts.add(n),
      list: () => hosts.list(),
    },
    kubelet: {
      podState: (ns, name) => hosts.podState(ns, name),
      nodeState: (name) => hosts.nodeState(name),
      logs: (ns, pod, container, opts) => hosts.logs(ns, pod, container, opts),
      setLoad: (ns, pod, m) => hosts.setLoad(ns, pod, m),
    },
    network,
    apply: (text, opts) => applyText(api, text, opts),
    advance: (ms) => {
      clock.advance(ms);
    },
    settle: () => clock.settle(),
    stop: () => {
      controllers.forEach((c) => c.stop());
      apiserverEndpoints.stop();
      scheduler.stop();
      hosts.stop();
    },
  };
}

/** What kubeadm leaves behind on a new cluster, before any user object. */
function bootstrap(api: ApiServer, addons: ClusterAddons, dnsIP: string | undefined): void {
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
  if (addons.coreDNS) installAddon(api, coreDNSObjects(dnsIP));
  if (addons.ingressNginx) installAddon(api, ingressNginxObjects());
}

/** Create an add-on's objects in order, letting its namespace settle first. */
function installAddon(api: ApiServer, objects: KubeObject[]): void {
  for (const o of objects) {
    api.create(o);
    if (o.kind === 'Namespace') api.clock.drain();
  }
}
