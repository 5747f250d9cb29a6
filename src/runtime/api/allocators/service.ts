// The Service REST storage's allocators: a ClusterIP from the service CIDR and
// NodePorts from 30000-32767, with the apiserver's errors for taken or
// out-of-range values. The `kubernetes` Service gets the CIDR's first address.
import type { AdmissionAttributes, Allocator } from '../apiserver';
import { invalid, type FieldError } from '../errors';
import type { ResourceType } from '../resources';
import { isObject, type KubeObject } from '../types';
import { intToIp, ipToInt, parseCidr, type Cidr } from './ipv4';

export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

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

  allocate(a: AdmissionAttributes): FieldError[] {
    if (a.type.group !== '' || a.type.kind !== 'Service' || !isObject(a.object.spec)) return [];
    const spec = a.object.spec;
    const owner = `${a.namespace}/${a.name}`;
    const errs: FieldError[] = [];
    const oldSpec = a.old && isObject(a.old.spec) ? a.old.spec : undefined;
    const held = this.holdings(owner);
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
    const wantsNodePorts = spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
    const ports = Array.isArray(spec.ports) ? spec.ports : [];
    const oldPorts = new Map<string, number>();
    for (const p of oldSpec && Array.isArray(oldSpec.ports) ? oldSpec.ports : []) {
      if (isObject(p) && typeof p.nodePort === 'number') oldPorts.set(`${String(p.port)}/${String(p.protocol)}`, p.nodePort);
    }
    ports.forEach((p, i) => {
      if (!isObject(p)) return;
      if (!wantsNodePorts) return;
      const kept = oldPorts.get(`${String(p.port)}/${String(p.protocol)}`);
      if (p.nodePort === undefined && kept !== undefined) p.nodePort = kept;
      if (typeof p.nodePort === 'number' && p.nodePort !== 0) {
        if (this.ports.get(p.nodePort) === owner) return;
        if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX) {
          errs.push(invalid(`spec.ports[${i}].nodePort`, p.nodePort, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`));
        } else if (this.ports.has(p.nodePort)) {
          errs.push(invalid(`spec.ports[${i}].nodePort`, p.nodePort, 'provided port is already allocated'));
        } else if (!a.dryRun) this.ports.set(p.nodePort, owner);
      } else {
        const port = this.randomPort();
        if (port === undefined) errs.push(invalid(`spec.ports[${i}].nodePort`, 0, 'range is full'));
        else {
          p.nodePort = port;
          if (!a.dryRun) this.ports.set(port, owner);
        }
      }
    });
    if (errs.length || a.dryRun) {
      // Nothing this request took stays taken: back to what the stored object holds.
      this.keepOnly(owner, held.ips, held.ports);
    } else {
      // What the Service no longer uses (a type change, a removed port) goes back to the pools.
      const ips = new Set((Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [spec.clusterIP]).map((ip) => (typeof ip === 'string' ? ipToInt(ip) : undefined)));
      const nodePorts = new Set<unknown>(ports.map((p) => (isObject(p) ? p.nodePort : undefined)));
      if (typeof spec.healthCheckNodePort === 'number') nodePorts.add(spec.healthCheckNodePort);
      this.keepOnly(owner, ips, nodePorts);
    }
    return errs;
  }

  release(type: ResourceType, obj: KubeObject): void {
    if (type.group !== '' || type.kind !== 'Service') return;
    this.releaseOwner(`${obj.metadata.namespace}/${obj.metadata.name}`);
  }

  private holdings(owner: string): { ips: Set<unknown>; ports: Set<unknown> } {
    const mine = (m: Map<number, string>): Set<unknown> => new Set([...m].filter(([, o]) => o === owner).map(([k]) => k));
    return { ips: mine(this.ips), ports: mine(this.ports) };
  }

  private keepOnly(owner: string, ips: Set<unknown>, ports: Set<unknown>): void {
    for (const [ip, o] of this.ips) if (o === owner && !ips.has(ip)) this.ips.delete(ip);
    for (const [port, o] of this.ports) if (o === owner && !ports.has(port)) this.ports.delete(port);
  }

  private releaseOwner(owner: string, keep?: KubeObject): void {
    if (keep) return;
    for (const [ip, o] of this.ips) if (o === owner) this.ips.delete(ip);
    for (const [port, o] of this.ports) if (o === owner) this.ports.delete(port);
  }

  private allocateIP(requested: string, owner: string, isApiServer: boolean, errs: FieldError[]): string | undefined {
    if (requested) {
      const n = ipToInt(requested);
      if (n === undefined || n <= this.cidr.base || n >= this.cidr.base + this.cidr.size - 1) {
        errs.push(invalid('spec.clusterIPs', [requested], `failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${this.cidr.text}`));
        return undefined;
      }
      if (this.ips.has(n) && this.ips.get(n) !== owner) {
        errs.push(invalid('spec.clusterIPs', [requested], `failed to allocate IP ${requested}: provided IP is already allocated`));
        return undefined;
      }
      this.ips.set(n, owner);
      return requested;
    }
    if (isApiServer && !this.ips.has(this.cidr.base + 1)) {
      this.ips.set(this.cidr.base + 1, owner);
      return this.apiServerIP();
    }
    // Dynamic allocation prefers the upper part of the range, as the apiserver does,
    // leaving the lower band for addresses users pick by hand (e.g. DNS at .10).
    const usable = this.cidr.size - 2;
    const band = Math.min(Math.max(16, Math.floor(usable / 16)), 256);
    const lowerBand = Math.min(band, usable);
    for (let tries = 0; tries < 64; tries++) {
      const n = this.cidr.base + 1 + lowerBand + Math.floor(this.random() * (usable - lowerBand));
      if (!this.ips.has(n)) {
        this.ips.set(n, owner);
        return intToIp(n);
      }
    }
    for (let n = this.cidr.base + 2; n < this.cidr.base + this.cidr.size - 1; n++) {
      if (!this.ips.has(n)) {
        this.ips.set(n, owner);
        return intToIp(n);
      }
    }
    errs.push(invalid('spec.clusterIPs', [], 'failed to allocate IP: range is full'));
    return undefined;
  }

  private randomPort(): number | undefined {
    const span = NODE_PORT_MAX - NODE_PORT_MIN + 1;
    for (let tries = 0; tries < 64; tries++) {
      const p = NODE_PORT_MIN + Math.floor(this.random() * span);
      if (!this.ports.has(p)) return p;
    }
    for (let p = NODE_PORT_MIN; p <= NODE_PORT_MAX; p++) if (!this.ports.has(p)) return p;
    return undefined;
  }
}
