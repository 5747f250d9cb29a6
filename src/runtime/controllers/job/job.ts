// The Job controller (pkg/controller/job): runs pods to completion. Every pod
// it creates carries the batch.kubernetes.io/job-tracking finalizer, so a
// finished pod cannot vanish before the controller has counted it.
import { isStatusError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import type { ApiServer } from '../../api/apiserver';
import type { Clock, TimerId } from '../../clock';
import { EventRecorder } from '../../events/recorder';
import { Controller, splitKey } from '../controller';
import { controllerRef, isPodReady } from '../podutil';
import { syncJob } from './sync';
import { finishedCondition, hasTrackingFinalizer, TRACKING_FINALIZER, type BackoffRecord } from './utils';

const ORPHAN = 'orphan:';

export class JobController extends Controller {
  readonly name = 'job-controller';
  readonly recorder = new EventRecorder(this.api, { component: 'job-controller' });
  private readonly backoff = new Map<string, BackoffRecord>();
  private readonly requeues = new Map<string, { id: TimerId; at: number }>();

  /** The sync helpers live in their own files (as upstream's do) and reach the apiserver and clock through these. */
  get server(): ApiServer {
    return this.api;
  }

  get time(): Clock {
    return this.clock;
  }

  start(): this {
    this.watch('jobs');
    this.watch('pods', (pod) => this.keysForPod(pod), (pod) => controllerRef(pod)?.kind === 'Job' || hasTrackingFinalizer(pod));
    return this;
  }

  protected reconcile(key: string): void {
    if (key.startsWith(ORPHAN)) {
      this.syncOrphanPod(key.slice(ORPHAN.length));
      return;
    }
    const { namespace, name } = splitKey(key);
    const job = this.api.tryGet('jobs', name, namespace);
    if (!job || finishedCondition(job)) {
      this.backoff.delete(key);
      return;
    }
    syncJob(this, job, key);
  }

  /** A pod event wakes its Job; a tracked pod whose Job is gone or finished is released as an orphan. */
  private keysForPod(pod: KubeObject): string[] {
    const ns = pod.metadata.namespace ?? 'default';
    const ref = controllerRef(pod);
    const keys: string[] = [];
    if (ref?.kind === 'Job') keys.push(`${ns}/${ref.name}`);
    if (hasTrackingFinalizer(pod) && !this.liveJobOwns(pod)) keys.push(`${ORPHAN}${ns}/${pod.metadata.name ?? ''}`);
    return keys;
  }

  private liveJobOwns(pod: KubeObject): boolean {
    const ref = controllerRef(pod);
    if (ref?.kind !== 'Job') return false;
    const job = this.api.tryGet('jobs', ref.name, pod.metadata.namespace);
    return !!job && job.metadata.uid === ref.uid && !finishedCondition(job);
  }

  private syncOrphanPod(key: string): void {
    const { namespace, name } = splitKey(key);
    const pod = this.api.tryGet('pods', name, namespace);
    if (pod && hasTrackingFinalizer(pod) && !this.liveJobOwns(pod)) this.removeFinalizer(pod);
  }

  backoffOf(key: string): BackoffRecord {
    return this.backoff.get(key) ?? { failuresAfterLastSuccess: 0 };
  }

  setBackoff(key: string, rec: BackoffRecord): void {
    this.backoff.set(key, rec);
  }

  /** Sync again after ms (the deadline or the back-off); only the earliest pending wake-up is kept. */
  requeueAfter(key: string, ms: number): void {
    const at = this.clock.now() + ms;
    const cur = this.requeues.get(key);
    if (cur && cur.at <= at && cur.at > this.clock.now()) return;
    if (cur) this.clock.cancelTimer(cur.id);
    const id = this.clock.setTimer(ms, () => {
      this.requeues.delete(key);
      this.enqueue(key);
    });
    this.requeues.set(key, { id, at });
  }

  createPod(job: KubeObject, pod: KubeObject): void {
    let created: KubeObject;
    try {
      created = this.api.create(pod, { trusted: true });
    } catch (e) {
      this.recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
    this.recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name ?? ''}`);
  }

  /**
   * deleteJobPods (dropFinalizer: the pods are simply not wanted, so they are
   * not counted) or deleteActivePods (the Job failed: they count as failed).
   */
  deletePods(job: KubeObject, pods: KubeObject[], dropFinalizer: boolean): { removed: number; removedReady: number } {
    let removed = 0;
    let removedReady = 0;
    for (const pod of pods) {
      let target = pod;
      if (dropFinalizer && hasTrackingFinalizer(pod)) {
        const next = this.removeFinalizer(pod);
        if (!next) continue;
        target = next;
      }
      try {
        this.api.delete('pods', target.metadata.name ?? '', { namespace: target.metadata.namespace });
      } catch (e) {
        if (!isStatusError(e) || e.reason !== 'NotFound') {
          this.recorder.event(job, 'Warning', 'FailedDelete', `Error deleting: ${e instanceof Error ? e.message : String(e)}`);
          throw e;
        }
      }
      this.recorder.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name ?? ''}`);
      removed++;
      if (isPodReady(pod)) removedReady++;
    }
    return { removed, removedReady };
  }

  /** Returns the pod as stored afterwards, or undefined when it is gone. */
  removeFinalizer(pod: KubeObject): KubeObject | undefined {
    const cur = this.api.tryGet('pods', pod.metadata.name ?? '', pod.metadata.namespace);
    if (!cur || cur.metadata.uid !== pod.metadata.uid) return undefined;
    const finalizers = (cur.metadata.finalizers ?? []).filter((f) => f !== TRACKING_FINALIZER);
    const { finalizers: _f, ...rest } = cur.metadata;
    const meta = finalizers.length ? { ...rest, finalizers } : rest;
    const out = this.api.update({ ...cur, metadata: meta }, { trusted: true });
    return this.api.tryGet('pods', out.metadata.name ?? '', out.metadata.namespace);
  }
}
