// StatefulPodControl (stateful_pod_control.go): the writes of the StatefulSet
// controller and the events they leave on the set — claims before pods, so a
// member always comes up with its own storage.
import type { ApiServer } from '../../api/apiserver';
import { isStatusError } from '../../api/errors';
import { isObject, type KubeObject, type OwnerReference } from '../../api/types';
import type { EventRecorder } from '../../events/recorder';
import { claimName, claimTemplates, newClaim, ordinalOf, specOf } from './utils';

function retention(set: KubeObject): { whenDeleted: string; whenScaled: string } {
  const p = specOf(set).persistentVolumeClaimRetentionPolicy;
  const get = (k: string): string => (isObject(p) && typeof p[k] === 'string' ? p[k] : 'Retain');
  return { whenDeleted: get('whenDeleted'), whenScaled: get('whenScaled') };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class StatefulPodControl {
  constructor(
    private readonly api: ApiServer,
    private readonly recorder: EventRecorder,
  ) {}

  createPod(set: KubeObject, pod: KubeObject): void {
    this.createClaims(set, pod);
    try {
      this.api.create(pod, { trusted: true });
    } catch (e) {
      if (isStatusError(e) && e.reason === 'AlreadyExists') return;
      this.podEvent('create', set, pod, e);
      throw e;
    }
    this.podEvent('create', set, pod);
  }

  deletePod(set: KubeObject, pod: KubeObject): void {
    try {
      this.api.delete('pods', pod.metadata.name ?? '', { namespace: pod.metadata.namespace });
    } catch (e) {
      if (isStatusError(e) && e.reason === 'NotFound') return;
      this.podEvent('delete', set, pod, e);
      throw e;
    }
    this.podEvent('delete', set, pod);
  }

  /** With whenScaled: Delete, a condemned member's claims are handed to the pod, so the garbage collector removes them with it. */
  releaseClaimsOnScaleDown(set: KubeObject, pod: KubeObject): void {
    if (retention(set).whenScaled !== 'Delete') return;
    const ordinal = ordinalOf(pod);
    for (const template of claimTemplates(set)) {
      const claim = this.api.tryGet('persistentvolumeclaims', claimName(set, template, ordinal), set.metadata.namespace);
      if (!claim || claim.metadata.ownerReferences?.some((r) => r.uid === pod.metadata.uid)) continue;
      const ref: OwnerReference = { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' };
      this.api.update({ ...claim, metadata: { ...claim.metadata, ownerReferences: [...(claim.metadata.ownerReferences ?? []), ref] } }, { trusted: true });
    }
  }

  private createClaims(set: KubeObject, pod: KubeObject): void {
    const ordinal = ordinalOf(pod);
    const owners: OwnerReference[] = [];
    if (retention(set).whenDeleted === 'Delete') {
      owners.push({ apiVersion: set.apiVersion, kind: set.kind, name: set.metadata.name ?? '', uid: set.metadata.uid ?? '', controller: true });
    }
    for (const template of claimTemplates(set)) {
      const claim = newClaim(set, template, ordinal, owners);
      const existing = this.api.tryGet('persistentvolumeclaims', claim.metadata.name ?? '', set.metadata.namespace);
      if (existing?.metadata.deletionTimestamp) throw new Error(`pvc ${claim.metadata.name ?? ''} is being deleted`);
      if (existing) continue;
      try {
        this.api.create(claim, { trusted: true });
      } catch (e) {
        this.claimEvent('create', set, pod, claim, e);
        throw e;
      }
      this.claimEvent('create', set, pod, claim);
    }
  }

  private podEvent(verb: string, set: KubeObject, pod: KubeObject, err?: unknown): void {
    const title = verb[0].toUpperCase() + verb.slice(1);
    const subject = `${verb} Pod ${pod.metadata.name ?? ''} in StatefulSet ${set.metadata.name ?? ''}`;
    if (err === undefined) this.recorder.event(set, 'Normal', `Successful${title}`, `${subject} successful`);
    else this.recorder.event(set, 'Warning', `Failed${title}`, `${subject} failed error: ${errorText(err)}`);
  }

  private claimEvent(verb: string, set: KubeObject, pod: KubeObject, claim: KubeObject, err?: unknown): void {
    const title = verb[0].toUpperCase() + verb.slice(1);
    const claimName = claim.metadata.name ?? '';
    const where = `Pod ${pod.metadata.name ?? ''} in StatefulSet ${set.metadata.name ?? ''}`;
    if (err === undefined) this.recorder.event(set, 'Normal', `Successful${title}`, `${verb} Claim ${claimName} ${where} success`);
    else this.recorder.event(set, 'Warning', `Failed${title}`, `${verb} Claim ${claimName} for ${where} failed error: ${errorText(err)}`);
  }
}
