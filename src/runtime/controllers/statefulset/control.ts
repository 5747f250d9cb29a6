// updateStatefulSet (stateful_set_control.go): one pass over the members.
// OrderedReady ("monotonic") creates one pod at a time in ordinal order and
// waits for it to be Running and Ready; it removes condemned members from the
// highest ordinal down, one at a time. Parallel does both in bursts. A rolling
// update then deletes the highest member not on the update revision (down to
// the partition); the pass that follows recreates it from the new template.
import { isObject, type KubeObject } from '../../api/types';
import type { Clock } from '../../clock';
import type { StatefulPodControl } from './podcontrol';
import {
  isFinished,
  isHealthy,
  isRunningAndAvailable,
  isRunningAndReady,
  isTerminating,
  minReadySeconds,
  newStatefulSetPod,
  ordinalOf,
  podName,
  podRevision,
  replicasOf,
  specOf,
  startOrdinal,
  type Obj,
} from './utils';

export interface SetRevisions {
  currentName: string;
  currentTemplate: Obj;
  updateName: string;
  updateTemplate: Obj;
}

function strategy(set: KubeObject): { type: string; partition: number | undefined } {
  const s = specOf(set).updateStrategy;
  const type = isObject(s) && typeof s.type === 'string' ? s.type : 'RollingUpdate';
  const rolling = isObject(s) && isObject(s.rollingUpdate) ? s.rollingUpdate : undefined;
  const partition = rolling && typeof rolling.partition === 'number' ? rolling.partition : undefined;
  return { type, partition };
}

export class StatefulSetControl {
  constructor(
    private readonly podControl: StatefulPodControl,
    private readonly clock: Clock,
  ) {}

  sync(set: KubeObject, pods: KubeObject[], rev: SetRevisions, currentReplicas: number): void {
    const start = startOrdinal(set);
    const count = replicasOf(set);
    const replicas: (KubeObject | undefined)[] = new Array<KubeObject | undefined>(count).fill(undefined);
    const condemned: KubeObject[] = [];
    for (const pod of pods) {
      const ord = ordinalOf(pod);
      if (ord < 0 || pod.metadata.name !== podName(set, ord)) continue;
      if (ord >= start && ord < start + count) replicas[ord - start] = pod;
      else condemned.push(pod);
    }
    condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
    const firstUnhealthy = [...replicas, ...condemned].find((p): p is KubeObject => !!p && !isHealthy(p));
    const monotonic = specOf(set).podManagementPolicy !== 'Parallel';
    for (let i = 0; i < count; i++) {
      if (this.processReplica(set, rev, replicas, i, currentReplicas) && monotonic) return;
    }
    for (const pod of condemned) {
      if (this.processCondemned(set, pod, firstUnhealthy, monotonic) && monotonic) return;
    }
    this.rollingUpdate(set, rev, replicas);
  }

  /** Returns true when an OrderedReady set must stop here for this pass. */
  private processReplica(set: KubeObject, rev: SetRevisions, replicas: (KubeObject | undefined)[], i: number, currentReplicas: number): boolean {
    const pod = replicas[i];
    if (!pod) {
      const created = this.versionedPod(set, rev, startOrdinal(set) + i, currentReplicas);
      this.podControl.createPod(set, created);
      replicas[i] = created;
      return true;
    }
    // A member that ran to completion is replaced: delete it now, recreate it once it is gone.
    if (isFinished(pod)) {
      if (!isTerminating(pod)) this.podControl.deletePod(set, pod);
      return true;
    }
    if (isTerminating(pod)) return true;
    return !isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReadySeconds(set), this.clock.now());
  }

  private processCondemned(set: KubeObject, pod: KubeObject, firstUnhealthy: KubeObject | undefined, monotonic: boolean): boolean {
    if (isTerminating(pod)) return true;
    // An OrderedReady set only removes an unhealthy member when it is the first unhealthy one.
    const healthy = isRunningAndReady(pod) && isRunningAndAvailable(pod, minReadySeconds(set), this.clock.now());
    if (!healthy && monotonic && pod !== firstUnhealthy) return true;
    this.podControl.releaseClaimsOnScaleDown(set, pod);
    this.podControl.deletePod(set, pod);
    return true;
  }

  private rollingUpdate(set: KubeObject, rev: SetRevisions, replicas: (KubeObject | undefined)[]): void {
    const { type, partition } = strategy(set);
    if (type === 'OnDelete') return;
    for (let target = replicas.length - 1; target >= (partition ?? 0); target--) {
      const pod = replicas[target];
      if (!pod) return;
      if (podRevision(pod) !== rev.updateName && !isTerminating(pod)) {
        this.podControl.deletePod(set, pod);
        return;
      }
      if (!isHealthy(pod) || !isRunningAndAvailable(pod, minReadySeconds(set), this.clock.now())) return;
    }
  }

  /** newVersionedStatefulSetPod: below the partition a recreated member keeps the current revision. */
  private versionedPod(set: KubeObject, rev: SetRevisions, ordinal: number, currentReplicas: number): KubeObject {
    const { type, partition } = strategy(set);
    const bound = startOrdinal(set) + (partition ?? currentReplicas);
    const current = type === 'RollingUpdate' && ordinal < bound;
    return current
      ? newStatefulSetPod(set, rev.currentTemplate, ordinal, rev.currentName)
      : newStatefulSetPod(set, rev.updateTemplate, ordinal, rev.updateName);
  }
}
