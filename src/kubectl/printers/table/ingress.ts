// Ingresses: printIngress. HOSTS at most three (`*` for none), PORTS 80 or "80, 443" with TLS.
import { asArray, field, isObject } from '../../../runtime/api/types';
import { AGE, NAME, age, loadBalancerStatus, str } from './helpers';
import type { TablePrinter } from './types';

export const ingressPrinter: TablePrinter = {
  columns: [NAME, { name: 'Class' }, { name: 'Hosts' }, { name: 'Address' }, { name: 'Ports' }, AGE],
  row(ing, ctx) {
    const spec = field(ing, 'spec');
    return [
      str(ing.metadata.name),
      str(field(spec, 'ingressClassName')) || '<none>',
      formatHosts(field(spec, 'rules')),
      loadBalancerStatus(field(ing, 'status'), ctx.wide),
      asArray(field(spec, 'tls')).length ? '80, 443' : '80',
      age(ing, ctx.now),
    ];
  },
};

function formatHosts(rules: unknown): string {
  const list = asArray(rules).filter(isObject);
  const max = 3;
  const hosts: string[] = [];
  let more = false;
  for (const rule of list) {
    if (hosts.length === max) more = true;
    if (!more && typeof rule.host === 'string' && rule.host !== '') hosts.push(rule.host);
  }
  if (hosts.length === 0) return '*';
  return more ? `${hosts.join(',')} + ${list.length - max} more...` : hosts.join(',');
}
