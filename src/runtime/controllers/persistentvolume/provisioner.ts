// The vSphere CSI driver's provisioner sidecar (kubernetes-csi/external-provisioner
// on sig-storage-lib-external-provisioner). It picks up claims the PV controller
// annotated with `volume.kubernetes.io/storage-provisioner: csi.vsphere.vmware.com`,
// creates the disk — in vSphere, a CNS First Class Disk (a VMDK on the class's
// datastore) — and records it as a PersistentVolume pre-bound to the claim.
// When such a volume is Released under the Delete policy, it deletes the disk
// and the PersistentVolume.
import { formatQuantity } from '../../api/quantity';
import type { KubeObject } from '../../api/types';
import { EventRecorder } from '../../events/recorder';
import { Controller, namespacedKey, splitKey } from '../controller';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  accessModes,
  claimClass,
  claimReference,
  phaseOf,
  reclaimPolicy,
  specOf,
  storageRequest,
  volumeNameOf,
} from './volumeutil';

export const VSPHERE_CSI_DRIVER = 'csi.vsphere.vmware.com';
/** The library's finalizer, kept until the backing disk is gone (HonorPVReclaimPolicy). */
export const EXTERNAL_PROVISIONER_FINALIZER = 'external-provisioner.volume.kubernetes.io/finalizer';
/** Simulated CNS CreateVolume / DeleteVolume latency. */
export const PROVISION_DELAY_MS = 2_000;
export const DELETE_DELAY_MS = 1_000;

const MIB = 1024 * 1024;

export class CSIProvisioner extends Controller {
  readonly name = 'csi-provisioner';
  private inFlight = new Set<string>();
  private recorderCache: EventRecorder | undefined;
  private identityCache: string | undefined;
  private startedAt = 0;

  start(): this {
    this.startedAt = this.clock.now();
    this.watch('persistentvolumeclaims', (c) => `claim:${namespacedKey(c)}`);
    this.watch('persistentvolumes', (v) => `volume:${v.metadata.name ?? ''}`);
    return this;
  }

  protected reconcile(key: string): void {
    if (key.startsWith('claim:')) {
      const { namespace, name } = splitKey(key.slice(6));
      const claim = this.api.tryGet('persistentvolumeclaims', name, namespace);
      if (claim && this.shouldProvision(claim)) this.provision(claim);
    } else {
      const volume = this.api.tryGet('persistentvolumes', key.slice(7));
      if (volume) this.syncVolume(volume);
    }
  }

  // ---- provisioning --------------------------------------------------------------------------

  private shouldProvision(claim: KubeObject): boolean {
    if (volumeNameOf(claim) || claim.metadata.deletionTimestamp || this.inFlight.has(`p:${claim.metadata.uid ?? ''}`)) return false;
    const ann = claim.metadata.annotations ?? {};
    if ((ann[ANN_STORAGE_PROVISIONER] ?? ann[ANN_BETA_STORAGE_PROVISIONER]) !== VSPHERE_CSI_DRIVER) return false;
    const sc = this.api.tryGet('storageclasses', claimClass(claim));
    if (!sc || (sc.provisioner !== VSPHERE_CSI_DRIVER && sc.provisioner !== 'kubernetes.io/vsphere-volume')) return false;
    if (sc.volumeBindingMode === 'WaitForFirstConsumer' && ann[ANN_SELECTED_NODE] === undefined) return false;
    return !this.api.tryGet('persistentvolumes', pvNameFor(claim));
  }

