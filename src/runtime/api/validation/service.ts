// Service.
// Upstream: pkg/apis/core/validation/validation.go (ValidateService,
// validateServicePort, validateServiceExternalTrafficPolicy,
// validateServiceInternalTrafficFieldsValue, ValidateServiceClusterIPsRelatedFields,
// ValidateServiceUpdate, validateUpgradeDowngradeClusterIPs,
// validateLoadBalancerClassField). The registry (pkg/registry/core/service/storage)
// normalizes clusterIP/clusterIPs and carries allocated values over on update
// before validating; the same is done here on a copy.
import { duplicate, forbiddenField, invalid, required, unsupported, type FieldError } from '../errors';
import type { KubeObject } from '../types';
import { CIDR_INVALID, IP_INVALID, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortNum, nameIsDNS1035Label, parseCIDRSloppy, parseIPSloppy } from './names';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './objectmeta';
import { validatePortNumOrName } from './podspec';
import { child, index, key, list, num, obj, str, type Obj } from './util';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;
const TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
const TOPOLOGY_HINTS = 'service.kubernetes.io/topology-aware-hints';

function clusterIPs(spec: Obj): string[] {
  return list(spec.clusterIPs).map(str);
}

function isHeadless(spec: Obj): boolean {
  const ips = clusterIPs(spec);
  return ips.length === 1 && ips[0] === 'None';
}

/** normalizeClusterIPs (create): clusterIPs follows a lone clusterIP. */
function normalized(svc: KubeObject, old?: KubeObject): Obj {
  const spec: Obj = { ...(obj(svc.spec) ?? {}) };
  const oldSpec = old ? (obj(old.spec) ?? {}) : undefined;
  if (spec.type === 'ExternalName' || oldSpec?.type === 'ExternalName') return spec;
  if (oldSpec) {
    // patchAllocatedValues: a client that omits the allocated IP keeps it.
    if (!str(spec.clusterIP) && str(oldSpec.clusterIP)) {
      spec.clusterIP = oldSpec.clusterIP;
      if (clusterIPs(spec).length === 0) spec.clusterIPs = oldSpec.clusterIPs;
    }
    if (str(spec.clusterIP) !== str(oldSpec.clusterIP) && JSON.stringify(spec.clusterIPs ?? null) === JSON.stringify(oldSpec.clusterIPs ?? null)) {
      spec.clusterIPs = str(spec.clusterIP) ? [spec.clusterIP] : [];
    }
  }
  if (str(spec.clusterIP) && clusterIPs(spec).length === 0) spec.clusterIPs = [spec.clusterIP];
  return spec;
}

/** The internal core.ServicePort used as the duplicate key (Go field names and order). */
function portKey(protocol: string, port: number): Obj {
  return { Name: '', Protocol: protocol, AppProtocol: null, Port: port, TargetPort: 0, NodePort: 0 };
}

function servicePort(sp: Obj, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(sp.name);
  if (requireName && !name) errs.push(required(child(path, 'name')));
  else if (name) {
    for (const m of isDNS1123Label(name)) errs.push(invalid(child(path, 'name'), name, m));
    if (names.has(name)) errs.push(duplicate(child(path, 'name'), name));
    else names.add(name);
  }
  const port = num(sp.port) ?? 0;
  for (const m of isValidPortNum(port)) errs.push(invalid(child(path, 'port'), port, m));
  const protocol = str(sp.protocol);
  if (!protocol) errs.push(required(child(path, 'protocol')));
  else if (!PROTOCOLS.includes(protocol)) errs.push(unsupported(child(path, 'protocol'), protocol, PROTOCOLS));
  errs.push(...validatePortNumOrName(sp.targetPort ?? 0, child(path, 'targetPort')));
  if (typeof sp.appProtocol === 'string') {
    for (const m of isQualifiedName(sp.appProtocol)) errs.push(invalid(child(path, 'appProtocol'), sp.appProtocol, m));
  }
  return errs;
}

