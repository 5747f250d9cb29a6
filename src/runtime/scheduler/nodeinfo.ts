// framework.NodeInfo: a node's static facts (allocatable, labels, taints),
// parsed once per Node revision, plus the running totals of the pods on it
// (requested resources, host ports, affinity pods), kept up to date
// incrementally as pods are added, assumed, and removed.
import { parseQuantity } from '../api/quantity';
import { asArray, isObject, type KubeObject } from '../api/types';
import type { HostPort, PodInfo } from './podinfo';

export interface Taint {
  key: string;
  value: string;
  effect: string;
}

/** framework.nextGeneration: one counter for every NodeInfo, so a generation never repeats across nodes. */
let lastGeneration = 0;

export class NodeInfo {
  node: KubeObject | undefined;
  /** Bumped on every change the plugins could see (pods added or removed, a new Node revision): caches compare it. */
  generation = ++lastGeneration;
  labels: Record<string, string> = {};
  taints: Taint[] = [];
  /** How many taints have effect NoSchedule/NoExecute, and PreferNoSchedule: plain fields the hot loops test before touching the list. */
  hardTaints = 0;
  preferTaints = 0;
  unschedulable = false;
  allocCpu = 0;
  allocMemory = 0;
  allocEphemeral = 0;
  allocPods = 0;
  allocScalar = new Map<string, number>();
  /** image name → size in bytes (node.status.images), for ImageLocality. */
  images = new Map<string, number>();

  reqCpu = 0;
  reqMemory = 0;
  reqEphemeral = 0;
  reqScalar = new Map<string, number>();
  nonZeroCpu = 0;
  nonZeroMemory = 0;
  readonly pods = new Map<string, PodInfo>();
  /** pods.size, kept as a plain field for the filter loop. */
  podCount = 0;
  /** `${protocol}/${port}` → host IP → count. */
  readonly usedPorts = new Map<string, Map<string, number>>();
  podsWithAffinity = 0;
  podsWithRequiredAntiAffinity = 0;
  /** Position in the scheduler's node list (for compact traces). */
  index = -1;

  constructor(readonly name: string) {}

  /**
   * Take a Node revision. Returns whether anything the plugins read changed:
   * a kubelet heartbeat (conditions only) is not a reason to retry pods.
   */
  setNode(node: KubeObject): boolean {
    const prev = this.node;
    this.node = node;
    if (prev && sameSchedulingInputs(prev, node)) return false;
    this.generation = ++lastGeneration;
    this.labels = node.metadata.labels ?? {};
    const spec = isObject(node.spec) ? node.spec : {};
    this.unschedulable = spec.unschedulable === true;
    this.taints = asArray(spec.taints)
      .filter(isObject)
      .map((t) => ({ key: str(t.key), value: str(t.value), effect: str(t.effect) }));
    this.hardTaints = this.taints.filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute').length;
    this.preferTaints = this.taints.filter((t) => t.effect === 'PreferNoSchedule').length;
    const status = isObject(node.status) ? node.status : {};
    const alloc = isObject(status.allocatable) ? status.allocatable : isObject(status.capacity) ? status.capacity : {};
    this.allocScalar = new Map();
    this.allocCpu = this.allocMemory = this.allocEphemeral = this.allocPods = 0;
    for (const [k, v] of Object.entries(alloc)) {
      const q = parseQuantity(v)?.value ?? 0;
      if (k === 'cpu') this.allocCpu = Math.round(q * 1000);
      else if (k === 'memory') this.allocMemory = Math.floor(q);
      else if (k === 'ephemeral-storage') this.allocEphemeral = Math.floor(q);
      else if (k === 'pods') this.allocPods = Math.floor(q);
      else this.allocScalar.set(k, Math.floor(q));
    }
    this.images = new Map();
    for (const img of asArray(status.images)) {
      if (!isObject(img)) continue;
      for (const n of asArray(img.names)) this.images.set(String(n), Number(img.sizeBytes ?? 0));
    }
    return true;
  }

  addPod(p: PodInfo): void {
    this.pods.set(p.uid, p);
    this.podCount = this.pods.size;
    this.account(p, 1);
  }

  removePod(uid: string): PodInfo | undefined {
    const p = this.pods.get(uid);
    if (!p) return undefined;
    this.pods.delete(uid);
    this.podCount = this.pods.size;
    this.account(p, -1);
    return p;
  }

  private account(p: PodInfo, sign: 1 | -1): void {
    this.generation = ++lastGeneration;
    const s = p.spec;
    this.reqCpu += sign * s.cpu;
    this.reqMemory += sign * s.memory;
    this.reqEphemeral += sign * s.ephemeral;
    this.nonZeroCpu += sign * s.nonZeroCpu;
    this.nonZeroMemory += sign * s.nonZeroMemory;
    for (const [k, v] of s.scalar) this.reqScalar.set(k, (this.reqScalar.get(k) ?? 0) + sign * v);
    for (const hp of s.ports) this.usePort(hp, sign);
    if (p.hasAffinity) this.podsWithAffinity += sign;
    if (p.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity += sign;
  }

  private usePort(hp: HostPort, sign: 1 | -1): void {
    const key = `${hp.protocol}/${hp.port}`;
    let ips = this.usedPorts.get(key);
    if (!ips) this.usedPorts.set(key, (ips = new Map<string, number>()));
    const n = (ips.get(hp.ip) ?? 0) + sign;
    if (n > 0) ips.set(hp.ip, n);
    else ips.delete(hp.ip);
    if (ips.size === 0) this.usedPorts.delete(key);
  }

  /** HostPortInfo.CheckConflict: 0.0.0.0 clashes with every IP on the same protocol and port. */
  portConflict(hp: HostPort): boolean {
    const ips = this.usedPorts.get(`${hp.protocol}/${hp.port}`);
    if (!ips) return false;
    if (hp.ip === '0.0.0.0') return ips.size > 0;
    return ips.has(hp.ip) || ips.has('0.0.0.0');
  }

  /** A deep-enough copy for preemption's what-if runs: pods and totals, sharing the parsed node. */
  clone(): NodeInfo {
    const c = new NodeInfo(this.name);
    c.node = this.node;
    c.labels = this.labels;
    c.taints = this.taints;
    c.hardTaints = this.hardTaints;
    c.preferTaints = this.preferTaints;
    c.unschedulable = this.unschedulable;
    c.allocCpu = this.allocCpu;
    c.allocMemory = this.allocMemory;
    c.allocEphemeral = this.allocEphemeral;
    c.allocPods = this.allocPods;
    c.allocScalar = this.allocScalar;
    c.images = this.images;
    c.index = this.index;
    for (const p of this.pods.values()) c.addPod(p);
    return c;
  }
}

function sameSchedulingInputs(a: KubeObject, b: KubeObject): boolean {
  const sa = isObject(a.status) ? a.status : {};
  const sb = isObject(b.status) ? b.status : {};
  return a.metadata.labels === b.metadata.labels && a.spec === b.spec && sameJSON(sa.allocatable, sb.allocatable) && sameJSON(sa.images, sb.images);
}

function sameJSON(x: unknown, y: unknown): boolean {
  return x === y || JSON.stringify(x) === JSON.stringify(y);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
