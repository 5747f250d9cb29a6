// The scheduling queue (pkg/scheduler/backend/queue): activeQ ordered by
// PrioritySort (priority, then time queued), a backoffQ for pods that failed
// recently (1 s doubling to 10 s per attempt), the unschedulable pool where
// failed pods wait for a cluster event that could help the plugins that
// rejected them, and the PreEnqueue gate (SchedulingGates).
import type { Clock, TimerId } from '../clock';
import type { PodInfo } from './podinfo';

export const INITIAL_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 10_000;
/** podMaxInUnschedulablePodsDuration: a forgotten pod is retried after 5 minutes anyway. */
export const MAX_UNSCHEDULABLE_MS = 5 * 60_000;
const FLUSH_UNSCHEDULABLE_EVERY_MS = 30_000;

export type QueueState = 'active' | 'backoff' | 'unschedulable' | 'gated' | 'inFlight';

export interface QueuedPodInfo {
  info: PodInfo;
  /** When the pod was (re)queued: PrioritySort's tie-break and the backoff's start. */
  timestamp: number;
  attempts: number;
  seq: number;
  where: QueueState;
  unschedulablePlugins: Set<string>;
  gatedBy?: string;
  timer?: TimerId;
  heapIndex: number;
}

/** Which plugins' rejections a cluster event may resolve (the queueing hints, coarsely). */
export type ClusterEvent = { plugins: readonly string[] | 'all' };

