// DefaultTolerationSeconds: a pod that says nothing about not-ready or
// unreachable nodes tolerates them for 300 s, then the node lifecycle
// controller evicts it — the delay before Kubernetes' "HA restart".
import type { AdmissionPlugin } from '../apiserver';
import { freeze } from '../store';
import { isObject } from '../types';

const TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];
/** Every pod gets the same two tolerations, and stored objects are never mutated: pods share frozen ones. */
const DEFAULT_TOLERATIONS = new Map(TAINTS.map((key) => [key, freeze({ effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: 300 })]));

export const defaultTolerationSeconds: AdmissionPlugin = {
  name: 'DefaultTolerationSeconds',
  admit(a) {
    if (a.operation !== 'CREATE' || a.type.group !== '' || a.type.kind !== 'Pod') return;
    const spec = a.object.spec;
    if (!isObject(spec)) return;
    const tolerations = Array.isArray(spec.tolerations) ? spec.tolerations : [];
    for (const key of TAINTS) {
      const tolerated = tolerations.some(
        (t) => isObject(t) && (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'),
      );
      if (!tolerated) tolerations.push(DEFAULT_TOLERATIONS.get(key));
    }
    spec.tolerations = tolerations;
  },
};
