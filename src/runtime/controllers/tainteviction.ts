// The taint eviction controller (pkg/controller/tainteviction, formerly the
// NoExecuteTaintManager): pods on a node with NoExecute taints are deleted at
// once if they do not tolerate them, or when the shortest tolerationSeconds of
// the tolerations in use has elapsed since the taint was seen. The default
// 300 s toleration of not-ready/unreachable is why pods of a powered-off host
// are replaced after about five minutes — vSphere HA restarts VMs far sooner.
import type { ApiServer, WatchEvent, Watch } from '../api/apiserver';
import { asArray, isObject, type KubeObject } from '../api/types';
import type { Clock, TimerId } from '../clock';
import { EventRecorder } from '../events/recorder';
import { Controller } from './controller';
import { matchingTolerations, nodeTaints, podTolerations, type Taint, type Toleration } from './taints';

interface Work {
  createdAt: number;
  /** Undefined once the deletion ran: the key stays so it is not scheduled twice. */
  timer?: TimerId;
  done: boolean;
}

export class TaintEvictionController extends Controller {
  readonly name = 'taint-eviction-controller';
  private readonly recorder: EventRecorder;
  private readonly tainted = new Map<string, Taint[]>();
  private readonly nodeSignatures = new Map<string, string>();
  private readonly podSignatures = new Map<string, string>();
  private readonly work = new Map<string, Work>();
  private watches: Watch[] = [];

  constructor(api: ApiServer, clock: Clock) {
    super(api, clock);
    this.recorder = new EventRecorder(api, { component: 'taint-eviction-controller' });
  }

  start(): this {
    this.watches.push(this.api.watch('nodes', {}, (e) => this.onNode(e)));
    this.watches.push(this.api.watch('pods', {}, (e) => this.onPod(e)));
    for (const node of this.api.store.list('/nodes')) this.onNode({ type: 'ADDED', object: node });
    return this;
  }

  override stop(): void {
    super.stop();
    for (const w of this.watches) w.stop();
    for (const w of this.work.values()) if (w.timer !== undefined) this.clock.cancelTimer(w.timer);
  }

  /** Work is driven directly from watch events, keyed by node, so the base queue is unused. */
  protected reconcile(): void {}

  private onNode(e: WatchEvent): void {
    if (e.type === 'ERROR') return;
    const name = e.object.metadata.name ?? '';
    const taints = e.type === 'DELETED' ? [] : nodeTaints(e.object).filter((t) => t.effect === 'NoExecute');
    const signature = JSON.stringify(taints);
    if (e.type !== 'DELETED' && this.nodeSignatures.get(name) === signature) return;
    this.nodeSignatures.set(name, signature);
    if (e.type === 'DELETED') {
      this.nodeSignatures.delete(name);
      this.tainted.delete(name);
      return;
    }
    this.handleNodeUpdate(name, taints);
  }

