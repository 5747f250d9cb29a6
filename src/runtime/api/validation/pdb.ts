// PodDisruptionBudget (policy/v1).
// Upstream: pkg/apis/policy/validation/validation.go
// (ValidatePodDisruptionBudget, ValidatePodDisruptionBudgetSpec). The PDB
// strategy validates only the spec; its metadata gets the generic registry check
// (see index.ts), which runs only once the spec is valid.
import { invalid, unsupported, type FieldError } from '../errors';
import type { KubeObject } from '../types';
import { validateLabelSelector } from './objectmeta';
import { intOrStringValue, obj, selectorValue, type Obj } from './util';
import { notMoreThan100Percent, positiveIntOrPercent } from './workloads';

/** The internal policy.PodDisruptionBudgetSpec as encoding/json prints it. */
function specValue(spec: Obj): Obj {
  const opt = (v: unknown): unknown => (v === undefined || v === null ? null : intOrStringValue(v));
  return {
    MinAvailable: opt(spec.minAvailable),
    Selector: selectorValue(spec.selector),
    MaxUnavailable: opt(spec.maxUnavailable),
    UnhealthyPodEvictionPolicy: spec.unhealthyPodEvictionPolicy ?? null,
  };
}

export function validatePDB(pdb: KubeObject): FieldError[] {
  const spec = obj(pdb.spec) ?? {};
  const errs: FieldError[] = [];
  const has = (k: string): boolean => spec[k] !== undefined && spec[k] !== null;
  if (has('minAvailable') && has('maxUnavailable')) errs.push(invalid('spec', specValue(spec), 'minAvailable and maxUnavailable cannot be both set'));
  for (const f of ['minAvailable', 'maxUnavailable']) {
    if (!has(f)) continue;
    errs.push(...positiveIntOrPercent(spec[f], `spec.${f}`));
    errs.push(...notMoreThan100Percent(spec[f], `spec.${f}`));
  }
  errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (typeof policy === 'string' && policy !== 'AlwaysAllow' && policy !== 'IfHealthyBudget') {
    errs.push(unsupported('spec.unhealthyPodEvictionPolicy', policy, ['AlwaysAllow', 'IfHealthyBudget']));
  }
  return errs;
}
