// Layer 3 between the nodes, as the vSphere/Kubernetes comparison articles
// draw it: each node owns a /24 pod subnet on its cbr0 bridge and forwards
// between cbr0 and eth0 (net.ipv4.ip_forward=1); its default route points at
// the upstream router 10.140.0.1; the router holds one static route per node
// ("10.40.1.0/24 via 10.140.0.11"), taken from the Node's spec.podCIDR and
// InternalIP. Nothing here is an overlay: pod IPs travel unchanged between nodes.
// A powered-off node keeps its static route on the router, but the next hop
// no longer answers, so that subnet black-holes.
import type { ApiServer } from '../api/apiserver';
import { intToIp, ipToInt, parseCidr, type Cidr } from '../api/allocators/ipv4';
import { asArray, isObject, type KubeObject } from '../api/types';

export const ROUTER_NAME = 'upstream-router';
/** The router's leg on the node network, every node's default gateway. */
export const ROUTER_IP = '10.140.0.1';
export const NODE_NETWORK = '10.140.0.0/24';
/** The corporate network outside clients sit on, behind the router's second leg. */
export const CLIENT_NETWORK = '192.168.10.0/24';
export const CLIENT_GATEWAY = '192.168.10.1';
export const DEFAULT_CLIENT_IP = '192.168.10.50';
export const BRIDGE = 'cbr0';
export const NODE_NIC = 'eth0';

export interface NodeAddressing {
  name: string;
  /** status.addresses[type=InternalIP]. */
  ip: string;
  podCIDR?: string;
  /** The cbr0 address: the first host of the pod subnet, every pod's gateway. */
  bridgeIP?: string;
  zone?: string;
  labels: Record<string, string>;
  ready: boolean;
  poweredOn: boolean;
}

/** One line of `ip route` on a node. */
export interface RouteEntry {
  destination: string;
  gateway?: string;
  device: string;
  proto: 'kernel' | 'static';
  scope?: 'link';
  src?: string;
  text: string;
}

export interface NodeRouting {
  node: string;
  ip: string;
  poweredOn: boolean;
  /** cbr0 → eth0 forwarding, which the bridge CNI setup turns on. */
  ipForward: boolean;
  bridge?: { device: string; ip: string; cidr: string };
  routes: RouteEntry[];
}

export interface RouterRoute {
  destination: string;
  gateway?: string;
  device: string;
  proto: 'kernel' | 'static';
  /** The node behind a static pod-subnet route. */
  node?: string;
  /** `blackhole` when the next hop is a powered-off node: the route stays, the packets are lost. */
  state: 'active' | 'blackhole';
  text: string;
}

export interface RouterTable {
  name: string;
  ip: string;
  routes: RouterRoute[];
}

/** Recompute a value only when the apiserver's store has moved on. */
export class RevisionCache<T> {
  private revision = -1;
  private value?: T;

  constructor(
    private readonly api: ApiServer,
    private readonly build: () => T,
  ) {}

  get(): T {
    const rev = this.api.store.currentRevision();
    if (this.value === undefined || rev !== this.revision) {
      this.value = this.build();
      this.revision = rev;
    }
    return this.value;
  }
}

const parsedIPs = new Map<string, number | undefined>();

/** ipToInt, memoised: a trace tests the same few addresses against many prefixes. */
export function ipNumber(ip: string): number | undefined {
  if (parsedIPs.has(ip)) return parsedIPs.get(ip);
  const n = ipToInt(ip);
  if (parsedIPs.size > 4096) parsedIPs.clear();
  parsedIPs.set(ip, n);
  return n;
}

export function cidrContains(cidr: Cidr, ip: string): boolean {
  const n = ipNumber(ip);
  return n !== undefined && n >= cidr.base && n < cidr.base + cidr.size;
}

/** The addressing every node registered with, sorted by name. */
export function nodeAddressing(api: ApiServer, poweredOn: (node: string) => boolean): NodeAddressing[] {
  return api.list('nodes').items.map((n) => addressing(n, poweredOn));
}

