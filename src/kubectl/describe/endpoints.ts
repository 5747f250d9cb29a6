// Endpoints and EndpointSlice describers.
import type { KubeObject } from '../../runtime/api/types';
import { printAnnotationsMultiline, printLabelsMultiline } from './blocks';
import { eventsOf, type DescribeContext } from './context';
import { describeEvents } from './events';
import { list, num, obj, str, strings } from './format';
import { tabbedString, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3 } from './writer';

export function describeEndpoints(ctx: DescribeContext, ep: KubeObject): string {
  const events = eventsOf(ctx, ep);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ep.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${ep.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', ep.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ep.metadata.annotations);
    w.write(LEVEL_0, 'Subsets:\n');
    for (const subset of list(ep.subsets)) {
      const ips = (key: string): string => list(subset[key]).map((a) => str(a.ip)).join(',') || '<none>';
      w.write(LEVEL_1, `Addresses:\t${ips('addresses')}\n`);
      w.write(LEVEL_1, `NotReadyAddresses:\t${ips('notReadyAddresses')}\n`);
      const ports = list(subset.ports);
      if (ports.length) {
        w.write(LEVEL_1, 'Ports:\n');
        w.write(LEVEL_2, 'Name\tPort\tProtocol\n');
        w.write(LEVEL_2, '----\t----\t--------\n');
        for (const p of ports) w.write(LEVEL_2, `${str(p.name) || '<unset>'}\t${num(p.port)}\t${str(p.protocol)}\n`);
      }
      w.write(LEVEL_0, '\n');
    }
    describeEvents(events, w, ctx.now);
  });
}

export function describeEndpointSlice(ctx: DescribeContext, eps: KubeObject): string {
  const events = eventsOf(ctx, eps);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${eps.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${eps.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', eps.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', eps.metadata.annotations);
    w.write(LEVEL_0, `AddressType:\t${str(eps.addressType)}\n`);
    const ports = list(eps.ports);
    if (ports.length === 0) {
      w.write(LEVEL_0, 'Ports: <unset>\n');
    } else {
      w.write(LEVEL_0, 'Ports:\n');
      w.write(LEVEL_1, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_1, '----\t----\t--------\n');
      for (const p of ports) w.write(LEVEL_1, `${str(p.name) || '<unset>'}\t${typeof p.port === 'number' ? p.port : '<unset>'}\t${str(p.protocol)}\n`);
    }
    const endpoints = list(eps.endpoints);
    if (endpoints.length === 0) {
      w.write(LEVEL_0, 'Endpoints: <none>\n');
    } else {
      w.write(LEVEL_0, 'Endpoints:\n');
      for (const e of endpoints) {
        w.write(LEVEL_1, `- Addresses:\t${strings(e.addresses).join(', ') || '<none>'}\n`);
        w.write(LEVEL_2, 'Conditions:\n');
        const ready = obj(e.conditions).ready;
        w.write(LEVEL_3, `Ready:\t${typeof ready === 'boolean' ? String(ready) : '<unset>'}\n`);
        w.write(LEVEL_2, `Hostname:\t${typeof e.hostname === 'string' ? e.hostname : '<unset>'}\n`);
        const target = obj(e.targetRef);
        if (e.targetRef) w.write(LEVEL_2, `TargetRef:\t${str(target.kind)}/${str(target.name)}\n`);
        w.write(LEVEL_2, `NodeName:\t${typeof e.nodeName === 'string' ? e.nodeName : '<unset>'}\n`);
        w.write(LEVEL_2, `Zone:\t${typeof e.zone === 'string' ? e.zone : '<unset>'}\n`);
      }
    }
    describeEvents(events, w, ctx.now);
  });
}
