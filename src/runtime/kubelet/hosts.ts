// The machines under the cluster (vSphere VMs running a kubelet each): add a
// host, power it off and on. A running host's kubelet registers its Node,
// renews its Lease every 10 s, posts node status on change or every 5 min,
// reports resource usage every 15 s, and runs the pods bound to it. One pod
// watch serves every kubelet, routed by spec.nodeName, so a 5,000-node
// cluster does not fan each pod event out 5,000 times.
import type { ApiServer, WatchEvent } from '../api/apiserver';
import { badRequest, notFound } from '../api/errors';
import { asArray, field, isObject, type KubeObject } from '../api/types';
import type { Clock, TimerId } from '../clock';
import type { MetricsRegistry } from '../metrics';
import { Kubelet } from './kubelet';
import { PureMachine } from './machine';
import { renewLease, LEASE_RENEW_MS } from './nodelease';
import { heartbeatStatus, nodeObject, type NodeIdentity, type NodeSpec } from './nodestatus';
import type { LogLine } from './process';
import { podUsage } from './resourceusage';

/** nodeStatusReportFrequency: an unchanged status is still posted this often. */
export const NODE_STATUS_REPORT_MS = 5 * 60_000;
/** The resource metrics scrape interval metrics-server uses. */
export const METRICS_INTERVAL_MS = 15_000;

export interface HostInfo {
  name: string;
  role: NodeSpec['role'];
  poweredOn: boolean;
  pods: number;
}

export interface PodMachineState {
  node: string;
  state: string;
  podIP?: string;
  containers: { name: string; kind: string; state: string; restartCount: number; ready: boolean }[];
}

export interface NodeMachineState {
  name: string;
  poweredOn: boolean;
  bootID: string;
  pods: number;
  images: string[];
}

export interface LogOptions {
  previous?: boolean;
}

class Host {
  readonly kubelet: Kubelet;
  poweredOn = false;
  private timers: TimerId[] = [];
  private lastReport = 0;
  private reportedImages = 0;

  constructor(
    private readonly api: ApiServer,
    private readonly clock: Clock,
    private readonly metrics: MetricsRegistry,
    readonly spec: NodeSpec,
    readonly index: number,
    readonly identity: NodeIdentity,
  ) {
    this.kubelet = new Kubelet({ api, clock, nodeName: spec.name, index, machineID: identity.machineID });
  }

  boot(): void {
    this.poweredOn = true;
    this.kubelet.running = true;
    const node = this.postStatus(true);
    renewLease(this.api, node);
    this.every(LEASE_RENEW_MS, () => this.tick());
    this.every(METRICS_INTERVAL_MS, () => this.scrape());
    this.kubelet.resync();
  }

  shutdown(): void {
    this.poweredOn = false;
    this.kubelet.running = false;
    for (const t of this.timers) this.clock.cancelTimer(t);
    this.timers = [];
    this.kubelet.powerLost();
    for (const rec of this.kubelet.pods.values()) this.metrics.forget(rec.namespace, rec.name);
  }

  /** A periodic loop: its slot in `timers` holds the one pending timer (the fired ones are not kept). */
  private every(ms: number, fn: () => void): void {
    const slot = this.timers.length;
    const run = (): void => {
      if (!this.poweredOn) return;
      fn();
      this.timers[slot] = this.clock.setTimer(ms, run, true);
    };
    this.timers.push(this.clock.setTimer(ms, run, true));
  }

  /** The 10 s node status sync: renew the lease; post status when images changed or the report is due. */
  private tick(): void {
    const node = this.api.tryGet('nodes', this.spec.name);
    if (!node) return;
    renewLease(this.api, node);
    const due = this.clock.now() - this.lastReport >= NODE_STATUS_REPORT_MS;
    if (due || this.kubelet.images.size !== this.reportedImages) this.postStatus(false);
  }

