// The node lifecycle controller (pkg/controller/nodelifecycle): every 5 s it
// checks each node's heartbeat — its Lease in kube-node-lease and its Ready
// condition. A node silent for longer than the grace period (a powered-off
// ESXi host) gets its conditions set to Unknown, its pods marked not ready,
// and, through a per-zone rate limiter, the unreachable NoExecute taint that
// the taint eviction controller turns into pod evictions. Conditions and
// cordoning are mirrored into NoSchedule taints for the scheduler.
import type { ApiServer } from '../api/apiserver';
import { deepEqual } from '../api/patch';
import { asArray, isObject, type KubeObject } from '../api/types';
import { parseRFC3339, type Clock, type TimerId } from '../clock';
import { EventRecorder } from '../events/recorder';
import { Controller } from './controller';
import { podCondition } from './podutil';
import { hasTaint, nodeCondition, nodeTaints, sameTaint, TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE, type Taint } from './taints';

export const NODE_MONITOR_PERIOD_MS = 5_000;
/** --node-monitor-grace-period: 50 s since v1.32 (40 s before). */
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;
const EVICTION_QPS = 0.1;
const SECONDARY_EVICTION_QPS = 0.01;
const LARGE_CLUSTER_THRESHOLD = 50;
const UNHEALTHY_ZONE_THRESHOLD = 0.55;
const NODE_LEASE_NAMESPACE = 'kube-node-lease';
const EXCLUDE_DISRUPTION_LABEL = 'node.kubernetes.io/exclude-disruption';

const UNREACHABLE_NOEXECUTE: Taint = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };
const NOT_READY_NOEXECUTE: Taint = { key: TAINT_NOT_READY, effect: 'NoExecute' };

/** Which condition status maps to which NoSchedule taint (nodeConditionToTaintKeyStatusMap). */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};
const CONDITION_TAINT_KEYS = new Set(Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)));

type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** What the controller last saw of a node, with its own observation times (nodeHealthData). */
interface Health {
  probeMs: number;
  transitionMs: number;
  readyHeartbeat?: string;
  readyTransition?: string;
  hasReady: boolean;
  leaseRenewMs?: number;
  readyStatus: string;
}

/** flowcontrol's token bucket with burst 1: how fast nodes of one zone get tainted. */
class TokenBucket {
  private tokens = 1;
  private last: number;
  constructor(
    readonly qps: number,
    now: number,
  ) {
    this.last = now;
  }

  tryAccept(now: number): boolean {
    if (this.qps <= 0) return false;
    this.tokens = Math.min(1, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  msUntilToken(now: number): number {
    if (this.qps <= 0) return Infinity;
    const tokens = Math.min(1, this.tokens + ((now - this.last) / 1000) * this.qps);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / this.qps) * 1000);
  }

  drained(): void {
    this.tokens = 0;
  }
}

/**
 * RateLimitedTimedQueue: nodes waiting for their NoExecute taint. A processed
 * node stays in the set, so it is not queued again until it is removed.
 */
class ZoneTainter {
  readonly set = new Set<string>();
  readonly queue = new Map<string, number>();
  constructor(public limiter: TokenBucket) {}

  add(name: string, now: number): boolean {
    if (this.set.has(name)) return false;
    this.set.add(name);
    this.queue.set(name, now);
    return true;
  }

  remove(name: string): boolean {
    this.queue.delete(name);
    return this.set.delete(name);
  }

  swapLimiter(qps: number, now: number): void {
    if (this.limiter.qps === qps) return;
    const next = new TokenBucket(qps, now);
    if (qps > 0 && !this.limiter.tryAccept(now)) next.drained();
    this.limiter = next;
  }

  try(now: number, fn: (name: string) => number | true): void {
    const due = [...this.queue].sort((a, b) => a[1] - b[1]);
    for (const [name, at] of due) {
      if (!this.limiter.tryAccept(now) || now < at) break;
      const r = fn(name);
      if (r === true) this.queue.delete(name);
      else this.queue.set(name, now + r + 1);
    }
  }
}

export class NodeLifecycleController extends Controller {
  readonly name = 'node-lifecycle-controller';
  private readonly recorder: EventRecorder;
  private readonly health = new Map<string, Health>();
  private readonly known = new Map<string, string>();
  private readonly zoneStates = new Map<string, ZoneState>();
  private readonly tainters = new Map<string, ZoneTainter>();
  private readonly retry = new Set<string>();
  private readonly unready = new Set<string>();
  private monitorTimer?: TimerId;
  private taintTimer?: TimerId;

