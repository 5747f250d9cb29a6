// IP address management: the Service allocators (ClusterIP, NodePort) with
// the apiserver's errors, the per-node pod IP allocator, and property tests
// that churn pods and Services and check addresses stay unique, in range,
// released on delete and never reused while held.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServiceAllocator } from '../../../../src/runtime/api/allocators/service';
import { ipToInt, parseCidr } from '../../../../src/runtime/api/allocators/ipv4';
import { isStatusError } from '../../../../src/runtime/api/errors';
import { asArray, isObject, type KubeObject } from '../../../../src/runtime/api/types';
import { createCluster, type Cluster } from '../../../../src/runtime/index';
import { nodeIP, nodePodCIDR, PodIPAllocator } from '../../../../src/runtime/network/ipam';
import { bareControlPlane } from '../controlplane';
import { statusError } from '../helpers';

const svc = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } });
const specOf = (o: KubeObject): Record<string, unknown> => (isObject(o.spec) ? o.spec : {});
const nodePorts = (o: KubeObject): number[] => asArray(specOf(o).ports).filter(isObject).map((p) => Number(p.nodePort));

function allocatorPlane(cidr = '10.96.0.0/12'): { api: ReturnType<typeof bareControlPlane>['api']; alloc: ServiceAllocator } {
  const { api, clock } = bareControlPlane();
  const alloc = new ServiceAllocator(cidr, () => clock.random());
  api.useAllocator(alloc);
  return { api, alloc };
}

describe('Service IPAM on the default cluster', () => {
  const c = createCluster({ addons: { ingressNginx: false } });

  it('gives the kubernetes Service the first address and kube-dns the tenth', () => {
    expect(specOf(c.api.get('services', 'kubernetes'))).toMatchObject({ clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'] });
    expect(specOf(c.api.get('services', 'kube-dns', 'kube-system'))).toMatchObject({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] });
  });

  it('honours a requested ClusterIP and NodePort, and refuses taken or out-of-range ones with the apiserver wording', () => {
    const a = c.api.create(svc('a', { type: 'NodePort', clusterIP: '10.96.0.50', ports: [{ port: 80, nodePort: 30080 }] }));
    expect(specOf(a)).toMatchObject({ clusterIP: '10.96.0.50', clusterIPs: ['10.96.0.50'] });
    expect(nodePorts(a)).toEqual([30080]);
    expect(statusError(() => c.api.create(svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }))).message).toBe(
      'The Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    expect(statusError(() => c.api.create(svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 32768 }] }))).message).toBe(
      'The Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 32768: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    const taken = statusError(() => c.api.create(svc('b', { clusterIP: '10.96.0.10' })));
    expect(taken.reason).toBe('Invalid');
    expect(taken.causes).toEqual([{ type: 'Invalid value', field: 'spec.clusterIPs', value: ['10.96.0.10'], detail: 'failed to allocate IP 10.96.0.10: provided IP is already allocated' }]);
    const outside = statusError(() => c.api.create(svc('b', { clusterIP: '10.200.0.5' })));
    expect(outside.causes[0].detail).toBe('failed to allocate IP 10.200.0.5: the provided network does not match the current range');
  });

  it('gives headless and ExternalName Services no ClusterIP', () => {
    expect(specOf(c.api.create(svc('headless', { clusterIP: 'None' })))).toMatchObject({ clusterIP: 'None', clusterIPs: ['None'] });
    const ext = specOf(c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } }));
    expect('clusterIP' in ext || 'clusterIPs' in ext).toBe(false);
  });

  it('shares one NodePort between the TCP and UDP entries of a port, and adds a health-check port for Local LoadBalancers', () => {
    const dns = c.api.create(svc('dns', { type: 'NodePort', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }] }));
    const [udp, tcp] = nodePorts(dns);
    expect(udp).toBe(tcp);
    const local = c.api.create(svc('local', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }));
    const hc = specOf(local).healthCheckNodePort;
    expect(typeof hc).toBe('number');
    expect(hc).not.toBe(nodePorts(local)[0]);
    const cluster = c.api.patch('services', 'local', { spec: { externalTrafficPolicy: 'Cluster' } });
    expect(specOf(cluster).healthCheckNodePort).toBeUndefined();
  });
});

