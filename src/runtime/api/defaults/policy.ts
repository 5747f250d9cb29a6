// PodDisruptionBudget (policy/v1). policy/v1 has no defaulting functions; the
// registry (pkg/registry/policy/poddisruptionbudget/strategy.go) only resets
// the status on create. That empty status still serializes four counters,
// which are not omitempty in PodDisruptionBudgetStatus.
import type { KubeObject } from '../types';
import { ensureChild, setDefault } from './util';

export function defaultPodDisruptionBudget(obj: KubeObject): void {
  const status = ensureChild(obj, 'status');
  for (const key of ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods']) setDefault(status, key, 0);
}
