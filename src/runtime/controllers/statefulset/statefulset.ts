// The StatefulSet controller (pkg/controller/statefulset): stable names,
// stable storage and ordered rollout. Each sync resolves the current and
// update ControllerRevisions, runs one pass of updateStatefulSet, writes the
// status and trims the revision history.
import { deepEqual } from '../../api/patch';
import { fromLabelSelector, matchesLabels } from '../../api/selectors';
import { isObject, type KubeObject } from '../../api/types';
import type { TimerId } from '../../clock';
import { EventRecorder } from '../../events/recorder';
import { Controller, splitKey } from '../controller';
import { ensureRevision, hashRevisionData, ownedRevisions, revisionTemplate, truncateHistory } from '../history';
import { controlledBy, controllerKey, podCondition } from '../podutil';
import { templateOf } from '../podtemplate';
import { StatefulSetControl, type SetRevisions } from './control';
import { StatefulPodControl } from './podcontrol';
import { isRunningAndAvailable, isRunningAndReady, isTerminating, minReadySeconds, podRevision, specOf } from './utils';
import { parseRFC3339 } from '../../clock';

type Status = Record<string, unknown>;

export class StatefulSetController extends Controller {
  readonly name = 'statefulset-controller';
  private readonly recorder = new EventRecorder(this.api, { component: 'statefulset-controller' });
  private readonly control = new StatefulSetControl(new StatefulPodControl(this.api, this.recorder), this.clock);
  private readonly requeues = new Map<string, TimerId>();

  start(): this {
    this.watch('statefulsets');
    this.watch('pods', (o) => controllerKey(o, 'StatefulSet'), (o) => controlledBy(o, 'StatefulSet'));
    return this;
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const set = this.api.tryGet('statefulsets', name, namespace);
    if (!set) return;
    const status: Status = isObject(set.status) ? set.status : {};
    const revisions = ownedRevisions(this.api, set);
    const { revision: update, collisionCount } = ensureRevision(this.api, set, revisions, numberOf(status.collisionCount), hashRevisionData);
    const current = revisions.find((r) => r.metadata.name === status.currentRevision) ?? update;
    const rev: SetRevisions = {
      currentName: current.metadata.name ?? '',
      currentTemplate: revisionTemplate(current),
      updateName: update.metadata.name ?? '',
      updateTemplate: templateOf(set),
    };
    if (!set.metadata.deletionTimestamp) this.control.sync(set, this.podsOf(set), rev, numberOf(status.currentReplicas));
    const pods = this.podsOf(set);
    this.writeStatus(set, this.computeStatus(set, pods, rev, collisionCount));
    const live = new Set([rev.currentName, rev.updateName, ...pods.map(podRevision)]);
    const limit = typeof specOf(set).revisionHistoryLimit === 'number' ? specOf(set).revisionHistoryLimit as number : 10;
    truncateHistory(this.api, ownedRevisions(this.api, set), (r) => live.has(r.metadata.name ?? ''), limit);
    this.requeueForAvailability(key, set, pods);
  }

  private podsOf(set: KubeObject): KubeObject[] {
    const selector = fromLabelSelector(specOf(set).selector);
    return this.api.ownedBy('pods', set.metadata.uid ?? '').filter((p) => matchesLabels(selector, p.metadata.labels));
  }

  private computeStatus(set: KubeObject, pods: KubeObject[], rev: SetRevisions, collisionCount: number): Status {
    const now = this.clock.now();
    let replicas = 0, ready = 0, available = 0, current = 0, updated = 0;
    for (const pod of pods) {
      replicas++;
      if (isRunningAndReady(pod)) {
        ready++;
        if (isRunningAndAvailable(pod, minReadySeconds(set), now)) available++;
      }
      if (isTerminating(pod)) continue;
      if (podRevision(pod) === rev.currentName) current++;
      if (podRevision(pod) === rev.updateName) updated++;
    }
    let currentRevision = rev.currentName;
    // completeRollingUpdate: once every member runs the update revision, it becomes the current one.
    const rolling = isObject(specOf(set).updateStrategy) && (specOf(set).updateStrategy as Status).type === 'RollingUpdate';
    if (rolling && updated === replicas && ready === replicas) {
      current = updated;
      currentRevision = rev.updateName;
    }
    const old: Status = isObject(set.status) ? set.status : {};
    const status: Status = { observedGeneration: set.metadata.generation ?? 1, replicas };
    if (ready) status.readyReplicas = ready;
    if (current) status.currentReplicas = current;
    if (updated) status.updatedReplicas = updated;
    if (currentRevision) status.currentRevision = currentRevision;
    if (rev.updateName) status.updateRevision = rev.updateName;
    status.collisionCount = collisionCount;
    if (old.conditions !== undefined) status.conditions = old.conditions;
    status.availableReplicas = available;
    return status;
  }

  private writeStatus(set: KubeObject, status: Status): void {
    if (deepEqual(set.status, status)) return;
    this.api.updateStatus({ ...set, status }, { trusted: true });
  }

  /** A Ready pod becomes available minReadySeconds later; nothing else would wake the controller then. */
  private requeueForAvailability(key: string, set: KubeObject, pods: KubeObject[]): void {
    const old = this.requeues.get(key);
    if (old !== undefined) this.clock.cancelTimer(old);
    this.requeues.delete(key);
    const minReady = minReadySeconds(set);
    if (minReady <= 0) return;
    let soonest = Infinity;
    for (const pod of pods) {
      if (!isRunningAndReady(pod) || isRunningAndAvailable(pod, minReady, this.clock.now())) continue;
      const at = podCondition(pod, 'Ready')?.lastTransitionTime;
      const since = typeof at === 'string' ? parseRFC3339(at) : undefined;
      if (since !== undefined) soonest = Math.min(soonest, since + minReady * 1000 - this.clock.now());
    }
    if (Number.isFinite(soonest)) this.requeues.set(key, this.clock.setTimer(Math.max(0, soonest), () => this.enqueue(key)));
  }
}

function numberOf(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}
