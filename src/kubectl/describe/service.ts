// The service describer: type, IP families and cluster IPs, external and
// load-balancer addresses, each port with its target, node port and ready
// endpoints, and the traffic policies.
import type { KubeObject } from '../../runtime/api/types';
import { printAnnotationsMultiline, printLabelsMultiline } from './blocks';
import { eventsOf, type DescribeContext } from './context';
import { formatEndpointSlices, serviceEndpointSlices } from './endpointslices';
import { describeEvents } from './events';
import { formatLabels, list, num, obj, spec, status, str, strings } from './format';
import { tabbedString, LEVEL_0 } from './writer';

export function describeService(ctx: DescribeContext, svc: KubeObject): string {
  const s = spec(svc);
  const slices = serviceEndpointSlices(ctx, svc.metadata.namespace ?? '', svc.metadata.name ?? '');
  const events = eventsOf(ctx, svc);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${svc.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${svc.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', svc.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', svc.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${formatLabels(s.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${str(s.type)}\n`);
    if (typeof s.ipFamilyPolicy === 'string') w.write(LEVEL_0, `IP Family Policy:\t${s.ipFamilyPolicy}\n`);
    const families = strings(s.ipFamilies);
    w.write(LEVEL_0, `IP Families:\t${families.length ? families.join(',') : '<none>'}\n`);
    w.write(LEVEL_0, `IP:\t${str(s.clusterIP)}\n`);
    const ips = strings(s.clusterIPs);
    w.write(LEVEL_0, `IPs:\t${ips.length ? ips.join(',') : '<none>'}\n`);
    if (strings(s.externalIPs).length) w.write(LEVEL_0, `External IPs:\t${strings(s.externalIPs).join(',')}\n`);
    if (str(s.loadBalancerIP)) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${str(s.loadBalancerIP)}\n`);
    if (str(s.externalName)) w.write(LEVEL_0, `External Name:\t${str(s.externalName)}\n`);
    const ingress = list(obj(status(svc).loadBalancer).ingress);
    if (ingress.length) w.write(LEVEL_0, `LoadBalancer Ingress:\t${loadBalancerIngress(ingress)}\n`);
    for (const p of list(s.ports)) {
      const name = str(p.name) || '<unset>';
      const protocol = str(p.protocol);
      w.write(LEVEL_0, `Port:\t${name}\t${num(p.port)}/${protocol}\n`);
      w.write(LEVEL_0, `TargetPort:\t${str(p.targetPort)}/${protocol}\n`);
      if (num(p.nodePort) !== 0) w.write(LEVEL_0, `NodePort:\t${name}\t${num(p.nodePort)}/${protocol}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, new Set([str(p.name)]))}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${str(s.sessionAffinity)}\n`);
    if (str(s.externalTrafficPolicy)) w.write(LEVEL_0, `External Traffic Policy:\t${str(s.externalTrafficPolicy)}\n`);
    if (typeof s.internalTrafficPolicy === 'string') w.write(LEVEL_0, `Internal Traffic Policy:\t${s.internalTrafficPolicy}\n`);
    if (num(s.healthCheckNodePort) !== 0) w.write(LEVEL_0, `HealthCheck NodePort:\t${num(s.healthCheckNodePort)}\n`);
    if (strings(s.loadBalancerSourceRanges).length) w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${strings(s.loadBalancerSourceRanges).join(',')}\n`);
    if (str(s.trafficDistribution)) w.write(LEVEL_0, `Traffic Distribution:\t${str(s.trafficDistribution)}\n`);
    describeEvents(events, w, ctx.now);
  });
}

/** buildIngressString: `ip (ipMode)` or the hostname, comma separated. */
function loadBalancerIngress(ingress: Record<string, unknown>[]): string {
  return ingress
    .map((i) => (str(i.ip) ? `${str(i.ip)}${typeof i.ipMode === 'string' ? ` (${i.ipMode})` : ''}` : str(i.hostname)))
    .join(', ');
}
