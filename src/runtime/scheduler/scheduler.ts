// kube-scheduler: watches pods and nodes, keeps the cache and the scheduling
// queue current, and runs one scheduling cycle per queued pod — the plugins
// pick a node, the binding is posted (pods/binding), and a pod that fits
// nowhere gets PodScheduled=False/Unschedulable with the FitError message, a
// FailedScheduling event, and maybe preemption of lower-priority pods.
import type { ApiServer, Watch, WatchEvent } from '../api/apiserver';
import { asArray, isObject, type KubeObject } from '../api/types';
import type { Clock, TimerId } from '../clock';
import { EventRecorder } from '../events/recorder';
import { SchedulerCache } from './cache';
import { fitErrorMessage, type Diagnosis } from './fiterror';
import { Framework, type CycleResult } from './framework';
import { Listers } from './listers';
import type { NodeInfo } from './nodeinfo';
import { PodInfo } from './podinfo';
import { SchedulingQueue, type ClusterEvent, type QueuedPodInfo } from './queue';
import { TraceStore, type AttemptRecord, type SchedulingTrace } from './trace';
import type { CycleState, FilterPlugin, PreFilterPlugin, ScorePlugin } from './types';
import { DefaultPreemption, type Candidate } from './plugins/defaultpreemption';
import { ImageLocality } from './plugins/imagelocality';
import { InterPodAffinity } from './plugins/interpodaffinity';
import { NodeAffinity } from './plugins/nodeaffinity';
import { NodeName } from './plugins/nodename';
import { NodePorts } from './plugins/nodeports';
import { NodeResourcesBalancedAllocation } from './plugins/balancedallocation';
import { NodeResourcesFit } from './plugins/noderesourcesfit';
import { NodeUnschedulable } from './plugins/nodeunschedulable';
import { PodTopologySpread } from './plugins/podtopologyspread';
import { SchedulingGates } from './plugins/schedulinggates';
import { TaintToleration } from './plugins/tainttoleration';
import { VolumeBinding } from './plugins/volumebinding';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
/** VolumeBindingArgs.bindTimeoutSeconds. */
const BIND_TIMEOUT_MS = 600_000;
/** Events carry at most 1 KiB of message (truncateMessage in schedule_one.go). */
const MAX_EVENT_MESSAGE = 1024;

const ALL: ClusterEvent = { plugins: 'all' };
const ASSIGNED_POD_DELETED: ClusterEvent = { plugins: ['NodeResourcesFit', 'NodePorts', 'InterPodAffinity', 'PodTopologySpread', 'DefaultPreemption'] };
const ASSIGNED_POD_ADDED: ClusterEvent = { plugins: ['InterPodAffinity', 'PodTopologySpread'] };
const VOLUME_CHANGED: ClusterEvent = { plugins: ['VolumeBinding'] };

export interface SchedulerStats {
  attempts: number;
  scheduled: number;
  unschedulable: number;
  errors: number;
  /** Time inside scheduling and binding cycles, measured with the profiler clock if one is set. */
  busyMs: number;
  /** Time writing Scheduled events (asynchronous, as the event broadcaster is upstream). */
  eventMs: number;
}

export class Scheduler {
  readonly name = DEFAULT_SCHEDULER_NAME;
  readonly cache: SchedulerCache;
  readonly queue: SchedulingQueue;
  readonly framework: Framework;
  readonly stats: SchedulerStats = { attempts: 0, scheduled: 0, unschedulable: 0, errors: 0, busyMs: 0, eventMs: 0 };
  private readonly listers: Listers;
  private readonly volumeBinding: VolumeBinding;
  private readonly preemption: DefaultPreemption;
  private readonly gates = new SchedulingGates();
  private readonly traces: TraceStore;
  private readonly recorder: EventRecorder;
  private watches: Watch[] = [];
  private pumping = false;
  private pendingEvents: [KubeObject, string][] = [];
  /** Pods whose binding waits for their volumes (VolumeBinding PreBind). */
  private readonly waiting = new Map<string, { q: QueuedPodInfo; nodeName: string; claims: string[]; timer: TimerId }>();
  private profiler: (() => number) | undefined;