  /** Register the Node (first boot) or update it, with the events the kubelet records. */
  private postStatus(starting: boolean): KubeObject {
    const now = this.clock.nowRFC3339();
    const desired = nodeObject(this.spec, this.index, this.identity, now);
    const status = { ...(desired.status as Record<string, unknown>), images: this.imageList() };
    if (starting) this.nodeEvent('Normal', 'Starting', 'Starting kubelet.');
    let current = this.api.tryGet('nodes', this.spec.name);
    if (!current) current = this.api.create({ ...desired, status: undefined }, { trusted: true });
    const { status: next, events } = heartbeatStatus(current, status, now);
    if (starting) this.nodeEvent('Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    for (const e of events) this.nodeEvent(e.type, e.reason, e.message);
    this.lastReport = this.clock.now();
    this.reportedImages = this.kubelet.images.size;
    return this.api.updateStatus({ apiVersion: 'v1', kind: 'Node', metadata: { name: this.spec.name }, status: next }, { trusted: true });
  }

  /** node.status.images: the 50 largest images, as the kubelet reports them. */
  private imageList(): Record<string, unknown>[] {
    return [...this.kubelet.images.values()]
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 50)
      .map((i) => ({ names: [i.imageID, i.ref.normalized], sizeBytes: i.bytes }));
  }

  private nodeEvent(type: 'Normal' | 'Warning', reason: string, message: string): void {
    const ref: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: this.spec.name, uid: this.spec.name } };
    this.kubelet.recorder.event(ref, type, reason, message);
  }

  private scrape(): void {
    const random = (): number => this.clock.random();
    for (const rec of this.kubelet.pods.values()) {
      const containers = rec.state === 'syncing' || rec.state === 'terminating' ? podUsage(rec, random) : undefined;
      if (!containers) {
        this.metrics.forget(rec.namespace, rec.name);
        continue;
      }
      this.metrics.record({ namespace: rec.namespace, name: rec.name, uid: rec.uid, nodeName: this.spec.name, timestamp: this.clock.now(), containers });
    }
  }
}

export class Hosts {
  private readonly hosts = new Map<string, Host>();
  private watch?: { stop(): void };

  constructor(
    private readonly api: ApiServer,
    private readonly clock: Clock,
    private readonly metrics: MetricsRegistry,
  ) {}

  start(): this {
    this.watch = this.api.watch('pods', {}, (e) => this.route(e));
    return this;
  }

  stop(): void {
    this.watch?.stop();
    for (const h of this.hosts.values()) if (h.poweredOn) h.shutdown();
  }

  private route(e: WatchEvent): void {
    // Every pod event of the cluster passes here: read the field directly.
    const spec = e.object.spec;
    const node = isObject(spec) ? spec.nodeName : undefined;
    if (typeof node !== 'string' || node === '') return;
    const host = this.hosts.get(node);
    if (!host) return;
    if (e.type === 'DELETED') {
      host.kubelet.onPodDeleted(e.object);
      this.metrics.forget(e.object.metadata.namespace ?? 'default', e.object.metadata.name ?? '');
    } else if (e.type !== 'ERROR') host.kubelet.onPod(e.object);
  }

  /** Add a VM with a kubelet and power it on: it registers its Node. */
  add(spec: NodeSpec): HostInfo {
    if (this.hosts.has(spec.name)) throw badRequest(`host "${spec.name}" already exists`);
    const hex = (): string => this.api.uuid().replace(/-/g, '');
    const identity: NodeIdentity = { machineID: hex(), systemUUID: this.api.uuid().toUpperCase(), bootID: this.api.uuid() };
    const host = new Host(this.api, this.clock, this.metrics, spec, this.hosts.size, identity);
    this.hosts.set(spec.name, host);
    host.boot();
    return this.info(host);
  }

  powerOff(name: string): void {
    const h = this.host(name);
    if (h.poweredOn) h.shutdown();
  }

  powerOn(name: string): void {
    const h = this.host(name);
    if (h.poweredOn) return;
    h.identity.bootID = this.api.uuid();
    h.boot();
  }

  list(): HostInfo[] {
    return [...this.hosts.values()].map((h) => this.info(h));
  }