  private onPod(e: WatchEvent): void {
    if (e.type === 'ERROR') return;
    const pod = e.object;
    const node = isObject(pod.spec) && typeof pod.spec.nodeName === 'string' ? pod.spec.nodeName : '';
    const taints = this.tainted.get(node);
    // Most pod changes are on untainted nodes: decide that before building the pod's key.
    if (e.type !== 'DELETED' && !taints) return;
    const key = `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
    if (e.type === 'DELETED' || !taints) {
      this.podSignatures.delete(key);
      this.cancelWork(key);
      return;
    }
    // Like PodUpdated upstream: only a new pod, or new tolerations or node, is worth a look.
    const signature = `${node}\u0000${JSON.stringify(isObject(pod.spec) ? asArray(pod.spec.tolerations) : [])}`;
    if (this.podSignatures.get(key) === signature) return;
    this.podSignatures.set(key, signature);
    this.processPod(key, podTolerations(pod), taints, this.clock.now());
  }

  private handleNodeUpdate(name: string, taints: Taint[]): void {
    if (taints.length === 0) this.tainted.delete(name);
    else this.tainted.set(name, taints);
    const pods = this.api.podsOnNode(name);
    const now = this.clock.now();
    for (const pod of pods) {
      const key = `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
      if (taints.length === 0) this.cancelWork(key);
      else this.processPod(key, podTolerations(pod), taints, now);
    }
  }

  /** processPodOnNode: evict now, schedule the eviction, or cancel it. */
  private processPod(key: string, tolerations: Toleration[], taints: Taint[], now: number): void {
    const { all, used } = matchingTolerations(taints, tolerations);
    if (!all) {
      this.cancelWork(key);
      this.addWork(key, now, now);
      return;
    }
    const min = minTolerationMs(used);
    if (min < 0) {
      this.cancelWork(key);
      return;
    }
    const existing = this.work.get(key);
    if (existing && !existing.done) {
      if (existing.createdAt + min < now + min) return;
      this.cancelWork(key);
    }
    this.addWork(key, existing && !existing.done ? existing.createdAt : now, now + min);
  }

  private addWork(key: string, createdAt: number, fireAt: number): void {
    if (this.work.has(key)) return;
    const w: Work = { createdAt, done: false };
    this.work.set(key, w);
    const run = (): void => {
      w.timer = undefined;
      w.done = true;
      this.evict(key);
    };
    // An immediate eviction runs in this instant; a delayed one is pending work for settle().
    if (fireAt <= this.clock.now()) this.clock.enqueue(() => this.work.get(key) === w && !w.done && run());
    else w.timer = this.clock.setTimer(fireAt - this.clock.now(), run);
  }

  private cancelWork(key: string): void {
    const w = this.work.get(key);
    if (!w) return;
    this.work.delete(key);
    if (w.done) return;
    if (w.timer !== undefined) this.clock.cancelTimer(w.timer);
    this.recorder.event(podRef(key), 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
  }

  private evict(key: string): void {
    this.recorder.event(podRef(key), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    const i = key.indexOf('/');
    const namespace = key.slice(0, i);
    const name = key.slice(i + 1);
    const pod = this.api.tryGet('pods', name, namespace);
    if (!pod) return;
    try {
      addDisruptionTarget(this.api, pod, 'DeletionByTaintManager', 'Taint manager: deleting due to NoExecute taint');
      this.api.delete('pods', name, { namespace });
    } catch {
      // Upstream retries five times, then gives up until the next taint or pod change.
    }
  }
}

/** getMinTolerationTime: no toleration in use means now; no tolerationSeconds at all means forever (-1). */
function minTolerationMs(tolerations: Toleration[]): number {
  if (tolerations.length === 0) return 0;
  let min = Infinity;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}

/** The event goes to an ObjectReference with only kind, namespace and name, as upstream builds it. */
function podRef(key: string): KubeObject {
  const i = key.indexOf('/');
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: key.slice(0, i), name: key.slice(i + 1) } };
}

/** The DisruptionTarget condition controllers add before deleting a pod (apipod.UpdatePodCondition). */
export function addDisruptionTarget(api: ApiServer, pod: KubeObject, reason: string, message: string, phase?: string): KubeObject {
  const status = isObject(pod.status) ? pod.status : {};
  const conditions = asArray(status.conditions);
  const old = conditions.find((c): c is Record<string, unknown> => isObject(c) && c.type === 'DisruptionTarget');
  const now = api.clock.nowRFC3339();
  const cond = { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: old?.status === 'True' ? old.lastTransitionTime : now, reason, message };
  const same = old && old.status === 'True' && old.reason === reason && old.message === message;
  if (same && (phase === undefined || status.phase === phase)) return pod;
  const next = same ? conditions : old ? conditions.map((c) => (c === old ? cond : c)) : [...conditions, cond];
  return api.updateStatus({ ...pod, status: { ...status, ...(phase ? { phase } : {}), conditions: next } }, { trusted: true });
}
