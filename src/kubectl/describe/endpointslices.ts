// formatEndpointSlices: the ready `ip:port` endpoints of a service's
// EndpointSlices for one port name, at most three then `+ N more...`.
import type { DescribeContext } from './context';
import type { KubeObject } from '../../runtime/api/types';
import { list, num, obj, str, strings } from './format';

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MAX = 3;

export function serviceEndpointSlices(ctx: DescribeContext, namespace: string, service: string): KubeObject[] {
  return ctx.api.list('endpointslices.discovery.k8s.io', { namespace, labelSelector: `${SERVICE_NAME_LABEL}=${service}` }).items;
}

/** net.JoinHostPort: IPv6 addresses in brackets. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** `portNames` undefined means every port. */
export function formatEndpointSlices(slices: KubeObject[], portNames: Set<string> | undefined): string {
  if (slices.length === 0) return '<none>';
  const out: string[] = [];
  let more = false;
  let count = 0;
  const take = (entry: string, ready: boolean): void => {
    if (out.length === MAX) more = true;
    if (!ready) return;
    if (!more) out.push(entry);
    count++;
  };
  for (const slice of slices) {
    const endpoints = list(slice.endpoints);
    const ports = list(slice.ports);
    // A nil Ready condition counts as ready.
    const isReady = (e: Record<string, unknown>): boolean => obj(e.conditions).ready !== false;
    if (ports.length === 0) {
      for (const e of endpoints) take(strings(e.addresses)[0] ?? '', isReady(e));
      continue;
    }
    for (const p of ports) {
      if (portNames && !portNames.has(str(p.name))) continue;
      for (const e of endpoints) take(joinHostPort(strings(e.addresses)[0] ?? '', num(p.port)), isReady(e));
    }
  }
  const text = out.join(',');
  return more ? `${text} + ${count - MAX} more...` : text;
}
