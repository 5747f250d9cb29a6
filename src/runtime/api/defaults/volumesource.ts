// Defaults shared by Pod volumes, PersistentVolumes and claim templates.
// Upstream: pkg/apis/core/v1/defaults.go (SetDefaults_PersistentVolumeClaimSpec,
// SetDefaults_HostPathVolumeSource, SetDefaults_ResourceList) and the
// `+default=` markers on ISCSIVolumeSource, RBDVolumeSource,
// AzureDiskVolumeSource and ScaleIOVolumeSource in k8s.io/api/core/v1/types.go.
import { canonicalizeResourceList } from './quantity';
import { child, ensureChild, setDefault, setDefaultString, type Obj } from './util';

/** In-tree volume source fields that carry declarative defaults. */
export function defaultLegacyVolumeSources(src: Obj): void {
  setDefault(child(src, 'hostPath'), 'type', '');
  setDefaultString(child(src, 'iscsi'), 'iscsiInterface', 'default');
  const rbd = child(src, 'rbd');
  setDefaultString(rbd, 'pool', 'rbd');
  setDefaultString(rbd, 'user', 'admin');
  setDefaultString(rbd, 'keyring', '/etc/ceph/keyring');
  const azure = child(src, 'azureDisk');
  setDefault(azure, 'cachingMode', 'ReadWrite');
  setDefault(azure, 'fsType', 'ext4');
  setDefault(azure, 'readOnly', false);
  setDefault(azure, 'kind', 'Shared');
  const scaleIO = child(src, 'scaleIO');
  setDefaultString(scaleIO, 'storageMode', 'ThinProvisioned');
  setDefaultString(scaleIO, 'fsType', 'xfs');
}

/**
 * PersistentVolumeClaimSpec: volumeMode Filesystem. Its `resources` is a
 * struct (always written, `{}` when empty) holding resource lists.
 */
export function defaultPVCSpec(spec: Obj): void {
  setDefault(spec, 'volumeMode', 'Filesystem');
  const resources = ensureChild(spec, 'resources');
  if (resources) {
    canonicalizeResourceList(resources.limits);
    canonicalizeResourceList(resources.requests);
  }
}
