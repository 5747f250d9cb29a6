// HorizontalPodAutoscaler (autoscaling/v1 and v2).
// Upstream: pkg/apis/autoscaling/validation/validation.go
// (ValidateHorizontalPodAutoscaler, validateHorizontalPodAutoscalerSpec,
// ValidateCrossVersionObjectReference, validateMetricSpec, validateBehavior).
// HPAScaleToZero is off by default, so minReplicas must be at least 1.
import { forbiddenField, invalid, required, unsupported, type FieldError } from '../errors';
import type { KubeObject } from '../types';
import { nameIsDNSSubdomain, pathSegmentName } from './names';
import { validateObjectMeta, validateObjectMetaUpdate } from './objectmeta';
import { child, index, list, num, obj, str, type Obj } from './util';

const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SOURCE_FIELD: Record<string, string> = { Object: 'object', Pods: 'pods', Resource: 'resource', External: 'external', ContainerResource: 'containerResource' };
const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW = 3600;

function crossVersionRef(ref: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['kind', 'name']) {
    const v = str(ref[f]);
    if (!v) errs.push(required(child(path, f)));
    else for (const m of pathSegmentName(v, false)) errs.push(invalid(child(path, f), v, m));
  }
  return errs;
}

function metricSpec(m: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(m.type);
  if (!type) errs.push(required(child(path, 'type'), 'must specify a metric source type'));
  if (!METRIC_TYPES.includes(type)) errs.push(unsupported(child(path, 'type'), type, METRIC_TYPES));
  const present = Object.values(SOURCE_FIELD).filter((f) => obj(m[f]));
  const expected = SOURCE_FIELD[type];
  if (expected) {
    if (!obj(m[expected])) errs.push(required(child(path, expected), 'must populate information for the given metric source'));
  } else if (type) {
    errs.push(unsupported(child(path, 'type'), type, METRIC_TYPES));
  }
  if (present.length !== 1) {
    for (const f of present) if (f !== expected) errs.push(forbiddenField(child(path, f), 'must populate the given metric source only'));
  }
  return errs;
}

function scalingRules(raw: unknown, path: string): FieldError[] {
  const rules = obj(raw);
  if (!rules) return [];
  const errs: FieldError[] = [];
  const window = num(rules.stabilizationWindowSeconds);
  if (window !== undefined && window < 0) errs.push(invalid(child(path, 'stabilizationWindowSeconds'), window, 'must be greater than or equal to zero'));
  if (window !== undefined && window > MAX_STABILIZATION_WINDOW) {
    errs.push(invalid(child(path, 'stabilizationWindowSeconds'), window, `must be less than or equal to ${MAX_STABILIZATION_WINDOW}`));
  }
  if (typeof rules.selectPolicy === 'string' && !['Disabled', 'Max', 'Min'].includes(rules.selectPolicy)) {
    errs.push(unsupported(child(path, 'selectPolicy'), rules.selectPolicy, ['Disabled', 'Max', 'Min']));
  }
  const policies = list(rules.policies);
  if (policies.length === 0) errs.push(required(child(path, 'policies'), 'must specify at least one Policy'));
  policies.forEach((p, i) => {
    const policy = obj(p) ?? {};
    const pp = index(child(path, 'policies'), i);
    const type = str(policy.type);
    if (type !== 'Pods' && type !== 'Percent') errs.push(unsupported(child(pp, 'type'), type, ['Percent', 'Pods']));
    const value = num(policy.value) ?? 0;
    if (value <= 0) errs.push(invalid(child(pp, 'value'), value, 'must be greater than zero'));
    const period = num(policy.periodSeconds) ?? 0;
    if (period <= 0) errs.push(invalid(child(pp, 'periodSeconds'), period, 'must be greater than zero'));
    if (period > MAX_PERIOD_SECONDS) errs.push(invalid(child(pp, 'periodSeconds'), period, `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
  });
  return errs;
}

function hpaSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const min = num(spec.minReplicas);
  const max = num(spec.maxReplicas) ?? 0;
  if (min !== undefined && min < 1) errs.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (min !== undefined && max < min) errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  errs.push(...crossVersionRef(obj(spec.scaleTargetRef) ?? {}, 'spec.scaleTargetRef'));
  list(spec.metrics).forEach((m, i) => errs.push(...metricSpec(obj(m) ?? {}, index('spec.metrics', i))));
  const behavior = obj(spec.behavior);
  if (behavior) {
    errs.push(...scalingRules(behavior.scaleUp, 'spec.behavior.scaleUp'));
    errs.push(...scalingRules(behavior.scaleDown, 'spec.behavior.scaleDown'));
  }
  return errs;
}

export function validateHPA(hpa: KubeObject): FieldError[] {
  return [...validateObjectMeta(hpa.metadata, true, nameIsDNSSubdomain), ...hpaSpec(obj(hpa.spec) ?? {})];
}

export function validateHPAUpdate(hpa: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(hpa.metadata, old.metadata), ...hpaSpec(obj(hpa.spec) ?? {})];
}
