// What a kubelet registers for its host: the Node object with capacity,
// allocatable (capacity minus the default hard-eviction reserve), conditions,
// addresses, system info and the well-known labels kubeadm and the cloud
// provider put there. The host is a vSphere VM, so providerID is vsphere://.
import { canonical, parseQuantity } from '../api/quantity';

const bytes = (q: string): number => parseQuantity(q)?.value ?? 0;
import type { KubeObject } from '../api/types';
import { nodeIP, nodePodCIDR } from '../network/ipam';

export interface NodeTaint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface NodeSpec {
  name: string;
  role: 'control-plane' | 'worker';
  cpu?: string;
  memory?: string;
  pods?: number;
  ephemeralStorage?: string;
  zone?: string;
  labels?: Record<string, string>;
  taints?: NodeTaint[];
}

export const KUBELET_VERSION = 'v1.34.1';
export const OS_IMAGE = 'Ubuntu 24.04.3 LTS';
export const KERNEL_VERSION = '6.8.0-87-generic';
export const CONTAINER_RUNTIME = 'containerd://2.1.4';

/** --eviction-hard defaults: memory.available<100Mi, nodefs.available<10%. */
const EVICTION_MEMORY_BYTES = 100 * 1024 * 1024;

export const CONTROL_PLANE_TAINT: NodeTaint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

const ZONES = ['zone-a', 'zone-b', 'zone-c'];

export function nodeZone(spec: NodeSpec, index: number): string {
  return spec.zone ?? ZONES[Math.max(0, index - 1) % ZONES.length];
}

export function nodeLabels(spec: NodeSpec, index: number): Record<string, string> {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': spec.name,
    'kubernetes.io/os': 'linux',
    'topology.kubernetes.io/zone': nodeZone(spec, index),
  };
  if (spec.role === 'control-plane') {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  return { ...labels, ...spec.labels };
}

export function nodeTaints(spec: NodeSpec): NodeTaint[] {
  return spec.taints ?? (spec.role === 'control-plane' ? [CONTROL_PLANE_TAINT] : []);
}

/**
 * Capacity as a kubelet reports it (memory and disk in Ki), in the canonical
 * form the apiserver serialises quantities back: 8388608Ki is stored as 8Gi.
 */
export function nodeCapacity(spec: NodeSpec): Record<string, string> {
  const memory = bytes(spec.memory ?? '8Gi');
  const disk = bytes(spec.ephemeralStorage ?? '100Gi');
  return {
    cpu: canonical(spec.cpu ?? '4') ?? '4',
    'ephemeral-storage': kibibytes(disk),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: kibibytes(memory),
    pods: String(spec.pods ?? 110),
  };
}

export function nodeAllocatable(spec: NodeSpec): Record<string, string> {
  const cap = nodeCapacity(spec);
  const memory = bytes(spec.memory ?? '8Gi') - EVICTION_MEMORY_BYTES;
  const disk = bytes(spec.ephemeralStorage ?? '100Gi');
  return {
    ...cap,
    'ephemeral-storage': String(Math.floor(disk * 0.9)),
    memory: kibibytes(Math.max(0, memory)),
  };
}

function kibibytes(n: number): string {
  const ki = `${Math.floor(n / 1024)}Ki`;
  return canonical(ki) ?? ki;
}

export interface NodeIdentity {
  machineID: string;
  systemUUID: string;
  bootID: string;
}

export function readyConditions(now: string, ready: boolean, since = now): Record<string, unknown>[] {
  const healthy = (type: string, reason: string, message: string): Record<string, unknown> => ({
    type,
    status: 'False',
    lastHeartbeatTime: now,
    lastTransitionTime: since,
    reason,
    message,
  });
  return [
    healthy('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    healthy('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    healthy('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    ready
      ? { type: 'Ready', status: 'True', lastHeartbeatTime: now, lastTransitionTime: since, reason: 'KubeletReady', message: 'kubelet is posting ready status' }
      : { type: 'Ready', status: 'False', lastHeartbeatTime: now, lastTransitionTime: since, reason: 'KubeletNotReady', message: 'container runtime status check may not have completed yet' },
  ];
}

/** The Node a kubelet registers for host `index` of the cluster spec. */
export function nodeObject(spec: NodeSpec, index: number, id: NodeIdentity, now: string): KubeObject {
  const cidr = nodePodCIDR(index);
  const taints = nodeTaints(spec);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: spec.name,
      labels: nodeLabels(spec, index),
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: cidr,
      podCIDRs: [cidr],
      providerID: `vsphere://${id.systemUUID}`,
      ...(taints.length ? { taints: taints.map((t) => ({ ...t })) } : {}),
    },
    status: {
      addresses: [
        { type: 'InternalIP', address: nodeIP(index) },
        { type: 'Hostname', address: spec.name },
      ],
      allocatable: nodeAllocatable(spec),
      capacity: nodeCapacity(spec),
      conditions: readyConditions(now, true),
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: id.bootID,
        containerRuntimeVersion: CONTAINER_RUNTIME,
        kernelVersion: KERNEL_VERSION,
        kubeProxyVersion: '',
        kubeletVersion: KUBELET_VERSION,
        machineID: id.machineID,
        operatingSystem: 'linux',
        osImage: OS_IMAGE,
        systemUUID: id.systemUUID,
      },
    },
  };
}

export interface NodeEventNote {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

const CONDITION_EVENTS: Record<string, [string, string]> = {
  MemoryPressure: ['False', 'NodeHasSufficientMemory'],
  DiskPressure: ['False', 'NodeHasNoDiskPressure'],
  PIDPressure: ['False', 'NodeHasSufficientPID'],
  Ready: ['True', 'NodeReady'],
};

/**
 * The kubelet's node status setters: conditions as a healthy kubelet reports
 * them, keeping lastTransitionTime while a status holds, with the events the
 * setters record on a change ("Node x status is now: NodeReady").
 */
export function heartbeatStatus(current: KubeObject, desired: Record<string, unknown>, now: string): { status: Record<string, unknown>; events: NodeEventNote[] } {
  const name = current.metadata.name ?? '';
  const old = (current.status ?? {}) as Record<string, unknown>;
  const oldConds = Array.isArray(old.conditions) ? (old.conditions as Record<string, unknown>[]) : [];
  const events: NodeEventNote[] = [];
  const conditions = readyConditions(now, true).map((c) => {
    const prior = oldConds.find((o) => o.type === c.type);
    const [want, reason] = CONDITION_EVENTS[String(c.type)];
    if (prior?.status === want) return { ...c, lastTransitionTime: prior.lastTransitionTime };
    // The Ready setter only records a change of an existing condition; the pressure setters also record the first report.
    if (prior || c.type !== 'Ready') events.push({ type: 'Normal', reason, message: `Node ${name} status is now: ${reason}` });
    return c;
  });
  const oldInfo = (old.nodeInfo ?? {}) as Record<string, unknown>;
  const newInfo = (desired.nodeInfo ?? {}) as Record<string, unknown>;
  if (oldInfo.bootID && oldInfo.bootID !== newInfo.bootID) {
    events.push({ type: 'Warning', reason: 'Rebooted', message: `Node ${name} has been rebooted, boot id: ${String(newInfo.bootID)}` });
  }
  return { status: { ...old, ...desired, conditions }, events };
}