  constructor(api: ApiServer, clock: Clock) {
    super(api, clock);
    this.recorder = new EventRecorder(api, { component: 'node-controller' });
  }

  start(): this {
    this.watch('nodes', (n) => `node:${n.metadata.name ?? ''}`);
    this.watch('pods', (p) => {
      const node = isObject(p.spec) ? p.spec.nodeName : undefined;
      return typeof node === 'string' && this.unready.has(node) ? `pod:${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}` : undefined;
    });
    this.scheduleMonitor();
    return this;
  }

  override stop(): void {
    super.stop();
    if (this.monitorTimer !== undefined) this.clock.cancelTimer(this.monitorTimer);
    if (this.taintTimer !== undefined) this.clock.cancelTimer(this.taintTimer);
  }

  protected reconcile(key: string): void {
    if (key.startsWith('node:')) this.noScheduleTaintingPass(key.slice(5));
    else if (key.startsWith('pod:')) this.processPod(key.slice(4));
  }

  private scheduleMonitor(): void {
    this.monitorTimer = this.clock.setTimer(
      NODE_MONITOR_PERIOD_MS,
      () => {
        this.monitorNodeHealth();
        this.scheduleMonitor();
      },
      true,
    );
  }

  // ---- health monitoring ----------------------------------------------------

