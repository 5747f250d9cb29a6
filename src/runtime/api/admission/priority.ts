// Priority admission: resolves spec.priorityClassName to spec.priority (the
// global default class, else 0) and the class's preemption policy, and keeps
// PriorityClasses to a single globalDefault. Wording follows
// plugin/pkg/admission/priority/admission.go.
import { forbidden } from '../errors';
import type { AdmissionAttributes, AdmissionPlugin } from '../apiserver';
import { isObject, type KubeObject } from '../types';

/** The classes kube-apiserver creates at start-up. */
const SYSTEM: Record<string, number> = { 'system-cluster-critical': 2000000000, 'system-node-critical': 2000001000 };

/** If several classes claim globalDefault (a race), the lowest value wins. */
function defaultClass(a: AdmissionAttributes): KubeObject | undefined {
  let found: KubeObject | undefined;
  for (const pc of a.api.store.list('scheduling.k8s.io/priorityclasses')) {
    if (pc.globalDefault !== true) continue;
    if (!found || Number(found.value ?? 0) > Number(pc.value ?? 0)) found = pc;
  }
  return found;
}

export const priority: AdmissionPlugin = {
  name: 'Priority',
  admit(a) {
    if (a.type.group !== '' || a.type.kind !== 'Pod' || a.subresource) return;
    const spec = a.object.spec;
    if (!isObject(spec)) return;
    if (a.operation === 'UPDATE') {
      // What this plugin set on create survives an update that leaves it out.
      const old = isObject(a.old?.spec) ? a.old.spec : {};
      if (spec.priority === undefined && old.priority !== undefined) spec.priority = old.priority;
      if (spec.preemptionPolicy === undefined && old.preemptionPolicy !== undefined) spec.preemptionPolicy = old.preemptionPolicy;
      return;
    }
    if (a.operation !== 'CREATE') return;
    const className = typeof spec.priorityClassName === 'string' ? spec.priorityClassName : '';
    let value: number;
    let policy: string;
    if (className) {
      const pc = a.api.tryGet('priorityclasses', className);
      if (!pc && !(className in SYSTEM)) throw forbidden('pods', a.name, `no PriorityClass with name ${className} was found`);
      value = pc ? Number(pc.value ?? 0) : SYSTEM[className];
      policy = typeof pc?.preemptionPolicy === 'string' ? pc.preemptionPolicy : 'PreemptLowerPriority';
    } else {
      const pc = defaultClass(a);
      if (pc?.metadata.name) spec.priorityClassName = pc.metadata.name;
      value = pc ? Number(pc.value ?? 0) : 0;
      policy = typeof pc?.preemptionPolicy === 'string' ? pc.preemptionPolicy : 'PreemptLowerPriority';
    }
    if (typeof spec.priority === 'number' && spec.priority !== value) {
      throw forbidden(
        'pods',
        a.name,
        `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
      );
    }
    spec.priority = value;
    if (typeof spec.preemptionPolicy === 'string' && spec.preemptionPolicy !== policy) {
      throw forbidden(
        'pods',
        a.name,
        `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
      );
    }
    spec.preemptionPolicy = policy;
  },
  validate(a) {
    // Only one PriorityClass may be the global default.
    if (a.type.group !== 'scheduling.k8s.io' || a.type.kind !== 'PriorityClass' || a.subresource) return;
    if ((a.operation !== 'CREATE' && a.operation !== 'UPDATE') || a.object.globalDefault !== true) return;
    const current = defaultClass(a);
    if (!current?.metadata.name) return;
    if (a.operation === 'CREATE' || current.metadata.name !== a.name) {
      throw forbidden('priorityclasses.scheduling.k8s.io', a.name, `PriorityClass ${current.metadata.name} is already marked as default. Only one default can exist`);
    }
  },
};
