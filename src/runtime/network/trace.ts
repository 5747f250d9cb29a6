// Packet traces: where one new connection goes, hop by hop, as data the UI
// can draw. A pod's packet leaves its container through the network
// namespace the pause container holds (the pod IP), crosses its veth to the
// node's cbr0 bridge, meets kube-proxy's rules (DNAT of a Service address to
// one endpoint), leaves by eth0 to the upstream router when the destination
// lives on another node, which forwards it by its static route for that
// node's pod subnet, and comes down the other node's cbr0 and veth into the
// destination pod. Outside clients arrive through the router, a load
// balancer (the NSX/F5 virtual server) or a NodePort; Ingress hosts go through
// ingress-nginx, which proxies to pod IPs itself. Every drop says where and why.
import type { ApiServer } from '../api/apiserver';
import { ipToInt } from '../api/allocators/ipv4';
import { asArray, isObject, type KubeObject } from '../api/types';
import type { Clock } from '../clock';
import { podPhase } from '../controllers/podutil';
import type { KubeProxy, ProxyEndpoint, Protocol, ServicePortInfo } from './kubeproxy';
import type { DNSAnswer, DNSQueryType } from './dns';
import type { IngressRequest, IngressRoute } from './ingress';
import type { PolicyInput, PolicyPeer, PolicySide, PolicyVerdict } from './networkpolicy';
import { BRIDGE, DEFAULT_CLIENT_IP, NODE_NIC, RevisionCache, ROUTER_IP, ROUTER_NAME, type NodeAddressing, type NodeRoutes, type RoutingSnapshot } from './routes';

export type HopKind = 'container' | 'netns' | 'veth' | 'bridge' | 'iptables' | 'eth' | 'router' | 'node' | 'pod' | 'ingress' | 'loadbalancer' | 'client' | 'dns' | 'policy';

export interface Hop {
  kind: HopKind;
  node?: string;
  device?: string;
  ip?: string;
  port?: number;
  detail: Record<string, unknown>;
}

export type DropReason =
  | 'not-found'
  | 'pod-not-running'
  | 'nxdomain'
  | 'dns-timeout'
  | 'no-route'
  | 'no-endpoints'
  | 'no-local-endpoints'
  | 'policy-denied'
  | 'no-listener'
  | 'ingress-404'
  | 'ingress-503';

export interface TraceDrop {
  /** Where: `node/device`, the router, a pod, the DNS or the ingress controller. */
  at: string;
  /** Index of the hop the packet died at (the last one); -1 when it never left (a source that is not running). */
  hop: number;
  reason: DropReason;
  detail: Record<string, unknown>;
}

export interface TraceEndpoint {
  ip: string;
  port: number;
  pod?: { namespace: string; name: string };
  node?: string;
  container?: string;
  /** A destination outside the cluster (an ExternalName target, an outside address). */
  external?: string;
}

export type TraceResult = { ok: true; hops: Hop[]; endpoint: TraceEndpoint } | { ok: false; hops: Hop[]; drop: TraceDrop };

export interface TraceOptions {
  /** Namespace for names without one (default `default`). */
  namespace?: string;
  /** The outside client's address (default 192.168.10.50). */
  clientIP?: string;
  protocol?: Protocol;
}

// ---- what the other network parts provide (ClusterDNS, NetworkPolicy, Ingress routing) -------

/** network/dns.ts's ClusterDNS, as a trace uses it. */
export interface DnsResolver {
  lookup(name: string, opts?: { fromNamespace?: string; type?: DNSQueryType }): DNSAnswer;
  /** Whether kube-dns has a ready endpoint; without one, queries time out. */
  available?(): boolean;
}

/** network/networkpolicy.ts's evaluateNetworkPolicies. */
export type PolicyEvaluator = (input: PolicyInput) => PolicyVerdict;

/** What ingress-nginx answers to a request (controllers/ingressnginx.ts routeThroughIngressNginx). */
export type IngressRouter = (req: IngressRequest) => IngressRoute;

/** What the kubelets know that the API does not: power, and which ports a pod's processes listen on. */
export interface HostView {
  poweredOn(node: string): boolean;
  pod(namespace: string, name: string): { running: boolean; listeners: { container: string; ports: number[] }[] } | undefined;
}

export interface TraceDeps {
  api: ApiServer;
  clock: Clock;
  proxy: KubeProxy;
  routes: NodeRoutes;
  hosts: HostView;
  dns?: DnsResolver;
  policy?: PolicyEvaluator;
  ingress?: IngressRouter;
}

export const INGRESS_NAMESPACE = 'ingress-nginx';
export const INGRESS_SERVICE = 'ingress-nginx-controller';
export const INGRESS_CLASS = 'nginx';
const EXCLUDE_FROM_LB = 'node.kubernetes.io/exclude-from-external-load-balancers';

// ---- balancers with memory ----------------------------------------------------------------

/**
 * ingress-nginx's default `load-balance: round_robin` (lua-resty-balancer):
 * each backend's endpoints in turn, starting at a random one whenever the
 * endpoint set changes. nginx proxies to pod IPs itself, so kube-proxy's
 * random choice is not involved.
 */
export class NginxBalancer {
  private readonly backends = new Map<string, { members: string; next: number }>();

  constructor(private readonly random: () => number) {}

  pick(backend: string, endpoints: ProxyEndpoint[]): ProxyEndpoint {
    const members = endpoints.map((e) => e.key).join(',');
    let state = this.backends.get(backend);
    if (!state || state.members !== members) {
      state = { members, next: Math.floor(this.random() * endpoints.length) };
      this.backends.set(backend, state);
    }
    const chosen = endpoints[state.next % endpoints.length];
    state.next = (state.next + 1) % endpoints.length;
    return chosen;
  }
}

/** The external load balancer (NSX/F5 virtual server): round robin over the nodes its health checks pass. */
export class LoadBalancerPools {
  private readonly next = new Map<string, number>();

  pick(vip: string, members: string[]): string {
    const i = (this.next.get(vip) ?? 0) % members.length;
    this.next.set(vip, i + 1);
    return members[i];
  }
}

// ---- parsing --------------------------------------------------------------------------------

