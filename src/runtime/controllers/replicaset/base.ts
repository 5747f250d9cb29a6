// The ReplicaSet controller (pkg/controller/replicaset/replica_set.go). It
// also runs ReplicationControllers, exactly as upstream does: an RC is treated
// as an older API version of a ReplicaSet with a map selector.
//
// Each sync claims the pods the selector matches, creates or deletes pods to
// reach spec.replicas, and reports what it saw in status. Reads come straight
// from the store, which is never stale here, so the "expectations" upstream
// keeps against its lagging informer cache are not needed.
import type { ApiServer } from '../../api/apiserver';
import type { StatusError } from '../../api/errors';
import { deepEqual } from '../../api/patch';
import { fromMap, matchesLabels, type Selector } from '../../api/selectors';
import { asArray, field, isObject, type KubeObject } from '../../api/types';
import { parseRFC3339, type Clock, type TimerId } from '../../clock';
import { EventRecorder } from '../../events/recorder';
import { Controller, namespacedKey, splitKey } from '../controller';
import { controllerRef, isPodActive, isPodAvailable, isPodReady, podCondition } from '../podutil';
import { BURST_REPLICAS, isNamespaceTerminating, PodControl, SLOW_START_INITIAL_BATCH, slowStartBatch } from './podcontrol';
import { podsToDelete } from './ranking';
import { claim } from './refmanager';

export interface ReplicaSetFlavor {
  /** Resource type: 'replicasets' or 'replicationcontrollers'. */
  type: string;
  kind: string;
  component: string;
  selector(obj: KubeObject): Selector;
}

const ORPHAN_PODS = 'controllers:orphanPodsByNamespace';
/** The client-go default controller rate limiter: 5 ms doubling, capped at 1000 s. */
const backoffMs = (n: number): number => Math.min(5 * 2 ** (n - 1), 1_000_000);

export abstract class ReplicaSetLikeController extends Controller {
  private readonly pods: PodControl;
  private readonly byNamespace: string;
  private readonly availabilityTimers = new Map<string, { id: TimerId; at: number }>();
  private readonly retries = new Map<string, { count: number; timer: TimerId }>();

  constructor(
    api: ApiServer,
    clock: Clock,
    private readonly flavor: ReplicaSetFlavor,
  ) {
    super(api, clock);
    this.pods = new PodControl(api, new EventRecorder(api, { component: flavor.component }));
    const t = api.resolve(flavor.type);
    this.byNamespace = `${flavor.component}:byNamespace`;
    api.store.addIndex(this.byNamespace, `${t.group}/${t.resource}`, (o) => o.metadata.namespace);
    api.store.addIndex(ORPHAN_PODS, '/pods', (o) => (controllerRef(o) ? undefined : o.metadata.namespace));
  }

  start(): this {
    this.watch(this.flavor.type);
    this.watch('pods', (pod) => this.ownersOf(pod));
    return this;
  }

  /** A pod wakes its controller; an orphan wakes every controller that might adopt it. */
  private ownersOf(pod: KubeObject): string[] | string | undefined {
    const ns = pod.metadata.namespace ?? 'default';
    const ref = controllerRef(pod);
    if (ref) return ref.kind === this.flavor.kind ? `${ns}/${ref.name}` : undefined;
    if (pod.metadata.deletionTimestamp) return undefined;
    return this.api.store
      .byIndex(this.byNamespace, ns)
      .filter((rs) => matchesLabels(this.flavor.selector(rs), pod.metadata.labels))
      .map(namespacedKey);
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const rs = this.api.tryGet(this.flavor.type, name, namespace);
    if (!rs) {
      this.forget(key);
      return;
    }
    const pods = this.claimPods(rs);
    const error = rs.metadata.deletionTimestamp ? undefined : this.manageReplicas(rs, pods);
    const status = calculateStatus(rs, pods, error, this.clock);
    if (!deepEqual(rs.status, status)) this.api.updateStatus({ ...rs, status }, { trusted: true });
    this.scheduleAvailabilityCheck(key, rs, pods);
    if (error) this.retryLater(key);
    else this.clearFailures(key);
  }

  private claimPods(rs: KubeObject): KubeObject[] {
    const ns = rs.metadata.namespace ?? 'default';
    const orphans = this.api.store.byIndex(ORPHAN_PODS, ns);
    return claim({
      api: this.api,
      type: 'pods',
      owner: rs,
      selector: this.flavor.selector(rs),
      owned: this.api.ownedBy('pods', rs.metadata.uid ?? '').filter(isPodActive),
      orphans: orphans.filter(isPodActive),
    });
  }

  private manageReplicas(rs: KubeObject, pods: KubeObject[]): StatusError | undefined {
    const diff = pods.length - replicasOf(rs);
    if (diff < 0) {
      const count = Math.min(-diff, BURST_REPLICAS);
      const template = field(rs, 'spec', 'template');
      return slowStartBatch(count, SLOW_START_INITIAL_BATCH, () => {
        const e = this.pods.createPod(rs, template);
        return e && !isNamespaceTerminating(e) ? e : undefined;
      }).error;
    }
    if (diff > 0) {
      const victims = podsToDelete(pods, this.relatedPods(rs), Math.min(diff, BURST_REPLICAS), this.clock.now());
      let first: StatusError | undefined;
      for (const pod of victims) first ??= this.pods.deletePod(rs, pod);
      return first;
    }
    return undefined;
  }