  /** One monitorNodeHealth pass over every node. */
  monitorNodeHealth(): void {
    const nodes = this.api.store.list('/nodes');
    this.classifyNodes(nodes);
    const zoneReady = new Map<string, string[]>();
    for (const listed of nodes) {
      const name = listed.metadata.name ?? '';
      const { node, observed, current } = this.tryUpdateNodeHealth(listed);
      if (node.metadata.labels?.[EXCLUDE_DISRUPTION_LABEL] === undefined) {
        const zone = zoneKey(node);
        let statuses = zoneReady.get(zone);
        if (!statuses) zoneReady.set(zone, (statuses = []));
        statuses.push(current ?? 'Unknown');
      }
      if (current === undefined) continue;
      if (current === 'True') this.unready.delete(name);
      else this.unready.add(name);
      this.processTaintBaseEviction(node, observed);
      const needsRetry = this.retry.has(name);
      if (current !== 'True' && observed === 'True') {
        this.recorder.event(nodeRef(node), 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
        this.markPodsNotReady(this.api.podsOnNode(name), name);
      } else if (needsRetry && observed !== 'True') {
        this.markPodsNotReady(this.api.podsOnNode(name), name);
      }
      this.retry.delete(name);
    }
    this.handleDisruption(zoneReady, nodes);
    this.noExecuteTaintingPass();
  }

  private classifyNodes(nodes: KubeObject[]): void {
    const seen = new Set<string>();
    for (const node of nodes) {
      const name = node.metadata.name ?? '';
      seen.add(name);
      if (!this.known.has(name)) {
        this.recorder.event(nodeRef(node), 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`);
        this.known.set(name, node.metadata.uid ?? '');
        this.addZone(node);
        this.markNodeAsReachable(node);
      } else if (!this.zoneStates.has(zoneKey(node))) this.addZone(node);
    }
    for (const [name, uid] of this.known) {
      if (seen.has(name)) continue;
      const ref: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name, uid } };
      this.recorder.event(ref, 'Normal', 'RemovingNode', `Node ${name} event: Removing Node ${name} from Controller`);
      this.known.delete(name);
      this.health.delete(name);
      this.unready.delete(name);
    }
  }

  private addZone(node: KubeObject): void {
    const zone = zoneKey(node);
    if (this.zoneStates.has(zone)) return;
    this.zoneStates.set(zone, 'Initial');
    this.tainters.set(zone, new ZoneTainter(new TokenBucket(EVICTION_QPS, this.clock.now())));
  }

  /** tryUpdateNodeHealth: refresh the observation times, and post Unknown once the grace period is over. */
  private tryUpdateNodeHealth(node: KubeObject): { node: KubeObject; observed: string; current?: string } {
    const now = this.clock.now();
    const name = node.metadata.name ?? '';
    const ready = nodeCondition(node, 'Ready');
    const created = parseRFC3339(node.metadata.creationTimestamp ?? '') ?? now;
    let health = this.health.get(name);
    let grace = NODE_MONITOR_GRACE_PERIOD_MS;
    let observed = 'Unknown';
    if (!ready) {
      grace = NODE_STARTUP_GRACE_PERIOD_MS;
      health = health ? { ...health, hasReady: false, readyHeartbeat: undefined, readyTransition: undefined } : { probeMs: created, transitionMs: created, hasReady: false, readyStatus: 'Unknown' };
    } else observed = String(ready.status);
    health = this.observe(health, ready, now);
    const renew = this.leaseRenewTime(name);
    if (renew !== undefined && (health.leaseRenewMs === undefined || health.leaseRenewMs < renew)) health = { ...health, leaseRenewMs: renew, probeMs: now };
    this.health.set(name, health);
    if (now <= health.probeMs + grace) return { node, observed, current: ready ? observed : undefined };
    const conditions = unknownConditions(node, this.clock.nowRFC3339());
    const nextReady = conditions.find((c) => c.type === 'Ready');
    if (deepEqual(nextReady, ready)) return { node, observed, current: observed };
    const status = isObject(node.status) ? node.status : {};
    const updated = this.api.updateStatus({ ...node, status: { ...status, conditions } }, { trusted: true });
    this.health.set(name, { ...health, transitionMs: now, readyStatus: 'Unknown' });
    return { node: updated, observed, current: 'Unknown' };
  }

  private observe(saved: Health | undefined, ready: Record<string, unknown> | undefined, now: number): Health {
    const fresh = (): Health => ({
      probeMs: now,
      transitionMs: now,
      hasReady: !!ready,
      readyHeartbeat: ready ? String(ready.lastHeartbeatTime) : undefined,
      readyTransition: ready ? String(ready.lastTransitionTime) : undefined,
      readyStatus: ready ? String(ready.status) : 'Unknown',
    });
    if (!saved) return fresh();
    if (!ready) return saved;
    if (!saved.hasReady) return fresh();
    if (saved.readyHeartbeat === String(ready.lastHeartbeatTime)) return saved;
    const transitionMs = saved.readyTransition !== String(ready.lastTransitionTime) ? now : saved.transitionMs;
    return { ...fresh(), transitionMs, leaseRenewMs: saved.leaseRenewMs };
  }

  private leaseRenewTime(node: string): number | undefined {
    const lease = this.api.store.get('coordination.k8s.io/leases', NODE_LEASE_NAMESPACE, node);
    if (!lease) return undefined;
    const renew = isObject(lease.spec) ? lease.spec.renewTime : undefined;
    return typeof renew === 'string' ? parseRFC3339(renew) ?? 0 : 0;
  }

  // ---- pods -------------------------------------------------------------------

  /** MarkPodsNotReady: flip each pod's Ready condition to False and say why. */
  private markPodsNotReady(pods: KubeObject[], nodeName: string): void {
    const now = this.clock.nowRFC3339();
    for (const pod of pods) {
      if (!isObject(pod.spec) || pod.spec.nodeName !== nodeName) continue;
      const ready = podCondition(pod, 'Ready');
      if (!ready || ready.status === 'False') continue;
      const status = isObject(pod.status) ? pod.status : {};
      const conditions = asArray(status.conditions).map((c) => (c === ready ? { ...ready, status: 'False', lastTransitionTime: now } : c));
      try {
        const updated = this.api.updateStatus({ ...pod, status: { ...status, conditions } }, { trusted: true });
        this.recorder.event(updated, 'Warning', 'NodeNotReady', 'Node is not ready');
      } catch {
        this.retry.add(nodeName);
      }
    }
  }

  private processPod(key: string): void {
    const i = key.indexOf('/');
    const pod = this.api.tryGet('pods', key.slice(i + 1), key.slice(0, i));
    if (!pod || !isObject(pod.spec) || typeof pod.spec.nodeName !== 'string') return;
    const health = this.health.get(pod.spec.nodeName);
    if (!health || !this.api.tryGet('nodes', pod.spec.nodeName)) return;
    if (health.readyStatus !== 'True') this.markPodsNotReady([pod], pod.spec.nodeName);
  }

  // ---- taints -------------------------------------------------------------------

  private processTaintBaseEviction(node: KubeObject, observed: string): void {
    const taints = nodeTaints(node);
    const name = node.metadata.name ?? '';
    if (observed === 'False') {
      if (hasTaint(taints, UNREACHABLE_NOEXECUTE)) this.swapTaints(name, [NOT_READY_NOEXECUTE], [UNREACHABLE_NOEXECUTE]);
      else this.markNodeForTainting(node, taints, NOT_READY_NOEXECUTE);
    } else if (observed === 'Unknown') {
      if (hasTaint(taints, NOT_READY_NOEXECUTE)) this.swapTaints(name, [UNREACHABLE_NOEXECUTE], [NOT_READY_NOEXECUTE]);
      else this.markNodeForTainting(node, taints, UNREACHABLE_NOEXECUTE);
    } else if (observed === 'True') this.markNodeAsReachable(node);
  }

  private markNodeForTainting(node: KubeObject, taints: Taint[], wanted: Taint): void {
    const tainter = this.tainters.get(zoneKey(node));
    if (!tainter) return;
    const name = node.metadata.name ?? '';
    if (!hasTaint(taints, wanted)) tainter.remove(name);
    tainter.add(name, this.clock.now());
  }

  private markNodeAsReachable(node: KubeObject): void {
    const name = node.metadata.name ?? '';
    this.swapTaints(name, [], [UNREACHABLE_NOEXECUTE, NOT_READY_NOEXECUTE]);
    this.tainters.get(zoneKey(node))?.remove(name);
  }

  /** doNoExecuteTaintingPass: taint queued nodes as fast as each zone's limiter allows. */
  private noExecuteTaintingPass(): void {
    const now = this.clock.now();
    let wait = Infinity;
    for (const tainter of this.tainters.values()) {
      tainter.try(now, (name) => this.taintNode(name));
      if (tainter.queue.size > 0) wait = Math.min(wait, Math.max(tainter.limiter.msUntilToken(now), ...[...tainter.queue.values()].map((at) => at - now)));
    }
    if (wait === Infinity || this.taintTimer !== undefined) return;
    this.taintTimer = this.clock.setTimer(
      Math.max(100, wait),
      () => {
        this.taintTimer = undefined;
        this.noExecuteTaintingPass();
      },
      true,
    );
  }

  private taintNode(name: string): number | true {
    const node = this.api.tryGet('nodes', name);
    if (!node) return true;
    const ready = nodeCondition(node, 'Ready');
    if (!ready) return 50;
    // Unreachable and not-ready mirror the Ready condition, so they exclude each other.
    if (ready.status === 'False') this.swapTaints(name, [NOT_READY_NOEXECUTE], [UNREACHABLE_NOEXECUTE]);
    else if (ready.status === 'Unknown') this.swapTaints(name, [UNREACHABLE_NOEXECUTE], [NOT_READY_NOEXECUTE]);
    return true;
  }

  /** doNoScheduleTaintingPass: conditions and cordoning become NoSchedule taints the scheduler respects. */
  private noScheduleTaintingPass(name: string): void {
    const node = this.api.tryGet('nodes', name);
    if (!node) return;
    const wanted: Taint[] = [];
    const status = isObject(node.status) ? node.status : {};
    for (const c of asArray(status.conditions)) {
      if (!isObject(c) || typeof c.type !== 'string') continue;
      const key = CONDITION_TAINTS[c.type]?.[String(c.status)];
      if (key) wanted.push({ key, effect: 'NoSchedule' });
    }
    if (isObject(node.spec) && node.spec.unschedulable === true) wanted.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
    const current = nodeTaints(node).filter((t) => t.effect === 'NoSchedule' && (t.key === TAINT_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)));
    const add = wanted.filter((t) => !hasTaint(current, t));
    const remove = current.filter((t) => !hasTaint(wanted, t));
    if (add.length || remove.length) this.swapTaints(name, add, remove);
  }

  /** SwapNodeControllerTaint: add (stamped with timeAdded) and remove taints in one node update. */
  private swapTaints(name: string, add: Taint[], remove: Taint[]): boolean {
    const node = this.api.tryGet('nodes', name);
    if (!node) return false;
    const before = nodeTaints(node);
    const now = this.clock.nowRFC3339();
    let taints = before.filter((t) => !remove.some((r) => sameTaint(r, t)));
    for (const t of add) {
      const stamped: Taint = { ...t, timeAdded: now };
      taints = hasTaint(taints, t) ? taints.map((x) => (sameTaint(x, t) ? stamped : x)) : [...taints, stamped];
    }
    if (deepEqual(taints, before)) return true;
    const spec = isObject(node.spec) ? { ...node.spec } : {};
    if (taints.length) spec.taints = taints;
    else delete spec.taints;
    this.api.update({ ...node, spec }, { trusted: true });
    return true;
  }

  // ---- zones ---------------------------------------------------------------------

  /** ComputeZoneState: no ready node is a full disruption; over 55 % of more than two is partial. */
  private zoneState(statuses: string[]): ZoneState {
    const ready = statuses.filter((s) => s === 'True').length;
    const notReady = statuses.length - ready;
    if (ready === 0 && notReady > 0) return 'FullDisruption';
    if (notReady > 2 && notReady / statuses.length >= UNHEALTHY_ZONE_THRESHOLD) return 'PartialDisruption';
    return 'Normal';
  }

  /**
   * handleDisruption: if every zone is fully disrupted the problem is more
   * likely the control plane's network than the nodes, so all NoExecute
   * taints are lifted and evictions stop until some node reports again.
   */
  private handleDisruption(zoneReady: Map<string, string[]>, nodes: KubeObject[]): void {
    const now = this.clock.now();
    const next = new Map<string, ZoneState>();
    for (const [zone, statuses] of zoneReady) {
      next.set(zone, this.zoneState(statuses));
      if (!this.zoneStates.has(zone)) this.zoneStates.set(zone, 'Initial');
    }
    const allAre = [...next.values()].every((s) => s === 'FullDisruption');
    let allWere = true;
    for (const [zone, state] of [...this.zoneStates]) {
      if (!zoneReady.has(zone)) {
        this.zoneStates.delete(zone);
        continue;
      }
      if (state !== 'FullDisruption') allWere = false;
    }
    if (allAre && allWere) return;
    if (allAre) {
      for (const node of nodes) this.markNodeAsReachable(node);
      for (const zone of this.zoneStates.keys()) {
        this.tainters.get(zone)?.swapLimiter(0, now);
        this.zoneStates.set(zone, 'FullDisruption');
      }
      return;
    }
    if (allWere) {
      for (const [name, h] of this.health) if (this.known.has(name)) this.health.set(name, { ...h, probeMs: now, transitionMs: now });
    }
    for (const [zone, state] of this.zoneStates) {
      const nextState = next.get(zone) ?? 'Normal';
      if (!allWere && state === nextState) continue;
      this.tainters.get(zone)?.swapLimiter(this.zoneQPS(nextState, zoneReady.get(zone)?.length ?? 0), now);
      this.zoneStates.set(zone, nextState);
    }
  }

  /** setLimiterInZone: partial disruption slows evictions in large clusters and stops them in small ones. */
  private zoneQPS(state: ZoneState, size: number): number {
    if (state === 'PartialDisruption') return size > LARGE_CLUSTER_THRESHOLD ? SECONDARY_EVICTION_QPS : 0;
    return EVICTION_QPS;
  }
}

/** The Unknown conditions posted for a silent node; NetworkUnavailable is left to the network plugin. */
function unknownConditions(node: KubeObject, now: string): Record<string, unknown>[] {
  const status = isObject(node.status) ? node.status : {};
  const conditions = asArray(status.conditions).filter(isObject).map((c) => ({ ...c }));
  for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({
        type,
        status: 'Unknown',
        lastHeartbeatTime: node.metadata.creationTimestamp,
        lastTransitionTime: now,
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
      });
    } else if (c.status !== 'Unknown') {
      Object.assign(c, { status: 'Unknown', lastTransitionTime: now, reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    }
  }
  return conditions;
}

/** nodetopology.GetZoneKey: region and zone labels joined with ":\0:". */
export function zoneKey(node: KubeObject): string {
  const labels = node.metadata.labels ?? {};
  const region = labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\u0000:${zone}`;
}

/** The node-controller records node events against a reference without a resourceVersion. */
function nodeRef(node: KubeObject): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: node.metadata.name, uid: node.metadata.uid } };
}
