// What a pod asks for, summed the way quota and the scheduler sum it: the
// containers together, or the largest init container if that is more.
import { parseQuantity } from '../quantity';
import { asArray, isObject, type KubeObject } from '../types';

export type ResourceList = Record<string, number>;

export function podRequestsAndLimits(pod: KubeObject): { requests: ResourceList; limits: ResourceList } {
  const spec = isObject(pod.spec) ? pod.spec : {};
  const sum = (list: unknown, which: 'requests' | 'limits'): ResourceList => {
    const out: ResourceList = {};
    for (const c of Array.isArray(list) ? list : []) {
      const res = isObject(c) && isObject(c.resources) ? c.resources[which] : undefined;
      if (!isObject(res)) continue;
      for (const [k, v] of Object.entries(res)) out[k] = (out[k] ?? 0) + (parseQuantity(v)?.value ?? 0);
    }
    return out;
  };
  const maxInit = (which: 'requests' | 'limits'): ResourceList => {
    const out: ResourceList = {};
    for (const c of Array.isArray(spec.initContainers) ? spec.initContainers : []) {
      for (const [k, v] of Object.entries(sum([c], which))) out[k] = Math.max(out[k] ?? 0, v);
    }
    return out;
  };
  const combine = (a: ResourceList, b: ResourceList): ResourceList => {
    const out = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = Math.max(out[k] ?? 0, v);
    return out;
  };
  return {
    requests: combine(sum(spec.containers, 'requests'), maxInit('requests')),
    limits: combine(sum(spec.containers, 'limits'), maxInit('limits')),
  };
}

export function containersOf(pod: KubeObject): Record<string, unknown>[] {
  const spec = isObject(pod.spec) ? pod.spec : {};
  const all = [...asArray(spec.initContainers), ...asArray(spec.containers)];
  return all.filter(isObject);
}
