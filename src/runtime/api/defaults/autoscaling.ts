// HorizontalPodAutoscaler, autoscaling/v2 and autoscaling/v1.
// Upstream: pkg/apis/autoscaling/v2/defaults.go (SetDefaults_HorizontalPodAutoscaler,
// SetDefaults_HorizontalPodAutoscalerBehavior: behavior is only filled in when
// the user gave one); pkg/apis/autoscaling/v1/defaults.go (minReplicas) plus
// the CPU target the v2 storage defaulting adds, which the v1 view reports as
// targetCPUUtilizationPercentage.
import type { KubeObject } from '../types';
import { canonicalizeField } from './quantity';
import { asObj, child, emptyList, ensureChild, isNil, objects, setDefault } from './util';

export const DEFAULT_CPU_UTILIZATION = 80;

type Rules = Record<string, unknown>;

function scaleUpDefaults(): Rules {
  return {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ],
  };
}

function scaleDownDefaults(): Rules {
  // No stabilizationWindowSeconds: the controller's flag (5 minutes) applies.
  return { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };
}

/** Keep every rule field the user set, take the rest from the defaults. */
function mergeRules(user: unknown, defaults: Rules): unknown {
  if (isNil(user)) return defaults;
  const u = asObj(user);
  if (!u) return user;
  for (const key of ['selectPolicy', 'stabilizationWindowSeconds', 'policies', 'tolerance']) {
    if (isNil(u[key]) && key in defaults) u[key] = defaults[key];
  }
  return u;
}

function canonicalizeTarget(target: unknown): void {
  const t = asObj(target);
  canonicalizeField(t, 'value');
  canonicalizeField(t, 'averageValue');
}

export function defaultHPAv2(obj: KubeObject): void {
  const spec = asObj(obj.spec);
  if (spec) {
    setDefault(spec, 'minReplicas', 1);
    if (emptyList(spec.metrics)) {
      spec.metrics = [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } },
      ];
    }
    for (const metric of objects(spec.metrics)) {
      for (const source of ['object', 'pods', 'resource', 'containerResource', 'external']) {
        canonicalizeTarget(child(child(metric, source), 'target'));
      }
    }
    const behavior = child(spec, 'behavior');
    if (behavior) {
      behavior.scaleUp = mergeRules(behavior.scaleUp, scaleUpDefaults());
      behavior.scaleDown = mergeRules(behavior.scaleDown, scaleDownDefaults());
    }
  }
  // desiredReplicas and currentMetrics are not omitempty in the v2 status.
  const status = ensureChild(obj, 'status');
  if (status) {
    setDefault(status, 'desiredReplicas', 0);
    if (!('currentMetrics' in status)) status.currentMetrics = null;
  }
}

export function defaultHPAv1(obj: KubeObject): void {
  const spec = asObj(obj.spec);
  if (spec) {
    setDefault(spec, 'minReplicas', 1);
    setDefault(spec, 'targetCPUUtilizationPercentage', DEFAULT_CPU_UTILIZATION);
  }
  const status = ensureChild(obj, 'status');
  setDefault(status, 'currentReplicas', 0);
  setDefault(status, 'desiredReplicas', 0);
}
