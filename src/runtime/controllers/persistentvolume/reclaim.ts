// What the PV controller does with a released volume (reclaimVolume,
// deleteVolumeOperation, recycleVolumeOperation). Retain keeps the data and
// the volume stays Released until an admin steps in; Delete removes the disk —
// for CSI volumes that is the external provisioner's job, for the in-tree
// hostPath plugin only under /tmp; Recycle (deprecated) scrubs and reuses.
import type { ApiServer } from '../../api/apiserver';
import { isObject, type KubeObject } from '../../api/types';
import type { EventType } from '../../events/recorder';
import { ANN_DYNAMICALLY_PROVISIONED, claimRefOf, reclaimPolicy, specOf } from './volumeutil';

export interface ReclaimHooks {
  fail(volume: KubeObject, reason: string, message: string): void;
  event(volume: KubeObject, type: EventType, reason: string, message: string): void;
  unbind(volume: KubeObject): void;
}

export function reclaimVolume(api: ApiServer, volume: KubeObject, hooks: ReclaimHooks): void {
  switch (reclaimPolicy(volume)) {
    case 'Retain':
      return;
    case 'Delete':
      deleteVolume(api, volume, hooks);
      return;
    case 'Recycle':
      recycleVolume(volume, hooks);
      return;
    default:
      hooks.fail(volume, 'VolumeUnknownReclaimPolicy', 'Volume has unrecognized PersistentVolumeReclaimPolicy');
  }
}

function deleteVolume(api: ApiServer, volume: KubeObject, hooks: ReclaimHooks): void {
  if (!claimRefOf(volume)?.uid) return;
  const provisionedBy = volume.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED];
  // Provisioned by an external (CSI) provisioner, or a CSI volume: the external deleter owns it.
  if ((provisionedBy && !provisionedBy.startsWith('kubernetes.io/')) || specOf(volume).csi) return;
  const hostPath = specOf(volume).hostPath;
  if (isObject(hostPath)) {
    const path = typeof hostPath.path === 'string' ? hostPath.path : '';
    if (!/\/tmp\/.+/.test(path)) {
      hooks.fail(volume, 'VolumeFailedDelete', `host_path deleter only supports /tmp/.+ but received provided ${path}`);
      return;
    }
    if (!volume.metadata.deletionTimestamp) api.delete('persistentvolumes', volume.metadata.name ?? '');
    return;
  }
  hooks.fail(
    volume,
    'VolumeFailedDelete',
    `error getting deleter volume plugin for volume ${JSON.stringify(volume.metadata.name)}: no deletable volume plugin matched`,
  );
}

/** Only the NFS and hostPath plugins ever had a recycler (a scrubbing pod, simulated as instant). */
function recycleVolume(volume: KubeObject, hooks: ReclaimHooks): void {
  if (!isObject(specOf(volume).nfs) && !isObject(specOf(volume).hostPath)) {
    hooks.fail(volume, 'VolumeFailedRecycle', 'No recycler plugin found for the volume!');
    return;
  }
  hooks.event(volume, 'Normal', 'VolumeRecycled', 'Volume recycled');
  hooks.unbind(volume);
}