  /** Pods of every ReplicaSet with the same owner (getIndirectlyRelatedPods); none for a standalone set. */
  private relatedPods(rs: KubeObject): KubeObject[] {
    const owner = controllerRef(rs);
    if (!owner) return [];
    return this.api.ownedBy(this.flavor.type, owner.uid).flatMap((r) => this.api.ownedBy('pods', r.metadata.uid ?? ''));
  }

  /**
   * Nothing happens to a pod when it has been ready for minReadySeconds, so
   * the set requeues itself then (upstream: AddAfter(minReadySeconds + 1s),
   * the extra second guarding against clock skew).
   */
  private scheduleAvailabilityCheck(key: string, rs: KubeObject, pods: KubeObject[]): void {
    const minReady = minReadySecondsOf(rs);
    const now = this.clock.now();
    let at: number | undefined;
    if (minReady > 0) {
      for (const p of pods) {
        if (!isPodReady(p) || isPodAvailable(p, minReady, now)) continue;
        const since = podCondition(p, 'Ready')?.lastTransitionTime;
        const t = (typeof since === 'string' ? parseRFC3339(since) ?? now : now) + (minReady + 1) * 1000;
        at = at === undefined ? t : Math.min(at, t);
      }
    }
    const current = this.availabilityTimers.get(key);
    // An earlier pending check will reschedule the later ones when it runs.
    if (current && at !== undefined && current.at <= at) return;
    if (current) {
      this.clock.cancelTimer(current.id);
      this.availabilityTimers.delete(key);
    }
    if (at === undefined) return;
    const id = this.clock.setTimer(Math.max(0, at - now), () => {
      this.availabilityTimers.delete(key);
      this.enqueue(key);
    });
    this.availabilityTimers.set(key, { id, at });
  }

  /**
   * A failed create or delete is retried with the controller's back-off. The
   * timers are background ones: a namespace out of quota must not keep
   * settle() spinning, just as it never finishes in a real cluster.
   */
  private retryLater(key: string): void {
    const prev = this.retries.get(key);
    if (prev) this.clock.cancelTimer(prev.timer);
    const count = (prev?.count ?? 0) + 1;
    const timer = this.clock.setTimer(backoffMs(count), () => this.enqueue(key), true);
    this.retries.set(key, { count, timer });
  }

  private clearFailures(key: string): void {
    const prev = this.retries.get(key);
    if (!prev) return;
    this.clock.cancelTimer(prev.timer);
    this.retries.delete(key);
  }

  override stop(): void {
    super.stop();
    for (const key of [...this.retries.keys(), ...this.availabilityTimers.keys()]) this.forget(key);
  }

  private forget(key: string): void {
    this.clearFailures(key);
    const t = this.availabilityTimers.get(key);
    if (t) this.clock.cancelTimer(t.id);
    this.availabilityTimers.delete(key);
  }
}

export function replicasOf(obj: KubeObject): number {
  const r = field(obj, 'spec', 'replicas');
  return typeof r === 'number' ? r : 1;
}

export function minReadySecondsOf(obj: KubeObject): number {
  const m = field(obj, 'spec', 'minReadySeconds');
  return typeof m === 'number' ? m : 0;
}

type Condition = Record<string, unknown>;

/** calculateStatus (replica_set_utils.go); zero counts are omitted as the Go omitempty tags do. */
export function calculateStatus(rs: KubeObject, pods: KubeObject[], error: StatusError | undefined, clock: Clock): Record<string, unknown> {
  const templateLabels = fromMap(field(rs, 'spec', 'template', 'metadata', 'labels'));
  const minReady = minReadySecondsOf(rs);
  const now = clock.now();
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const p of pods) {
    if (matchesLabels(templateLabels, p.metadata.labels)) fullyLabeled++;
    if (!isPodReady(p)) continue;
    ready++;
    if (isPodAvailable(p, minReady, now)) available++;
  }
  const old = isObject(rs.status) ? rs.status : {};
  const conditions = failureConditions(asArray(old.conditions).filter(isObject), pods.length - replicasOf(rs), error, clock);
  const status: Record<string, unknown> = { replicas: pods.length };
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (rs.metadata.generation) status.observedGeneration = rs.metadata.generation;
  if (conditions.length) status.conditions = conditions;
  return status;
}

/** ReplicaFailure appears with the first failed create/delete and goes once a sync succeeds. */
function failureConditions(current: Condition[], diff: number, error: StatusError | undefined, clock: Clock): Condition[] {
  const has = current.some((c) => c.type === 'ReplicaFailure');
  if (error && !has) {
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    return [...current, { type: 'ReplicaFailure', status: 'True', lastTransitionTime: clock.nowRFC3339(), reason, message: error.message }];
  }
  if (!error && has) return current.filter((c) => c.type !== 'ReplicaFailure');
  return current;
}
