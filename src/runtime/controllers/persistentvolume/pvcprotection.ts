// The pvc-protection controller (pkg/controller/volume/pvcprotection): a claim
// carries the `kubernetes.io/pvc-protection` finalizer, so deleting it while a
// scheduled pod still mounts it only marks it Terminating; the finalizer is
// removed, and the claim goes, once no such pod is left — like vCenter refusing
// to delete a disk that is still attached to a VM.
import type { KubeObject } from '../../api/types';
import { Controller, splitKey } from '../controller';
import { podClaimIndex } from './podclaims';
import { claimNamesOfPod, PVC_PROTECTION_FINALIZER, specOf } from './volumeutil';

export class PVCProtectionController extends Controller {
  readonly name = 'pvc-protection-controller';
  private readonly pods = podClaimIndex(this.api);
  private unsubscribe: () => void = () => undefined;

  start(): this {
    this.watch('persistentvolumeclaims');
    // A pod going away may be the last user of a terminating claim. Straight from the store,
    // so the many pods that mount no claim cost no queued watch delivery.
    this.unsubscribe = this.api.store.subscribe(
      (e) => {
        const claims = claimNamesOfPod(e.object);
        for (let i = 0; i < claims.length; i++) this.enqueue(`${e.object.metadata.namespace ?? ''}/${claims[i]}`);
      },
      { resource: '/pods' },
    );
    return this;
  }

  override stop(): void {
    super.stop();
    this.unsubscribe();
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const claim = this.api.tryGet('persistentvolumeclaims', name, namespace);
    if (!claim) return;
    const finalizers = claim.metadata.finalizers ?? [];
    const has = finalizers.includes(PVC_PROTECTION_FINALIZER);
    if (!claim.metadata.deletionTimestamp) {
      if (!has) this.setFinalizers(claim, [...finalizers, PVC_PROTECTION_FINALIZER]);
      return;
    }
    if (has && !this.isBeingUsed(claim)) this.setFinalizers(claim, finalizers.filter((f) => f !== PVC_PROTECTION_FINALIZER));
  }

  /** Only scheduled pods count: the kubelet refuses to start a pod whose claim is being deleted. */
  private isBeingUsed(claim: KubeObject): boolean {
    return this.pods.podsUsing(claim.metadata.namespace ?? '', claim.metadata.name ?? '').some((p) => !!specOf(p).nodeName);
  }

  private setFinalizers(claim: KubeObject, finalizers: string[]): void {
    const meta = { ...claim.metadata, finalizers };
    if (finalizers.length === 0) delete (meta as { finalizers?: string[] }).finalizers;
    this.api.update({ ...claim, metadata: meta }, { trusted: true });
  }
}

