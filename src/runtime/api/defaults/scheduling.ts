// PriorityClass (scheduling.k8s.io/v1). Upstream: pkg/apis/scheduling/v1/defaults.go.
import type { KubeObject } from '../types';
import { setDefault } from './util';

export function defaultPriorityClass(obj: KubeObject): void {
  setDefault(obj, 'preemptionPolicy', 'PreemptLowerPriority');
}
