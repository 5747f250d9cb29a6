// PersistentVolumeClaims: printPersistentVolumeClaim. CAPACITY and ACCESS MODES
// stay blank until the claim is bound to a volume.
import { field, isObject } from '../../../runtime/api/types';
import { AGE, NAME, age, str } from './helpers';
import { accessModes, storageClassOf } from './storage';
import type { TablePrinter } from './types';

export const persistentVolumeClaimPrinter: TablePrinter = {
  columns: [
    NAME,
    { name: 'Status' },
    { name: 'Volume' },
    { name: 'Capacity' },
    { name: 'Access Modes' },
    { name: 'StorageClass' },
    { name: 'VolumeAttributesClass' },
    AGE,
    { name: 'VolumeMode', priority: 1 },
  ],
  row(pvc, ctx) {
    const spec = isObject(pvc.spec) ? pvc.spec : {};
    const bound = str(spec.volumeName) !== '';
    return [
      str(pvc.metadata.name),
      pvc.metadata.deletionTimestamp ? 'Terminating' : str(field(pvc, 'status', 'phase')),
      str(spec.volumeName),
      bound ? str(field(pvc, 'status', 'capacity', 'storage')) || '0' : '',
      bound ? accessModes(field(pvc, 'status', 'accessModes')) : '',
      storageClassOf(pvc),
      str(spec.volumeAttributesClassName) || '<unset>',
      age(pvc, ctx.now),
      str(spec.volumeMode) || '<unset>',
    ];
  },
};
