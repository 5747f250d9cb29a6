// Cluster DNS, the CoreDNS analogue: the answers CoreDNS's `kubernetes`
// plugin gives from Services and EndpointSlices (kubeadm's Corefile: zone
// cluster.local, `pods insecure`, `ttl 30`), and the stub resolver in a
// ClusterFirst pod that walks the search path of its /etc/resolv.conf
// (`<ns>.svc.cluster.local svc.cluster.local cluster.local`, ndots:5).
//
//   <svc>.<ns>.svc.cluster.local              A     ClusterIP, or each ready endpoint of a headless Service
//   <hostname|a-b-c-d>.<svc>.<ns>.svc…        A     one endpoint (StatefulSet pods: web-0.nginx.default.svc…)
//   _<port>._<proto>.<svc>.<ns>.svc…          SRV   the named port (per endpoint for headless Services)
//   <ExternalName svc>.<ns>.svc…              CNAME the external name
//   <a-b-c-d>.<ns>.pod.cluster.local          A     a.b.c.d
//   d.c.b.a.in-addr.arpa                      PTR   the Service (or endpoint) owning the address
import type { ApiServer } from '../api/apiserver';
import { intToIp, ipToInt } from '../api/allocators/ipv4';
import { asArray, isObject } from '../api/types';
import { serviceSlices } from '../controllers/endpointslice/util';

export interface DNSRecord {
  name: string;
  type: 'A' | 'CNAME' | 'SRV' | 'PTR';
  value: string;
  ttl: number;
  port?: number;
}

export interface DNSAnswer {
  question: string;
  /** The fully qualified name that answered (no trailing dot), undefined for NXDOMAIN. */
  fqdn: string | undefined;
  rcode: 'NOERROR' | 'NXDOMAIN';
  records: DNSRecord[];
  /** Every name the resolver asked, in order (the search path expansion). */
  searched: string[];
}

export type DNSQueryType = 'A' | 'SRV' | 'PTR';

export const CLUSTER_DOMAIN = 'cluster.local';
/** The Corefile's `ttl 30` (and `cache 30` caps what upstream answers). */
export const DNS_TTL = 30;
export const NDOTS = 5;
/** kubeadm gives kube-dns the tenth address of the service CIDR. */
export const DEFAULT_CLUSTER_DNS_IP = '10.96.0.10';

const MAX_CNAME_CHAIN = 8;

/**
 * The sandbox has no Internet, so names outside cluster.local resolve only
 * from this table, standing in for the upstream resolvers CoreDNS forwards to
 * (`forward . /etc/resolv.conf`). Lessons need a few outside names (an
 * ExternalName target, `nslookup kubernetes.io`); the addresses come from the
 * RFC 5737 documentation ranges, so none pretends to be a real site's.
 */
const UPSTREAM: Record<string, { type: 'A' | 'CNAME'; value: string }> = {
  'kubernetes.io': { type: 'A', value: '203.0.113.10' },
  'www.kubernetes.io': { type: 'CNAME', value: 'kubernetes.io' },
  'example.com': { type: 'A', value: '203.0.113.20' },
  'www.example.com': { type: 'CNAME', value: 'example.com' },
  'my.database.example.com': { type: 'A', value: '198.51.100.30' },
};

interface Result {
  rcode: 'NOERROR' | 'NXDOMAIN';
  records: DNSRecord[];
}

const NX: Result = { rcode: 'NXDOMAIN', records: [] };
const NODATA: Result = { rcode: 'NOERROR', records: [] };

interface ReadyEndpoint {
  ip: string;
  /** The endpoint's DNS label: its hostname, else its dashed address. */
  label: string;
  ports: { name: string; port: number; protocol: string }[];
}

export class ClusterDNS {
  constructor(private readonly api: ApiServer) {}