function addressing(node: KubeObject, poweredOn: (node: string) => boolean): NodeAddressing {
  const name = node.metadata.name ?? '';
  const spec = isObject(node.spec) ? node.spec : {};
  const status = isObject(node.status) ? node.status : {};
  const internal = asArray(status.addresses).find((a) => isObject(a) && a.type === 'InternalIP');
  const ip = isObject(internal) && typeof internal.address === 'string' ? internal.address : '';
  const podCIDR = typeof spec.podCIDR === 'string' ? spec.podCIDR : undefined;
  const ready = asArray(status.conditions).some((c) => isObject(c) && c.type === 'Ready' && c.status === 'True');
  const labels = node.metadata.labels ?? {};
  return {
    name,
    ip,
    podCIDR,
    bridgeIP: podCIDR ? intToIp(parseCidr(podCIDR).base + 1) : undefined,
    zone: labels['topology.kubernetes.io/zone'],
    labels,
    ready,
    poweredOn: poweredOn(name),
  };
}

interface Matchable {
  destination: string;
}

/** Longest-prefix match over routes whose destinations were parsed once. */
class RouteLookup<T extends Matchable> {
  private readonly parsed: { route: T; cidr: Cidr }[];

  constructor(readonly routes: T[]) {
    this.parsed = routes.map((route) => ({ route, cidr: parseCidr(route.destination === 'default' ? '0.0.0.0/0' : route.destination) }));
  }

  match(ip: string): T | undefined {
    const n = ipNumber(ip);
    if (n === undefined) return undefined;
    let best: { route: T; cidr: Cidr } | undefined;
    for (const p of this.parsed) if (n >= p.cidr.base && n < p.cidr.base + p.cidr.size && (!best || p.cidr.size < best.cidr.size)) best = p;
    return best?.route;
  }
}

/** `ip route` orders the default route first, then by destination address. */
function byDestination(a: { destination: string }, b: { destination: string }): number {
  const key = (d: string): number => (d === 'default' ? -1 : parseCidr(d).base);
  return key(a.destination) - key(b.destination);
}

/** The routing state at one moment: addresses, power, every table, with lookups ready. */
export class RoutingSnapshot {
  readonly byName: Map<string, NodeAddressing>;
  readonly router: RouterTable;
  private readonly routerLookup: RouteLookup<RouterRoute>;
  private readonly tables = new Map<string, { routing: NodeRouting; lookup: RouteLookup<RouteEntry> }>();
  private readonly subnets: { node: NodeAddressing; cidr: Cidr }[];

  constructor(readonly nodes: NodeAddressing[]) {
    this.byName = new Map(nodes.map((n) => [n.name, n]));
    this.subnets = nodes.filter((n) => n.podCIDR).map((node) => ({ node, cidr: parseCidr(node.podCIDR ?? '') }));
    this.router = routerTable(nodes);
    this.routerLookup = new RouteLookup(this.router.routes);
  }

  /** The node that owns an address: its InternalIP or its cbr0 address. */
  nodeByIP(ip: string): NodeAddressing | undefined {
    return this.nodes.find((n) => n.ip === ip || n.bridgeIP === ip);
  }

  /** The node whose pod subnet holds this IP. */
  nodeForPodIP(ip: string): NodeAddressing | undefined {
    return this.subnets.find((s) => cidrContains(s.cidr, ip))?.node;
  }

  table(name: string): NodeRouting | undefined {
    return this.tableOf(name)?.routing;
  }

  /** The route a node uses for a destination. */
  nodeRoute(name: string, ip: string): RouteEntry | undefined {
    return this.tableOf(name)?.lookup.match(ip);
  }

  /** The router's longest-prefix match for a destination; undefined means "no route to host". */
  routerRoute(ip: string): RouterRoute | undefined {
    return this.routerLookup.match(ip);
  }

  private tableOf(name: string): { routing: NodeRouting; lookup: RouteLookup<RouteEntry> } | undefined {
    let t = this.tables.get(name);
    if (!t) {
      const n = this.byName.get(name);
      if (!n) return undefined;
      const routing = nodeTable(n);
      t = { routing, lookup: new RouteLookup(routing.routes) };
      this.tables.set(name, t);
    }
    return t;
  }
}