describe('allocator limits', () => {
  it('answers an exhausted range with the apiserver internal errors', () => {
    const { api } = allocatorPlane('10.96.0.0/28');
    // A /28 has 14 usable addresses.
    for (let i = 0; i < 14; i++) api.create(svc(`s${i}`, {}));
    const full = statusError(() => api.create(svc('one-more', {})));
    expect(full.reason).toBe('InternalError');
    expect(full.code).toBe(500);
    expect(full.message).toBe('Internal error occurred: failed to allocate a serviceIP: range is full');
    // The refused request holds nothing: freeing one address lets the next Service in.
    api.delete('services', 's3');
    expect(specOf(api.create(svc('one-more', {}))).clusterIP).toBeDefined();
  });

  it('prefers the upper part of the range for dynamic addresses', () => {
    const { api } = allocatorPlane('10.96.0.0/16');
    // calculateRangeOffset: min(max(16, 65536/16), 256) = 256 addresses kept for hand-picked ones.
    for (let i = 0; i < 20; i++) {
      const ip = ipToInt(String(specOf(api.create(svc(`s${i}`, {}))).clusterIP)) ?? 0;
      expect(ip).toBeGreaterThan((ipToInt('10.96.0.0') ?? 0) + 256);
    }
  });
});

describe('pod IPs', () => {
  it('come from the node subnet of the articles: node i has 10.40.i.0/24, its bridge .1', () => {
    expect([nodeIP(1), nodePodCIDR(1)]).toEqual(['10.140.0.11', '10.40.1.0/24']);
    const a = new PodIPAllocator(nodePodCIDR(1));
    expect(a.gateway()).toBe('10.40.1.1');
    expect(a.allocate()).toBe('10.40.1.2');
  });

  it('are never handed out twice while held, stay in the /24, and come back when released (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant<'alloc'>('alloc'), fc.nat(400)), { maxLength: 600 }), (ops) => {
        const a = new PodIPAllocator('10.40.2.0/24');
        const held: string[] = [];
        for (const op of ops) {
          if (op === 'alloc') {
            const ip = a.allocate();
            if (held.length >= 253) {
              expect(ip).toBeUndefined();
              continue;
            }
            expect(ip).toBeDefined();
            const host = Number(String(ip).split('.')[3]);
            expect(String(ip).startsWith('10.40.2.')).toBe(true);
            expect(host >= 2 && host <= 254).toBe(true);
            expect(held).not.toContain(ip);
            held.push(String(ip));
          } else if (held.length) {
            const [ip] = held.splice(op % held.length, 1);
            a.release(ip);
          }
          expect(a.used()).toBe(held.length);
        }
      }),
      { numRuns: 60 },
    );
  });
});

type ServiceOp =
  | { op: 'create'; name: string; type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'Headless' | 'ExternalName'; ip?: string; nodePort?: number; dual: boolean }
  | { op: 'delete'; name: string };

const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const serviceOp: fc.Arbitrary<ServiceOp> = fc.oneof(
  fc.record({
    op: fc.constant<'create'>('create'),
    name: fc.constantFrom(...names),
    type: fc.constantFrom<'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'Headless' | 'ExternalName'>('ClusterIP', 'NodePort', 'LoadBalancer', 'Headless', 'ExternalName'),
    ip: fc.option(fc.constantFrom('10.96.0.5', '10.96.0.6', '10.96.0.20', '10.96.0.21'), { nil: undefined }),
    nodePort: fc.option(fc.constantFrom(30000, 30001, 30002), { nil: undefined }),
    dual: fc.boolean(),
  }),
  fc.record({ op: fc.constant<'delete'>('delete'), name: fc.constantFrom(...names) }),
);

