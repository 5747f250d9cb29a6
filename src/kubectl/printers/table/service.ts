// Services: printService. EXTERNAL-IP depends on the type (<pending> for a
// LoadBalancer without an address); PORT(S) shows nodePorts as port:nodePort/proto.
import { asArray, field, isObject, type KubeObject } from '../../../runtime/api/types';
import { AGE, NAME, age, formatLabels, loadBalancerStatus, str } from './helpers';
import type { TablePrinter } from './types';

export const servicePrinter: TablePrinter = {
  columns: [NAME, { name: 'Type' }, { name: 'Cluster-IP' }, { name: 'External-IP' }, { name: 'Port(s)' }, AGE, { name: 'Selector', priority: 1 }],
  row(svc, ctx) {
    const spec = isObject(svc.spec) ? svc.spec : {};
    return [
      str(svc.metadata.name),
      str(spec.type),
      str(asArray(spec.clusterIPs)[0]) || '<none>',
      externalIP(svc, ctx.wide),
      portString(spec.ports) || '<none>',
      age(svc, ctx.now),
      formatLabels(spec.selector),
    ];
  },
};

function externalIP(svc: KubeObject, wide: boolean): string {
  const externalIPs = asArray(field(svc, 'spec', 'externalIPs')).map(String);
  switch (field(svc, 'spec', 'type')) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerStatus(field(svc, 'status'), wide);
      if (externalIPs.length) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return str(field(svc, 'spec', 'externalName'));
    default:
      return '<unknown>';
  }
}

/** makePortString: `80/TCP`, or `80:30080/TCP` with a nodePort. */
export function portString(ports: unknown): string {
  return asArray(ports)
    .filter(isObject)
    .map((p) => (typeof p.nodePort === 'number' && p.nodePort > 0 ? `${str(p.port)}:${p.nodePort}/${str(p.protocol)}` : `${str(p.port)}/${str(p.protocol)}`))
    .join(',');
}
