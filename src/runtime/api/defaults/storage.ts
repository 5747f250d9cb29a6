// PersistentVolume and PersistentVolumeClaim (v1), StorageClass and CSIDriver
// (storage.k8s.io/v1). Upstream: pkg/apis/core/v1/defaults.go
// SetDefaults_PersistentVolume, _PersistentVolumeClaim, _PersistentVolumeClaimSpec;
// pkg/apis/storage/v1/defaults.go SetDefaults_StorageClass, SetDefaults_CSIDriver;
// pkg/registry/core/persistentvolume/strategy.go PrepareForCreate.
import type { KubeObject } from '../types';
import { canonicalizeResourceList } from './quantity';
import { defaultLegacyVolumeSources, defaultPVCSpec } from './volumesource';
import { asObj, emptyList, ensureChild, setDefault, setDefaultString } from './util';

export function defaultPersistentVolume(obj: KubeObject, create: boolean): void {
  const spec = asObj(obj.spec);
  if (spec) {
    setDefaultString(spec, 'persistentVolumeReclaimPolicy', 'Retain');
    setDefault(spec, 'volumeMode', 'Filesystem');
    canonicalizeResourceList(spec.capacity);
    defaultLegacyVolumeSources(spec);
  }
  const status = ensureChild(obj, 'status');
  setDefaultString(status, 'phase', 'Pending');
  // The registry stamps the Pending phase with "now" (PersistentVolumeLastPhaseTransitionTime, GA):
  // on create that is the creation timestamp.
  if (create && typeof obj.metadata.creationTimestamp === 'string') {
    setDefault(status, 'lastPhaseTransitionTime', obj.metadata.creationTimestamp);
  }
}

export function defaultPersistentVolumeClaim(obj: KubeObject): void {
  const spec = ensureChild(obj, 'spec');
  if (spec) defaultPVCSpec(spec);
  const status = ensureChild(obj, 'status');
  setDefaultString(status, 'phase', 'Pending');
  canonicalizeResourceList(status?.capacity);
  canonicalizeResourceList(status?.allocatedResources);
}

export function defaultStorageClass(obj: KubeObject): void {
  setDefault(obj, 'reclaimPolicy', 'Delete');
  setDefault(obj, 'volumeBindingMode', 'Immediate');
}

export function defaultCSIDriver(obj: KubeObject): void {
  const spec = asObj(obj.spec);
  if (!spec) return;
  setDefault(spec, 'attachRequired', true);
  setDefault(spec, 'podInfoOnMount', false);
  setDefault(spec, 'storageCapacity', false);
  setDefault(spec, 'fsGroupPolicy', 'ReadWriteOnceWithFSType');
  if (emptyList(spec.volumeLifecycleModes)) spec.volumeLifecycleModes = ['Persistent'];
  setDefault(spec, 'requiresRepublish', false);
  setDefault(spec, 'seLinuxMount', false);
}
