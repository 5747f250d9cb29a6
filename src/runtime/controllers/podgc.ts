// The pod garbage collector (pkg/controller/podgc). Every 20 s it force-deletes
// pods nobody else will finish: pods bound to nodes that no longer exist (after
// a 40 s quarantine), terminating pods on out-of-service nodes, terminating
// pods that were never scheduled, and the oldest terminated pods beyond
// --terminated-pod-gc-threshold (12500). Non-terminal pods are marked Failed
// first, because no kubelet is left to do it.
import type { ApiServer, Watch, WatchEvent } from '../api/apiserver';
import { isObject, type KubeObject } from '../api/types';
import type { Clock, TimerId } from '../clock';
import { Controller } from './controller';
import { nodeNameOf, podPhase } from './podutil';
import { addDisruptionTarget } from './tainteviction';
import { nodeCondition, nodeTaints, TAINT_OUT_OF_SERVICE } from './taints';

export const GC_CHECK_PERIOD_MS = 20_000;
export const QUARANTINE_MS = 40_000;
export const TERMINATED_POD_THRESHOLD = 12_500;

interface Terminated {
  namespace: string;
  name: string;
  created: string;
  evicted: boolean;
}

export class PodGCController extends Controller {
  readonly name = 'pod-garbage-collector';
  private readonly terminated = new Map<string, Terminated>();
  private readonly unscheduledTerminating = new Set<string>();
  private readonly missingNodes = new Set<string>();
  private readonly quarantine = new Map<string, number>();
  private readonly outOfService = new Set<string>();
  private watches: Watch[] = [];
  private timer?: TimerId;

  constructor(
    api: ApiServer,
    clock: Clock,
    private readonly threshold = TERMINATED_POD_THRESHOLD,
  ) {
    super(api, clock);
  }

  start(): this {
    this.watches.push(this.api.watch('pods', {}, (e) => this.onPod(e)));
    this.watches.push(this.api.watch('nodes', {}, (e) => this.onNode(e)));
    for (const pod of this.api.store.list('/pods')) this.onPod({ type: 'ADDED', object: pod });
    this.schedule();
    return this;
  }

  override stop(): void {
    super.stop();
    for (const w of this.watches) w.stop();
    if (this.timer !== undefined) this.clock.cancelTimer(this.timer);
  }

  protected reconcile(): void {}

  private schedule(): void {
    this.timer = this.clock.setTimer(
      GC_CHECK_PERIOD_MS,
      () => {
        this.gc();
        this.schedule();
      },
      true,
    );
  }

  private onPod(e: WatchEvent): void {
    if (e.type === 'ERROR') return;
    const pod = e.object;
    const key = `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
    const gone = e.type === 'DELETED';
    const phase = podPhase(pod);
    if (!gone && (phase === 'Succeeded' || phase === 'Failed')) {
      const status = isObject(pod.status) ? pod.status : {};
      this.terminated.set(key, { namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', created: pod.metadata.creationTimestamp ?? '', evicted: status.reason === 'Evicted' });
    } else this.terminated.delete(key);
    const node = nodeNameOf(pod);
    if (!gone && pod.metadata.deletionTimestamp && !node) this.unscheduledTerminating.add(key);
    else this.unscheduledTerminating.delete(key);
    if (!gone && node && !this.api.store.get('/nodes', undefined, node)) this.missingNodes.add(node);
  }

  private onNode(e: WatchEvent): void {
    if (e.type === 'ERROR') return;
    const name = e.object.metadata.name ?? '';
    if (e.type === 'DELETED') {
      this.outOfService.delete(name);
      if (this.api.podsOnNode(name).length) this.missingNodes.add(name);
      return;
    }
    if (nodeTaints(e.object).some((t) => t.key === TAINT_OUT_OF_SERVICE)) this.outOfService.add(name);
    else this.outOfService.delete(name);
  }

  /** One gc() pass, in upstream order. */
  gc(): void {
    if (this.threshold > 0) this.gcTerminated();
    this.gcTerminating();
    this.gcOrphaned();
    this.gcUnscheduledTerminating();
  }

  private gcTerminated(): void {
    const excess = this.terminated.size - this.threshold;
    if (excess <= 0) return;
    // Evicted pods go first, then the oldest, so recent Job results survive longest.
    const victims = [...this.terminated.values()].sort(
      (a, b) => Number(b.evicted) - Number(a.evicted) || (a.created === b.created ? (a.name < b.name ? -1 : 1) : a.created < b.created ? -1 : 1),
    );
    for (const v of victims.slice(0, excess)) this.forceDelete(v.namespace, v.name);
  }

  private gcTerminating(): void {
    for (const name of this.outOfService) {
      const node = this.api.tryGet('nodes', name);
      if (!node || nodeCondition(node, 'Ready')?.status === 'True') continue;
      for (const pod of this.api.podsOnNode(name)) {
        if (pod.metadata.deletionTimestamp) this.forceDelete(pod.metadata.namespace ?? '', pod.metadata.name ?? '');
      }
    }
  }

  /** Nodes found missing wait out a quarantine (informers may lag) before their pods go. */
  private gcOrphaned(): void {
    const now = this.clock.now();
    for (const name of this.missingNodes) {
      if (this.api.tryGet('nodes', name)) {
        this.missingNodes.delete(name);
        this.quarantine.delete(name);
      } else if (!this.quarantine.has(name)) this.quarantine.set(name, now + QUARANTINE_MS);
    }
    for (const [name, readyAt] of [...this.quarantine]) {
      if (readyAt > now) continue;
      this.quarantine.delete(name);
      this.missingNodes.delete(name);
      if (this.api.tryGet('nodes', name)) continue;
      for (const pod of this.api.podsOnNode(name)) {
        this.forceDelete(pod.metadata.namespace ?? '', pod.metadata.name ?? '', ['DeletionByPodGC', 'PodGC: node no longer exists']);
      }
    }
  }

  private gcUnscheduledTerminating(): void {
    for (const key of [...this.unscheduledTerminating]) {
      const i = key.indexOf('/');
      this.forceDelete(key.slice(0, i), key.slice(i + 1));
    }
  }

  /** markFailedAndDeletePod: Failed phase (with a DisruptionTarget reason when given), then a zero-grace delete. */
  private forceDelete(namespace: string, name: string, condition?: [string, string]): void {
    let pod: KubeObject | undefined = this.api.tryGet('pods', name, namespace);
    if (!pod) return;
    try {
      const phase = podPhase(pod);
      if (phase !== 'Succeeded' && phase !== 'Failed') {
        if (condition) pod = addDisruptionTarget(this.api, pod, condition[0], condition[1], 'Failed');
        else {
          const status = isObject(pod.status) ? pod.status : {};
          pod = this.api.updateStatus({ ...pod, status: { ...status, phase: 'Failed' } }, { trusted: true });
        }
      }
      this.api.delete('pods', name, { namespace, gracePeriodSeconds: 0 });
    } catch {
      // Left for the next pass, as upstream only logs the error.
    }
  }
}
