// Priority admission: resolves spec.priorityClassName to spec.priority (the
// global default class, else 0) and copies the class's preemption policy.
import { forbidden } from '../errors';
import type { AdmissionPlugin } from '../apiserver';
import { isObject, type KubeObject } from '../types';

const SYSTEM: Record<string, number> = { 'system-cluster-critical': 2000000000, 'system-node-critical': 2000001000 };

export const priority: AdmissionPlugin = {
  name: 'Priority',
  admit(a) {
    if (a.operation !== 'CREATE' || a.type.group !== '' || a.type.kind !== 'Pod') return;
    const spec = a.object.spec;
    if (!isObject(spec)) return;
    const className = typeof spec.priorityClassName === 'string' ? spec.priorityClassName : '';
    let pc: KubeObject | undefined;
    if (className) {
      pc = a.api.tryGet('priorityclasses', className);
      if (!pc && !(className in SYSTEM)) throw forbidden('pods', a.name, `no PriorityClass with name ${className} was found`);
    } else {
      pc = a.api.list('priorityclasses').items.find((p) => p.globalDefault === true);
      if (pc) spec.priorityClassName = pc.metadata.name;
    }
    const value = pc ? Number(pc.value ?? 0) : className ? SYSTEM[className] : 0;
    if (typeof spec.priority === 'number' && spec.priority !== value) {
      throw forbidden('pods', a.name, 'the integer value of priority must not be provided in pod spec; priority admission controller computed ' + value + ' from the given PriorityClass name');
    }
    spec.priority = value;
    if (spec.preemptionPolicy === undefined) spec.preemptionPolicy = (pc?.preemptionPolicy) ?? 'PreemptLowerPriority';
  },
};