/** A node's routing table, as `ip route` shows it. */
function nodeTable(n: NodeAddressing): NodeRouting {
  const routes: RouteEntry[] = [
    { destination: 'default', gateway: ROUTER_IP, device: NODE_NIC, proto: 'static', text: '' },
    { destination: NODE_NETWORK, device: NODE_NIC, proto: 'kernel', scope: 'link', src: n.ip, text: '' },
  ];
  if (n.podCIDR && n.bridgeIP) routes.push({ destination: n.podCIDR, device: BRIDGE, proto: 'kernel', scope: 'link', src: n.bridgeIP, text: '' });
  routes.sort(byDestination);
  for (const r of routes) r.text = routeText(r);
  return {
    node: n.name,
    ip: n.ip,
    poweredOn: n.poweredOn,
    ipForward: true,
    bridge: n.podCIDR && n.bridgeIP ? { device: BRIDGE, ip: n.bridgeIP, cidr: n.podCIDR } : undefined,
    routes,
  };
}

/** The upstream L3 device: its connected networks and one static route per node's pod subnet. */
function routerTable(nodes: NodeAddressing[]): RouterTable {
  const routes: RouterRoute[] = [
    { destination: NODE_NETWORK, device: 'eth0', proto: 'kernel', state: 'active', text: '' },
    { destination: CLIENT_NETWORK, device: 'eth1', proto: 'kernel', state: 'active', text: '' },
  ];
  for (const n of nodes) {
    if (!n.podCIDR || !n.ip) continue;
    routes.push({ destination: n.podCIDR, gateway: n.ip, device: 'eth0', proto: 'static', node: n.name, state: n.poweredOn ? 'active' : 'blackhole', text: '' });
  }
  routes.sort(byDestination);
  for (const r of routes) r.text = r.gateway ? `${r.destination} via ${r.gateway}` : `${r.destination} dev ${r.device} proto kernel scope link src ${r.device === 'eth0' ? ROUTER_IP : CLIENT_GATEWAY}`;
  return { name: ROUTER_NAME, ip: ROUTER_IP, routes };
}

export class NodeRoutes {
  private readonly addressing: RevisionCache<NodeAddressing[]>;
  private last?: { key: string; snapshot: RoutingSnapshot };

  constructor(
    private readonly api: ApiServer,
    private readonly poweredOn: (node: string) => boolean = () => true,
  ) {
    this.addressing = new RevisionCache(api, () => nodeAddressing(api, () => true));
  }

  /** The routing state now: node addresses from the API, power from the hosts (read live, it is not in the API). */
  snapshot(): RoutingSnapshot {
    const nodes = this.addressing.get().map((n) => ({ ...n, poweredOn: this.poweredOn(n.name) }));
    const key = `${this.api.store.currentRevision()} ${nodes.map((n) => (n.poweredOn ? 1 : 0)).join('')}`;
    if (this.last?.key !== key) this.last = { key, snapshot: new RoutingSnapshot(nodes) };
    return this.last.snapshot;
  }

  nodes(): NodeAddressing[] {
    return this.snapshot().nodes;
  }

  nodeNamed(name: string): NodeAddressing | undefined {
    return this.snapshot().byName.get(name);
  }

  nodeByIP(ip: string): NodeAddressing | undefined {
    return this.snapshot().nodeByIP(ip);
  }

  nodeForPodIP(ip: string): NodeAddressing | undefined {
    return this.snapshot().nodeForPodIP(ip);
  }

  /** A node's routing table, as `ip route` shows it. */
  table(name: string): NodeRouting | undefined {
    return this.snapshot().table(name);
  }

  nodeRoute(name: string, ip: string): RouteEntry | undefined {
    return this.snapshot().nodeRoute(name, ip);
  }

  /** The upstream L3 device's table. */
  router(): RouterTable {
    return this.snapshot().router;
  }

  routerRoute(ip: string): RouterRoute | undefined {
    return this.snapshot().routerRoute(ip);
  }
}

function routeText(r: RouteEntry): string {
  const parts = [r.destination];
  if (r.gateway) parts.push('via', r.gateway);
  parts.push('dev', r.device, 'proto', r.proto);
  if (r.scope) parts.push('scope', r.scope);
  if (r.src) parts.push('src', r.src);
  return parts.join(' ');
}
