// The Service REST storage's allocators: a ClusterIP from the service CIDR and
// NodePorts from 30000-32767, with the apiserver's errors for taken or
// out-of-range values. The `kubernetes` Service gets the CIDR's first address.
import type { AdmissionAttributes, Allocator } from '../apiserver';
import { invalid, StatusError, type FieldError } from '../errors';
import type { ResourceType } from '../resources';
import { isObject, type KubeObject } from '../types';
import { intToIp, ipToInt, parseCidr, type Cidr } from './ipv4';

export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

/** errors.NewInternalError: what kubectl shows as `Error from server (InternalError): Internal error occurred: …`. */
function internalError(detail: string): StatusError {
  return new StatusError('InternalError', `Internal error occurred: ${detail}`);
}

export class ServiceAllocator implements Allocator {
  readonly cidr: Cidr;
  private ips = new Map<number, string>();
  private ports = new Map<number, string>();

  constructor(cidr: string, private readonly random: () => number) {
    this.cidr = parseCidr(cidr);
  }

  /** First usable address: reserved for the `kubernetes` Service in `default`. */
  apiServerIP(): string {
    return intToIp(this.cidr.base + 1);
  }

  /** The n-th address of the range (kubeadm puts kube-dns at the 10th), if the range has one. */
  nthIP(n: number): string | undefined {
    return n > 0 && n < this.cidr.size - 1 ? intToIp(this.cidr.base + n) : undefined;
  }

  /** ClusterIPs and NodePorts held right now, for checks and views. */
  inUse(): { ips: string[]; nodePorts: number[] } {
    return { ips: [...this.ips.keys()].sort((a, b) => a - b).map(intToIp), nodePorts: [...this.ports.keys()].sort((a, b) => a - b) };
  }

  allocate(a: AdmissionAttributes): FieldError[] {
    if (a.type.group !== '' || a.type.kind !== 'Service' || !isObject(a.object.spec)) return [];
    const owner = `${a.namespace}/${a.name}`;
    const held = this.holdings(owner);
    let errs: FieldError[];
    try {
      errs = this.allocateFor(a, a.object.spec, owner);
    } catch (e) {
      this.keepOnly(owner, held.ips, held.ports);
      throw e;
    }
    if (errs.length || a.dryRun) {
      // Nothing this request took stays taken: back to what the stored object holds.
      this.keepOnly(owner, held.ips, held.ports);
    } else {
      // What the Service no longer uses (a type change, a removed port) goes back to the pools.
      const spec = a.object.spec;
      const ips = new Set((Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [spec.clusterIP]).map((ip) => (typeof ip === 'string' ? ipToInt(ip) : undefined)));
      const nodePorts = new Set<unknown>((Array.isArray(spec.ports) ? spec.ports : []).map((p) => (isObject(p) ? p.nodePort : undefined)));
      if (typeof spec.healthCheckNodePort === 'number') nodePorts.add(spec.healthCheckNodePort);
      this.keepOnly(owner, ips, nodePorts);
    }
    return errs;
  }

  private allocateFor(a: AdmissionAttributes, spec: Record<string, unknown>, owner: string): FieldError[] {
    const errs: FieldError[] = [];
    const oldSpec = a.old && isObject(a.old.spec) ? a.old.spec : undefined;
    if (spec.type === 'ExternalName') {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    } else if (oldSpec && typeof oldSpec.clusterIP === 'string' && (spec.clusterIP === undefined || spec.clusterIP === '')) {
      spec.clusterIP = oldSpec.clusterIP;
      spec.clusterIPs = oldSpec.clusterIPs;
    } else if (spec.clusterIP === 'None') {
      spec.clusterIPs = ['None'];
    } else if (!oldSpec || spec.clusterIP !== oldSpec.clusterIP) {
      const ip = this.allocateIP(typeof spec.clusterIP === 'string' ? spec.clusterIP : '', owner, a.name === 'kubernetes' && a.namespace === 'default', errs);
      if (ip) {
        spec.clusterIP = ip;
        spec.clusterIPs = [ip];
      }
    }
    this.allocateNodePorts(spec, oldSpec, owner, a.dryRun, errs);
    if (!errs.length) this.allocateHealthCheckNodePort(spec, owner, a.dryRun);
    return errs;
  }

