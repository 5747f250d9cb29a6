// DefaultStorageClass: a claim that names no class gets the cluster's default
// one (the class annotated is-default-class), as a vSphere admin's VM disk
// lands on the default datastore policy.
import type { AdmissionPlugin } from '../apiserver';
import { isObject } from '../types';
import { newestDefaultClass } from './defaultclass';

const DEFAULT_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

export const defaultStorageClass: AdmissionPlugin = {
  name: 'DefaultStorageClass',
  admit(a) {
    if (a.operation !== 'CREATE' || a.type.group !== '' || a.type.kind !== 'PersistentVolumeClaim') return;
    const spec = a.object.spec;
    if (!isObject(spec) || spec.storageClassName !== undefined) return;
    const chosen = newestDefaultClass(a.api.list('storageclasses').items, DEFAULT_ANNOTATIONS);
    if (chosen) spec.storageClassName = chosen.metadata.name;
  },
};
