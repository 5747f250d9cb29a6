// HorizontalPodAutoscalers: printHorizontalPodAutoscaler. TARGETS pairs each
// metric's current value with its target ("cpu: 42%/80%"), two at most.
import { asArray, field, isObject, type KubeObject } from '../../../runtime/api/types';
import { AGE, NAME, age, num, str } from './helpers';
import type { TablePrinter } from './types';

export const horizontalPodAutoscalerPrinter: TablePrinter = {
  columns: [NAME, { name: 'Reference' }, { name: 'Targets' }, { name: 'MinPods' }, { name: 'MaxPods' }, { name: 'Replicas' }, AGE],
  row(hpa, ctx) {
    const spec = isObject(hpa.spec) ? hpa.spec : {};
    const min = spec.minReplicas;
    const { metrics, current } = hpa.apiVersion === 'autoscaling/v1' ? fromV1(hpa) : { metrics: asArray(spec.metrics), current: asArray(field(hpa, 'status', 'currentMetrics')) };
    return [
      str(hpa.metadata.name),
      `${str(field(spec, 'scaleTargetRef', 'kind'))}/${str(field(spec, 'scaleTargetRef', 'name'))}`,
      formatMetrics(metrics, current),
      typeof min === 'number' ? String(min) : '<unset>',
      num(spec.maxReplicas),
      num(field(hpa, 'status', 'currentReplicas')),
      age(hpa, ctx.now),
    ];
  },
};

/** The store keeps autoscaling/v1 objects as sent; the server would show them converted to v2 (one CPU metric). */
function fromV1(hpa: KubeObject): { metrics: unknown[]; current: unknown[] } {
  const target = field(hpa, 'spec', 'targetCPUUtilizationPercentage');
  const now = field(hpa, 'status', 'currentCPUUtilizationPercentage');
  return {
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: typeof target === 'number' ? target : 80 } } }],
    current: typeof now === 'number' ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: now } } }] : [],
  };
}

function formatMetrics(specs: unknown[], statuses: unknown[]): string {
  if (specs.length === 0) return '<none>';
  const list = specs.map((spec, i) => formatMetric(spec, statuses[i]));
  const max = 2;
  const text = list.slice(0, max).join(', ');
  return list.length > max ? `${text} + ${list.length - max} more...` : text;
}

function formatMetric(spec: unknown, status: unknown): string {
  const type = str(field(spec, 'type'));
  switch (type) {
    case 'Resource':
    case 'ContainerResource':
      return resourceMetric(type === 'Resource' ? 'resource' : 'containerResource', spec, status);
    case 'Pods': {
      const current = field(status, 'pods', 'current', 'averageValue');
      return `${current === undefined ? '<unknown>' : str(current)}/${str(field(spec, 'pods', 'target', 'averageValue'))}`;
    }
    case 'Object':
    case 'External':
      return valueMetric(type === 'Object' ? 'object' : 'external', spec, status);
    default:
      return '<unknown type>';
  }
}

function resourceMetric(key: string, spec: unknown, status: unknown): string {
  const name = str(field(spec, key, 'name'));
  const target = field(spec, key, 'target');
  const current = field(status, key, 'current');
  if (field(target, 'averageValue') !== undefined) {
    return `${name}: ${field(status, key) === undefined ? '<unknown>' : str(field(current, 'averageValue'))}/${str(field(target, 'averageValue'))}`;
  }
  const cur = field(current, 'averageUtilization');
  const want = field(target, 'averageUtilization');
  return `${name}: ${typeof cur === 'number' ? `${cur}%` : '<unknown>'}/${typeof want === 'number' ? `${want}%` : '<auto>'}`;
}

function valueMetric(key: string, spec: unknown, status: unknown): string {
  const target = field(spec, key, 'target');
  const current = field(status, key, 'current');
  if (field(target, 'averageValue') !== undefined) {
    const cur = field(current, 'averageValue');
    return `${cur === undefined ? '<unknown>' : str(cur)}/${str(field(target, 'averageValue'))} (avg)`;
  }
  return `${field(status, key) === undefined ? '<unknown>' : str(field(current, 'value'))}/${str(field(target, 'value'))}`;
}