export class SchedulingQueue {
  private heap: QueuedPodInfo[] = [];
  private readonly pods = new Map<string, QueuedPodInfo>();
  private seq = 0;
  private flushTimer: TimerId | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly preEnqueue: (p: PodInfo) => string | undefined,
    private readonly onActive: () => void,
  ) {}

  start(): void {
    this.flushTimer = this.clock.setTimer(FLUSH_UNSCHEDULABLE_EVERY_MS, () => this.flushLeftover(), true);
  }

  stop(): void {
    if (this.flushTimer !== undefined) this.clock.cancelTimer(this.flushTimer);
    for (const q of this.pods.values()) if (q.timer !== undefined) this.clock.cancelTimer(q.timer);
  }

  get(uid: string): QueuedPodInfo | undefined {
    return this.pods.get(uid);
  }

  get activeCount(): number {
    return this.heap.length;
  }

  /** A new pending pod. */
  add(info: PodInfo): void {
    if (this.pods.has(info.uid)) return this.update(info);
    const q: QueuedPodInfo = { info, timestamp: this.clock.now(), attempts: 0, seq: this.seq++, where: 'gated', unschedulablePlugins: new Set(), heapIndex: -1 };
    this.pods.set(info.uid, q);
    this.toActiveOrGated(q);
  }

  /** A newer revision of a queued pod: a changed spec or labels may make it schedulable. */
  update(info: PodInfo): void {
    const q = this.pods.get(info.uid);
    if (!q) return this.add(info);
    const changed = q.info.spec !== info.spec || q.info.labels !== info.labels;
    q.info = info;
    if (!changed) return;
    if (q.where === 'gated') this.toActiveOrGated(q);
    else if (q.where === 'unschedulable') this.requeue(q);
  }

  delete(uid: string): void {
    const q = this.pods.get(uid);
    if (!q) return;
    this.detach(q);
    this.pods.delete(uid);
  }

  pop(): QueuedPodInfo | undefined {
    const q = this.heapPop();
    if (!q) return undefined;
    q.where = 'inFlight';
    q.attempts++;
    return q;
  }

  /** The pod was bound: it leaves the queue. */
  done(uid: string): void {
    this.delete(uid);
  }

  /** After a failed attempt: wait in the unschedulable pool (or back off, after an error). */
  failed(q: QueuedPodInfo, plugins: Set<string>, error: boolean): void {
    if (!this.pods.has(q.info.uid)) return;
    q.timestamp = this.clock.now();
    q.unschedulablePlugins = plugins;
    if (error) this.toBackoff(q);
    else q.where = 'unschedulable';
  }

  /** movePodsToActiveOrBackoffQueue for pods whose rejecting plugins the event may help. */
  moveOnEvent(ev: ClusterEvent): void {
    for (const q of this.pods.values()) {
      if (q.where !== 'unschedulable') continue;
      if (ev.plugins !== 'all' && q.unschedulablePlugins.size > 0 && !ev.plugins.some((p) => q.unschedulablePlugins.has(p))) continue;
      this.requeue(q);
    }
  }

  /** Activate: retry a pod now if it is waiting (e.g. its victims are gone). */
  activate(uid: string): void {
    const q = this.pods.get(uid);
    if (q && (q.where === 'unschedulable' || q.where === 'backoff')) {
      this.detach(q);
      this.toActive(q);
    }
  }

  /** Pods waiting in each place, for traces and tests. */
  counts(): Record<QueueState, number> {
    const out: Record<QueueState, number> = { active: 0, backoff: 0, unschedulable: 0, gated: 0, inFlight: 0 };
    for (const q of this.pods.values()) out[q.where]++;
    return out;
  }

  private flushLeftover(): void {
    const now = this.clock.now();
    for (const q of this.pods.values()) if (q.where === 'unschedulable' && now - q.timestamp >= MAX_UNSCHEDULABLE_MS) this.requeue(q);
    this.flushTimer = this.clock.setTimer(FLUSH_UNSCHEDULABLE_EVERY_MS, () => this.flushLeftover(), true);
  }

  private requeue(q: QueuedPodInfo): void {
    this.detach(q);
    if (this.backoffExpiry(q) > this.clock.now()) this.toBackoff(q);
    else this.toActiveOrGated(q);
  }

  /** calculateBackoffDuration: 1 s, doubled per earlier attempt, at most 10 s, from the last failure. */
  backoffExpiry(q: QueuedPodInfo): number {
    let d = INITIAL_BACKOFF_MS;
    for (let i = 1; i < q.attempts; i++) {
      d *= 2;
      if (d >= MAX_BACKOFF_MS) {
        d = MAX_BACKOFF_MS;
        break;
      }
    }
    return q.timestamp + d;
  }

  private toBackoff(q: QueuedPodInfo): void {
    q.where = 'backoff';
    q.timer = this.clock.setTimer(this.backoffExpiry(q) - this.clock.now(), () => {
      q.timer = undefined;
      if (q.where === 'backoff') this.toActiveOrGated(q);
    });
  }

  private toActiveOrGated(q: QueuedPodInfo): void {
    const gate = this.preEnqueue(q.info);
    if (gate) {
      this.detach(q);
      q.where = 'gated';
      q.gatedBy = gate;
      return;
    }
    q.gatedBy = undefined;
    this.toActive(q);
  }

  private toActive(q: QueuedPodInfo): void {
    if (q.where === 'active') return;
    q.where = 'active';
    this.heapPush(q);
    this.onActive();
  }

  private detach(q: QueuedPodInfo): void {
    if (q.timer !== undefined) {
      this.clock.cancelTimer(q.timer);
      q.timer = undefined;
    }
    if (q.where === 'active') this.heapRemove(q);
  }

  // ---- activeQ: a binary heap ordered by PrioritySort -------------------------

  private less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    if (a.info.priority !== b.info.priority) return a.info.priority > b.info.priority;
    if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
    return a.seq < b.seq;
  }

  private heapPush(q: QueuedPodInfo): void {
    q.heapIndex = this.heap.length;
    this.heap.push(q);
    this.up(q.heapIndex);
  }

  private heapPop(): QueuedPodInfo | undefined {
    if (this.heap.length === 0) return undefined;
    const top = this.heap[0];
    this.heapRemove(top);
    return top;
  }

  private heapRemove(q: QueuedPodInfo): void {
    const i = q.heapIndex;
    if (i < 0 || this.heap[i] !== q) return;
    const last = this.heap.pop()!;
    q.heapIndex = -1;
    if (i < this.heap.length) {
      this.heap[i] = last;
      last.heapIndex = i;
      this.down(i);
      this.up(last.heapIndex);
    }
  }

  private swap(i: number, j: number): void {
    const h = this.heap;
    [h[i], h[j]] = [h[j], h[i]];
    h[i].heapIndex = i;
    h[j].heapIndex = j;
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(this.heap[i], this.heap[p])) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
