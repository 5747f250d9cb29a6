// Access modes and storage classes as the PV/PVC printers show them
// (helper.GetAccessModesAsString, GetPersistentVolume[Claim]Class).
import { asArray, field, type KubeObject } from '../../../runtime/api/types';
import { str } from './helpers';

const MODES: [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

export function accessModes(modes: unknown): string {
  const list = asArray(modes);
  return MODES.filter(([mode]) => list.includes(mode))
    .map(([, short]) => short)
    .join(',');
}

/** The beta annotation wins over spec.storageClassName, as upstream still reads it first. */
export function storageClassOf(obj: KubeObject): string {
  const beta = obj.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  return beta !== undefined ? beta : str(field(obj, 'spec', 'storageClassName'));
}
