// Ingress and IngressClass describers. Each backend shows the service port and
// the ready endpoints behind it: `web:80 (10.40.1.5:80,10.40.2.3:80)`.
import type { KubeObject } from '../../runtime/api/types';
import { printAnnotationsMultiline, printLabelsMultiline } from './blocks';
import { eventsOf, type DescribeContext } from './context';
import { formatEndpointSlices, serviceEndpointSlices } from './endpointslices';
import { describeEvents } from './events';
import { compare, list, num, obj, spec, status, str, strings } from './format';
import { tabbedString, LEVEL_0, LEVEL_1, LEVEL_2, type PrefixWriter } from './writer';

export function describeIngress(ctx: DescribeContext, ing: KubeObject): string {
  const s = spec(ing);
  const ns = ing.metadata.namespace ?? '';
  const events = eventsOf(ctx, ing);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ing.metadata.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', ing.metadata.labels);
    w.write(LEVEL_0, `Namespace:\t${ns}\n`);
    w.write(LEVEL_0, `Address:\t${loadBalancerAddresses(status(ing))}\n`);
    w.write(LEVEL_0, `Ingress Class:\t${typeof s.ingressClassName === 'string' ? s.ingressClassName : '<none>'}\n`);
    const defaultBackend = s.defaultBackend ? describeBackend(ctx, ns, obj(s.defaultBackend)) : '<default>';
    w.write(LEVEL_0, `Default backend:\t${defaultBackend}\n`);
    if (list(s.tls).length) describeTLS(list(s.tls), w);
    w.write(LEVEL_0, 'Rules:\n  Host\tPath\tBackends\n');
    w.write(LEVEL_1, '----\t----\t--------\n');
    let count = 0;
    for (const rule of list(s.rules)) {
      if (!rule.http) continue;
      count++;
      w.write(LEVEL_1, `${str(rule.host) || '*'}\t\n`);
      for (const path of list(obj(rule.http).paths)) {
        w.write(LEVEL_2, `\t${str(path.path)} \t${describeBackend(ctx, ns, obj(path.backend))}\n`);
      }
    }
    if (count === 0) w.write(LEVEL_1, `*\t*\t${defaultBackend}\n`);
    printAnnotationsMultiline(w, 'Annotations', ing.metadata.annotations);
    describeEvents(events, w, ctx.now);
  });
}

/** ingressLoadBalancerStatusStringerV1 (wide): unique IPs or hostnames, sorted, comma separated. */
function loadBalancerAddresses(st: Record<string, unknown>): string {
  const set = new Set<string>();
  for (const i of list(obj(st.loadBalancer).ingress)) {
    if (str(i.ip)) set.add(str(i.ip));
    else if (str(i.hostname)) set.add(str(i.hostname));
  }
  return [...set].sort(compare).join(',');
}

function describeBackend(ctx: DescribeContext, ns: string, backend: Record<string, unknown>): string {
  if (backend.service) {
    const svc = obj(backend.service);
    const port = obj(svc.port);
    const name = str(svc.name);
    const label = `${name}:${num(port.number) !== 0 ? num(port.number) : str(port.name)}`;
    const service = ctx.api.tryGet('services', name, ns);
    if (!service) return `${label} (<error: services "${name}" not found>)`;
    let portName = '';
    for (const sp of list(spec(service).ports)) {
      if (num(port.number) !== 0 && num(port.number) === num(sp.port)) portName = str(sp.name);
      else if (str(port.name) !== '' && str(port.name) === str(sp.name)) portName = str(sp.name);
    }
    return `${label} (${formatEndpointSlices(serviceEndpointSlices(ctx, ns, name), new Set([portName]))})`;
  }
  if (backend.resource) {
    const r = obj(backend.resource);
    return `APIGroup: ${typeof r.apiGroup === 'string' ? r.apiGroup : '<none>'}, Kind: ${str(r.kind)}, Name: ${str(r.name)}`;
  }
  return '';
}

function describeTLS(tls: Record<string, unknown>[], w: PrefixWriter): void {
  w.write(LEVEL_0, 'TLS:\n');
  for (const t of tls) {
    const hosts = strings(t.hosts).join(',');
    w.write(LEVEL_1, str(t.secretName) === '' ? `SNI routes ${hosts}\n` : `${str(t.secretName)} terminates ${hosts}\n`);
  }
}

export function describeIngressClass(ctx: DescribeContext, ic: KubeObject): string {
  const s = spec(ic);
  const events = eventsOf(ctx, ic);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ic.metadata.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', ic.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ic.metadata.annotations);
    w.write(LEVEL_0, `Controller:\t${str(s.controller)}\n`);
    if (s.parameters) {
      const p = obj(s.parameters);
      w.write(LEVEL_0, 'Parameters:\n');
      if (typeof p.apiGroup === 'string') w.write(LEVEL_1, `APIGroup:\t${p.apiGroup}\n`);
      w.write(LEVEL_1, `Kind:\t${str(p.kind)}\n`);
      w.write(LEVEL_1, `Name:\t${str(p.name)}\n`);
    }
    describeEvents(events, w, ctx.now);
  });
}