  kubelet(name: string): Kubelet {
    return this.host(name).kubelet;
  }

  private info(h: Host): HostInfo {
    return { name: h.spec.name, role: h.spec.role, poweredOn: h.poweredOn, pods: h.kubelet.pods.size };
  }

  private host(name: string): Host {
    const h = this.hosts.get(name);
    if (!h) throw notFound('hosts', name);
    return h;
  }

  // ---- reads for the UI, lessons and tests ---------------------------------------------

  private podRecord(namespace: string, name: string): { host: Host; rec: NonNullable<ReturnType<Kubelet['record']>> } | undefined {
    const pod = this.api.tryGet('pods', name, namespace);
    const node = field(pod, 'spec', 'nodeName');
    const host = typeof node === 'string' ? this.hosts.get(node) : undefined;
    const rec = host?.kubelet.record(namespace, name);
    return host && rec ? { host, rec } : undefined;
  }

  podState(namespace: string, name: string): PodMachineState | undefined {
    const found = this.podRecord(namespace, name);
    if (!found) return undefined;
    const { host, rec } = found;
    return {
      node: host.spec.name,
      state: rec.state,
      podIP: rec.podIP,
      containers: rec.containers.map((c) => ({ name: c.name, kind: c.kind, state: c.state, restartCount: c.restartCount, ready: c.ready })),
    };
  }

  nodeState(name: string): NodeMachineState | undefined {
    const h = this.hosts.get(name);
    if (!h) return undefined;
    return { name, poweredOn: h.poweredOn, bootID: h.identity.bootID, pods: h.kubelet.pods.size, images: [...h.kubelet.images.keys()] };
  }

  /** Simulated CPU load for a pod (millicores), e.g. to drive the HPA. */
  setLoad(namespace: string, name: string, millicores: number): void {
    const found = this.podRecord(namespace, name);
    if (!found) throw notFound('pods', name);
    found.rec.load = millicores;
  }

  /** `kubectl logs` through the kubelet: the lines, with their simulated timestamps. */
  logs(namespace: string, pod: string, container?: string, opts: LogOptions = {}): LogLine[] {
    const obj = this.api.get('pods', pod, namespace);
    const names = [...asArray(field(obj, 'spec', 'initContainers')), ...asArray(field(obj, 'spec', 'containers'))].filter(isObject).map((c) => String(c.name));
    const mains = asArray(field(obj, 'spec', 'containers')).filter(isObject).map((c) => String(c.name));
    const name = container ?? (mains.length === 1 ? mains[0] : undefined);
    if (!name) throw badRequest(`a container name must be specified for pod ${pod}, choose one of: [${names.join(' ')}]`);
    if (!names.includes(name)) throw badRequest(`container ${name} is not valid for pod ${pod}`);
    const found = this.podRecord(namespace, pod);
    const c = found?.rec.containers.find((x) => x.name === name);
    if (opts.previous) {
      if (!c?.previousLogs) throw badRequest(`previous terminated container "${name}" in pod "${pod}" not found`);
      return c.previousLogs;
    }
    if (!found || !c || c.startedAt === undefined) {
      const reason = c && PureMachine.within(c.state, 'waiting') ? waitingReason(obj, name) : 'ContainerCreating';
      throw badRequest(`container "${name}" in pod "${pod}" is waiting to start: ${reason}`);
    }
    return found.host.kubelet.instanceLogs(c);
  }
}

function waitingReason(pod: KubeObject, name: string): string {
  const statuses = [...asArray(field(pod, 'status', 'initContainerStatuses')), ...asArray(field(pod, 'status', 'containerStatuses'))].filter(isObject);
  const s = statuses.find((x) => x.name === name);
  const reason = field(s, 'state', 'waiting', 'reason');
  // validateContainerLogStatus words the two pull failures rather than naming them.
  if (reason === 'ErrImagePull') return "image can't be pulled";
  if (reason === 'ImagePullBackOff') return 'trying and failing to pull image';
  return typeof reason === 'string' ? reason : 'ContainerCreating';
}
