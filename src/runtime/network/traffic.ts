// Load, made visible: n new connections to a target, each traced as the
// cluster would carry it, counted per pod. Through a Service, kube-proxy's
// iptables rules pick a ready endpoint at random for every connection (so
// the spread is even only on average) and ClientIP affinity pins a client to
// one pod; through an Ingress, ingress-nginx's default round_robin balancer
// takes the endpoints in turn (so the spread is exact). Kill a pod, settle,
// send again: its share moves to the others.
import { ipToInt, intToIp } from '../api/allocators/ipv4';
import { DEFAULT_CLIENT_IP } from './routes';
import type { DropReason, TraceOptions, TraceResult, Tracer } from './trace';

export interface TrafficOptions extends TraceOptions {
  /**
   * Where the requests come from (as for trace). Default: an outside client
   * for URLs, IPs and NodePorts; otherwise the host of the first Ready worker
   * node, the vantage point kube-proxy programs on every node.
   */
  from?: string;
  /** Spread an outside client's requests over this many source addresses (192.168.10.50, .51, …). */
  clients?: number;
}

export interface PodCount {
  /** `namespace/name`. */
  pod: string;
  node?: string;
  ip: string;
  count: number;
}

export interface DropCount {
  reason: DropReason;
  at: string;
  count: number;
}

export interface TrafficResult {
  target: string;
  from: string;
  requests: number;
  delivered: number;
  /** Who chose among the replicas. */
  balancer: 'kube-proxy' | 'ingress-nginx' | 'none';
  /** Requests per pod, sorted by pod. */
  pods: PodCount[];
  /** Requests that left the cluster (an ExternalName target, an outside address). */
  external: number;
  dropped: DropCount[];
}

function defaultSource(tracer: Tracer, target: string): string {
  if (/^https?:\/\//.test(target) || /^\d{1,3}(\.\d{1,3}){3}(:\d+)?$/.test(target) || /^(node|nodes|no)\//.test(target)) return 'client';
  const workers = tracer.deps.routes.nodes().filter((n) => n.ready && n.poweredOn && n.labels['node-role.kubernetes.io/control-plane'] === undefined);
  const first = workers[0] ?? tracer.deps.routes.nodes().find((n) => n.poweredOn);
  return first ? `node/${first.name}` : 'client';
}

function balancerOf(r: TraceResult): TrafficResult['balancer'] | undefined {
  if (r.hops.some((h) => h.kind === 'ingress')) return 'ingress-nginx';
  if (r.hops.some((h) => h.kind === 'iptables' && h.detail.verdict === 'DNAT')) return 'kube-proxy';
  return undefined;
}

/** Send n requests to a target and count where each one ended. */
export function sendRequests(tracer: Tracer, target: string, n: number, opts: TrafficOptions = {}): TrafficResult {
  const from = opts.from ?? defaultSource(tracer, target);
  const clients = Math.max(1, Math.floor(opts.clients ?? 1));
  const base = ipToInt(opts.clientIP ?? DEFAULT_CLIENT_IP) ?? 0;
  const pods = new Map<string, PodCount>();
  const drops = new Map<string, DropCount>();
  let delivered = 0;
  let external = 0;
  let balancer: TrafficResult['balancer'] = 'none';
  for (let i = 0; i < n; i++) {
    const clientIP = intToIp(base + (i % clients));
    const r = tracer.trace(from, target, { ...opts, clientIP });
    balancer = balancerOf(r) ?? balancer;
    if (!r.ok) {
      const key = `${r.drop.reason} ${r.drop.at}`;
      const d = drops.get(key) ?? { reason: r.drop.reason, at: r.drop.at, count: 0 };
      d.count++;
      drops.set(key, d);
      continue;
    }
    delivered++;
    const ep = r.endpoint;
    if (!ep.pod) {
      external++;
      continue;
    }
    const key = `${ep.pod.namespace}/${ep.pod.name}`;
    const c = pods.get(key) ?? { pod: key, node: ep.node, ip: ep.ip, count: 0 };
    c.count++;
    pods.set(key, c);
  }
  return {
    target,
    from: from === 'client' && clients === 1 ? `client/${opts.clientIP ?? DEFAULT_CLIENT_IP}` : from,
    requests: n,
    delivered,
    balancer,
    pods: [...pods.values()].sort((a, b) => (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0)),
    external,
    dropped: [...drops.values()].sort((a, b) => b.count - a.count),
  };
}
