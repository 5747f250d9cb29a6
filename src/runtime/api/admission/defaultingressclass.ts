// DefaultIngressClass: an Ingress that names no class (neither
// spec.ingressClassName nor the deprecated kubernetes.io/ingress.class
// annotation) gets the default IngressClass written in at creation, so
// `kubectl get ingress` shows CLASS nginx as on a real cluster.
import type { AdmissionPlugin } from '../apiserver';
import { isObject } from '../types';
import { newestDefaultClass } from './defaultclass';

const DEFAULT_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

export const defaultIngressClass: AdmissionPlugin = {
  name: 'DefaultIngressClass',
  admit(a) {
    if (a.operation !== 'CREATE' || a.type.group !== 'networking.k8s.io' || a.type.kind !== 'Ingress') return;
    const spec = a.object.spec;
    if (!isObject(spec) || spec.ingressClassName != null) return;
    if (a.object.metadata.annotations?.[LEGACY_CLASS_ANNOTATION] !== undefined) return;
    const chosen = newestDefaultClass(a.api.list('ingressclasses.networking.k8s.io').items, [DEFAULT_ANNOTATION]);
    if (chosen) spec.ingressClassName = chosen.metadata.name;
  },
};