  constructor(
    private readonly api: ApiServer,
    private readonly clock: Clock,
    opts: { traceCapacity?: number } = {},
  ) {
    this.listers = new Listers(api);
    this.cache = new SchedulerCache((ns) => this.listers.namespaceLabels(ns));
    this.recorder = new EventRecorder(api, { component: DEFAULT_SCHEDULER_NAME });
    this.volumeBinding = new VolumeBinding(this.listers);
    const nodeAffinity = new NodeAffinity();
    const taints = new TaintToleration();
    const fit = new NodeResourcesFit();
    const ports = new NodePorts();
    const spread = new PodTopologySpread((p) => this.listers.defaultSelector(p));
    const affinity = new InterPodAffinity();
    const preFilters: PreFilterPlugin[] = [nodeAffinity, ports, this.volumeBinding, spread, affinity];
    const filters: FilterPlugin[] = [new NodeUnschedulable(), new NodeName(), taints, nodeAffinity, ports, fit, this.volumeBinding, spread, affinity];
    const scorers: ScorePlugin[] = [taints, nodeAffinity, fit, spread, affinity, new NodeResourcesBalancedAllocation(), new ImageLocality(() => this.cache.imagesKnown)];
    this.framework = new Framework(preFilters, filters, scorers, this.cache, () => clock.random());
    this.preemption = new DefaultPreemption(this.framework, this.cache, () => this.listers.pdbs(), () => clock.random());
    this.queue = new SchedulingQueue(clock, (p) => this.gates.preEnqueue(p), () => this.pump());
    this.traces = new TraceStore({ filters: filters.map((f) => f.name), scorers: scorers.map((s) => ({ name: s.name, weight: s.weight })) }, this.framework.buffers, opts.traceCapacity);
  }

  start(): this {
    this.listers.start();
    for (const n of this.api.store.list('/nodes')) this.onNode({ type: 'ADDED', object: n });
    for (const p of this.api.store.list('/pods')) this.onPod({ type: 'ADDED', object: p });
    this.watches.push(this.api.watch('nodes', {}, (e) => this.safely(() => this.onNode(e))));
    this.watches.push(this.api.watch('pods', {}, (e) => this.safely(() => this.onPod(e))));
    for (const t of ['persistentvolumeclaims', 'persistentvolumes', 'storageclasses']) {
      this.watches.push(
        this.api.watch(t, {}, () =>
          this.safely(() => {
            this.queue.moveOnEvent(VOLUME_CHANGED);
            if (this.waiting.size > 0) this.checkVolumes();
          }),
        ),
      );
    }
    this.queue.start();
    return this;
  }

  stop(): void {
    for (const w of this.watches) w.stop();
    this.watches = [];
    this.listers.stop();
    this.queue.stop();
  }

  /** The last scheduling attempt for a pod: per-node filter verdicts, scores, and the choice. */
  traceFor(namespace: string, name: string): SchedulingTrace | undefined {
    return this.traces.get(`${namespace}/${name}`);
  }

  /** Time the cycles with this clock (a benchmark passes performance.now); the runtime itself has none. */
  setProfiler(now: (() => number) | undefined): void {
    this.profiler = now;
  }

  /** Turn per-node trace recording off for very large runs (traceFor then has only the outcome). */
  setTracing(on: boolean): void {
    this.framework.tracing = on;
  }

  // ---- informers -------------------------------------------------------------

  private onNode(e: WatchEvent): void {
    if (e.type === 'ERROR') return;
    if (e.type === 'DELETED') {
      this.cache.removeNode(e.object.metadata.name ?? '');
      return;
    }
    if (this.cache.upsertNode(e.object)) this.queue.moveOnEvent(ALL);
  }

  private onPod(e: WatchEvent): void {
    if (e.type === 'ERROR') return;
    const pod = e.object;
    const uid = pod.metadata.uid ?? '';
    if (e.type === 'DELETED') {
      const w = this.waiting.get(uid);
      if (w) {
        this.clock.cancelTimer(w.timer);
        this.waiting.delete(uid);
      }
      this.queue.delete(uid);
      this.cache.clearNominated(uid);
      if (this.cache.removePod(uid)) this.queue.moveOnEvent(ASSIGNED_POD_DELETED);
      return;
    }
    const spec = isObject(pod.spec) ? pod.spec : {};
    if (typeof spec.nodeName === 'string' && spec.nodeName !== '') this.onAssignedPod(pod, uid);
    else this.onPendingPod(pod, uid);
  }

  private onAssignedPod(pod: KubeObject, uid: string): void {
    this.queue.delete(uid);
    this.cache.clearNominated(uid);
    const phase = isObject(pod.status) ? pod.status.phase : undefined;
    // The scheduler's informer drops finished pods: their resources are free again.
    if (phase === 'Succeeded' || phase === 'Failed') {
      if (this.cache.removePod(uid)) this.queue.moveOnEvent(ASSIGNED_POD_DELETED);
      return;
    }
    const prev = this.cache.assignedPod(uid);
    if (prev && this.cache.refreshPod(prev, pod)) return;
    this.cache.addPod(new PodInfo(pod, prev));
    this.queue.moveOnEvent(ASSIGNED_POD_ADDED);
  }