  /**
   * initNodePorts: NodePort and LoadBalancer Services get a NodePort per port
   * number (a port served over TCP and UDP shares one); an explicit value is
   * honoured, even where none would be allocated (allocateLoadBalancerNodePorts: false).
   */
  private allocateNodePorts(spec: Record<string, unknown>, oldSpec: Record<string, unknown> | undefined, owner: string, dryRun: boolean, errs: FieldError[]): void {
    if (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer') return;
    const allocates = spec.type === 'NodePort' || spec.allocateLoadBalancerNodePorts !== false;
    const ports = (Array.isArray(spec.ports) ? spec.ports : []).filter(isObject);
    const oldPorts = new Map<string, number>();
    for (const p of oldSpec && Array.isArray(oldSpec.ports) ? oldSpec.ports : []) {
      if (isObject(p) && typeof p.nodePort === 'number') oldPorts.set(`${String(p.port)}/${String(p.protocol)}`, p.nodePort);
    }
    const byPortNumber = new Map<unknown, number>();
    for (const [i, p] of ports.entries()) {
      const kept = oldPorts.get(`${String(p.port)}/${String(p.protocol)}`);
      if ((p.nodePort === undefined || p.nodePort === 0) && kept !== undefined) p.nodePort = kept;
      const requested = typeof p.nodePort === 'number' && p.nodePort !== 0 ? p.nodePort : findRequestedNodePort(p.port, ports);
      const shared = byPortNumber.get(p.port);
      if (shared !== undefined && (requested === undefined || requested === shared)) {
        p.nodePort = shared;
        continue;
      }
      if (requested !== undefined) {
        const err = this.claimPort(requested, owner, dryRun);
        // The first refusal ends the request, as initNodePorts returns it.
        if (err) {
          errs.push(invalid(`spec.ports[${i}].nodePort`, requested, err));
          return;
        }
        p.nodePort = requested;
        byPortNumber.set(p.port, requested);
        continue;
      }
      if (!allocates) continue;
      const port = this.randomPort();
      if (port === undefined) throw internalError('failed to allocate a nodePort: range is full');
      if (!dryRun) this.ports.set(port, owner);
      p.nodePort = port;
      byPortNumber.set(p.port, port);
    }
  }

  private claimPort(port: number, owner: string, dryRun: boolean): string | undefined {
    if (this.ports.get(port) === owner) return undefined;
    if (port < NODE_PORT_MIN || port > NODE_PORT_MAX) return `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`;
    if (this.ports.has(port)) return 'provided port is already allocated';
    if (!dryRun) this.ports.set(port, owner);
    return undefined;
  }

  /** NeedsHealthCheck: a LoadBalancer with externalTrafficPolicy Local gets a health-check NodePort for the load balancer to probe. */
  private allocateHealthCheckNodePort(spec: Record<string, unknown>, owner: string, dryRun: boolean): void {
    if (spec.type !== 'LoadBalancer' || spec.externalTrafficPolicy !== 'Local') {
      delete spec.healthCheckNodePort;
      return;
    }
    if (typeof spec.healthCheckNodePort === 'number' && spec.healthCheckNodePort !== 0) {
      const err = this.claimPort(spec.healthCheckNodePort, owner, dryRun);
      if (err) throw internalError(`failed to allocate requested HealthCheck NodePort ${spec.healthCheckNodePort}: ${err}`);
      return;
    }
    const port = this.randomPort();
    if (port === undefined) throw internalError('failed to allocate a HealthCheck NodePort 0: range is full');
    if (!dryRun) this.ports.set(port, owner);
    spec.healthCheckNodePort = port;
  }

  release(type: ResourceType, obj: KubeObject): void {
    if (type.group !== '' || type.kind !== 'Service') return;
    this.keepOnly(`${obj.metadata.namespace}/${obj.metadata.name}`, new Set(), new Set());
  }

  private holdings(owner: string): { ips: Set<unknown>; ports: Set<unknown> } {
    const mine = (m: Map<number, string>): Set<unknown> => new Set([...m].filter(([, o]) => o === owner).map(([k]) => k));
    return { ips: mine(this.ips), ports: mine(this.ports) };
  }

  private keepOnly(owner: string, ips: Set<unknown>, ports: Set<unknown>): void {
    for (const [ip, o] of this.ips) if (o === owner && !ips.has(ip)) this.ips.delete(ip);
    for (const [port, o] of this.ports) if (o === owner && !ports.has(port)) this.ports.delete(port);
  }

  private allocateIP(requested: string, owner: string, isApiServer: boolean, errs: FieldError[]): string | undefined {
    const first = this.cidr.base + 1;
    const last = this.cidr.base + this.cidr.size - 2;
    if (requested) {
      const n = ipToInt(requested);
      // With ServiceCIDR objects (GA in 1.33) an address outside every ServiceCIDR matches no allocator at all.
      if (n === undefined || n < first || n > last) {
        errs.push(invalid('spec.clusterIPs', [requested], `failed to allocate IP ${requested}: the provided network does not match the current range`));
        return undefined;
      }
      if (this.ips.has(n) && this.ips.get(n) !== owner) {
        errs.push(invalid('spec.clusterIPs', [requested], `failed to allocate IP ${requested}: provided IP is already allocated`));
        return undefined;
      }
      this.ips.set(n, owner);
      return requested;
    }
    if (isApiServer && !this.ips.has(first)) {
      this.ips.set(first, owner);
      return intToIp(first);
    }
    // Dynamic allocation starts at a random point of the upper part of the range and scans
    // on; the lower band (16-256 addresses) is left for addresses chosen by hand, such as DNS at .10.
    const offset = rangeOffset(this.cidr.size);
    const n = this.scan(first + offset, last) ?? (offset > 0 ? this.scan(first, first + offset - 1) : undefined);
    if (n === undefined) throw internalError('failed to allocate a serviceIP: range is full');
    this.ips.set(n, owner);
    return intToIp(n);
  }

  /** A free address in [lo, hi], scanning from a random start and wrapping. */
  private scan(lo: number, hi: number): number | undefined {
    const span = hi - lo + 1;
    if (span <= 0) return undefined;
    const start = Math.floor(this.random() * span);
    for (let i = 0; i < span; i++) {
      const n = lo + ((start + i) % span);
      if (!this.ips.has(n)) return n;
    }
    return undefined;
  }

  /** The port allocator's random-scan strategy: a random start, then the next free port. */
  private randomPort(): number | undefined {
    const span = NODE_PORT_MAX - NODE_PORT_MIN + 1;
    const start = Math.floor(this.random() * span);
    for (let i = 0; i < span; i++) {
      const p = NODE_PORT_MIN + ((start + i) % span);
      if (!this.ports.has(p)) return p;
    }
    return undefined;
  }
}

/** calculateRangeOffset: min(max(16, size/16), 256), none for ranges of 16 or fewer. */
function rangeOffset(size: number): number {
  if (size <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(size / 16)), 256);
}

/** findRequestedNodePort: another entry for the same port number may name the NodePort. */
function findRequestedNodePort(port: unknown, ports: Record<string, unknown>[]): number | undefined {
  const named = ports.find((p) => p.port === port && typeof p.nodePort === 'number' && p.nodePort !== 0);
  return named ? (named.nodePort as number) : undefined;
}