function clusterIPsRelated(spec: Obj): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const ips = clusterIPs(spec);
  const path = 'spec.clusterIPs';
  if (str(spec.clusterIP)) {
    if (ips.length === 0) errs.push(required(path));
    else if (ips[0] !== spec.clusterIP) errs.push(invalid(path, ips, 'first value must match `clusterIP`'));
  } else if (ips.length !== 0) {
    errs.push(invalid(path, ips, 'must be empty when `clusterIP` is not specified'));
  }
  const seen = new Set<string>();
  list(spec.ipFamilies).forEach((f, i) => {
    const family = str(f);
    if (family !== 'IPv4' && family !== 'IPv6') errs.push(unsupported(index('spec.ipFamilies', i), family, ['IPv4', 'IPv6']));
    if (seen.has(family)) errs.push(duplicate(index('spec.ipFamilies', i), family));
    seen.add(family);
  });
  if (typeof spec.ipFamilyPolicy === 'string' && !['PreferDualStack', 'RequireDualStack', 'SingleStack'].includes(spec.ipFamilyPolicy)) {
    errs.push(unsupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, ['PreferDualStack', 'RequireDualStack', 'SingleStack']));
  }
  let badIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        badIPs = true;
        errs.push(invalid(path, ips, "'None' must be the first and only value"));
      }
      return;
    }
    if (!parseIPSloppy(ip)) {
      badIPs = true;
      errs.push(invalid(index(path, i), ip, IP_INVALID));
    }
  });
  if (ips.length > 2) errs.push(invalid(path, ips, 'may only hold up to 2 values'));
  if (badIPs) return errs;
  if (ips.length > 1 && new Set(ips.map(parseIPSloppy)).size !== ips.length) {
    errs.push(invalid(path, ips, 'may specify no more than one IP for each IP family'));
  }
  if (!isHeadless(spec)) {
    const families = list(spec.ipFamilies).map(str);
    ips.forEach((ip, i) => {
      if (i >= families.length) return;
      const v6 = parseIPSloppy(ip) === 6;
      if (families[i] === 'IPv4' && v6) errs.push(invalid(index(path, i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (families[i] === 'IPv6' && !v6) errs.push(invalid(index(path, i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    });
  }
  return errs;
}

function externallyAccessible(spec: Obj): boolean {
  return spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && list(spec.externalIPs).length > 0);
}

/** ValidateService: everything but the metadata-update and upgrade/downgrade checks. */
function serviceBody(svc: KubeObject, spec: Obj): FieldError[] {
  const errs = validateObjectMeta(svc.metadata, true, nameIsDNS1035Label);
  const annotations = obj(svc.metadata.annotations) ?? {};
  if (TOPOLOGY_MODE in annotations && TOPOLOGY_HINTS in annotations && annotations[TOPOLOGY_MODE] !== annotations[TOPOLOGY_HINTS]) {
    errs.push(invalid(key('metadata.annotations', TOPOLOGY_MODE), str(annotations[TOPOLOGY_MODE]), `must match annotations[${TOPOLOGY_HINTS}] when both are specified`));
  }
  const ports = list(spec.ports).map((p) => obj(p) ?? {});
  const type = str(spec.type);
  if (ports.length === 0 && !isHeadless(spec) && type !== 'ExternalName') errs.push(required('spec.ports'));
  if ((type === 'LoadBalancer' || type === 'NodePort') && isHeadless(spec)) {
    errs.push(invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${type} services`));
  } else if (type === 'ExternalName') {
    if (clusterIPs(spec).length > 0) errs.push(forbiddenField('spec.clusterIPs', 'may not be set for ExternalName services'));
    if (list(spec.ipFamilies).length > 0) errs.push(forbiddenField('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) errs.push(forbiddenField('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    const cname = str(spec.externalName).replace(/\.$/, '');
    if (cname) for (const m of isDNS1123Subdomain(cname)) errs.push(invalid('spec.externalName', cname, m));
    else errs.push(required('spec.externalName'));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...servicePort(p, ports.length > 1, names, index('spec.ports', i))));
  if (spec.selector !== undefined && spec.selector !== null) errs.push(...validateLabels(spec.selector, 'spec.selector'));

  const affinity = str(spec.sessionAffinity);
  if (!affinity) errs.push(required('spec.sessionAffinity'));
  else if (affinity !== 'ClientIP' && affinity !== 'None') errs.push(unsupported('spec.sessionAffinity', affinity, ['ClientIP', 'None']));
  const affinityConfig = obj(spec.sessionAffinityConfig);
  if (affinity === 'ClientIP') {
    const p = 'spec.sessionAffinityConfig';
    const why = 'when session affinity type is ClientIP';
    const clientIP = obj(affinityConfig?.clientIP);
    if (!affinityConfig) errs.push(required(p, why));
    else if (!clientIP) errs.push(required(`${p}.clientIP`, why));
    else if (clientIP.timeoutSeconds === undefined || clientIP.timeoutSeconds === null) errs.push(required(`${p}.clientIP.timeoutSeconds`, why));
    else {
      const t = num(clientIP.timeoutSeconds) ?? 0;
      if (t <= 0 || t > MAX_CLIENT_IP_AFFINITY_SECONDS) errs.push(invalid(`${p}.clientIP.timeoutSeconds`, t, `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`));
    }
  } else if (affinity === 'None' && affinityConfig) {
    errs.push(forbiddenField('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }

  errs.push(...clusterIPsRelated(spec));
  list(spec.externalIPs).forEach((ip, i) => {
    if (!parseIPSloppy(str(ip))) errs.push(invalid(index('spec.externalIPs', i), str(ip), IP_INVALID));
  });

  if (!type) errs.push(required('spec.type'));
  else if (!SERVICE_TYPES.includes(type)) errs.push(unsupported('spec.type', type, SERVICE_TYPES));
  if (type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if ((num(p.nodePort) ?? 0) !== 0) errs.push(forbiddenField(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const np = num(p.nodePort) ?? 0;
    if (np === 0) return;
    const k = `${str(p.protocol)}/${np}`;
    if (nodePorts.has(k)) errs.push(duplicate(`spec.ports[${i}].nodePort`, np));
    nodePorts.add(k);
  });
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const k = `${str(p.protocol)}/${num(p.port) ?? 0}`;
    if (portKeys.has(k)) errs.push(duplicate(`spec.ports[${i}]`, portKey(str(p.protocol), num(p.port) ?? 0)));
    portKeys.add(k);
  });

  const ranges = list(spec.loadBalancerSourceRanges).map(str);
  if (ranges.length > 0) {
    // The capital L in the path is upstream's.
    const p = 'spec.LoadBalancerSourceRanges';
    if (type !== 'LoadBalancer') errs.push(forbiddenField(p, "may only be used when `type` is 'LoadBalancer'"));
    ranges.forEach((r, i) => {
      if (!parseCIDRSloppy(r.trim())) errs.push(invalid(index(p, i), r.trim(), CIDR_INVALID));
    });
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts !== null && type !== 'LoadBalancer') {
    errs.push(forbiddenField('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  if (type === 'LoadBalancer' && (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null)) {
    // Upstream builds this path without "spec.".
    errs.push(required('allocateLoadBalancerNodePorts'));
  }
  if (type === 'LoadBalancer') {
    if (typeof spec.loadBalancerClass === 'string') {
      for (const m of isQualifiedName(spec.loadBalancerClass)) errs.push(invalid('spec.loadBalancerClass', spec.loadBalancerClass, m));
    }
  } else if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass !== null) {
    errs.push(forbiddenField('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'"));
  }

  const etp = str(spec.externalTrafficPolicy);
  if (!externallyAccessible(spec)) {
    if (etp) errs.push(invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'));
  } else if (!etp) {
    errs.push(required('spec.externalTrafficPolicy'));
  } else if (etp !== 'Cluster' && etp !== 'Local') {
    errs.push(unsupported('spec.externalTrafficPolicy', etp, ['Cluster', 'Local']));
  }
  const hcnp = num(spec.healthCheckNodePort) ?? 0;
  const needsHealthCheck = type === 'LoadBalancer' && etp === 'Local';
  if (!needsHealthCheck && hcnp !== 0) {
    errs.push(invalid('spec.healthCheckNodePort', hcnp, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  } else if (needsHealthCheck && hcnp !== 0) {
    // The port itself is allocated after validation in this simulator, so only a given one is checked.
    for (const m of isValidPortNum(hcnp)) errs.push(invalid('spec.healthCheckNodePort', hcnp, m));
  }

  const itp = spec.internalTrafficPolicy;
  if ((itp === undefined || itp === null) && (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP')) {
    errs.push(required('spec.internalTrafficPolicy'));
  }
  if (typeof itp === 'string' && itp !== 'Cluster' && itp !== 'Local') errs.push(unsupported('spec.internalTrafficPolicy', itp, ['Cluster', 'Local']));
  const td = spec.trafficDistribution;
  if (typeof td === 'string' && !['PreferClose', 'PreferSameZone', 'PreferSameNode'].includes(td)) {
    errs.push(unsupported('spec.trafficDistribution', td, ['PreferClose', 'PreferSameZone', 'PreferSameNode']));
  }
  return errs;
}

export function validateService(svc: KubeObject): FieldError[] {
  return serviceBody(svc, normalized(svc));
}

function upgradeDowngradeClusterIPs(spec: Obj, oldSpec: Obj): FieldError[] {
  if (spec.type === 'ExternalName' || oldSpec.type === 'ExternalName') return [];
  if (isHeadless(spec) && isHeadless(oldSpec)) return [];
  const now = clusterIPs(spec);
  const before = clusterIPs(oldSpec);
  const errs: FieldError[] = [];
  if (before.length === now.length) {
    before.forEach((ip, i) => {
      if (ip !== now[i]) errs.push(invalid(index('spec.clusterIPs', i), now, 'may not change once set'));
    });
  } else if (before.length > now.length) {
    if (now.length === 0) errs.push(invalid('spec.clusterIPs[0]', now, 'primary clusterIP can not be unset'));
    if (before.length > 0 && now.length > 0 && now[0] !== before[0]) errs.push(invalid('spec.clusterIPs[0]', now, 'may not change once set'));
    if (now.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
      errs.push(invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary clusterIP"));
    }
  } else if (before.length > 0 && now[0] !== before[0]) {
    errs.push(invalid('spec.clusterIPs[0]', now, 'may not change once set'));
  }
  return errs;
}

function upgradeDowngradeIPFamilies(spec: Obj, oldSpec: Obj): FieldError[] {
  if (spec.type === 'ExternalName' || oldSpec.type === 'ExternalName') return [];
  if (isHeadless(spec) !== isHeadless(oldSpec) || isHeadless(spec)) return [];
  const now = list(spec.ipFamilies).map(str);
  const before = list(oldSpec.ipFamilies).map(str);
  const errs: FieldError[] = [];
  if (before.length === now.length) {
    before.forEach((f, i) => {
      if (f !== now[i]) errs.push(invalid('spec.ipFamilies[0]', now, 'may not change once set'));
    });
  } else if (before.length > now.length) {
    if (clusterIPs(spec).length === 0) errs.push(invalid('spec.ipFamilies[0]', now, 'primary ipFamily can not be unset'));
    if (now.length > 0 && now[0] !== before[0]) errs.push(invalid('spec.ipFamilies[0]', clusterIPs(spec), 'may not change once set'));
    if (now.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
      errs.push(invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary ipFamily"));
    }
  } else if (before.length > 0 && now.length > 0 && now[0] !== before[0]) {
    errs.push(invalid('spec.ipFamilies[0]', clusterIPs(spec), 'may not change once set'));
  }
  return errs;
}

export function validateServiceUpdate(svc: KubeObject, old: KubeObject): FieldError[] {
  const spec = normalized(svc, old);
  const oldSpec = normalized(old);
  const errs = validateObjectMetaUpdate(svc.metadata, old.metadata);
  errs.push(...upgradeDowngradeClusterIPs(spec, oldSpec));
  errs.push(...upgradeDowngradeIPFamilies(spec, oldSpec));
  if (spec.type === 'LoadBalancer' && oldSpec.type === 'LoadBalancer' && (spec.loadBalancerClass ?? null) !== (oldSpec.loadBalancerClass ?? null)) {
    errs.push(invalid('spec.loadBalancerClass', spec.loadBalancerClass ?? null, 'may not change once set'));
  }
  const healthChecked = (s: Obj): boolean => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
  if (healthChecked(spec) && healthChecked(oldSpec) && num(spec.healthCheckNodePort) !== undefined && spec.healthCheckNodePort !== oldSpec.healthCheckNodePort) {
    errs.push(forbiddenField('spec.healthCheckNodePort', 'field is immutable'));
  }
  errs.push(...serviceBody(svc, spec));
  return errs;
}