  /** Resolve as a pod in `fromNamespace` would through its resolv.conf search path (ndots:5), or a FQDN as given. */
  lookup(name: string, opts: { fromNamespace?: string; type?: DNSQueryType } = {}): DNSAnswer {
    const type = opts.type ?? 'A';
    let q = name.trim().toLowerCase();
    if (isIPv4(q)) {
      // getaddrinfo takes a numeric host as is; nslookup of an address asks for its PTR.
      if (type === 'A') return { question: name, fqdn: q, rcode: 'NOERROR', records: [{ name: q, type: 'A', value: q, ttl: 0 }], searched: [] };
      q = `${q.split('.').reverse().join('.')}.in-addr.arpa.`;
    }
    const absolute = q.endsWith('.');
    q = q.replace(/\.+$/, '');
    const candidates = absolute || type === 'PTR' ? [q] : searchList(q, opts.fromNamespace ?? 'default');
    const searched: string[] = [];
    let nodata: string | undefined;
    for (const c of candidates) {
      searched.push(c);
      const r = this.resolve(c, type, 0);
      if (r.rcode === 'NOERROR' && r.records.length) return { question: name, fqdn: c, rcode: 'NOERROR', records: r.records, searched };
      // A name that exists without records of this type: the resolver keeps searching, and reports it if nothing better turns up.
      if (r.rcode === 'NOERROR' && nodata === undefined) nodata = c;
    }
    return { question: name, fqdn: nodata, rcode: nodata ? 'NOERROR' : 'NXDOMAIN', records: [], searched };
  }

  /** The /etc/resolv.conf a ClusterFirst pod in `namespace` gets (containerd writes search, nameserver, options). */
  resolvConf(namespace: string): string {
    return [`search ${namespace}.svc.${CLUSTER_DOMAIN} svc.${CLUSTER_DOMAIN} ${CLUSTER_DOMAIN}`, `nameserver ${this.nameserver()}`, `options ndots:${NDOTS}`, ''].join('\n');
  }

  /** The kubelet's --cluster-dns: kube-dns's ClusterIP, i.e. the tenth address of the service CIDR. */
  nameserver(): string {
    const dns = this.api.tryGet('services', 'kube-dns', 'kube-system');
    const ip = isObject(dns?.spec) ? dns.spec.clusterIP : undefined;
    if (typeof ip === 'string' && isIPv4(ip)) return ip;
    const k = this.api.tryGet('services', 'kubernetes', 'default');
    const kip = isObject(k?.spec) && typeof k.spec.clusterIP === 'string' ? ipToInt(k.spec.clusterIP) : undefined;
    return kip !== undefined ? intToIp(kip + 9) : DEFAULT_CLUSTER_DNS_IP;
  }

  /**
   * Whether a pod's queries reach a DNS server at all: kube-dns needs a ready
   * CoreDNS endpoint. When it has none, a real resolver times out
   * (`;; connection timed out; no servers could be reached`) — callers show that.
   */
  available(): boolean {
    return this.readyEndpoints('kube-system', 'kube-dns').length > 0;
  }

  private resolve(fqdn: string, type: DNSQueryType, depth: number): Result {
    if (fqdn.endsWith('.in-addr.arpa')) return type === 'PTR' ? this.reverse(fqdn) : NX;
    if (fqdn === CLUSTER_DOMAIN || fqdn.endsWith(`.${CLUSTER_DOMAIN}`)) return this.cluster(fqdn, type, depth);
    return upstream(fqdn, type, depth);
  }

  private cluster(fqdn: string, type: DNSQueryType, depth: number): Result {
    const labels = fqdn === CLUSTER_DOMAIN ? [] : fqdn.slice(0, -(CLUSTER_DOMAIN.length + 1)).split('.');
    const kind = labels.at(-1);
    if (labels.length === 0 || (labels.length === 1 && kind === 'svc')) return NODATA;
    if (kind === 'pod') return labels.length === 3 ? this.podRecord(fqdn, labels[0], labels[1], type) : NX;
    if (kind !== 'svc') return NX;
    switch (labels.length) {
      case 2:
        return this.api.tryGet('namespaces', labels[0]) ? NODATA : NX;
      case 3:
        return this.service(fqdn, labels[1], labels[0], type, depth);
      case 4:
        return this.endpoint(fqdn, labels[2], labels[1], labels[0], type);
      case 5:
        if (!labels[0].startsWith('_') || !labels[1].startsWith('_')) return NX;
        return this.service(fqdn, labels[3], labels[2], type, depth, { port: labels[0].slice(1), proto: labels[1].slice(1) });
      default:
        return NX;
    }
  }