  private provision(claim: KubeObject): void {
    const uid = claim.metadata.uid ?? '';
    this.inFlight.add(`p:${uid}`);
    this.recorder().event(claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim ${JSON.stringify(namespacedKey(claim))}`);
    this.clock.setTimer(PROVISION_DELAY_MS, () => {
      this.inFlight.delete(`p:${uid}`);
      const current = this.api.tryGet('persistentvolumeclaims', claim.metadata.name ?? '', claim.metadata.namespace);
      if (!current || current.metadata.uid !== uid || volumeNameOf(current)) return;
      const sc = this.api.tryGet('storageclasses', claimClass(current));
      if (!sc) return;
      const pv = this.api.create(this.volumeFor(current, sc), { trusted: true });
      this.recorder().event(current, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pv.metadata.name ?? ''}`);
    });
  }

  private volumeFor(claim: KubeObject, sc: KubeObject): KubeObject {
    const policy = typeof sc.reclaimPolicy === 'string' ? sc.reclaimPolicy : 'Delete';
    const block = specOf(claim).volumeMode === 'Block';
    const file = accessModes(claim).some((m) => m === 'ReadWriteMany' || m === 'ReadOnlyMany');
    const csi: Record<string, unknown> = {
      driver: VSPHERE_CSI_DRIVER,
      volumeAttributes: { 'storage.kubernetes.io/csiProvisionerIdentity': this.identity(), type: file ? 'vSphere CNS File Volume' : 'vSphere CNS Block Volume' },
      volumeHandle: file ? `file:${this.api.uuid()}` : this.api.uuid(),
    };
    if (!block) csi.fsType = 'ext4';
    const spec: Record<string, unknown> = {
      accessModes: accessModes(claim),
      // CNS allocates whole MiB and reports the size back in bytes; the sidecar prints it BinarySI.
      capacity: { storage: formatQuantity(Math.ceil(storageRequest(claim) / MIB) * MIB, 'BinarySI') },
      claimRef: claimReference(claim),
      csi,
      persistentVolumeReclaimPolicy: policy,
      storageClassName: claimClass(claim),
      volumeMode: block ? 'Block' : 'Filesystem',
    };
    if (Array.isArray(sc.mountOptions)) spec.mountOptions = sc.mountOptions;
    return {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name: pvNameFor(claim),
        annotations: {
          [ANN_DYNAMICALLY_PROVISIONED]: VSPHERE_CSI_DRIVER,
          'volume.kubernetes.io/provisioner-deletion-secret-name': '',
          'volume.kubernetes.io/provisioner-deletion-secret-namespace': '',
        },
        ...(policy === 'Delete' ? { finalizers: [EXTERNAL_PROVISIONER_FINALIZER] } : {}),
      },
      spec,
    };
  }

  // ---- deletion ------------------------------------------------------------------------------

  private syncVolume(volume: KubeObject): void {
    if (volume.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED] !== VSPHERE_CSI_DRIVER) return;
    const finalizers = volume.metadata.finalizers ?? [];
    if (reclaimPolicy(volume) !== 'Delete') {
      // Retained volumes keep their disk: the finalizer has nothing left to guard.
      if (finalizers.includes(EXTERNAL_PROVISIONER_FINALIZER)) this.dropFinalizer(volume);
      return;
    }
    if (phaseOf(volume) !== 'Released' || this.inFlight.has(`d:${volume.metadata.uid ?? ''}`)) return;
    if (volume.metadata.deletionTimestamp && !finalizers.includes(EXTERNAL_PROVISIONER_FINALIZER)) return;
    const uid = volume.metadata.uid ?? '';
    this.inFlight.add(`d:${uid}`);
    this.clock.setTimer(DELETE_DELAY_MS, () => {
      this.inFlight.delete(`d:${uid}`);
      const current = this.api.tryGet('persistentvolumes', volume.metadata.name ?? '');
      if (!current || current.metadata.uid !== uid || phaseOf(current) !== 'Released') return;
      if (!current.metadata.deletionTimestamp) this.api.delete('persistentvolumes', current.metadata.name ?? '');
      const after = this.api.tryGet('persistentvolumes', current.metadata.name ?? '');
      if (after && after.metadata.uid === uid) this.dropFinalizer(after);
    });
  }

  private dropFinalizer(volume: KubeObject): void {
    const finalizers = (volume.metadata.finalizers ?? []).filter((f) => f !== EXTERNAL_PROVISIONER_FINALIZER);
    const meta = { ...volume.metadata, finalizers };
    if (finalizers.length === 0) delete (meta as { finalizers?: string[] }).finalizers;
    this.api.update({ ...volume, metadata: meta }, { trusted: true });
  }

  // ---- identity ------------------------------------------------------------------------------

  /** `<start ms>-<random>-<driver>`, as the sidecar stamps each volume it creates. Made lazily so idle clusters draw no randomness. */
  private identity(): string {
    this.identityCache ??= `${this.startedAt}-${Math.floor(this.clock.random() * 10_000)}-${VSPHERE_CSI_DRIVER}`;
    return this.identityCache;
  }

  /** Events come from the sidecar's leader identity: `<driver>_<controller pod>_<uuid>`. */
  private recorder(): EventRecorder {
    this.recorderCache ??= new EventRecorder(this.api, {
      component: `${VSPHERE_CSI_DRIVER}_vsphere-csi-controller-${this.api.randomSuffix(10)}-${this.api.randomSuffix(5)}_${this.api.uuid()}`,
    });
    return this.recorderCache;
  }
}

export function pvNameFor(claim: KubeObject): string {
  return `pvc-${claim.metadata.uid ?? ''}`;
}
