// kube-proxy in iptables mode (pkg/proxy/iptables/proxier.go), one model for
// every node. It reads only Services and EndpointSlices, as the real one does,
// and per node builds the rules kube-proxy would restore: KUBE-SERVICES
// captures a service address and jumps to KUBE-SVC-<hash> (or KUBE-EXT-<hash>
// for NodePorts, LoadBalancer and external IPs, KUBE-SVL-<hash> for a Local
// traffic policy), which picks a KUBE-SEP-<hash> chain at random with the
// `statistic` match, whose rule DNATs to the endpoint. Chain names use
// upstream's hash (sha256 → base32 → 16 chars), so they match a real node's.
// route() walks those rules for one new connection: a virtual IP no
// interface owns becomes a pod IP, which is what an NSX/F5 virtual server does.
import type { ApiServer } from '../api/apiserver';
import { parseCidr, type Cidr } from '../api/allocators/ipv4';
import { asArray, isObject, type KubeObject } from '../api/types';
import type { Clock } from '../clock';
import { CLUSTER_CIDR } from './ipam';
import { cidrContains, NodeRoutes, RevisionCache, type NodeAddressing } from './routes';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type Via = 'clusterIP' | 'externalIP' | 'loadBalancer' | 'nodePort';

/** --iptables-masquerade-bit 14. */
export const MASQUERADE_MARK = '0x4000';
const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
const LABEL_HEADLESS = 'service.kubernetes.io/headless';
const LABEL_PROXY_NAME = 'service.kubernetes.io/service-proxy-name';

export interface ServicePortInfo {
  namespace: string;
  name: string;
  portName: string;
  protocol: Protocol;
  /** ServicePortName.String(): `ns/name:port`, or `ns/name` for an unnamed port. */
  nameString: string;
  type: string;
  clusterIP: string;
  port: number;
  targetPort: number | string;
  nodePort: number;
  externalIPs: string[];
  /** status.loadBalancer.ingress IPs with ipMode VIP: kube-proxy captures only those. */
  loadBalancerIPs: string[];
  sessionAffinity: 'None' | 'ClientIP';
  stickySeconds: number;
  externalPolicyLocal: boolean;
  internalPolicyLocal: boolean;
  healthCheckNodePort: number;
  chains: { svc: string; svl: string; ext: string; fw: string };
}

export interface ProxyEndpoint {
  ip: string;
  port: number;
  /** `ip:port`, the endpoint's String(). */
  key: string;
  nodeName?: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  zoneHints: string[];
  nodeHints: string[];
  targetRef?: { kind?: string; namespace?: string; name?: string };
  /** Its KUBE-SEP-<hash> chain. */
  chain: string;
}

/** proxy.CategorizeEndpoints for one node. */
export interface NodeEndpoints {
  cluster: ProxyEndpoint[];
  local: ProxyEndpoint[];
  reachable: ProxyEndpoint[];
  hasAny: boolean;
  topology: '' | 'PreferSameZone' | 'PreferSameNode';
}

export type RuleRole =
  | 'jump'
  | 'capture'
  | 'nodeports'
  | 'svc-masq'
  | 'ext-masq'
  | 'ext-pod'
  | 'ext-local-masq'
  | 'ext-local-route'
  | 'ext-policy'
  | 'affinity'
  | 'balance'
  | 'sep-masq'
  | 'dnat'
  | 'reject'
  | 'drop'
  | 'healthcheck'
  | 'infra';

export interface RuleSpec {
  source?: string;
  notSource?: boolean;
  destination?: string;
  protocol?: string;
  /** `-m module args…`, in the order iptables-save prints them. */
  matches: string[][];
  target: string;
  targetArgs?: string[];
}

export interface IptablesRule {
  table: 'filter' | 'nat';
  chain: string;
  spec: RuleSpec;
  comment?: string;
  /** What the rule is for, so a trace can list the rules a packet matched. */
  role: RuleRole;
  service?: string;
  endpoint?: string;
  via?: Via;
  /** The rule as `iptables-save` prints it. */
  text: string;
}

export interface IptablesTable {
  name: 'filter' | 'nat';
  chains: { name: string; policy?: 'ACCEPT' }[];
  rules: IptablesRule[];
}

export interface NodeRules {
  node: string;
  tables: IptablesTable[];
  /** The kube-proxy part of `iptables-save` on that node. */
  lines: string[];
}

interface DecisionBase {
  node: string;
  /** The rules the packet matched, in the order it met them. */
  rules: IptablesRule[];
}

export type ProxyDecision =
  | (DecisionBase & {
      verdict: 'DNAT';
      service: ServicePortInfo;
      via: Via;
      chains: string[];
      endpoint: ProxyEndpoint;
      /** The endpoints the chosen chain balanced over. */
      candidates: ProxyEndpoint[];
      /** A ClientIP-affinity hit rather than a random pick. */
      sticky: boolean;
      /** Marked for MASQUERADE: the source becomes snatIP on the way out. */
      masquerade: boolean;
      snatIP?: string;
    })
  | (DecisionBase & { verdict: 'REJECT' | 'DROP'; service: ServicePortInfo; via: Via; chains: string[]; comment: string; reason: 'no-endpoints' | 'no-local-endpoints' })
  | (DecisionBase & { verdict: 'ACCEPT' });

// ---- chain names --------------------------------------------------------------------------