  private service(fqdn: string, namespace: string, name: string, type: DNSQueryType, depth: number, want?: { port: string; proto: string }): Result {
    const svc = this.api.tryGet('services', name, namespace);
    if (!svc || !isObject(svc.spec)) return NX;
    const spec = svc.spec;
    if (spec.type === 'ExternalName') {
      const target = str(spec.externalName).toLowerCase().replace(/\.+$/, '');
      const cname: DNSRecord = { name: fqdn, type: 'CNAME', value: target, ttl: DNS_TTL };
      // CoreDNS resolves the target itself and appends what it finds.
      const chased = type === 'A' && depth < MAX_CNAME_CHAIN ? this.resolve(target, 'A', depth + 1).records : [];
      return { rcode: 'NOERROR', records: [cname, ...chased] };
    }
    const base = `${name}.${namespace}.svc.${CLUSTER_DOMAIN}`;
    const headless = spec.clusterIP === 'None' || !spec.clusterIP;
    if (!headless) {
      const ports = asArray(spec.ports).filter(isObject).map(portOf);
      const matching = ports.filter((p) => portMatches(p, want));
      if (want && matching.length === 0) return NX;
      if (type === 'SRV') return { rcode: 'NOERROR', records: matching.filter((p) => p.name).map((p) => srv(fqdn, base, p.port)) };
      return type === 'A' ? { rcode: 'NOERROR', records: [{ name: fqdn, type: 'A', value: String(spec.clusterIP), ttl: DNS_TTL }] } : NODATA;
    }
    // Headless: the ready endpoints themselves. None ready means no such name (errNoItems).
    const eps = this.readyEndpoints(namespace, name).filter((e) => !want || e.ports.some((p) => portMatches(p, want)));
    if (eps.length === 0) return NX;
    if (type === 'SRV') {
      const records = eps.flatMap((e) => e.ports.filter((p) => p.name && portMatches(p, want)).map((p) => srv(fqdn, `${e.label}.${base}`, p.port)));
      return { rcode: 'NOERROR', records: dedupe(records) };
    }
    return type === 'A' ? { rcode: 'NOERROR', records: aRecords(fqdn, eps.map((e) => e.ip)) } : NODATA;
  }

  /** `<endpoint>.<svc>.<ns>.svc…`: an endpoint named by its hostname, or by its dashed address when it has none. */
  private endpoint(fqdn: string, namespace: string, svcName: string, label: string, type: DNSQueryType): Result {
    const svc = this.api.tryGet('services', svcName, namespace);
    if (!svc || (isObject(svc.spec) && svc.spec.type === 'ExternalName')) return NX;
    const eps = this.readyEndpoints(namespace, svcName).filter((e) => e.label === label);
    if (eps.length === 0) return NX;
    return type === 'A' ? { rcode: 'NOERROR', records: aRecords(fqdn, eps.map((e) => e.ip)) } : NODATA;
  }

  /** `pods insecure`: any well-formed dashed address in an existing namespace answers with that address. */
  private podRecord(fqdn: string, dashed: string, namespace: string, type: DNSQueryType): Result {
    const ip = dashed.replace(/-/g, '.');
    if (!isIPv4(ip) || !this.api.tryGet('namespaces', namespace)) return NX;
    return type === 'A' ? { rcode: 'NOERROR', records: [{ name: fqdn, type: 'A', value: ip, ttl: DNS_TTL }] } : NODATA;
  }

