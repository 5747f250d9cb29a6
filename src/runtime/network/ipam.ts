// Address plan of the sandbox, after the vSphere/Kubernetes comparison
// articles: nodes on 10.140.0.0/24 (the first at 10.140.0.10), and node i
// owning pod subnet 10.40.i.0/24 on its cbr0 bridge. Pod addresses come from
// the node's subnet the way the host-local IPAM plugin hands them out:
// sequentially after the last one reserved, wrapping, never one in use.

export const CLUSTER_CIDR = '10.40.0.0/16';

export function nodeIP(index: number): string {
  const n = 10 + index;
  return `10.140.${n >> 8}.${n & 255}`;
}

export function nodePodCIDR(index: number): string {
  return `10.${40 + (index >> 8)}.${index & 255}.0/24`;
}

export class PodIPAllocator {
  private readonly base: number;
  private inUse = new Set<number>();
  private last = 1;

  /** `cidr` is a /24: .1 is the bridge (cbr0) gateway, .255 broadcast. */
  constructor(readonly cidr: string) {
    const [a, b, c] = cidr.split('/')[0].split('.').map(Number);
    this.base = ((a << 24) >>> 0) + (b << 16) + (c << 8);
  }

  gateway(): string {
    return ipString(this.base + 1);
  }

  allocate(): string | undefined {
    for (let step = 1; step <= 253; step++) {
      const host = ((this.last - 2 + step) % 253) + 2;
      if (!this.inUse.has(host)) {
        this.inUse.add(host);
        this.last = host;
        return ipString(this.base + host);
      }
    }
    return undefined;
  }

  release(ip: string): void {
    const host = Number(ip.split('.')[3]);
    this.inUse.delete(host);
  }

  used(): number {
    return this.inUse.size;
  }
}

function ipString(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}
