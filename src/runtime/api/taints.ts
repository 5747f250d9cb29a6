// The core/v1 helper's taint and toleration rules (pkg/apis/core/v1/helper),
// shared by the scheduler, the DaemonSet controller and node lifecycle.

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** Toleration.ToleratesTaint: an empty effect or key matches any; Exists ignores the value. */
export function toleratesTaint(tol: Toleration, taint: Taint): boolean {
  if (tol.effect && tol.effect !== taint.effect) return false;
  if (tol.key && tol.key !== taint.key) return false;
  const op = tol.operator || 'Equal';
  if (op === 'Exists') return true;
  return op === 'Equal' && (tol.value ?? '') === (taint.value ?? '');
}

/** A NodeSelectorRequirement against one label (or field) value: component-helpers' nodeaffinity. */
export function nodeSelectorRequirementMatches(op: unknown, values: readonly string[], value: string | undefined): boolean {
  switch (op) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(values[0])) return false;
      return op === 'Gt' ? Number(value) > Number(values[0]) : Number(value) < Number(values[0]);
    }
    default:
      return false;
  }
}