  private onPendingPod(pod: KubeObject, uid: string): void {
    const queued = this.queue.get(uid);
    const info = queued && queued.info.refresh(pod) ? queued.info : new PodInfo(pod, queued?.info);
    if (info.schedulerName !== this.name) return;
    if (info.terminating) {
      this.queue.delete(uid);
      this.cache.clearNominated(uid);
      return;
    }
    if (queued) this.queue.update(info);
    else this.queue.add(info);
    if (info.nominatedNodeName) this.cache.setNominated(info, info.nominatedNodeName);
    else this.cache.clearNominated(uid);
  }

  // ---- the scheduling loop ------------------------------------------------------

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    this.clock.enqueue(() => this.run());
  }

  private run(): void {
    this.pumping = false;
    for (let q = this.queue.pop(); q; q = this.queue.pop()) {
      const queued = q;
      this.safely(() => this.scheduleOne(queued), (e) => this.failed(queued, String(e)));
    }
  }

  /** A malformed object must never take the scheduler (or whoever drains the clock) down with it. */
  private safely(fn: () => void, onError?: (e: unknown) => void): void {
    try {
      fn();
    } catch (e) {
      try {
        onError?.(e);
      } catch {
        // Reporting failed too (the pod is gone): nothing more to do.
      }
    }
  }

  private scheduleOne(q: QueuedPodInfo): void {
    const t0 = this.profiler?.();
    const current = this.livePod(q.info);
    const spec = current && isObject(current.spec) ? current.spec : {};
    if (!current || current.metadata.uid !== q.info.uid || current.metadata.deletionTimestamp || (typeof spec.nodeName === 'string' && spec.nodeName !== '')) {
      this.queue.delete(q.info.uid);
      return;
    }
    if (current !== q.info.pod && !q.info.refresh(current)) q.info = new PodInfo(current, q.info);
    this.stats.attempts++;
    const result = this.framework.schedulePod(q.info);
    if (result.kind === 'scheduled') this.bind(q, result);
    else if (result.kind === 'unschedulable') this.unschedulable(q, result.state, result.diagnosis, result.numAllNodes);
    else this.failed(q, result.message);
    if (t0 !== undefined && this.profiler) this.stats.busyMs += this.profiler() - t0;
  }

  /** The stored pod, read straight from the store: the scheduler's pod lister. */
  private livePod(p: PodInfo): KubeObject | undefined {
    return this.api.store.get('/pods', p.namespace, p.name);
  }

  private bind(q: QueuedPodInfo, r: Extract<CycleResult, { kind: 'scheduled' }>): void {
    const { node, state, evaluated, feasible } = r;
    const p = q.info;
    const plan = this.volumeBinding.bindingPlan(state, node) ?? [];
    this.cache.assume(p, node.name);
    this.trace(q, 'Scheduled', { node: node.name, reason: this.whyChosen(node, evaluated, feasible), failures: r.diagnosis.nodeToStatus });
    try {
      for (const step of plan) this.preBindVolume(step.pvc, step.pv, node.name);
    } catch (e) {
      this.forget(q, `running PreBind plugin "VolumeBinding": ${(e as Error).message}`);
      return;
    }
    if (plan.length === 0) this.finishBinding(q, node.name);
    else this.waitForVolumes(q, node.name, plan.map((s) => s.pvc.metadata.name ?? ''));
  }

  /** The pod stays assumed on the node while the binding is abandoned. */
  private forget(q: QueuedPodInfo, message: string): void {
    this.cache.removePod(q.info.uid);
    this.failed(q, message);
  }

  private finishBinding(q: QueuedPodInfo, nodeName: string): void {
    const p = q.info;
    try {
      this.api.bind(p.namespace, p.name, nodeName);
    } catch (e) {
      this.forget(q, `running Bind plugin "DefaultBinder": ${(e as Error).message}`);
      return;
    }
    this.stats.scheduled++;
    this.queue.done(p.uid);
    this.cache.clearNominated(p.uid);
    this.recordScheduled(p.pod, `Successfully assigned ${p.namespace}/${p.name} to ${nodeName}`);
  }

  /**
   * VolumeBinding's PreBind waits until the PV controller has bound the
   * claims it asked for (a provisioned or pre-bound volume), for at most
   * bindTimeoutSeconds (600 s); only then is the pod bound to the node.
   */
  private waitForVolumes(q: QueuedPodInfo, nodeName: string, claims: string[]): void {
    const uid = q.info.uid;
    const timer = this.clock.setTimer(BIND_TIMEOUT_MS, () => {
      if (this.waiting.delete(uid)) this.forget(q, 'running PreBind plugin "VolumeBinding": binding volumes: context deadline exceeded');
    });
    this.waiting.set(uid, { q, nodeName, claims, timer });
    this.checkVolumes();
  }

  private checkVolumes(): void {
    for (const [uid, w] of this.waiting) {
      const ns = w.q.info.namespace;
      const bound = w.claims.every((name) => {
        const pvc = this.listers.pvc(ns, name);
        return !!pvc && isObject(pvc.spec) && typeof pvc.spec.volumeName === 'string' && pvc.spec.volumeName !== '' && isObject(pvc.status) && pvc.status.phase === 'Bound';
      });
      if (!bound) continue;
      this.waiting.delete(uid);
      this.clock.cancelTimer(w.timer);
      this.finishBinding(w.q, w.nodeName);
    }
  }

  /**
   * Events go out through a broadcaster in kube-scheduler, off the binding
   * path: they are written at the same instant, right after this batch of cycles.
   */
  private recordScheduled(pod: KubeObject, message: string): void {
    if (this.pendingEvents.length === 0) this.clock.enqueue(() => this.flushEvents());
    this.pendingEvents.push([pod, message]);
  }

  private flushEvents(): void {
    const t0 = this.profiler?.();
    const events = this.pendingEvents;
    this.pendingEvents = [];
    for (const [pod, message] of events) this.recorder.event(pod, 'Normal', 'Scheduled', message, { action: 'Binding' });
    if (t0 !== undefined && this.profiler) this.stats.eventMs += this.profiler() - t0;
  }

  private whyChosen(node: NodeInfo, evaluated: number, feasible: number): string {
    const rec = this.framework.record;
    if (rec?.nominatedFirst === node.name && rec.count === 0) return `the nominated node ${node.name} passed every filter`;
    if (feasible === 1) return `the only feasible node among ${evaluated} evaluated`;
    const ties = rec?.ties ?? 1;
    const tie = ties > 1 ? `; ${ties} nodes tied and one was picked at random` : '';
    return `highest total score among ${feasible} feasible nodes${tie}`;
  }

  /** PreBind of VolumeBinding: bind a matching PV, or ask for provisioning on the chosen node. */
  private preBindVolume(pvc: KubeObject, pv: KubeObject | undefined, nodeName: string): void {
    if (pv) {
      const claimRef = { kind: 'PersistentVolumeClaim', namespace: pvc.metadata.namespace, name: pvc.metadata.name, uid: pvc.metadata.uid, apiVersion: 'v1', resourceVersion: pvc.metadata.resourceVersion };
      const annotations = { ...pv.metadata.annotations, 'pv.kubernetes.io/bound-by-controller': 'yes' };
      this.api.update({ ...pv, metadata: { ...pv.metadata, annotations }, spec: { ...(isObject(pv.spec) ? pv.spec : {}), claimRef } }, { trusted: true });
      return;
    }
    const annotations = { ...pvc.metadata.annotations, 'volume.kubernetes.io/selected-node': nodeName };
    this.api.update({ ...pvc, metadata: { ...pvc.metadata, annotations } }, { trusted: true });
  }

  private unschedulable(q: QueuedPodInfo, state: CycleState, diagnosis: Diagnosis, numAllNodes: number): void {
    const p = q.info;
    const outcome = this.preemption.postFilter(state, p, diagnosis, numAllNodes);
    let nominated: string | undefined;
    let preemption: AttemptRecord['preemption'];
    if (outcome.kind === 'nominated') {
      this.preempt(p, outcome.candidate);
      nominated = outcome.candidate.node.name;
      preemption = { nominatedNode: nominated, victims: outcome.candidate.victims.map((v) => v.key) };
    } else {
      diagnosis.postFilterMsg = outcome.message;
      if (outcome.clearNomination) nominated = '';
      preemption = { message: outcome.message };
    }
    const message = fitErrorMessage(numAllNodes, diagnosis);
    this.stats.unschedulable++;
    this.queue.failed(q, diagnosis.unschedulablePlugins, false);
    this.report(p, 'Unschedulable', message, nominated);
    this.trace(q, 'Unschedulable', { reason: 'no node passed every filter', message, failures: diagnosis.nodeToStatus, preFilter: diagnosis.preFilter, preemption });
  }

  private failed(q: QueuedPodInfo, message: string): void {
    this.stats.errors++;
    this.queue.failed(q, new Set(), true);
    this.report(q.info, 'SchedulerError', message, undefined);
    this.trace(q, 'Error', { reason: message, message });
  }

  /** handleSchedulingFailure: the event, then PodScheduled=False and the nomination, written only when they change. */
  private report(p: PodInfo, reason: string, message: string, nominated: string | undefined): void {
    const current = this.api.tryGet('pods', p.name, p.namespace);
    if (!current || current.metadata.uid !== p.uid) return;
    const note = message.length > MAX_EVENT_MESSAGE ? message.slice(0, MAX_EVENT_MESSAGE - 3) + '...' : message;
    this.recorder.event(current, 'Warning', 'FailedScheduling', note, { action: 'Scheduling' });
    const status = isObject(current.status) ? current.status : {};
    const conditions = asArray(status.conditions).filter(isObject);
    const old = conditions.find((c) => c.type === 'PodScheduled');
    const sameCondition = old?.status === 'False' && old.reason === reason && old.message === message;
    const nnn = typeof status.nominatedNodeName === 'string' ? status.nominatedNodeName : '';
    const nnnChanged = nominated !== undefined && nominated !== nnn;
    if (sameCondition && !nnnChanged) return;
    const now = this.clock.nowRFC3339();
    const cond = {
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: old?.status === 'False' && typeof old.lastTransitionTime === 'string' ? old.lastTransitionTime : now,
      reason,
      message,
    };
    const next: Record<string, unknown> = { ...status, conditions: old ? conditions.map((c) => (c === old ? cond : c)) : [...conditions, cond] };
    if (nnnChanged) {
      if (nominated) next.nominatedNodeName = nominated;
      else delete next.nominatedNodeName;
    }
    this.api.updateStatus({ ...current, status: next }, { trusted: true });
    if (nnnChanged) this.cache.setNominated(p, nominated ?? '');
  }

  /** prepareCandidate: mark and delete each victim, and clear lower-priority nominations on the node. */
  private preempt(preemptor: PodInfo, c: Candidate): void {
    for (const v of c.victims) {
      if (v.terminating) continue;
      const current = this.api.tryGet('pods', v.name, v.namespace);
      if (!current || current.metadata.uid !== v.uid) continue;
      this.markDisruptionTarget(current, preemptor);
      try {
        this.api.delete('pods', v.name, { namespace: v.namespace });
      } catch {
        continue;
      }
      this.recorder.event(current, 'Normal', 'Preempted', `Preempted by pod ${preemptor.uid} on node ${c.node.name}`, { action: 'Preempting' });
    }
    for (const p of [...this.cache.nominatedPods(c.node.name)]) {
      if (p.priority >= preemptor.priority || p.uid === preemptor.uid) continue;
      const current = this.api.tryGet('pods', p.name, p.namespace);
      if (!current || !isObject(current.status)) continue;
      const { nominatedNodeName: _dropped, ...rest } = current.status;
      this.api.updateStatus({ ...current, status: rest }, { trusted: true });
      this.cache.clearNominated(p.uid);
    }
  }

  private markDisruptionTarget(victim: KubeObject, preemptor: PodInfo): void {
    const status = isObject(victim.status) ? victim.status : {};
    const conditions = asArray(status.conditions).filter((c) => !(isObject(c) && c.type === 'DisruptionTarget'));
    conditions.push({
      type: 'DisruptionTarget',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: this.clock.nowRFC3339(),
      reason: 'PreemptionByScheduler',
      message: `${preemptor.schedulerName}: preempting to accommodate a higher priority pod`,
    });
    this.api.updateStatus({ ...victim, status: { ...status, conditions } }, { trusted: true });
  }

  private trace(q: QueuedPodInfo, outcome: AttemptRecord['outcome'], extra: Partial<AttemptRecord>): void {
    // Every field named in one literal (a spread would add them one by one, slowly, once per pod).
    this.traces.put({
      pod: q.info.key,
      uid: q.info.uid,
      attempt: q.attempts,
      time: this.clock.nowRFC3339(),
      outcome,
      node: extra.node,
      reason: extra.reason ?? '',
      message: extra.message,
      cycle: this.framework.record,
      failures: extra.failures,
      preFilter: extra.preFilter,
      preemption: extra.preemption,
    });
    this.framework.record = undefined;
  }
}