type SourceSpec = { kind: 'pod'; namespace: string; name: string } | { kind: 'node'; name: string } | { kind: 'client'; ip: string };

type TargetSpec =
  | { kind: 'pod'; namespace: string; name: string; port?: string }
  | { kind: 'svc'; namespace: string; name: string; port?: string }
  | { kind: 'node'; name: string; port?: string }
  | { kind: 'url'; scheme: 'http' | 'https'; host: string; port: number; path: string }
  | { kind: 'addr'; host: string; port?: string };

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function splitPort(s: string): [string, string | undefined] {
  const i = s.lastIndexOf(':');
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

/** `kind/name` or `namespace/kind/name`. */
function typed(text: string, kinds: string[], ns: string): { kind: string; namespace: string; rest: string } | undefined {
  const parts = text.split('/');
  if (parts.length === 2 && kinds.includes(parts[0])) return { kind: parts[0], namespace: ns, rest: parts[1] };
  if (parts.length === 3 && kinds.includes(parts[1])) return { kind: parts[1], namespace: parts[0], rest: parts[2] };
  return undefined;
}

function parseSource(text: string, opts: TraceOptions): SourceSpec | undefined {
  const ns = opts.namespace ?? 'default';
  if (text === 'client') return { kind: 'client', ip: opts.clientIP ?? DEFAULT_CLIENT_IP };
  if (text.startsWith('client/') && IPV4.test(text.slice(7))) return { kind: 'client', ip: text.slice(7) };
  if (IPV4.test(text)) return { kind: 'client', ip: text };
  const t = typed(text, ['pod', 'pods', 'po', 'node', 'nodes', 'no'], ns);
  if (!t) return undefined;
  return t.kind.startsWith('po') ? { kind: 'pod', namespace: t.namespace, name: t.rest } : { kind: 'node', name: t.rest };
}

function parseTarget(text: string, opts: TraceOptions): TargetSpec | undefined {
  const ns = opts.namespace ?? 'default';
  const url = /^(https?):\/\/([^/:]+)(?::(\d+))?(\/.*)?$/.exec(text);
  if (url) {
    const scheme = url[1] as 'http' | 'https';
    return { kind: 'url', scheme, host: url[2].toLowerCase(), port: url[3] ? Number(url[3]) : scheme === 'https' ? 443 : 80, path: url[4] ?? '/' };
  }
  const t = typed(text, ['pod', 'pods', 'po', 'svc', 'service', 'services', 'node', 'nodes', 'no'], ns);
  if (t) {
    const [name, port] = splitPort(t.rest);
    if (t.kind.startsWith('po')) return { kind: 'pod', namespace: t.namespace, name, port };
    if (t.kind.startsWith('s')) return { kind: 'svc', namespace: t.namespace, name, port };
    return { kind: 'node', name, port };
  }
  if (text.includes('/')) return undefined;
  const [host, port] = splitPort(text);
  return host ? { kind: 'addr', host: host.toLowerCase(), port } : undefined;
}

// ---- the cluster as a packet sees it -------------------------------------------------------

interface View {
  pods: Map<string, KubeObject>;
  podByIP: Map<string, KubeObject>;
  services: Map<string, KubeObject>;
  policies: KubeObject[];
  namespaces: KubeObject[];
  ingresses: KubeObject[];
}

function buildView(api: ApiServer): View {
  const pods = api.list('pods').items;
  const podByIP = new Map<string, KubeObject>();
  for (const p of pods) {
    const ip = podIP(p);
    const phase = podPhase(p);
    if (ip && !hostNetwork(p) && phase !== 'Succeeded' && phase !== 'Failed') podByIP.set(ip, p);
  }
  return {
    pods: new Map(pods.map((p) => [`${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`, p])),
    podByIP,
    services: new Map(api.list('services').items.map((s) => [`${s.metadata.namespace ?? ''}/${s.metadata.name ?? ''}`, s])),
    policies: api.list('networkpolicies').items,
    namespaces: api.list('namespaces').items,
    ingresses: api.list('ingresses').items,
  };
}

const podIP = (p: KubeObject): string | undefined => (isObject(p.status) && typeof p.status.podIP === 'string' && p.status.podIP ? p.status.podIP : undefined);
const hostNetwork = (p: KubeObject): boolean => isObject(p.spec) && p.spec.hostNetwork === true;
const nodeOf = (p: KubeObject): string | undefined => (isObject(p.spec) && typeof p.spec.nodeName === 'string' ? p.spec.nodeName : undefined);
const podRef = (p: KubeObject): { namespace: string; name: string } => ({ namespace: p.metadata.namespace ?? 'default', name: p.metadata.name ?? '' });
const podKey = (p: KubeObject): string => `${p.metadata.namespace ?? 'default'}/${p.metadata.name ?? ''}`;

function containers(p: KubeObject): Record<string, unknown>[] {
  return isObject(p.spec) ? asArray(p.spec.containers).filter(isObject) : [];
}

/** The container port a number or name refers to, and its name (for NetworkPolicy named ports). */
function containerPort(p: KubeObject, port: number | string): { number?: number; name?: string } {
  for (const c of containers(p)) {
    for (const cp of asArray(c.ports).filter(isObject)) {
      if (cp.containerPort === port || (typeof port === 'string' && cp.name === port)) return { number: typeof cp.containerPort === 'number' ? cp.containerPort : undefined, name: typeof cp.name === 'string' ? cp.name : undefined };
    }
  }
  return typeof port === 'number' ? { number: port } : {};
}

/** The veth the bridge CNI plugin created for a pod: `veth` + 8 hex digits. */
function vethName(p: KubeObject): string {
  const uid = (p.metadata.uid ?? p.metadata.name ?? '').replace(/[^0-9a-f]/gi, '');
  return `veth${uid.slice(0, 8).padEnd(8, '0').toLowerCase()}`;
}

// ---- one walk --------------------------------------------------------------------------------

interface Packet {
  src: string;
  /** Who the destination's NetworkPolicy sees as the source (after any SNAT). */
  peer: PolicyPeer;
  dst: string;
  port: number;
  protocol: Protocol;
}

/** Where the packet is: on a node (coming off cbr0 from a pod, or in the host stack), or outside the cluster. */
interface Position {
  node?: string;
  where: 'bridge' | 'host' | 'outside';
}

interface Origin {
  position: Position;
  ip: string;
  peer: PolicyPeer;
  pod?: KubeObject;
  /** Where an egress policy hop goes (after the source pod's netns). */
  egressAt?: number;
}

type Failed = { ok: false; result: TraceResult };
type Step<T> = { ok: true; value: T } | Failed;

class Walk {
  readonly hops: Hop[] = [];
  /** Routing state for this walk: power and addresses do not change under one connection. */
  private readonly net: RoutingSnapshot;

  constructor(
    private readonly t: Tracer,
    private readonly deps: TraceDeps,
    private readonly view: View,
    private readonly opts: TraceOptions,
  ) {
    this.net = deps.routes.snapshot();
  }

  run(fromText: string, toText: string): TraceResult {
    const source = parseSource(fromText, this.opts);
    if (!source) return this.fail('not-found', { message: `unknown source "${fromText}": use pod/NAME, NAMESPACE/pod/NAME, node/NAME or client` }, fromText);
    const target = parseTarget(toText, this.opts);
    if (!target) return this.fail('not-found', { message: `unknown destination "${toText}": use pod/NAME[:PORT], svc/NAME[:PORT], node/NAME:PORT, a DNS name, an IP or http://HOST/PATH` }, toText);
    const origin = this.start(source);
    if (!origin.ok) return origin.result;
    return this.toTarget(origin.value, target);
  }

  // -- endings

  fail(reason: DropReason, detail: Record<string, unknown>, at?: string): TraceResult {
    const last = this.hops[this.hops.length - 1] as Hop | undefined;
    return { ok: false, hops: this.hops, drop: { at: at ?? (last ? locate(last) : ''), hop: this.hops.length - 1, reason, detail } };
  }

  private stop(reason: DropReason, detail: Record<string, unknown>, at?: string): Failed {
    return { ok: false, result: this.fail(reason, detail, at) };
  }

  private push(hop: Hop): number {
    this.hops.push(hop);
    return this.hops.length - 1;
  }

  // -- sources

  private start(s: SourceSpec): Step<Origin> {
    if (s.kind === 'client') {
      this.push({ kind: 'client', ip: s.ip, detail: { network: 'corporate', gateway: '192.168.10.1' } });
      return { ok: true, value: { position: { where: 'outside' }, ip: s.ip, peer: { kind: 'external', ip: s.ip } } };
    }
    if (s.kind === 'node') {
      const n = this.net.byName.get(s.name);
      if (!n) return this.stop('not-found', { message: `nodes "${s.name}" not found` }, `node/${s.name}`);
      if (!n.poweredOn) return this.stop('no-route', { message: `node ${s.name} is powered off` }, `node/${s.name}`);
      this.push({ kind: 'node', node: n.name, ip: n.ip, detail: { netns: 'host' } });
      return { ok: true, value: { position: { node: n.name, where: 'host' }, ip: n.ip, peer: { kind: 'node', node: n.name, ip: n.ip } } };
    }
    const pod = this.view.pods.get(`${s.namespace}/${s.name}`);
    if (!pod) return this.stop('not-found', { message: `pods "${s.name}" not found` }, `${s.namespace}/${s.name}`);
    const running = this.running(pod);
    if (!running.ok) return running;
    const node = running.value;
    const ip = podIP(pod) ?? '';
    const first = containers(pod)[0];
    this.push({ kind: 'container', node: node.name, ip, detail: { pod: podKey(pod), container: typeof first?.name === 'string' ? first.name : '' } });
    if (hostNetwork(pod)) {
      this.push({ kind: 'node', node: node.name, ip: node.ip, detail: { netns: 'host', hostNetwork: true } });
      return { ok: true, value: { position: { node: node.name, where: 'host' }, ip: node.ip, peer: { kind: 'node', node: node.name, ip: node.ip }, pod } };
    }
    return { ok: true, value: this.leavePod(pod, node, ip) };
  }

  /** netns (the pause container's, which owns the pod IP) → veth → cbr0. */
  private leavePod(pod: KubeObject, node: NodeAddressing, ip: string): Origin {
    const egressAt = this.push({ kind: 'netns', node: node.name, device: 'eth0', ip, detail: { pod: podKey(pod), heldBy: 'pause', route: `default via ${node.bridgeIP ?? ''} dev eth0` } });
    this.push({ kind: 'veth', node: node.name, device: vethName(pod), detail: { pod: podKey(pod), peer: 'eth0', bridge: BRIDGE } });
    this.push({ kind: 'bridge', node: node.name, device: BRIDGE, ip: node.bridgeIP, detail: { subnet: node.podCIDR, ipForward: true } });
    return { position: { node: node.name, where: 'bridge' }, ip, peer: { kind: 'pod', pod }, pod, egressAt: egressAt + 1 };
  }

  private running(pod: KubeObject): Step<NodeAddressing> {
    const nodeName = nodeOf(pod);
    const node = nodeName ? this.net.byName.get(nodeName) : undefined;
    const runtime = this.deps.hosts.pod(pod.metadata.namespace ?? 'default', pod.metadata.name ?? '');
    const phase = podPhase(pod);
    if (!node || !podIP(pod) || phase !== 'Running' || !node.poweredOn || !runtime?.running) {
      return this.stop('pod-not-running', { pod: podKey(pod), phase, node: nodeName, poweredOn: node?.poweredOn, podIP: podIP(pod) }, podKey(pod));
    }
    return { ok: true, value: node };
  }

  // -- destinations

  private toTarget(origin: Origin, target: TargetSpec): TraceResult {
    switch (target.kind) {
      case 'url':
        return this.t.ingressPath(this, origin, target);
      case 'pod':
        return this.toPod(origin, target);
      case 'svc':
        return this.toService(origin, target.namespace, target.name, target.port);
      case 'node': {
        const n = this.net.byName.get(target.name);
        if (!n) return this.fail('not-found', { message: `nodes "${target.name}" not found` }, `node/${target.name}`);
        return this.finish(this.send(origin, n.ip, Number(target.port ?? 0)));
      }
      case 'addr':
        return this.toAddress(origin, target.host, target.port);
    }
  }

  private toPod(origin: Origin, target: { namespace: string; name: string; port?: string }): TraceResult {
    const pod = this.view.pods.get(`${target.namespace}/${target.name}`);
    if (!pod) return this.fail('not-found', { message: `pods "${target.name}" not found` }, `${target.namespace}/${target.name}`);
    const ip = podIP(pod);
    if (!ip) return this.fail('pod-not-running', { pod: podKey(pod), phase: podPhase(pod), podIP: undefined }, podKey(pod));
    const port = target.port === undefined ? this.defaultPort(pod) : /^\d+$/.test(target.port) ? Number(target.port) : containerPort(pod, target.port).number ?? 0;
    return this.finish(this.send(origin, ip, port));
  }

  /** The port a bare pod target means: its first declared containerPort, else the first one it listens on. */
  private defaultPort(pod: KubeObject): number {
    for (const c of containers(pod)) for (const p of asArray(c.ports).filter(isObject)) if (typeof p.containerPort === 'number') return p.containerPort;
    const rt = this.deps.hosts.pod(pod.metadata.namespace ?? 'default', pod.metadata.name ?? '');
    return rt?.listeners.flatMap((l) => l.ports)[0] ?? 80;
  }

  toService(origin: Origin, namespace: string, name: string, port?: string): TraceResult {
    const svc = this.view.services.get(`${namespace}/${name}`);
    if (!svc) return this.fail('not-found', { message: `services "${name}" not found` }, `${namespace}/${name}`);
    const spec = isObject(svc.spec) ? svc.spec : {};
    if (spec.type === 'ExternalName') return this.toAddress(origin, `${name}.${namespace}.svc.cluster.local`, port);
    if (spec.clusterIP === 'None') return this.toAddress(origin, `${name}.${namespace}.svc.cluster.local`, port);
    const sp = this.deps.proxy.servicePort(namespace, name, port === undefined ? undefined : /^\d+$/.test(port) ? Number(port) : port, this.opts.protocol);
    if (!sp) return this.fail('not-found', { message: `service "${name}" has no port ${port ?? ''}`.trim() }, `${namespace}/${name}`);
    // Outside the cluster only the load balancer address leads in; a ClusterIP exists only in the nodes' rules.
    if (origin.position.where === 'outside' && sp.loadBalancerIPs.length > 0) return this.finish(this.send(origin, sp.loadBalancerIPs[0], sp.port));
    return this.finish(this.send(origin, sp.clusterIP, sp.port));
  }

  /** An IP literal, or a name for the cluster DNS (pods, nodes) or the corporate DNS (outside clients). */
  toAddress(origin: Origin, host: string, portText?: string): TraceResult {
    const port = portText !== undefined && /^\d+$/.test(portText) ? Number(portText) : undefined;
    if (IPV4.test(host)) return this.finish(this.send(origin, host, port ?? this.portFor(host)));
    const resolved = this.resolve(origin, host);
    if (!resolved.ok) return resolved.result;
    const { ip, external } = resolved.value;
    if (external) return this.finish(this.send(origin, ip ?? '', port ?? 80, external));
    return this.finish(this.send(origin, ip ?? '', port ?? this.portFor(ip ?? '', portText)));
  }

  /** A port for an address given without one: the Service's (by name or first), else the pod's. */
  private portFor(ip: string, name?: string): number {
    const svc = this.deps.proxy.servicePorts().find((s) => (s.clusterIP === ip || s.loadBalancerIPs.includes(ip) || s.externalIPs.includes(ip)) && (name === undefined || s.portName === name));
    if (svc) return svc.port;
    const pod = this.view.podByIP.get(ip);
    return pod ? this.defaultPort(pod) : 80;
  }

  /** Name resolution, as a `dns` hop: CoreDNS for pods and nodes, the corporate resolver for outside clients. */
  resolve(origin: Origin, host: string): Step<{ ip?: string; external?: string }> {
    // Nodes and outside clients ask the corporate resolver; pods (dnsPolicy ClusterFirst) ask CoreDNS.
    const dnsPolicy = origin.pod && isObject(origin.pod.spec) ? origin.pod.spec.dnsPolicy : undefined;
    if (!origin.pod || dnsPolicy === 'Default') {
      const ip = this.t.corporateDNS(host);
      this.push({ kind: 'dns', ip: '192.168.10.1', port: 53, detail: { resolver: 'corporate', question: host, answer: ip ?? null, rcode: ip ? 'NOERROR' : 'NXDOMAIN' } });
      if (!ip) return this.stop('nxdomain', { question: host, message: `Could not resolve host: ${host}` }, 'dns');
      return { ok: true, value: { ip } };
    }
    const dns = this.deps.dns;
    const ns = origin.pod?.metadata.namespace ?? 'default';
    if (!dns) {
      this.push({ kind: 'dns', detail: { resolver: 'cluster', question: host, rcode: 'SERVFAIL' } });
      return this.stop('nxdomain', { question: host, message: 'cluster DNS is not available' }, 'dns');
    }
    const kubeDNS = this.deps.proxy.servicePort('kube-system', 'kube-dns', 53, 'UDP');
    if (dns.available && !dns.available()) {
      this.push({ kind: 'dns', ip: kubeDNS?.clusterIP ?? '10.96.0.10', port: 53, detail: { resolver: 'cluster', question: host, rcode: null } });
      return this.stop('dns-timeout', { question: host, message: ';; connection timed out; no servers could be reached' });
    }
    const answer = dns.lookup(host, { fromNamespace: ns, type: 'A' });
    // The query itself is a UDP packet to CoreDNS: under an egress policy that does not allow it, nothing resolves.
    const denied = this.dnsEgressDenied(origin, kubeDNS);
    if (denied && origin.egressAt !== undefined) {
      this.hops.splice(origin.egressAt, this.hops.length - origin.egressAt, denied.hop);
      return this.stop('policy-denied', { ...denied.detail, message: ';; connection timed out; no servers could be reached' });
    }
    this.push({ kind: 'dns', ip: kubeDNS?.clusterIP ?? '10.96.0.10', port: 53, detail: { resolver: 'cluster', question: host, fqdn: answer.fqdn, rcode: answer.rcode, records: answer.records, searched: answer.searched } });
    if (answer.rcode === 'NXDOMAIN') return this.stop('nxdomain', { question: host, searched: answer.searched, message: `** server can't find ${host}: NXDOMAIN` });
    const a = answer.records.find((r) => r.type === 'A');
    const cname = answer.records.find((r) => r.type === 'CNAME');
    // An ExternalName Service is only a CNAME: no ClusterIP, nothing for kube-proxy; the connection leaves the cluster.
    if (cname) return { ok: true, value: { external: cname.value, ip: a?.value } };
    if (!a) return this.stop('nxdomain', { question: host, message: `** server can't find ${host}: NXDOMAIN` });
    return { ok: true, value: { ip: a.value } };
  }

  /** A pod under egress policy must be allowed to reach CoreDNS (UDP 53) before it can resolve anything. */
  private dnsEgressDenied(origin: Origin, kubeDNS: ServicePortInfo | undefined): { hop: Hop; detail: Record<string, unknown> } | undefined {
    const policy = this.deps.policy;
    if (!policy || !origin.pod || !kubeDNS) return undefined;
    const ep = this.deps.proxy.endpoints(kubeDNS).find((e) => e.ready);
    const dnsPod = ep ? this.view.podByIP.get(ep.ip) : undefined;
    if (!ep || !dnsPod) return undefined;
    const v = policy({ policies: this.view.policies, namespaces: this.view.namespaces, from: origin.peer, to: { kind: 'pod', pod: dnsPod }, port: ep.port, protocol: 'UDP' });
    if (!v.egress.isolated || v.egress.allowed) return undefined;
    const detail = policyDetail('egress', origin.pod, v.egress);
    return { hop: { kind: 'policy', node: nodeOf(origin.pod), ip: origin.ip, detail }, detail };
  }

  // -- the packet's way

  finish(step: Step<TraceEndpoint>): TraceResult {
    return step.ok ? { ok: true, hops: this.hops, endpoint: step.value } : step.result;
  }

  /** Send a new connection from an origin to ip:port and follow it to its end. */
  send(origin: Origin, ip: string, port: number, external?: string): Step<TraceEndpoint> {
    const pkt: Packet = { src: origin.ip, peer: origin.peer, dst: ip, port, protocol: this.opts.protocol ?? 'TCP' };
    if (external) return this.leaveCluster(origin, pkt, external);
    let position = origin.position;
    if (position.node) {
      const nat = this.netfilter(position.node, pkt);
      if (!nat.ok) return nat;
    }
    for (let guard = 0; guard < 4; guard++) {
      const next = this.forward(origin, position, pkt);
      if (!next.ok) return next;
      if ('endpoint' in next.value) return { ok: true, value: next.value.endpoint };
      position = next.value.position;
    }
    return this.stop('no-route', { message: 'routing loop' });
  }

  /** kube-proxy's rules on a node; an iptables hop whenever a Service address is involved. */
  private netfilter(node: string, pkt: Packet): Step<undefined> {
    const d = this.deps.proxy.route({ ip: pkt.dst, port: pkt.port, protocol: pkt.protocol }, { ip: pkt.src, node });
    if (d.verdict === 'ACCEPT') return { ok: true, value: undefined };
    const service = `${d.service.namespace}/${d.service.name}`;
    const rules = d.rules.map((r) => r.text);
    if (d.verdict !== 'DNAT') {
      this.push({ kind: 'iptables', node, ip: pkt.dst, port: pkt.port, detail: { component: 'kube-proxy', table: 'filter', service, servicePort: d.service.nameString, via: d.via, verdict: d.verdict, chains: d.chains, comment: d.comment, rules } });
      const message = d.verdict === 'REJECT' ? `connect: connection refused (${d.comment})` : `connection timed out (${d.comment})`;
      return this.stop(d.reason, { service, comment: d.comment, message });
    }
    const to = d.endpoint;
    this.push({
      kind: 'iptables',
      node,
      ip: pkt.dst,
      port: pkt.port,
      detail: {
        component: 'kube-proxy',
        table: 'nat',
        service,
        servicePort: d.service.nameString,
        via: d.via,
        verdict: 'DNAT',
        chains: d.chains,
        dnat: { from: `${pkt.dst}:${pkt.port}`, to: to.key },
        snat: d.masquerade && d.snatIP ? { from: pkt.src, to: d.snatIP } : undefined,
        sourcePreserved: !d.masquerade,
        sticky: d.sticky,
        endpoints: d.candidates.length,
        endpointPod: to.targetRef?.name,
        rules,
      },
    });
    pkt.dst = to.ip;
    pkt.port = to.port;
    if (d.masquerade && d.snatIP) {
      pkt.src = d.snatIP;
      pkt.peer = { kind: 'node', node, ip: d.snatIP };
    }
    return { ok: true, value: undefined };
  }

  /** One routing step from a position towards pkt.dst: to the destination pod, or to the next node. */
  private forward(origin: Origin, at: Position, pkt: Packet): Step<{ endpoint: TraceEndpoint } | { position: Position }> {
    const routes = this.net;
    if (at.where === 'outside') return this.fromOutside(pkt);
    const here = at.node ?? '';
    const podNode = routes.nodeForPodIP(pkt.dst);
    if (podNode?.name === here) {
      if (at.where !== 'bridge') this.push({ kind: 'bridge', node: here, device: BRIDGE, ip: podNode.bridgeIP, detail: { subnet: podNode.podCIDR } });
      return this.arrive(origin, here, pkt);
    }
    const me = routes.byName.get(here);
    if (me && pkt.dst === me.ip) return this.toHost(me, pkt);
    const route = routes.nodeRoute(here, pkt.dst);
    this.push({ kind: 'eth', node: here, device: NODE_NIC, ip: me?.ip, detail: { direction: 'out', route: route?.text, source: pkt.src } });
    return this.throughRouter(pkt);
  }

  /** The upstream router: its longest-prefix match, then the node that route leads to. */
  private throughRouter(pkt: Packet): Step<{ endpoint: TraceEndpoint } | { position: Position }> {
    const routes = this.net;
    const route = routes.routerRoute(pkt.dst);
    const lb = this.t.loadBalancerFor(pkt.dst, pkt.port, pkt.protocol);
    this.push({ kind: 'router', ip: ROUTER_IP, device: ROUTER_NAME, detail: { destination: pkt.dst, route: route?.text ?? null, nextHop: route?.gateway, node: route?.node, state: route?.state } });
    if (lb) return this.t.loadBalance(this, lb, pkt);
    if (!route) return this.stop('no-route', { destination: pkt.dst, message: `connect: no route to host (the router has no route to ${pkt.dst})` });
    if (route.state === 'blackhole') return this.stop('no-route', { destination: pkt.dst, nextHop: route.gateway, node: route.node, message: `connect: no route to host (next hop ${route.gateway ?? ''} does not answer: ${route.node ?? ''} is powered off)` });
    if (route.node) return this.enterNode(route.node, pkt);
    const target = routes.nodeByIP(pkt.dst);
    if (target) {
      if (!target.poweredOn) return this.stop('no-route', { destination: pkt.dst, node: target.name, message: `connect: no route to host (${target.name} is powered off)` });
      return this.enterNode(target.name, pkt);
    }
    if (route.device === 'eth1') return { ok: true, value: { endpoint: { ip: pkt.dst, port: pkt.port, external: pkt.dst } } };
    return this.stop('no-route', { destination: pkt.dst, message: `connect: no route to host (no host has ${pkt.dst})` });
  }

  private fromOutside(pkt: Packet): Step<{ endpoint: TraceEndpoint } | { position: Position }> {
    return this.throughRouter(pkt);
  }

  /** In by a node's eth0: kube-proxy's PREROUTING rules (a NodePort, a load-balancer VIP), then on. */
  enterNode(node: string, pkt: Packet): Step<{ endpoint: TraceEndpoint } | { position: Position }> {
    const n = this.net.byName.get(node);
    this.push({ kind: 'eth', node, device: NODE_NIC, ip: n?.ip, port: pkt.port, detail: { direction: 'in', destination: `${pkt.dst}:${pkt.port}`, source: pkt.src } });
    const nat = this.netfilter(node, pkt);
    if (!nat.ok) return nat;
    if (n && pkt.dst === n.ip) return this.toHost(n, pkt);
    return { ok: true, value: { position: { node, where: 'host' } } };
  }

  /** A node's own address, not a NodePort: only a hostNetwork pod's process can answer. */
  private toHost(n: NodeAddressing, pkt: Packet): Step<{ endpoint: TraceEndpoint }> {
    for (const pod of this.view.pods.values()) {
      if (!hostNetwork(pod) || nodeOf(pod) !== n.name) continue;
      const listener = this.deps.hosts.pod(pod.metadata.namespace ?? 'default', pod.metadata.name ?? '')?.listeners.find((l) => l.ports.includes(pkt.port));
      if (!listener) continue;
      this.push({ kind: 'pod', node: n.name, device: NODE_NIC, ip: n.ip, port: pkt.port, detail: { pod: podKey(pod), container: listener.container, listening: true, hostNetwork: true, source: pkt.src } });
      return { ok: true, value: { endpoint: { ip: n.ip, port: pkt.port, pod: podRef(pod), node: n.name, container: listener.container } } };
    }
    return this.stop('no-listener', { destination: `${pkt.dst}:${pkt.port}`, message: `connect: connection refused (nothing listens on ${n.name} port ${pkt.port})` });
  }

  /** Down the destination node's veth into the pod: its ingress policy, then a listening process. */
  private arrive(origin: Origin, node: string, pkt: Packet): Step<{ endpoint: TraceEndpoint }> {
    const pod = this.view.podByIP.get(pkt.dst);
    if (!pod) return this.stop('no-route', { destination: pkt.dst, message: `connect: no route to host (no pod has ${pkt.dst} on ${node})` });
    this.push({ kind: 'veth', node, device: vethName(pod), detail: { pod: podKey(pod), peer: 'eth0', bridge: BRIDGE } });
    const running = this.running(pod);
    if (!running.ok) return running;
    const denied = this.policies(origin, pod, pkt);
    if (denied) return denied;
    const rt = this.deps.hosts.pod(pod.metadata.namespace ?? 'default', pod.metadata.name ?? '');
    const listener = rt?.listeners.find((l) => l.ports.includes(pkt.port));
    this.push({ kind: 'pod', node, device: 'eth0', ip: pkt.dst, port: pkt.port, detail: { pod: podKey(pod), container: listener?.container, listening: !!listener, source: pkt.src } });
    if (!listener) {
      const declared = containerPort(pod, pkt.port).name !== undefined || containers(pod).some((c) => asArray(c.ports).some((p) => isObject(p) && p.containerPort === pkt.port));
      return this.stop('no-listener', { pod: podKey(pod), port: pkt.port, declaredContainerPort: declared, listening: rt?.listeners ?? [], message: `dial tcp ${pkt.dst}:${pkt.port}: connect: connection refused` });
    }
    return { ok: true, value: { endpoint: { ip: pkt.dst, port: pkt.port, pod: podRef(pod), node, container: listener.container } } };
  }

  /** NetworkPolicy, checked at the source pod's netns for egress and at the destination's for ingress. */
  private policies(origin: Origin, pod: KubeObject, pkt: Packet): Failed | undefined {
    const evaluate = this.deps.policy;
    if (!evaluate) return undefined;
    const namedPort = containerPort(pod, pkt.port).name;
    const ask = (from: PolicyPeer): PolicyVerdict =>
      evaluate({ policies: this.view.policies, namespaces: this.view.namespaces, from, to: { kind: 'pod', pod }, port: pkt.port, protocol: pkt.protocol, namedPort });
    if (origin.pod && origin.egressAt !== undefined && !hostNetwork(origin.pod)) {
      const egress = ask(origin.peer).egress;
      if (egress.isolated) {
        this.hops.splice(origin.egressAt, 0, { kind: 'policy', node: nodeOf(origin.pod), ip: origin.ip, detail: policyDetail('egress', origin.pod, egress) });
        if (!egress.allowed) {
          this.hops.length = origin.egressAt + 1;
          return this.stop('policy-denied', { direction: 'egress', pod: podKey(origin.pod), decidedBy: egress.decidedBy, reason: egress.reason });
        }
      }
    }
    const ingress = ask(pkt.peer).ingress;
    if (!ingress.isolated) return undefined;
    this.push({ kind: 'policy', node: nodeOf(pod), ip: pkt.dst, port: pkt.port, detail: policyDetail('ingress', pod, ingress) });
    if (ingress.allowed) return undefined;
    return this.stop('policy-denied', { direction: 'ingress', pod: podKey(pod), decidedBy: ingress.decidedBy, reason: ingress.reason });
  }

  /** To an address outside the cluster (an ExternalName target): out by eth0 and the router. */
  private leaveCluster(origin: Origin, pkt: Packet, name: string): Step<TraceEndpoint> {
    const node = origin.position.node;
    if (node) {
      const me = this.net.byName.get(node);
      this.push({ kind: 'eth', node, device: NODE_NIC, ip: me?.ip, detail: { direction: 'out', route: this.net.nodeRoute(node, '0.0.0.0')?.text, masquerade: origin.peer.kind === 'pod' } });
    }
    this.push({ kind: 'router', ip: ROUTER_IP, device: ROUTER_NAME, detail: { destination: name, leavesCluster: true } });
    return { ok: true, value: { ip: pkt.dst, port: pkt.port, external: name } };
  }

  /** For the ingress leg: leave a pod (nginx) towards its upstream. */
  fromPod(pod: KubeObject, node: NodeAddressing): Origin {
    return this.leavePod(pod, node, podIP(pod) ?? '');
  }

  pushHop(hop: Hop): number {
    return this.push(hop);
  }

  halt(reason: DropReason, detail: Record<string, unknown>, at?: string): Failed {
    return this.stop(reason, detail, at);
  }
}

function policyDetail(direction: 'egress' | 'ingress', pod: KubeObject, side: PolicySide): Record<string, unknown> {
  return { direction, pod: podKey(pod), isolated: side.isolated, allowed: side.allowed, code: side.code, decidedBy: side.decidedBy, reason: side.reason };
}

/** A drop's location: `node/device`, the router, a pod, the DNS or the ingress controller. */
function locate(h: Hop): string {
  if (h.kind === 'router') return ROUTER_NAME;
  if (h.kind === 'dns') return 'dns';
  if (h.kind === 'ingress') return 'ingress-nginx';
  if (h.kind === 'loadbalancer') return `loadbalancer/${h.ip ?? ''}`;
  if (h.kind === 'client') return `client/${h.ip ?? ''}`;
  if ((h.kind === 'pod' || h.kind === 'policy' || h.kind === 'netns' || h.kind === 'container') && typeof h.detail.pod === 'string') return h.detail.pod;
  return `${h.node ?? ''}/${h.device ?? h.kind}`;
}

// ---- the tracer ----------------------------------------------------------------------------------

interface LoadBalancerTarget {
  svc: ServicePortInfo;
  vip: string;
}

export class Tracer {
  private readonly view: RevisionCache<View>;
  readonly nginx: NginxBalancer;
  readonly pools = new LoadBalancerPools();

  constructor(readonly deps: TraceDeps) {
    this.view = new RevisionCache(deps.api, () => buildView(deps.api));
    this.nginx = new NginxBalancer(() => deps.clock.random());
  }

  /**
   * Follow one new connection from `from` (pod/NAME, NS/pod/NAME, node/NAME,
   * client, client/IP) to `to` (pod/NAME[:PORT], svc/NAME[:PORT],
   * node/NAME:NODEPORT, a DNS name[:PORT], an IP[:PORT], http(s)://HOST[:PORT]/PATH).
   */
  trace(from: string, to: string, opts: TraceOptions = {}): TraceResult {
    return new Walk(this, this.deps, this.view.get(), opts).run(from, to);
  }

  /** The LoadBalancer service whose VIP this is, if any. */
  loadBalancerFor(ip: string, port: number, protocol: Protocol): LoadBalancerTarget | undefined {
    const svc = this.deps.proxy.servicePorts().find((s) => s.protocol === protocol && s.port === port && s.loadBalancerIPs.includes(ip));
    return svc ? { svc, vip: ip } : undefined;
  }

  /** The nodes a load balancer's health checks pass: kube-proxy up (node powered on), and under Local, a local endpoint. */
  poolMembers(svc: ServicePortInfo): { node: string; healthy: boolean; localEndpoints?: number }[] {
    return this.deps.routes
      .nodes()
      .filter((n) => n.labels[EXCLUDE_FROM_LB] === undefined)
      .map((n) => {
        const local = svc.externalPolicyLocal ? this.deps.proxy.localEndpointCount(n.name, svc) : undefined;
        return { node: n.name, healthy: n.poweredOn && (local === undefined || local > 0), localEndpoints: local };
      });
  }

  /** The virtual server: pick a healthy node and hand it the packet with the VIP still as destination. */
  loadBalance(walk: Walk, lb: LoadBalancerTarget, pkt: Packet): Step<{ endpoint: TraceEndpoint } | { position: Position }> {
    const members = this.poolMembers(lb.svc);
    const healthy = members.filter((m) => m.healthy).map((m) => m.node);
    const chosen = healthy.length > 0 ? this.pools.pick(`${lb.vip}:${lb.svc.port}`, healthy) : undefined;
    walk.pushHop({
      kind: 'loadbalancer',
      ip: lb.vip,
      port: lb.svc.port,
      detail: { service: `${lb.svc.namespace}/${lb.svc.name}`, algorithm: 'round-robin', externalTrafficPolicy: lb.svc.externalPolicyLocal ? 'Local' : 'Cluster', healthCheckNodePort: lb.svc.healthCheckNodePort || undefined, pool: members, chosen: chosen ?? null, ipMode: 'VIP' },
    });
    if (!chosen) return walk.halt('no-endpoints', { service: `${lb.svc.namespace}/${lb.svc.name}`, message: 'no healthy node in the load balancer pool' });
    return walk.enterNode(chosen, pkt);
  }

  /** What the corporate DNS answers: Ingress hosts point at the ingress controller's load-balancer address. */
  corporateDNS(host: string): string | undefined {
    if (IPV4.test(host)) return host;
    const hosts = this.view.get().ingresses.flatMap((i) => (isObject(i.spec) ? asArray(i.spec.rules).filter(isObject) : []).map((r) => (typeof r.host === 'string' ? r.host : '')));
    const known = hosts.some((h) => h !== '' && (h === host || (h.startsWith('*.') && host.endsWith(h.slice(1)) && host.split('.').length === h.split('.').length)));
    return known ? this.ingressVIP() : undefined;
  }

  private ingressVIP(): string | undefined {
    return this.deps.proxy.servicePort(INGRESS_NAMESPACE, INGRESS_SERVICE)?.loadBalancerIPs[0];
  }

  /** client → corporate DNS → load balancer → ingress-nginx pod → Ingress rules → (nginx) → backend pod. */
  ingressPath(walk: Walk, origin: Origin, url: { scheme: 'http' | 'https'; host: string; port: number; path: string }): TraceResult {
    const controller = this.deps.proxy.servicePort(INGRESS_NAMESPACE, INGRESS_SERVICE, url.port);
    if (!controller) return walk.fail('not-found', { message: `no ingress controller: service ${INGRESS_NAMESPACE}/${INGRESS_SERVICE} has no port ${url.port}` }, 'ingress-nginx');
    let vip: string | undefined;
    if (IPV4.test(url.host)) vip = url.host;
    else if (origin.pod && this.deps.dns?.lookup(url.host, { fromNamespace: origin.pod.metadata.namespace ?? 'default' }).rcode === 'NOERROR') {
      // A name the cluster DNS knows is a Service: plain HTTP to it, no Ingress involved.
      return walk.toAddress(origin, url.host, String(url.port));
    } else {
      const resolved = this.corporateDNS(url.host);
      walk.pushHop({ kind: 'dns', ip: '192.168.10.1', port: 53, detail: { resolver: 'corporate', question: url.host, answer: resolved ?? null, rcode: resolved ? 'NOERROR' : 'NXDOMAIN' } });
      if (!resolved) return walk.fail('nxdomain', { question: url.host, message: `Could not resolve host: ${url.host}` });
      vip = resolved;
    }
    const toController = walk.send(origin, vip, url.port);
    if (!toController.ok) return toController.result;
    const ctrl = toController.value;
    const ctrlPod = ctrl.pod ? this.view.get().pods.get(`${ctrl.pod.namespace}/${ctrl.pod.name}`) : undefined;
    const ctrlNode = ctrl.node ? this.deps.routes.nodeNamed(ctrl.node) : undefined;
    if (!ctrlPod || !ctrlNode) return walk.fail('no-route', { message: `${vip}:${url.port} is not the ingress controller` });
    const base = { controller: 'ingress-nginx', class: INGRESS_CLASS, host: url.host, path: url.path, scheme: url.scheme };
    const hop = (detail: Record<string, unknown>): number => walk.pushHop({ kind: 'ingress', node: ctrlNode.name, ip: ctrl.ip, port: url.port, detail: { ...base, ...detail } });
    const route = this.deps.ingress?.({ host: url.host, path: url.path, scheme: url.scheme, ingressClass: INGRESS_CLASS });
    if (!route) {
      hop({ status: 404 });
      return walk.fail('ingress-404', { status: 404, message: 'Ingress routing is not available' });
    }
    if (!route.matched) {
      hop({ status: route.status, reason: route.reason, ingress: route.route ? `${route.route.ingress.namespace}/${route.route.ingress.name}` : undefined, redirect: route.redirect });
      return walk.fail(route.status === 404 ? 'ingress-404' : 'ingress-503', { status: route.status, reason: route.reason, body: route.body });
    }
    const matched = { ingress: `${route.ingress.namespace}/${route.ingress.name}`, rule: route.rule.host ?? '*', location: route.location, pathType: route.path?.pathType, defaultBackend: route.defaultBackend, tls: route.tls };
    if (route.redirect) {
      // nginx answers itself (a trailing-slash 301 or an HTTPS 308): no upstream is contacted.
      hop({ ...matched, status: route.redirect.status, redirect: route.redirect.location });
      return { ok: true, hops: walk.hops, endpoint: { ip: ctrl.ip, port: ctrl.port, pod: ctrl.pod, node: ctrl.node, container: ctrl.container } };
    }
    if (!('service' in route.backend)) {
      hop({ ...matched, status: 404, reason: 'resource backends are not proxied by ingress-nginx' });
      return walk.fail('ingress-404', { status: 404, reason: 'resource backend' });
    }
    const backend = route.backend.service;
    const svc = this.view.get().services.get(`${route.namespace}/${backend.name}`);
    if (isObject(svc?.spec) && svc.spec.type === 'ExternalName') {
      hop({ ...matched, backend: `${backend.name}:${backend.port.number ?? backend.port.name ?? ''}`, upstream: typeof svc.spec.externalName === 'string' ? svc.spec.externalName : '' });
      return walk.toService(walk.fromPod(ctrlPod, ctrlNode), route.namespace, backend.name, String(backend.port.number ?? backend.port.name ?? ''));
    }
    const svcPort = this.deps.proxy.servicePort(route.namespace, backend.name, backend.port.number ?? backend.port.name);
    // ingress-nginx reads the EndpointSlices itself and proxies to pod IPs: kube-proxy's ClusterIP is not on this path.
    const ready = svcPort ? this.deps.proxy.endpoints(svcPort).filter((e) => e.ready) : [];
    const upstream = svcPort && ready.length > 0 ? this.nginx.pick(`${route.namespace}-${backend.name}-${svcPort.port}`, ready) : undefined;
    hop({ ...matched, backend: `${backend.name}:${backend.port.number ?? backend.port.name ?? ''}`, upstream: upstream?.key ?? null, upstreams: ready.map((e) => e.key), balancing: 'round_robin', status: upstream ? undefined : 503 });
    if (!upstream) return walk.fail('ingress-503', { status: 503, reason: `Service "${route.namespace}/${backend.name}" does not have any active Endpoint.` });
    return walk.finish(walk.send(walk.fromPod(ctrlPod, ctrlNode), upstream.ip, upstream.port));
  }
}

/** Whether an address is in dotted-quad form (for callers that classify targets). */
export function isIPv4(s: string): boolean {
  return IPV4.test(s) && ipToInt(s) !== undefined;
}
