// DefaultStorageClass: a claim that names no class gets the cluster's default
// one (the class annotated is-default-class), as a vSphere admin's VM disk
// lands on the default datastore policy.
import type { AdmissionPlugin } from '../apiserver';
import { isObject } from '../types';

const DEFAULT_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

export const defaultStorageClass: AdmissionPlugin = {
  name: 'DefaultStorageClass',
  admit(a) {
    if (a.operation !== 'CREATE' || a.type.group !== '' || a.type.kind !== 'PersistentVolumeClaim') return;
    const spec = a.object.spec;
    if (!isObject(spec) || spec.storageClassName !== undefined) return;
    const defaults = a.api
      .list('storageclasses')
      .items.filter((sc) => DEFAULT_ANNOTATIONS.some((k) => sc.metadata.annotations?.[k] === 'true'))
      // With several defaults the newest wins (upstream since 1.26).
      .sort((x, y) => String(y.metadata.creationTimestamp).localeCompare(String(x.metadata.creationTimestamp)) || String(x.metadata.name).localeCompare(String(y.metadata.name)));
    if (defaults.length) spec.storageClassName = defaults[0].metadata.name;
  },
};
