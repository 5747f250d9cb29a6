// The PersistentVolume controller's binder (pkg/controller/volume/persistentvolume
// pv_controller.go): pairs claims with volumes through the two-way pointer
// pvc.spec.volumeName ↔ pv.spec.claimRef, asks the class's provisioner for a
// new volume when none fits, and applies the reclaim policy once a claim is
// gone. In vSphere terms: a claim is a VM's request for a disk, a volume is the
// VMDK / First Class Disk that satisfies it.
import { deepEqual } from '../../api/patch';
import type { KubeObject } from '../../api/types';
import type { TimerId } from '../../clock';
import { EventRecorder, type EventType } from '../../events/recorder';
import { Controller, namespacedKey, splitKey } from '../controller';
import { podClaimIndex } from './podclaims';
import { reclaimVolume } from './reclaim';
import { findBestMatchForClaim } from './volumeindex';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  accessModes,
  claimClass,
  claimRefOf,
  claimReference,
  hasAnnotation,
  isPodTerminated,
  isVolumeBoundToClaim,
  phaseOf,
  reclaimPolicy,
  specOf,
  statusOf,
  storageCapacity,
  storageRequest,
  volumeClass,
  volumeModeMismatch,
  volumeNameOf,
  volumeOffersModes,
  withAnnotations,
} from './volumeutil';

/** --pvclaimbinder-sync-period: every claim and volume is looked at again this often. */
export const PV_RESYNC_MS = 15_000;

const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

export class PersistentVolumeBinder extends Controller {
  readonly name = 'persistentvolume-binder-controller';
  private readonly recorder = new EventRecorder(this.api, { component: 'persistentvolume-controller' });
  private readonly pods = podClaimIndex(this.api);
  private timer: TimerId = 0;

  start(): this {
    this.watch('persistentvolumeclaims', (c) => {
      // A deleted claim releases its volume: the volume's sync applies the reclaim policy.
      const volume = volumeNameOf(c);
      return volume ? [`claim:${namespacedKey(c)}`, `volume:${volume}`] : `claim:${namespacedKey(c)}`;
    });
    this.watch('persistentvolumes', (v) => `volume:${v.metadata.name ?? ''}`);
    this.scheduleResync();
    return this;
  }

  override stop(): void {
    super.stop();
    this.clock.cancelTimer(this.timer);
  }

  protected reconcile(key: string): void {
    if (key.startsWith('claim:')) {
      const { namespace, name } = splitKey(key.slice(6));
      const claim = this.api.tryGet('persistentvolumeclaims', name, namespace);
      if (claim) this.syncClaim(claim);
    } else {
      const volume = this.api.tryGet('persistentvolumes', key.slice(7));
      if (volume) this.syncVolume(volume);
    }
  }

  /** The periodic resync is what repeats WaitForFirstConsumer and ExternalProvisioning events ("x8 over 2m"). */
  private scheduleResync(): void {
    this.timer = this.clock.setTimer(
      PV_RESYNC_MS,
      () => {
        for (const c of this.api.store.list('/persistentvolumeclaims')) if (phaseOf(c) !== 'Bound') this.enqueue(`claim:${namespacedKey(c)}`);
        for (const v of this.api.store.list('/persistentvolumes')) if (phaseOf(v) !== 'Bound' && phaseOf(v) !== 'Available') this.enqueue(`volume:${v.metadata.name ?? ''}`);
        this.scheduleResync();
      },
      true,
    );
  }

  // ---- claims --------------------------------------------------------------------------------

  private syncClaim(claim: KubeObject): void {
    if (hasAnnotation(claim, ANN_BIND_COMPLETED)) this.syncBoundClaim(claim);
    else if (volumeNameOf(claim)) this.syncClaimAskingForVolume(claim);
    else this.syncUnboundClaim(claim);
  }