  /** PTR: a ClusterIP names its Service; else every endpoint with that address names itself under its Service. */
  private reverse(fqdn: string): Result {
    const parts = fqdn.slice(0, -'.in-addr.arpa'.length).split('.');
    if (parts.length !== 4) return NX;
    const ip = parts.reverse().join('.');
    if (!isIPv4(ip)) return NX;
    const services = this.api.list('services').items;
    const owner = services.find((s) => isObject(s.spec) && asArray(s.spec.clusterIPs ?? [s.spec.clusterIP]).includes(ip));
    const ptr = (value: string): DNSRecord => ({ name: fqdn, type: 'PTR', value, ttl: DNS_TTL });
    if (owner) return { rcode: 'NOERROR', records: [ptr(`${owner.metadata.name ?? ''}.${owner.metadata.namespace ?? ''}.svc.${CLUSTER_DOMAIN}`)] };
    const records: DNSRecord[] = [];
    for (const s of services) {
      const ns = s.metadata.namespace ?? '';
      const name = s.metadata.name ?? '';
      for (const e of this.readyEndpoints(ns, name)) if (e.ip === ip) records.push(ptr(`${e.label}.${name}.${ns}.svc.${CLUSTER_DOMAIN}`));
    }
    // Pod addresses outside any Service fall through to the upstream resolvers, which know nothing of them.
    return records.length ? { rcode: 'NOERROR', records: dedupe(records) } : NX;
  }

  /** Ready endpoints from the Service's EndpointSlices (CoreDNS skips the not-ready ones). */
  private readyEndpoints(namespace: string, name: string): ReadyEndpoint[] {
    const out: ReadyEndpoint[] = [];
    for (const slice of serviceSlices(this.api, namespace, name)) {
      if (slice.addressType !== 'IPv4') continue;
      const ports = asArray(slice.ports).filter(isObject).map(portOf);
      for (const ep of asArray(slice.endpoints).filter(isObject)) {
        if (isObject(ep.conditions) && ep.conditions.ready === false) continue;
        for (const ip of asArray(ep.addresses).map(String)) {
          out.push({ ip, label: typeof ep.hostname === 'string' && ep.hostname ? ep.hostname.toLowerCase() : ip.replace(/\./g, '-'), ports });
        }
      }
    }
    return out;
  }
}

/** The stub resolver's order: the search domains first unless the name has ndots dots, then the name itself. */
function searchList(name: string, namespace: string): string[] {
  const search = [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN].map((d) => `${name}.${d}`);
  const dots = (name.match(/\./g) ?? []).length;
  return dots >= NDOTS ? [name, ...search] : [...search, name];
}

function upstream(fqdn: string, type: DNSQueryType, depth: number): Result {
  const entry = UPSTREAM[fqdn];
  if (!entry) return NX;
  if (entry.type === 'CNAME') {
    const chased = type === 'A' && depth < MAX_CNAME_CHAIN ? upstream(entry.value, 'A', depth + 1).records : [];
    return { rcode: 'NOERROR', records: [{ name: fqdn, type: 'CNAME', value: entry.value, ttl: DNS_TTL }, ...chased] };
  }
  return type === 'A' ? { rcode: 'NOERROR', records: [{ name: fqdn, type: 'A', value: entry.value, ttl: DNS_TTL }] } : NODATA;
}

function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : fallback;
}

function portOf(p: Record<string, unknown>): { name: string; port: number; protocol: string } {
  return { name: str(p.name), port: Number(p.port), protocol: str(p.protocol, 'TCP') };
}

function portMatches(p: { name: string; protocol: string }, want?: { port: string; proto: string }): boolean {
  return !want || (p.name.toLowerCase() === want.port && p.protocol.toLowerCase() === want.proto);
}

function srv(name: string, target: string, port: number): DNSRecord {
  return { name, type: 'SRV', value: target, ttl: DNS_TTL, port };
}

function aRecords(name: string, ips: string[]): DNSRecord[] {
  const unique = [...new Set(ips)].sort((a, b) => (ipToInt(a) ?? 0) - (ipToInt(b) ?? 0));
  return unique.map((value) => ({ name, type: 'A', value, ttl: DNS_TTL }));
}

function dedupe(records: DNSRecord[]): DNSRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const k = `${r.type}|${r.value}|${r.port ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function isIPv4(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s) && ipToInt(s) !== undefined;
}
