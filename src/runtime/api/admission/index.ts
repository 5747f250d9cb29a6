// The admission chain in the order kube-apiserver runs its default plugins.
import type { AdmissionPlugin } from '../apiserver';
import { defaultIngressClass } from './defaultingressclass';
import { defaultStorageClass } from './defaultstorageclass';
import { defaultTolerationSeconds } from './defaulttolerationseconds';
import { limitRanger } from './limitranger';
import { namespaceLifecycle } from './namespacelifecycle';
import { priority } from './priority';
import { resourceQuota } from './resourcequota';
import { serviceAccount } from './serviceaccount';

export function admissionChain(): AdmissionPlugin[] {
  return [namespaceLifecycle, limitRanger, serviceAccount, defaultTolerationSeconds, defaultStorageClass, priority, defaultIngressClass, resourceQuota];
}
