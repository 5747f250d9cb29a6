// NetworkPolicy, Ingress and IngressClass (networking.k8s.io/v1).
// Upstream: pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicy,
// SetDefaults_NetworkPolicyPort, SetDefaults_IngressClass.
import type { KubeObject } from '../types';
import { asObj, child, emptyList, ensureChild, objects, setDefault } from './util';

export function defaultNetworkPolicy(obj: KubeObject): void {
  const spec = asObj(obj.spec);
  if (!spec) return;
  // podSelector is a struct: an omitted one is written as `{}` (all pods).
  ensureChild(spec, 'podSelector');
  for (const rule of [...objects(spec.ingress), ...objects(spec.egress)]) {
    for (const port of objects(rule.ports)) setDefault(port, 'protocol', 'TCP');
  }
  if (emptyList(spec.policyTypes)) {
    spec.policyTypes = Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
}

export function defaultIngress(obj: KubeObject): void {
  // IngressStatus holds a struct: `status: {loadBalancer: {}}`.
  ensureChild(ensureChild(obj, 'status'), 'loadBalancer');
}

export function defaultIngressClass(obj: KubeObject): void {
  setDefault(child(child(obj, 'spec'), 'parameters'), 'scope', 'Cluster');
}