function manifest(o: Extract<ServiceOp, { op: 'create' }>): KubeObject {
  if (o.type === 'ExternalName') return { apiVersion: 'v1', kind: 'Service', metadata: { name: o.name }, spec: { type: 'ExternalName', externalName: 'db.example.com' } };
  const port = (protocol: string): Record<string, unknown> => ({ name: protocol.toLowerCase(), port: 53, protocol, ...(o.nodePort && o.type !== 'ClusterIP' && o.type !== 'Headless' ? { nodePort: o.nodePort } : {}) });
  const spec: Record<string, unknown> = { type: o.type === 'Headless' ? 'ClusterIP' : o.type, ports: o.dual ? [port('UDP'), port('TCP')] : [port('TCP')] };
  if (o.type === 'Headless') spec.clusterIP = 'None';
  else if (o.ip) spec.clusterIP = o.ip;
  return svc(o.name, spec);
}

describe('Service allocation under churn (property)', () => {
  it('keeps ClusterIPs and NodePorts unique, in range, and released exactly when their Service goes', () => {
    const cidr = parseCidr('10.96.0.0/27');
    fc.assert(
      fc.property(fc.array(serviceOp, { maxLength: 40 }), (ops) => {
        const { api, alloc } = allocatorPlane('10.96.0.0/27');
        for (const o of ops) {
          const live = api.list('services', { namespace: 'default' }).items;
          if (o.op === 'delete') {
            if (live.some((s) => s.metadata.name === o.name)) api.delete('services', o.name);
            continue;
          }
          const heldIPs = new Set(live.flatMap((s) => asArray(specOf(s).clusterIPs).map(String)));
          const heldPorts = new Set(live.flatMap(nodePorts).concat(live.map((s) => Number(specOf(s).healthCheckNodePort))));
          const exists = live.some((s) => s.metadata.name === o.name);
          const wantsIP = o.type !== 'Headless' && o.type !== 'ExternalName';
          const wantsPort = o.type === 'NodePort' || o.type === 'LoadBalancer';
          let expected: 'ok' | 'AlreadyExists' | 'ip' | 'port' | 'full' = 'ok';
          if (exists) expected = 'AlreadyExists';
          else if (wantsIP && o.ip && heldIPs.has(o.ip)) expected = 'ip';
          else if (wantsIP && !o.ip && heldIPs.size >= 30) expected = 'full';
          else if (wantsPort && o.nodePort && heldPorts.has(o.nodePort)) expected = 'port';
          try {
            api.create(manifest(o));
            expect(expected).toBe('ok');
          } catch (e) {
            if (!isStatusError(e)) throw e;
            const got = e.reason === 'AlreadyExists' ? 'AlreadyExists' : e.reason === 'InternalError' ? 'full' : e.message.includes('provided IP is already allocated') ? 'ip' : e.message.includes('provided port is already allocated') ? 'port' : e.message;
            expect(got).toBe(expected);
          }
          // Invariants over what is stored now.
          const now = api.list('services', { namespace: 'default' }).items;
          const ips = now.flatMap((s) => asArray(specOf(s).clusterIPs).map(String)).filter((ip) => ip !== 'None');
          expect(new Set(ips).size).toBe(ips.length);
          for (const ip of ips) {
            const n = ipToInt(ip) ?? -1;
            expect(n > cidr.base && n < cidr.base + cidr.size - 1).toBe(true);
          }
          const ports = now.flatMap((s) => [...new Set(nodePorts(s).filter((p) => p > 0))].concat(typeof specOf(s).healthCheckNodePort === 'number' ? [Number(specOf(s).healthCheckNodePort)] : []));
          expect(new Set(ports).size).toBe(ports.length);
          for (const p of ports) expect(p >= 30000 && p <= 32767).toBe(true);
          for (const s of now) {
            const spec = specOf(s);
            if (spec.type === 'ExternalName') expect(spec.clusterIP).toBeUndefined();
            if (spec.clusterIP === 'None') expect(spec.clusterIPs).toEqual(['None']);
          }
          // Held by the allocator = held by live Services: nothing leaks, nothing is lost.
          expect(alloc.inUse()).toEqual({ ips: [...ips].sort((x, y) => (ipToInt(x) ?? 0) - (ipToInt(y) ?? 0)), nodePorts: [...ports].sort((x, y) => x - y) });
        }
      }),
      { numRuns: 80 },
    );
  });
});

