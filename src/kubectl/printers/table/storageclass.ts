// StorageClasses: printStorageClass. The default class gets " (default)";
// unset reclaim and binding modes print their defaults; the bool prints lower-case.
import { AGE, NAME, age, str } from './helpers';
import type { TablePrinter } from './types';

const DEFAULT_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

export const storageClassPrinter: TablePrinter = {
  columns: [NAME, { name: 'Provisioner' }, { name: 'ReclaimPolicy' }, { name: 'VolumeBindingMode' }, { name: 'AllowVolumeExpansion' }, AGE],
  row(sc, ctx) {
    const annotations = sc.metadata.annotations ?? {};
    const isDefault = DEFAULT_ANNOTATIONS.some((a) => annotations[a] === 'true');
    return [
      str(sc.metadata.name) + (isDefault ? ' (default)' : ''),
      str(sc.provisioner),
      str(sc.reclaimPolicy) || 'Delete',
      str(sc.volumeBindingMode) || 'Immediate',
      sc.allowVolumeExpansion === true,
      age(sc, ctx.now),
    ];
  },
};