  private syncUnboundClaim(claim: KubeObject): void {
    const delayBinding = this.isDelayBindingMode(claim);
    const volume = findBestMatchForClaim(claim, this.api.store.list('/persistentvolumes'), delayBinding);
    if (volume) {
      this.bind(volume, claim);
      return;
    }
    if (this.assignDefaultStorageClass(claim)) return;
    if (delayBinding && !hasAnnotation(claim, ANN_SELECTED_NODE)) {
      this.emitEventForUnboundDelayBindingClaim(claim);
    } else if (claimClass(claim) !== '') {
      this.provisionClaim(claim);
      return;
    } else {
      this.event(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
    }
    this.updateClaimStatus(claim, 'Pending');
  }

  /** The user named a volume in spec.volumeName (a pre-bound claim). */
  private syncClaimAskingForVolume(claim: KubeObject): void {
    const name = volumeNameOf(claim);
    const volume = this.api.tryGet('persistentvolumes', name);
    if (!volume) {
      this.updateClaimStatus(claim, 'Pending');
    } else if (!claimRefOf(volume)) {
      const problem = checkVolumeSatisfyClaim(volume, claim);
      if (!problem) {
        this.bind(volume, claim);
        return;
      }
      this.event(claim, 'Warning', 'VolumeMismatch', `Cannot bind to requested volume ${JSON.stringify(name)}: ${problem}`);
      this.updateClaimStatus(claim, 'Pending');
    } else if (isVolumeBoundToClaim(volume, claim)) {
      this.bind(volume, claim);
    } else {
      this.event(claim, 'Warning', 'FailedBinding', `volume ${JSON.stringify(name)} already bound to a different claim.`);
      this.updateClaimStatus(claim, 'Pending');
    }
  }

  private syncBoundClaim(claim: KubeObject): void {
    const name = volumeNameOf(claim);
    if (!name) {
      this.claimLost(claim, 'ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
      return;
    }
    const volume = this.api.tryGet('persistentvolumes', name);
    if (!volume) {
      this.claimLost(claim, 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
      return;
    }
    const ref = claimRefOf(volume);
    if (!ref || ref.uid === claim.metadata.uid) this.bind(volume, claim);
    else this.claimLost(claim, 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
  }

  private claimLost(claim: KubeObject, reason: string, message: string): void {
    if (phaseOf(claim) === 'Lost') return;
    const updated = this.updateClaimStatus(claim, 'Lost');
    this.event(updated, 'Warning', reason, message);
  }

  private emitEventForUnboundDelayBindingClaim(claim: KubeObject): void {
    const waiting = this.pods
      .podsUsing(claim.metadata.namespace ?? '', claim.metadata.name ?? '')
      .filter((p) => !isPodTerminated(p) && !specOf(p).nodeName)
      .map((p) => p.metadata.name ?? '')
      .sort();
    if (waiting.length === 0) this.event(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
    else if (waiting.length === 1) this.event(claim, 'Normal', 'WaitForPodScheduled', `waiting for pod ${waiting[0]} to be scheduled`);
    else this.event(claim, 'Normal', 'WaitForPodScheduled', `waiting for pods ${waiting.join(',')} to be scheduled`);
  }

  private isDelayBindingMode(claim: KubeObject): boolean {
    const name = claimClass(claim);
    if (!name) return false;
    return this.api.tryGet('storageclasses', name)?.volumeBindingMode === 'WaitForFirstConsumer';
  }

  /** A claim created before any default class existed gets one retroactively. */
  private assignDefaultStorageClass(claim: KubeObject): boolean {
    if (specOf(claim).storageClassName !== undefined && specOf(claim).storageClassName !== null) return false;
    if (claim.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] !== undefined) return false;
    const defaults = this.api.store
      .list('/storage.k8s.io/storageclasses')
      .filter((sc) => DEFAULT_CLASS_ANNOTATIONS.some((k) => sc.metadata.annotations?.[k] === 'true'))
      .sort((a, b) => String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)));
    if (defaults.length === 0) return false;
    this.api.update({ ...claim, spec: { ...specOf(claim), storageClassName: defaults[0].metadata.name } }, { trusted: true });
    return true;
  }

  /** provisionClaim + provisionClaimOperationExternal: hand the claim to the class's provisioner. */
  private provisionClaim(claim: KubeObject): void {
    const className = claimClass(claim);
    const sc = this.api.tryGet('storageclasses', className);
    if (!sc) {
      this.event(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io ${JSON.stringify(className)} not found`);
      return;
    }
    let provisioner = typeof sc.provisioner === 'string' ? sc.provisioner : '';
    // CSI migration: the in-tree vSphere plugin's classes are served by the vSphere CSI driver.
    if (provisioner === 'kubernetes.io/vsphere-volume') provisioner = 'csi.vsphere.vmware.com';
    else if (provisioner.startsWith('kubernetes.io/')) {
      this.event(claim, 'Warning', 'ProvisioningFailed', `no volume plugin matched name: ${provisioner}`);
      return;
    }
    const annotated = this.setClaimProvisioner(claim, provisioner);
    this.event(
      annotated,
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    );
  }

  private setClaimProvisioner(claim: KubeObject, provisioner: string): KubeObject {
    const ann = claim.metadata.annotations ?? {};
    if (ann[ANN_STORAGE_PROVISIONER] === provisioner && ann[ANN_BETA_STORAGE_PROVISIONER] === provisioner) return claim;
    const next = withAnnotations(claim, { [ANN_BETA_STORAGE_PROVISIONER]: provisioner, [ANN_STORAGE_PROVISIONER]: provisioner });
    return this.api.update(next, { trusted: true });
  }

  // ---- volumes -------------------------------------------------------------------------------

  private syncVolume(volume: KubeObject): void {
    const ref = claimRefOf(volume);
    if (!ref?.uid) {
      // Unused, or reserved for a claim that has not bound yet (the claim's sync finishes that).
      this.updateVolumePhase(volume, 'Available');
      return;
    }
    let claim = this.api.tryGet('persistentvolumeclaims', ref.name ?? '', ref.namespace);
    // A claim of the same name but another uid is a new claim: the old one is gone.
    if (claim && claim.metadata.uid !== ref.uid) claim = undefined;
    if (!claim) {
      this.releaseAndReclaim(volume);
    } else if (!volumeNameOf(claim)) {
      if (volumeModeMismatch(claim, volume)) {
        this.event(volume, 'Warning', 'VolumeMismatch', `Cannot bind PersistentVolume to requested PersistentVolumeClaim ${JSON.stringify(claim.metadata.name)} due to incompatible volumeMode.`);
        this.event(claim, 'Warning', 'VolumeMismatch', `Cannot bind PersistentVolume ${JSON.stringify(volume.metadata.name)} to requested PersistentVolumeClaim due to incompatible volumeMode.`);
        return;
      }
      // Typically a freshly provisioned volume: the claim's sync binds it.
      this.enqueue(`claim:${namespacedKey(claim)}`);
    } else if (volumeNameOf(claim) === volume.metadata.name) {
      this.updateVolumePhase(volume, 'Bound');
    } else if (hasAnnotation(volume, ANN_DYNAMICALLY_PROVISIONED) && reclaimPolicy(volume) === 'Delete') {
      // Provisioned for this claim, but the claim bound elsewhere: not needed any more.
      this.releaseAndReclaim(volume);
    } else {
      this.unbindVolume(volume);
    }
  }

  private releaseAndReclaim(volume: KubeObject): void {
    let current = volume;
    if (phaseOf(volume) !== 'Released' && phaseOf(volume) !== 'Failed') current = this.updateVolumePhase(volume, 'Released');
    reclaimVolume(this.api, current, {
      fail: (v, reason, message) => this.failVolume(v, reason, message),
      event: (v, type, reason, message) => this.event(v, type, reason, message),
      unbind: (v) => this.unbindVolume(v),
    });
  }

  private failVolume(volume: KubeObject, reason: string, message: string): void {
    if (phaseOf(volume) === 'Failed') return;
    const updated = this.updateVolumePhase(volume, 'Failed', message);
    this.event(updated, 'Warning', reason, message);
  }

  /** Roll back a binding: controller-made ones entirely, user pre-bindings only down to the name. */
  private unbindVolume(volume: KubeObject): void {
    const spec = { ...specOf(volume) };
    let meta = volume.metadata;
    if (hasAnnotation(volume, ANN_BOUND_BY_CONTROLLER)) {
      delete spec.claimRef;
      const { [ANN_BOUND_BY_CONTROLLER]: _drop, ...rest } = volume.metadata.annotations ?? {};
      meta = { ...meta, annotations: Object.keys(rest).length ? rest : undefined };
      if (!meta.annotations) delete meta.annotations;
    } else {
      const { uid: _uid, ...ref } = claimRefOf(volume) ?? {};
      spec.claimRef = ref;
    }
    const updated = this.api.update({ ...volume, metadata: meta, spec }, { trusted: true });
    this.updateVolumePhase(updated, 'Available');
  }

  // ---- binding -------------------------------------------------------------------------------

  /** Volume first, then claim: a half-done binding is finished by the next sync of either side. */
  private bind(volume: KubeObject, claim: KubeObject): void {
    let v = this.bindVolumeToClaim(volume, claim);
    v = this.updateVolumePhase(v, 'Bound');
    const c = this.bindClaimToVolume(claim, v);
    this.updateClaimStatus(c, 'Bound', v);
  }

  private bindVolumeToClaim(volume: KubeObject, claim: KubeObject): KubeObject {
    const ref = claimRefOf(volume);
    let next = volume;
    if (!ref || ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace || ref.uid !== claim.metadata.uid) {
      next = { ...next, spec: { ...specOf(next), claimRef: claimReference(claim) } };
    }
    if (!isVolumeBoundToClaim(volume, claim) && !hasAnnotation(next, ANN_BOUND_BY_CONTROLLER)) {
      next = withAnnotations(next, { [ANN_BOUND_BY_CONTROLLER]: 'yes' });
    }
    return next === volume ? volume : this.api.update(next, { trusted: true });
  }

  private bindClaimToVolume(claim: KubeObject, volume: KubeObject): KubeObject {
    let next = claim;
    if (volumeNameOf(claim) !== volume.metadata.name) {
      next = { ...next, spec: { ...specOf(next), volumeName: volume.metadata.name } };
      if (!hasAnnotation(next, ANN_BOUND_BY_CONTROLLER)) next = withAnnotations(next, { [ANN_BOUND_BY_CONTROLLER]: 'yes' });
    }
    if (!hasAnnotation(next, ANN_BIND_COMPLETED)) next = withAnnotations(next, { [ANN_BIND_COMPLETED]: 'yes' });
    return next === claim ? claim : this.api.update(next, { trusted: true });
  }

  private updateClaimStatus(claim: KubeObject, phase: string, volume?: KubeObject): KubeObject {
    const status: Record<string, unknown> = { ...statusOf(claim), phase };
    if (!volume) {
      delete status.accessModes;
      delete status.capacity;
    } else {
      status.accessModes = accessModes(volume);
      // Capacity is copied when the claim becomes Bound, not after: a resize may be in flight.
      if (phaseOf(claim) !== phase) status.capacity = specOf(volume).capacity;
    }
    if (deepEqual(status, statusOf(claim))) return claim;
    return this.api.updateStatus({ ...claim, status });
  }

  private updateVolumePhase(volume: KubeObject, phase: string, message = ''): KubeObject {
    if (phaseOf(volume) === phase) return volume;
    const status: Record<string, unknown> = { ...statusOf(volume), phase, lastPhaseTransitionTime: this.clock.nowRFC3339() };
    if (message) status.message = message;
    else delete status.message;
    return this.api.updateStatus({ ...volume, status });
  }

  private event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    this.recorder.event(obj, type, reason, message);
  }
}

/** checkVolumeSatisfyClaim: why a volume the user named cannot serve the claim, or '' when it can. */
function checkVolumeSatisfyClaim(volume: KubeObject, claim: KubeObject): string {
  if (volume.metadata.deletionTimestamp) return `the volume is marked for deletion ${JSON.stringify(volume.metadata.name)}`;
  if (storageCapacity(volume) < storageRequest(claim)) return 'requested PV is too small';
  if (volumeClass(volume) !== claimClass(claim)) return 'storageClassName does not match';
  if (volumeModeMismatch(claim, volume)) return 'incompatible volumeMode';
  if (!volumeOffersModes(claim, volume)) return 'incompatible accessMode';
  return '';
}