type PodOp = { op: 'create'; node: number } | { op: 'delete'; pick: number; force: boolean } | { op: 'wait'; ms: number };

const podOp: fc.Arbitrary<PodOp> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant<'create'>('create'), node: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant<'delete'>('delete'), pick: fc.nat(50), force: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant<'wait'>('wait'), ms: fc.integer({ min: 500, max: 8_000 }) }) },
);

function checkPodIPs(c: Cluster): void {
  const cidrs = new Map(c.api.list('nodes').items.map((n) => [n.metadata.name, String(specOf(n).podCIDR)]));
  const held = new Map<string, string>();
  for (const p of c.api.list('pods').items) {
    const ip = isObject(p.status) && typeof p.status.podIP === 'string' ? p.status.podIP : undefined;
    if (!ip) continue;
    // Two live pods never share an address.
    expect(held.get(ip)).toBeUndefined();
    held.set(ip, p.metadata.name ?? '');
    const cidr = parseCidr(cidrs.get(String(specOf(p).nodeName)) ?? '0.0.0.0/32');
    const n = ipToInt(ip) ?? -1;
    expect(n > cidr.base + 1 && n < cidr.base + cidr.size - 1).toBe(true);
  }
}

describe('pod IPs under churn on a cluster (property)', () => {
  it('stay unique among live pods and inside their node podCIDR while pods come and go', () => {
    fc.assert(
      fc.property(fc.array(podOp, { minLength: 5, maxLength: 25 }), (ops) => {
        const c = createCluster({ addons: { ingressNginx: false, coreDNS: false } });
        let n = 0;
        for (const o of ops) {
          if (o.op === 'create') {
            c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${n++}` }, spec: { nodeName: `worker-${o.node}`, containers: [{ name: 'c', image: 'nginx:1.27' }] } });
          } else if (o.op === 'delete') {
            const live = c.api.list('pods', { namespace: 'default' }).items.filter((p) => !p.metadata.deletionTimestamp);
            if (live.length) c.api.delete('pods', live[o.pick % live.length].metadata.name ?? '', o.force ? { gracePeriodSeconds: 0 } : {});
          } else c.advance(o.ms);
          c.clock.drain();
          checkPodIPs(c);
        }
        c.settle();
        checkPodIPs(c);
      }),
      { numRuns: 6 },
    );
  });

  it('hands a node subnet out again once its pods are gone (released on delete)', () => {
    const c = createCluster({ addons: { ingressNginx: false, coreDNS: false } });
    // Three waves of 100 pods through worker-1's 253 addresses: the third fits only if the first two gave theirs back.
    for (let wave = 0; wave < 3; wave++) {
      for (let i = 0; i < 100; i++) c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `w${wave}-${i}` }, spec: { nodeName: 'worker-1', containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] } });
      c.settle();
      const pods = c.api.list('pods', { namespace: 'default' }).items;
      expect(pods.every((p) => isObject(p.status) && typeof p.status.podIP === 'string')).toBe(true);
      checkPodIPs(c);
      expect(pods).toHaveLength(100);
      for (const p of pods) c.api.delete('pods', p.metadata.name ?? '', { gracePeriodSeconds: 0 });
      c.settle();
    }
  });
});
