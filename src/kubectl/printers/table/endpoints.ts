// Endpoints: printEndpoints. At most three ip:port entries, then "+ N more...".
import { asArray, isObject } from '../../../runtime/api/types';
import { AGE, NAME, age, str } from './helpers';
import type { TablePrinter } from './types';

export const endpointsPrinter: TablePrinter = {
  columns: [NAME, { name: 'Endpoints' }, AGE],
  row(ep, ctx) {
    return [str(ep.metadata.name), formatEndpoints(ep.subsets), age(ep, ctx.now)];
  },
};

export function formatEndpoints(subsets: unknown): string {
  const list = asArray(subsets).filter(isObject);
  if (list.length === 0) return '<none>';
  const max = 3;
  const shown: string[] = [];
  let count = 0;
  for (const ss of list) {
    const addresses = asArray(ss.addresses).map((a) => str(isObject(a) ? a.ip : undefined));
    const ports = asArray(ss.ports).filter(isObject);
    // A headless service may have no ports: then the bare IPs count.
    const targets = ports.length === 0 ? [addresses] : ports.map((p) => addresses.map((ip) => joinHostPort(ip, str(p.port))));
    for (const group of targets) {
      count += group.length;
      for (const t of group) if (shown.length < max) shown.push(t);
    }
  }
  const text = shown.join(',');
  return count > max ? `${text} + ${count - max} more...` : text;
}

/** net.JoinHostPort: IPv6 addresses get brackets. */
function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
