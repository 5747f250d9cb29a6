// Service (v1). Upstream: pkg/apis/core/v1/defaults.go SetDefaults_Service;
// IP-family fields from pkg/registry/core/service/storage/alloc.go
// initIPFamilyFields, for a single-stack IPv4 cluster. The cluster IPs and
// node ports themselves are allocated elsewhere.
import type { KubeObject } from '../types';
import { asObj, child, ensureChild, isNil, nonEmptyMap, objects, setDefault, setDefaultString, type Obj } from './util';

/** The cluster's service IP families, primary first (single-stack IPv4). */
export const CLUSTER_IP_FAMILIES = ['IPv4'] as const;
const DEFAULT_CLIENT_IP_TIMEOUT = 10800;

function familyOf(ip: string): 'IPv4' | 'IPv6' | undefined {
  if (ip.includes(':')) return 'IPv6';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return 'IPv4';
  return undefined;
}

function defaultIPFamilies(spec: Obj): void {
  const clusterIPs: unknown[] = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : typeof spec.clusterIP === 'string' && spec.clusterIP ? [spec.clusterIP] : [];
  const headless = spec.clusterIP === 'None' || clusterIPs[0] === 'None';
  const selectorless = !nonEmptyMap(spec.selector);
  if (isNil(spec.ipFamilyPolicy)) spec.ipFamilyPolicy = headless && selectorless ? 'RequireDualStack' : 'SingleStack';
  if (isNil(spec.ipFamilies)) spec.ipFamilies = [];
  const families = spec.ipFamilies;
  if (!Array.isArray(families)) return;
  // Families follow any cluster IPs the user asked for.
  for (let i = 0; i < clusterIPs.length; i++) {
    const ip: unknown = clusterIPs[i];
    if (ip === 'None') break;
    const fam = typeof ip === 'string' ? familyOf(ip) : undefined;
    if (i >= families.length && fam) families.push(fam);
  }
  if (families.length === 0) families.push(CLUSTER_IP_FAMILIES[0]);
  // Headless without selector may carry both families even on a single-stack cluster.
  if (headless && selectorless && families.length < 2 && spec.ipFamilyPolicy !== 'SingleStack') {
    families.push(families[0] === 'IPv6' ? 'IPv4' : 'IPv6');
  }
}

export function defaultService(obj: KubeObject): void {
  const spec = asObj(obj.spec);
  if (spec) {
    setDefaultString(spec, 'sessionAffinity', 'None');
    if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
    if (spec.sessionAffinity === 'ClientIP') {
      const timeout = child(child(spec, 'sessionAffinityConfig'), 'clientIP')?.timeoutSeconds;
      if (isNil(timeout)) spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_TIMEOUT } };
    }
    setDefaultString(spec, 'type', 'ClusterIP');
    for (const port of objects(spec.ports)) {
      setDefaultString(port, 'protocol', 'TCP');
      if ((isNil(port.targetPort) || port.targetPort === 0 || port.targetPort === '') && !isNil(port.port)) {
        port.targetPort = port.port;
      }
    }
    const type = spec.type;
    const externalIPs = Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0;
    const externallyAccessible = type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && externalIPs);
    if (externallyAccessible) setDefaultString(spec, 'externalTrafficPolicy', 'Cluster');
    if (type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer') setDefault(spec, 'internalTrafficPolicy', 'Cluster');
    if (type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
    if (type !== 'ExternalName') defaultIPFamilies(spec);
  }
  // ServiceStatus holds the LoadBalancerStatus struct: `status: {loadBalancer: {}}`.
  const lb = ensureChild(ensureChild(obj, 'status'), 'loadBalancer');
  if (spec?.type === 'LoadBalancer') {
    for (const ingress of objects(lb?.ingress)) {
      if (typeof ingress.ip === 'string' && ingress.ip !== '') setDefault(ingress, 'ipMode', 'VIP');
    }
  }
}
