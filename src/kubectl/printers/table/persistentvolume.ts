// PersistentVolumes: printPersistentVolume. CLAIM is namespace/name; VOLUMEMODE only with -o wide.
import { field, isObject } from '../../../runtime/api/types';
import { AGE, NAME, age, str } from './helpers';
import { accessModes, storageClassOf } from './storage';
import type { TablePrinter } from './types';

export const persistentVolumePrinter: TablePrinter = {
  columns: [
    NAME,
    { name: 'Capacity' },
    { name: 'Access Modes' },
    { name: 'Reclaim Policy' },
    { name: 'Status' },
    { name: 'Claim' },
    { name: 'StorageClass' },
    { name: 'VolumeAttributesClass' },
    { name: 'Reason' },
    AGE,
    { name: 'VolumeMode', priority: 1 },
  ],
  row(pv, ctx) {
    const spec = isObject(pv.spec) ? pv.spec : {};
    const claim = isObject(spec.claimRef) ? `${str(spec.claimRef.namespace)}/${str(spec.claimRef.name)}` : '';
    return [
      str(pv.metadata.name),
      str(field(spec, 'capacity', 'storage')) || '0',
      accessModes(spec.accessModes),
      str(spec.persistentVolumeReclaimPolicy),
      pv.metadata.deletionTimestamp ? 'Terminating' : str(field(pv, 'status', 'phase')),
      claim,
      storageClassOf(pv),
      str(spec.volumeAttributesClassName) || '<unset>',
      str(field(pv, 'status', 'reason')),
      age(pv, ctx.now),
      str(spec.volumeMode) || '<unset>',
    ];
  },
};