const SHA256_K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** SHA-256 (FIPS 180-4); synchronous, unlike WebCrypto, and the runtime has no node:crypto in the browser. */
export function sha256(data: Uint8Array): Uint8Array {
  const total = Math.ceil((data.length + 9) / 64) * 64;
  const msg = new Uint8Array(total);
  msg.set(data);
  msg[data.length] = 0x80;
  const view = new DataView(msg.buffer);
  view.setUint32(total - 8, Math.floor((data.length * 8) / 2 ** 32));
  view.setUint32(total - 4, (data.length * 8) >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + SHA256_K[i] + w[i]) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    const add = [a, b, c, d, e, f, g, hh];
    for (let i = 0; i < 8; i++) h[i] += add[i];
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) outView.setUint32(i * 4, h[i]);
  return out;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The first 16 characters of base32.StdEncoding (80 bits = the first 10 bytes). */
function base32Prefix16(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < 10; i++) {
    acc = (acc << 8) | bytes[i];
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(acc >>> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

/** portProtoHash: sha256(servicePortName + protocol), base32, 16 characters. */
export function portProtoHash(nameString: string, protocol: string): string {
  return base32Prefix16(sha256(new TextEncoder().encode(nameString + protocol.toLowerCase())));
}

export function endpointChainName(nameString: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${base32Prefix16(sha256(new TextEncoder().encode(nameString + protocol.toLowerCase() + endpoint)))}`;
}

// ---- Services and EndpointSlices as kube-proxy sees them -----------------------------------

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strings = (v: unknown): string[] => asArray(v).filter((x): x is string => typeof x === 'string');

/** The proxied ports of a Service; none for headless, ExternalName or another proxy's services. */
export function servicePortsOf(svc: KubeObject): ServicePortInfo[] {
  const spec = isObject(svc.spec) ? svc.spec : {};
  const status = isObject(svc.status) ? svc.status : {};
  const clusterIP = str(spec.clusterIP);
  if (svc.metadata.labels?.[LABEL_PROXY_NAME] !== undefined) return [];
  if (clusterIP === '' || clusterIP === 'None' || spec.type === 'ExternalName') return [];
  const namespace = svc.metadata.namespace ?? 'default';
  const name = svc.metadata.name ?? '';
  const type = str(spec.type) || 'ClusterIP';
  const lbIngress = isObject(status.loadBalancer) ? asArray(status.loadBalancer.ingress).filter(isObject) : [];
  const loadBalancerIPs = type === 'LoadBalancer' ? lbIngress.filter((i) => str(i.ip) !== '' && (i.ipMode === undefined || i.ipMode === 'VIP')).map((i) => str(i.ip)) : [];
  const externalIPs = strings(spec.externalIPs);
  const affinity = spec.sessionAffinity === 'ClientIP' ? 'ClientIP' : 'None';
  const timeout = isObject(spec.sessionAffinityConfig) && isObject(spec.sessionAffinityConfig.clientIP) ? spec.sessionAffinityConfig.clientIP.timeoutSeconds : undefined;
  return asArray(spec.ports)
    .filter(isObject)
    .map((p) => {
      const portName = str(p.name);
      const protocol = (str(p.protocol) || 'TCP') as Protocol;
      const nameString = `${namespace}/${name}${portName ? `:${portName}` : ''}`;
      const nodePort = (type === 'NodePort' || type === 'LoadBalancer') && typeof p.nodePort === 'number' ? p.nodePort : 0;
      const accessible = nodePort !== 0 || loadBalancerIPs.length > 0 || externalIPs.length > 0;
      const hash = portProtoHash(nameString, protocol);
      const externalPolicyLocal = accessible && spec.externalTrafficPolicy === 'Local';
      return {
        namespace,
        name,
        portName,
        protocol,
        nameString,
        type,
        clusterIP,
        port: typeof p.port === 'number' ? p.port : 0,
        targetPort: typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? p.targetPort : typeof p.port === 'number' ? p.port : 0,
        nodePort,
        externalIPs,
        loadBalancerIPs,
        sessionAffinity: affinity,
        stickySeconds: typeof timeout === 'number' ? timeout : 10800,
        externalPolicyLocal,
        internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
        healthCheckNodePort: externalPolicyLocal && typeof spec.healthCheckNodePort === 'number' ? spec.healthCheckNodePort : 0,
        chains: { svc: `KUBE-SVC-${hash}`, svl: `KUBE-SVL-${hash}`, ext: `KUBE-EXT-${hash}`, fw: `KUBE-FW-${hash}` },
      };
    });
}

export function servicePortKey(nameString: string, protocol: string): string {
  return `${nameString}/${protocol}`;
}

/** EndpointSliceCache: endpoints per service port, deduplicated by `ip:port` and sorted by it. */
export function endpointsFromSlices(slices: KubeObject[]): Map<string, ProxyEndpoint[]> {
  const byPort = new Map<string, Map<string, ProxyEndpoint>>();
  for (const slice of slices) {
    const svcName = slice.metadata.labels?.[LABEL_SERVICE_NAME];
    if (!svcName || slice.metadata.labels?.[LABEL_HEADLESS] !== undefined) continue;
    if ((slice.addressType ?? 'IPv4') !== 'IPv4') continue;
    for (const port of asArray(slice.ports).filter(isObject)) {
      if (typeof port.port !== 'number' || port.port === 0 || typeof port.name !== 'string') continue;
      const protocol = str(port.protocol) || 'TCP';
      const nameString = `${slice.metadata.namespace ?? 'default'}/${svcName}${port.name ? `:${port.name}` : ''}`;
      const key = servicePortKey(nameString, protocol);
      const set = byPort.get(key) ?? new Map<string, ProxyEndpoint>();
      byPort.set(key, set);
      for (const ep of asArray(slice.endpoints).filter(isObject)) addEndpoint(set, ep, port.port, nameString, protocol);
    }
  }
  const out = new Map<string, ProxyEndpoint[]>();
  for (const [key, set] of byPort) out.set(key, [...set.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  return out;
}

function addEndpoint(set: Map<string, ProxyEndpoint>, ep: Record<string, unknown>, port: number, nameString: string, protocol: string): void {
  const ip = strings(ep.addresses)[0];
  if (!ip) return;
  const cond = isObject(ep.conditions) ? ep.conditions : {};
  const ready = cond.ready === undefined || cond.ready === null || cond.ready === true;
  const serving = cond.serving === undefined || cond.serving === null || cond.serving === true;
  const terminating = cond.terminating === true;
  const hints = isObject(ep.hints) ? ep.hints : {};
  const names = (v: unknown): string[] => asArray(v).filter(isObject).map((z) => str(z.name)).filter(Boolean);
  const ref = isObject(ep.targetRef) ? { kind: str(ep.targetRef.kind) || undefined, namespace: str(ep.targetRef.namespace) || undefined, name: str(ep.targetRef.name) || undefined } : undefined;
  const key = `${ip}:${port}`;
  // The same IP in two slices: prefer the endpoint that is not terminating (a reused pod IP).
  if (set.has(key) && terminating) return;
  set.set(key, {
    ip,
    port,
    key,
    nodeName: str(ep.nodeName) || undefined,
    ready,
    serving,
    terminating,
    zoneHints: names(hints.forZones),
    nodeHints: names(hints.forNodes),
    targetRef: ref,
    chain: endpointChainName(nameString, protocol, key),
  });
}

const usesClusterEndpoints = (s: ServicePortInfo): boolean => !s.internalPolicyLocal || (isExternallyAccessible(s) && !s.externalPolicyLocal);
const usesLocalEndpoints = (s: ServicePortInfo): boolean => s.internalPolicyLocal || s.externalPolicyLocal;
const isExternallyAccessible = (s: ServicePortInfo): boolean => s.nodePort !== 0 || s.loadBalancerIPs.length > 0 || s.externalIPs.length > 0;

/**
 * CategorizeEndpoints (pkg/proxy/topology.go): Ready endpoints, narrowed by
 * topology hints when every ready endpoint has one for this node or zone,
 * falling back to serving-and-terminating endpoints when none is ready.
 */
export function categorizeEndpoints(endpoints: ProxyEndpoint[], svc: ServicePortInfo, node: string, zone = ''): NodeEndpoints {
  const isLocal = (e: ProxyEndpoint): boolean => e.nodeName === node;
  const servingTerminating = (e: ProxyEndpoint): boolean => e.serving && e.terminating;
  let cluster: ProxyEndpoint[] = [];
  let local: ProxyEndpoint[] = [];
  let hasAny = false;
  let topology: NodeEndpoints['topology'] = '';
  if (usesClusterEndpoints(svc)) {
    topology = topologyMode(endpoints, node, zone);
    cluster = endpoints.filter((e) => e.ready && availableForTopology(e, topology, node, zone));
    if (cluster.length === 0) cluster = endpoints.filter(servingTerminating);
    hasAny = cluster.length > 0;
  }
  if (!usesLocalEndpoints(svc)) return { cluster, local, reachable: cluster, hasAny, topology };
  let localReady = false;
  let localServingTerminating = false;
  for (const e of endpoints) {
    if (e.ready) {
      hasAny = true;
      localReady ||= isLocal(e);
    } else if (servingTerminating(e)) {
      hasAny = true;
      localServingTerminating ||= isLocal(e);
    }
  }
  if (localReady) local = endpoints.filter((e) => isLocal(e) && e.ready);
  else if (localServingTerminating) local = endpoints.filter((e) => isLocal(e) && servingTerminating(e));
  if (!usesClusterEndpoints(svc)) return { cluster, local, reachable: local, hasAny, topology };
  const merged = new Map<string, ProxyEndpoint>();
  for (const e of [...cluster, ...local]) merged.set(e.key, e);
  return { cluster, local, reachable: [...merged.values()], hasAny, topology };
}

function topologyMode(endpoints: ProxyEndpoint[], node: string, zone: string): NodeEndpoints['topology'] {
  const ready = endpoints.filter((e) => e.ready);
  if (ready.length === 0) return '';
  if (ready.every((e) => e.nodeHints.length > 0) && ready.some((e) => e.nodeHints.includes(node))) return 'PreferSameNode';
  if (ready.every((e) => e.zoneHints.length > 0) && zone !== '' && ready.some((e) => e.zoneHints.includes(zone))) return 'PreferSameZone';
  return '';
}

function availableForTopology(e: ProxyEndpoint, mode: NodeEndpoints['topology'], node: string, zone: string): boolean {
  if (mode === 'PreferSameNode') return e.nodeHints.includes(node);
  if (mode === 'PreferSameZone') return e.zoneHints.includes(zone);
  return true;
}

// ---- iptables-save text ---------------------------------------------------------------------

/** xtables_save_string: bare when only [A-Za-z0-9_-], else double-quoted with \ escapes. */
export function saveString(value: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(value)) return value;
  return `"${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

const withPrefix = (ip: string): string => (ip.includes('/') ? ip : `${ip}/32`);

export function ruleText(chain: string, spec: RuleSpec): string {
  const parts = ['-A', chain];
  if (spec.source) parts.push(...(spec.notSource ? ['!'] : []), '-s', withPrefix(spec.source));
  if (spec.destination) parts.push('-d', withPrefix(spec.destination));
  if (spec.protocol) parts.push('-p', spec.protocol);
  for (const [module, ...args] of spec.matches) parts.push('-m', module, ...args);
  parts.push('-j', spec.target, ...(spec.targetArgs ?? []));
  return parts.join(' ');
}

/** The `statistic --probability` value as iptables-save prints it back: %.11f of the kernel's 31-bit fixed point. */
export function savedProbability(n: number): string {
  const requested = Number((1 / n).toFixed(10));
  return (Math.round(0x80000000 * requested) / 0x80000000).toFixed(11);
}

const comment = (text: string): string[] => ['comment', '--comment', saveString(text)];
const dport = (protocol: string, port: number): string[] => [protocol, '--dport', String(port)];
const recent = (chain: string, mode: 'set' | 'rcheck', seconds = 0): string[] =>
  mode === 'set' ? ['recent', '--set', '--name', chain, '--mask', '255.255.255.255', '--rsource'] : ['recent', '--rcheck', '--seconds', String(seconds), '--reap', '--name', chain, '--mask', '255.255.255.255', '--rsource'];

// ---- the rules one node's kube-proxy restores ------------------------------------------------

const FILTER_CHAINS = ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL', 'KUBE-FIREWALL'];
const NAT_CHAINS = ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ'];
const BUILTIN: Record<'filter' | 'nat', string[]> = { filter: ['INPUT', 'FORWARD', 'OUTPUT'], nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'] };

/** iptablesJumpChains, already in the order EnsureRule(Prepend) leaves them in each built-in chain. */
const JUMPS: [table: 'filter' | 'nat', from: string, to: string, text: string, ctNew: boolean][] = [
  ['filter', 'INPUT', 'KUBE-PROXY-FIREWALL', 'kubernetes load balancer firewall', true],
  ['filter', 'INPUT', 'KUBE-NODEPORTS', 'kubernetes health check service ports', false],
  ['filter', 'INPUT', 'KUBE-EXTERNAL-SERVICES', 'kubernetes externally-visible service portals', true],
  ['filter', 'INPUT', 'KUBE-FIREWALL', '', false],
  ['filter', 'FORWARD', 'KUBE-PROXY-FIREWALL', 'kubernetes load balancer firewall', true],
  ['filter', 'FORWARD', 'KUBE-FORWARD', 'kubernetes forwarding rules', false],
  ['filter', 'FORWARD', 'KUBE-SERVICES', 'kubernetes service portals', true],
  ['filter', 'FORWARD', 'KUBE-EXTERNAL-SERVICES', 'kubernetes externally-visible service portals', true],
  ['filter', 'OUTPUT', 'KUBE-PROXY-FIREWALL', 'kubernetes load balancer firewall', true],
  ['filter', 'OUTPUT', 'KUBE-SERVICES', 'kubernetes service portals', true],
  ['filter', 'OUTPUT', 'KUBE-FIREWALL', '', false],
  ['nat', 'PREROUTING', 'KUBE-SERVICES', 'kubernetes service portals', false],
  ['nat', 'OUTPUT', 'KUBE-SERVICES', 'kubernetes service portals', false],
  ['nat', 'POSTROUTING', 'KUBE-POSTROUTING', 'kubernetes postrouting rules', false],
];

class RuleWriter {
  readonly rules: IptablesRule[] = [];
  readonly natChains = new Set<string>(NAT_CHAINS);

  add(table: 'filter' | 'nat', chain: string, spec: RuleSpec, role: RuleRole, tags: { service?: string; endpoint?: string; via?: Via } = {}): void {
    const c = spec.matches.find((m) => m[0] === 'comment');
    const text = c ? c[2].replace(/^"|"$/g, '').replace(/\\(.)/g, '$1') : undefined;
    this.rules.push({ table, chain, spec, comment: text, role, ...tags, text: ruleText(chain, spec) });
  }

  chain(name: string): void {
    this.natChains.add(name);
  }
}

function buildNodeRules(node: NodeAddressing | undefined, nodeName: string, services: ServicePortInfo[], endpoints: Map<string, ProxyEndpoint[]>, clusterCIDR: string): NodeRules {
  const w = new RuleWriter();
  for (const [table, from, to, text, ctNew] of JUMPS) {
    const matches = [...(ctNew ? [['conntrack', '--ctstate', 'NEW']] : []), ...(text ? [comment(text)] : [])];
    w.add(table, from, { matches, target: to }, 'jump');
  }
  w.add('nat', 'KUBE-POSTROUTING', { matches: [['mark', '!', '--mark', `${MASQUERADE_MARK}/${MASQUERADE_MARK}`]], target: 'RETURN' }, 'infra');
  w.add('nat', 'KUBE-POSTROUTING', { matches: [], target: 'MARK', targetArgs: ['--set-xmark', `${MASQUERADE_MARK}/0x0`] }, 'infra');
  w.add('nat', 'KUBE-POSTROUTING', { matches: [comment('kubernetes service traffic requiring SNAT')], target: 'MASQUERADE', targetArgs: ['--random-fully'] }, 'infra');
  w.add('nat', 'KUBE-MARK-MASQ', { matches: [], target: 'MARK', targetArgs: ['--set-xmark', `${MASQUERADE_MARK}/${MASQUERADE_MARK}`] }, 'infra');
  w.add('filter', 'KUBE-FIREWALL', { destination: '127.0.0.0/8', source: '127.0.0.0/8', notSource: true, matches: [comment('block incoming localnet connections'), ['conntrack', '!', '--ctstate', 'RELATED,ESTABLISHED,DNAT']], target: 'DROP' }, 'infra');
  for (const svc of services) writeService(w, svc, categorizeEndpoints(endpoints.get(servicePortKey(svc.nameString, svc.protocol)) ?? [], svc, nodeName, node?.zone), clusterCIDR);
  w.add('nat', 'KUBE-SERVICES', { matches: [comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'), ['addrtype', '--dst-type', 'LOCAL']], target: 'KUBE-NODEPORTS' }, 'nodeports');
  w.add('filter', 'KUBE-FORWARD', { matches: [['conntrack', '--ctstate', 'INVALID']], target: 'DROP' }, 'infra');
  w.add('filter', 'KUBE-FORWARD', { matches: [comment('kubernetes forwarding rules'), ['mark', '--mark', `${MASQUERADE_MARK}/${MASQUERADE_MARK}`]], target: 'ACCEPT' }, 'infra');
  w.add('filter', 'KUBE-FORWARD', { matches: [comment('kubernetes forwarding conntrack rule'), ['conntrack', '--ctstate', 'RELATED,ESTABLISHED']], target: 'ACCEPT' }, 'infra');
  const tables: IptablesTable[] = (['filter', 'nat'] as const).map((name) => {
    const user = [...(name === 'filter' ? FILTER_CHAINS : w.natChains)].sort();
    const chains = [...BUILTIN[name].map((c) => ({ name: c, policy: 'ACCEPT' as const })), ...user.map((c) => ({ name: c }))];
    const order = new Map(chains.map((c, i) => [c.name, i]));
    const rules = w.rules.filter((r) => r.table === name).map((r, i) => ({ r, i }));
    rules.sort((a, b) => (order.get(a.r.chain) ?? 0) - (order.get(b.r.chain) ?? 0) || a.i - b.i);
    return { name, chains, rules: rules.map((x) => x.r) };
  });
  const lines = tables.flatMap((t) => [`*${t.name}`, ...t.chains.map((c) => `:${c.name} ${c.policy ?? '-'} [0:0]`), ...t.rules.map((r) => r.text), 'COMMIT']);
  return { node: nodeName, tables, lines };
}

/** One service port's rules, in the order syncProxyRules writes them. */
function writeService(w: RuleWriter, svc: ServicePortInfo, eps: NodeEndpoints, clusterCIDR: string): void {
  const proto = svc.protocol.toLowerCase();
  const name = svc.nameString;
  const tags = { service: servicePortKey(name, svc.protocol) };
  const hasInternal = eps.hasAny && (!svc.internalPolicyLocal || eps.local.length > 0);
  const hasExternal = eps.hasAny && (!svc.externalPolicyLocal || eps.local.length > 0);
  const internalChain = svc.internalPolicyLocal ? svc.chains.svl : svc.chains.svc;
  const externalPolicyChain = svc.externalPolicyLocal ? svc.chains.svl : svc.chains.svc;
  const usesExt = eps.hasAny && isExternallyAccessible(svc);
  const internalFilter = !eps.hasAny ? { target: 'REJECT', text: `${name} has no endpoints` } : { target: 'DROP', text: `${name} has no local endpoints` };
  const externalFilter = !eps.hasAny ? internalFilter : { target: 'DROP', text: `${name} has no local endpoints` };
  const filterRole = (t: string): RuleRole => (t === 'REJECT' ? 'reject' : 'drop');
  const filterArgs = (t: string): string[] | undefined => (t === 'REJECT' ? ['--reject-with', 'icmp-port-unreachable'] : undefined);
  const clusterMatch = (suffix: string): RuleSpec['matches'] => [comment(`${name} ${suffix}`), dport(proto, svc.port)];

  if (hasInternal) w.add('nat', 'KUBE-SERVICES', { destination: svc.clusterIP, protocol: proto, matches: clusterMatch('cluster IP'), target: internalChain }, 'capture', { ...tags, via: 'clusterIP' });
  else w.add('filter', 'KUBE-SERVICES', { destination: svc.clusterIP, protocol: proto, matches: [comment(internalFilter.text), dport(proto, svc.port)], target: internalFilter.target, targetArgs: filterArgs(internalFilter.target) }, filterRole(internalFilter.target), { ...tags, via: 'clusterIP' });
  for (const ip of svc.externalIPs) {
    if (eps.hasAny) w.add('nat', 'KUBE-SERVICES', { destination: ip, protocol: proto, matches: clusterMatch('external IP'), target: svc.chains.ext }, 'capture', { ...tags, via: 'externalIP' });
    if (!hasExternal) w.add('filter', 'KUBE-EXTERNAL-SERVICES', { destination: ip, protocol: proto, matches: [comment(externalFilter.text), dport(proto, svc.port)], target: externalFilter.target, targetArgs: filterArgs(externalFilter.target) }, filterRole(externalFilter.target), { ...tags, via: 'externalIP' });
  }
  for (const ip of svc.loadBalancerIPs) {
    if (eps.hasAny) w.add('nat', 'KUBE-SERVICES', { destination: ip, protocol: proto, matches: clusterMatch('loadbalancer IP'), target: svc.chains.ext }, 'capture', { ...tags, via: 'loadBalancer' });
  }
  if (!hasExternal) {
    for (const ip of svc.loadBalancerIPs) w.add('filter', 'KUBE-EXTERNAL-SERVICES', { destination: ip, protocol: proto, matches: [comment(externalFilter.text), dport(proto, svc.port)], target: externalFilter.target, targetArgs: filterArgs(externalFilter.target) }, filterRole(externalFilter.target), { ...tags, via: 'loadBalancer' });
  }
  if (svc.nodePort !== 0) {
    if (eps.hasAny) w.add('nat', 'KUBE-NODEPORTS', { protocol: proto, matches: [comment(name), dport(proto, svc.nodePort)], target: svc.chains.ext }, 'capture', { ...tags, via: 'nodePort' });
    if (!hasExternal) w.add('filter', 'KUBE-EXTERNAL-SERVICES', { protocol: proto, matches: [comment(externalFilter.text), ['addrtype', '--dst-type', 'LOCAL'], dport(proto, svc.nodePort)], target: externalFilter.target, targetArgs: filterArgs(externalFilter.target) }, filterRole(externalFilter.target), { ...tags, via: 'nodePort' });
  }
  if (svc.healthCheckNodePort !== 0) w.add('filter', 'KUBE-NODEPORTS', { protocol: 'tcp', matches: [comment(`${name} health check node port`), dport('tcp', svc.healthCheckNodePort)], target: 'ACCEPT' }, 'healthcheck', tags);

  if (hasInternal) w.add('nat', internalChain, { source: clusterCIDR, notSource: true, destination: svc.clusterIP, protocol: proto, matches: clusterMatch('cluster IP'), target: 'KUBE-MARK-MASQ' }, 'svc-masq', tags);
  if (usesExt) writeExternalChain(w, svc, hasExternal, externalPolicyChain, clusterCIDR, tags);
  if (eps.cluster.length > 0 && usesClusterEndpoints(svc)) {
    w.chain(svc.chains.svc);
    writeBalancing(w, svc, svc.chains.svc, eps.cluster, tags);
  }
  if (eps.local.length > 0 && usesLocalEndpoints(svc)) {
    w.chain(svc.chains.svl);
    writeBalancing(w, svc, svc.chains.svl, eps.local, tags);
  }
  for (const ep of eps.reachable) {
    w.chain(ep.chain);
    const epTags = { ...tags, endpoint: ep.key };
    w.add('nat', ep.chain, { source: ep.ip, matches: [comment(name)], target: 'KUBE-MARK-MASQ' }, 'sep-masq', epTags);
    const matches = [comment(name), ...(svc.sessionAffinity === 'ClientIP' ? [recent(ep.chain, 'set')] : []), [proto]];
    w.add('nat', ep.chain, { protocol: proto, matches, target: 'DNAT', targetArgs: ['--to-destination', ep.key] }, 'dnat', epTags);
  }
}

function writeExternalChain(w: RuleWriter, svc: ServicePortInfo, hasExternal: boolean, policyChain: string, clusterCIDR: string, tags: { service: string }): void {
  const ext = svc.chains.ext;
  const name = svc.nameString;
  w.chain(ext);
  if (!svc.externalPolicyLocal) {
    w.add('nat', ext, { matches: [comment(`masquerade traffic for ${name} external destinations`)], target: 'KUBE-MARK-MASQ' }, 'ext-masq', tags);
  } else {
    // Pods and the node itself are short-circuited to the Cluster chain, as if they had gone out to the load balancer and back.
    w.add('nat', ext, { source: clusterCIDR, matches: [comment(`pod traffic for ${name} external destinations`)], target: svc.chains.svc }, 'ext-pod', tags);
    w.add('nat', ext, { matches: [comment(`masquerade LOCAL traffic for ${name} external destinations`), ['addrtype', '--src-type', 'LOCAL']], target: 'KUBE-MARK-MASQ' }, 'ext-local-masq', tags);
    w.add('nat', ext, { matches: [comment(`route LOCAL traffic for ${name} external destinations`), ['addrtype', '--src-type', 'LOCAL']], target: svc.chains.svc }, 'ext-local-route', tags);
  }
  if (hasExternal) w.add('nat', ext, { matches: [], target: policyChain }, 'ext-policy', tags);
}

function writeBalancing(w: RuleWriter, svc: ServicePortInfo, chain: string, endpoints: ProxyEndpoint[], tags: { service: string }): void {
  const name = svc.nameString;
  if (svc.sessionAffinity === 'ClientIP') {
    for (const ep of endpoints) {
      w.add('nat', chain, { matches: [comment(`${name} -> ${ep.key}`), recent(ep.chain, 'rcheck', svc.stickySeconds)], target: ep.chain }, 'affinity', { ...tags, endpoint: ep.key });
    }
  }
  endpoints.forEach((ep, i) => {
    const matches = [comment(`${name} -> ${ep.key}`), ...(i < endpoints.length - 1 ? [['statistic', '--mode', 'random', '--probability', savedProbability(endpoints.length - i)]] : [])];
    w.add('nat', chain, { matches, target: ep.chain }, 'balance', { ...tags, endpoint: ep.key });
  });
}

// ---- the proxy ---------------------------------------------------------------------------------

interface ProxyState {
  nodes: Map<string, NodeAddressing>;
  services: ServicePortInfo[];
  endpoints: Map<string, ProxyEndpoint[]>;
  categorized: Map<string, NodeEndpoints>;
  rules: Map<string, NodeRules>;
  /** Per node: rules by table, chain, role and service port, for route(). */
  index: Map<string, Map<string, IptablesRule[]>>;
}

const indexKey = (table: string, chain: string, role: RuleRole, service = ''): string => `${table} ${chain} ${role} ${service}`;

export class KubeProxy {
  private readonly state: RevisionCache<ProxyState>;
  /** xt_recent lists, per node and KUBE-SEP chain: client IP → last packet (simulated ms). */
  private readonly recent = new Map<string, Map<string, number>>();
  private readonly clusterCidr: Cidr;

  constructor(
    api: ApiServer,
    private readonly clock: Clock,
    private readonly routes: NodeRoutes = new NodeRoutes(api),
    readonly clusterCIDR: string = CLUSTER_CIDR,
  ) {
    this.clusterCidr = parseCidr(clusterCIDR);
    this.state = new RevisionCache(api, () => ({
      nodes: new Map(this.routes.nodes().map((n) => [n.name, n])),
      services: api
        .list('services')
        .items.flatMap(servicePortsOf)
        .sort((a, b) => (a.nameString < b.nameString ? -1 : a.nameString > b.nameString ? 1 : a.protocol < b.protocol ? -1 : 1)),
      endpoints: endpointsFromSlices(api.list('endpointslices').items),
      categorized: new Map(),
      rules: new Map(),
      index: new Map(),
    }));
  }

  /** Every proxied service port, sorted by name. */
  servicePorts(): ServicePortInfo[] {
    return this.state.get().services;
  }

  /** A Service's port by number or name (the first port when omitted). */
  servicePort(namespace: string, name: string, port?: number | string, protocol?: Protocol): ServicePortInfo | undefined {
    const ports = this.servicePorts().filter((s) => s.namespace === namespace && s.name === name && (!protocol || s.protocol === protocol));
    if (port === undefined || port === '') return ports[0];
    return ports.find((s) => s.port === Number(port) || (s.portName !== '' && s.portName === port));
  }

  /** All endpoints of a service port, from its EndpointSlices. */
  endpoints(svc: ServicePortInfo): ProxyEndpoint[] {
    return this.state.get().endpoints.get(servicePortKey(svc.nameString, svc.protocol)) ?? [];
  }

  /** The endpoints a node's kube-proxy would use for a service port. */
  endpointsOn(node: string, svc: ServicePortInfo): NodeEndpoints {
    const state = this.state.get();
    const key = `${node} ${servicePortKey(svc.nameString, svc.protocol)}`;
    let eps = state.categorized.get(key);
    if (!eps) {
      eps = categorizeEndpoints(this.endpoints(svc), svc, node, state.nodes.get(node)?.zone);
      state.categorized.set(key, eps);
    }
    return eps;
  }

  /** A node's kube-proxy rules, as data and as iptables-save lines. */
  rulesFor(node: string): NodeRules {
    const state = this.state.get();
    let rules = state.rules.get(node);
    if (!rules) {
      rules = buildNodeRules(state.nodes.get(node), node, state.services, state.endpoints, this.clusterCIDR);
      state.rules.set(node, rules);
    }
    return rules;
  }

  /**
   * What one node's netfilter does with the first packet of a new connection
   * to dst from client: DNAT to one endpoint, REJECT/DROP, or leave it alone
   * (ACCEPT) when dst is no service address. `client.node` is the node whose
   * rules apply: the sending pod's node, or the node the packet arrived at;
   * omitted, it is the node that owns dst (a NodePort).
   */
  route(dst: { ip: string; port: number; protocol?: Protocol }, client: { ip: string; node?: string }): ProxyDecision {
    const nodeName = client.node ?? this.routes.nodeByIP(dst.ip)?.name;
    if (!nodeName) return { verdict: 'ACCEPT', node: '', rules: [] };
    const node = this.state.get().nodes.get(nodeName);
    const hit = this.capture(dst, dst.protocol ?? 'TCP', node);
    if (!hit) return { verdict: 'ACCEPT', node: nodeName, rules: [] };
    const { svc, via } = hit;
    const index = this.ruleIndex(nodeName);
    const key = servicePortKey(svc.nameString, svc.protocol);
    // Capture and filter rules name the service address; a NodePort rule has none.
    const forDst = (r: IptablesRule): boolean => r.via === undefined || (r.via === via && (r.spec.destination === undefined || r.spec.destination === dst.ip));
    const find = (chain: string, role: RuleRole, endpoint?: string): IptablesRule[] => {
      const table = role === 'reject' || role === 'drop' ? 'filter' : 'nat';
      return (index.get(indexKey(table, chain, role, key)) ?? []).filter((r) => (endpoint === undefined || r.endpoint === endpoint) && forDst(r));
    };
    const fromLocal = this.isLocalAddress(node, client.ip);
    const path = this.policyPath(svc, via, this.endpointsOn(nodeName, svc), { fromPod: cidrContains(this.clusterCidr, client.ip), fromLocal }, find, index);
    if ('reason' in path || path.candidates.length === 0) {
      const refusal = 'reason' in path ? path : { reason: 'no-local-endpoints' as const, filterChain: via === 'clusterIP' ? 'KUBE-SERVICES' : 'KUBE-EXTERNAL-SERVICES' };
      const r = find(refusal.filterChain, refusal.reason === 'no-endpoints' ? 'reject' : 'drop');
      return { verdict: refusal.reason === 'no-endpoints' ? 'REJECT' : 'DROP', node: nodeName, service: svc, via, chains: [refusal.filterChain], comment: r[0]?.comment ?? '', reason: refusal.reason, rules: r };
    }
    const entry = index.get(indexKey('nat', fromLocal ? 'OUTPUT' : 'PREROUTING', 'jump')) ?? [];
    const matched = [...entry, ...path.rules];
    let masquerade = path.masquerade;
    const { endpoint, sticky } = this.pick(nodeName, svc, path.candidates, client.ip);
    matched.push(...find(path.chain, sticky ? 'affinity' : 'balance', endpoint.key));
    // Hairpin: a pod reaching itself through its own Service must be masqueraded, or the reply would skip conntrack.
    if (endpoint.ip === client.ip) {
      masquerade = true;
      matched.push(...find(endpoint.chain, 'sep-masq', endpoint.key));
    }
    matched.push(...find(endpoint.chain, 'dnat', endpoint.key));
    if (svc.sessionAffinity === 'ClientIP') this.remember(nodeName, endpoint.chain, client.ip);
    // MASQUERADE takes the address of the interface the packet leaves by: cbr0 for a local endpoint, eth0 otherwise.
    const snatIP = masquerade ? (endpoint.nodeName === nodeName ? node?.bridgeIP : node?.ip) : undefined;
    const chains = [...path.chains, endpoint.chain];
    return { verdict: 'DNAT', node: nodeName, service: svc, via, chains, endpoint, candidates: path.candidates, sticky, masquerade, snatIP, rules: matched };
  }

  /**
   * From KUBE-SERVICES to the chain that balances: KUBE-SVC (Cluster) or KUBE-SVL
   * (Local), through KUBE-NODEPORTS and KUBE-EXT for external destinations; or
   * the filter rule that refuses the packet.
   */
  private policyPath(
    svc: ServicePortInfo,
    via: Via,
    eps: NodeEndpoints,
    source: { fromPod: boolean; fromLocal: boolean },
    find: (chain: string, role: RuleRole) => IptablesRule[],
    index: Map<string, IptablesRule[]>,
  ): { chain: string; chains: string[]; candidates: ProxyEndpoint[]; masquerade: boolean; rules: IptablesRule[] } | { reason: 'no-endpoints' | 'no-local-endpoints'; filterChain: string } {
    const filterChain = via === 'clusterIP' ? 'KUBE-SERVICES' : 'KUBE-EXTERNAL-SERVICES';
    if (!eps.hasAny) return { reason: 'no-endpoints', filterChain };
    if (via === 'clusterIP') {
      if (svc.internalPolicyLocal && eps.local.length === 0) return { reason: 'no-local-endpoints', filterChain };
      const chain = svc.internalPolicyLocal ? svc.chains.svl : svc.chains.svc;
      const candidates = svc.internalPolicyLocal ? eps.local : eps.cluster;
      const rules = [...find('KUBE-SERVICES', 'capture'), ...(source.fromPod ? [] : find(chain, 'svc-masq'))];
      return { chain, chains: ['KUBE-SERVICES', chain], candidates, masquerade: !source.fromPod, rules };
    }
    const ext = svc.chains.ext;
    const capture = via === 'nodePort' ? [...(index.get(indexKey('nat', 'KUBE-SERVICES', 'nodeports')) ?? []), ...find('KUBE-NODEPORTS', 'capture')] : find('KUBE-SERVICES', 'capture');
    const chains = via === 'nodePort' ? ['KUBE-SERVICES', 'KUBE-NODEPORTS', ext] : ['KUBE-SERVICES', ext];
    const cluster = (masquerade: boolean, rules: IptablesRule[]): { chain: string; chains: string[]; candidates: ProxyEndpoint[]; masquerade: boolean; rules: IptablesRule[] } => ({
      chain: svc.chains.svc,
      chains: [...chains, svc.chains.svc],
      candidates: eps.cluster,
      masquerade,
      rules: [...capture, ...rules],
    });
    if (!svc.externalPolicyLocal) return cluster(true, [...find(ext, 'ext-masq'), ...find(ext, 'ext-policy')]);
    if (source.fromPod) return cluster(false, find(ext, 'ext-pod'));
    if (source.fromLocal) return cluster(true, [...find(ext, 'ext-local-masq'), ...find(ext, 'ext-local-route')]);
    if (eps.local.length === 0) return { reason: 'no-local-endpoints', filterChain };
    return { chain: svc.chains.svl, chains: [...chains, svc.chains.svl], candidates: eps.local, masquerade: false, rules: [...capture, ...find(ext, 'ext-policy')] };
  }

  private ruleIndex(node: string): Map<string, IptablesRule[]> {
    const state = this.state.get();
    let index = state.index.get(node);
    if (!index) {
      index = new Map();
      for (const t of this.rulesFor(node).tables) {
        for (const r of t.rules) {
          const k = indexKey(t.name, r.chain, r.role, r.service);
          const list = index.get(k) ?? [];
          list.push(r);
          index.set(k, list);
        }
      }
      state.index.set(node, index);
    }
    return index;
  }

  /** The healthCheckNodePort answer a load balancer polls under externalTrafficPolicy: Local. */
  localEndpointCount(node: string, svc: ServicePortInfo): number {
    return this.endpointsOn(node, svc).local.filter((e) => e.ready).length;
  }

  /** Which service address (and how) KUBE-SERVICES / KUBE-NODEPORTS would capture. */
  private capture(dst: { ip: string; port: number }, protocol: Protocol, node: NodeAddressing | undefined): { svc: ServicePortInfo; via: Via } | undefined {
    for (const svc of this.servicePorts()) {
      if (svc.protocol !== protocol) continue;
      if (svc.port === dst.port && svc.clusterIP === dst.ip) return { svc, via: 'clusterIP' };
      if (svc.port === dst.port && svc.externalIPs.includes(dst.ip)) return { svc, via: 'externalIP' };
      if (svc.port === dst.port && svc.loadBalancerIPs.includes(dst.ip)) return { svc, via: 'loadBalancer' };
    }
    if (!this.isLocalAddress(node, dst.ip)) return undefined;
    const svc = this.servicePorts().find((s) => s.protocol === protocol && s.nodePort !== 0 && s.nodePort === dst.port);
    return svc ? { svc, via: 'nodePort' } : undefined;
  }

  private isLocalAddress(node: NodeAddressing | undefined, ip: string): boolean {
    return !!node && (ip === node.ip || ip === node.bridgeIP || ip.startsWith('127.'));
  }

  /** The `recent --rcheck` rules first (ClientIP affinity), then the `statistic` chain: rule i matches with probability 1/(n-i). */
  private pick(node: string, svc: ServicePortInfo, endpoints: ProxyEndpoint[], clientIP: string): { endpoint: ProxyEndpoint; sticky: boolean } {
    if (svc.sessionAffinity === 'ClientIP') {
      const now = this.clock.now();
      for (const ep of endpoints) {
        const seen = this.recent.get(`${node} ${ep.chain}`)?.get(clientIP);
        if (seen !== undefined && now - seen <= svc.stickySeconds * 1000) return { endpoint: ep, sticky: true };
      }
    }
    for (let i = 0; i < endpoints.length - 1; i++) {
      if (this.clock.random() < 1 / (endpoints.length - i)) return { endpoint: endpoints[i], sticky: false };
    }
    return { endpoint: endpoints[endpoints.length - 1], sticky: false };
  }

  private remember(node: string, chain: string, clientIP: string): void {
    const key = `${node} ${chain}`;
    const list = this.recent.get(key) ?? new Map<string, number>();
    list.set(clientIP, this.clock.now());
    this.recent.set(key, list);
  }
}
